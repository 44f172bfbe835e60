import { sectorsList } from '$lib/server/http/ceasefire-lists';

export const GET = sectorsList('geojson');
