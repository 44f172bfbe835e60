import { historyOf } from '$lib/server/http/history';

export const GET = historyOf();
