import { recordRoutes } from '$lib/server/http/collection-routes';

export const { GET, PATCH, DELETE } = recordRoutes;
