import { violationsList } from '$lib/server/http/ceasefire-lists';

export const GET = violationsList('geojson');
