import { actionRoutes } from '$lib/server/http/collection-routes';

export const { POST } = actionRoutes;
