import { collectionRoutes } from '$lib/server/http/collection-routes';

export const { GET, POST } = collectionRoutes;
