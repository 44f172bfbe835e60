import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/api';
import { openApiDocument } from '$lib/server/http/openapi';

/**
 * Public, like the README that says the same: it describes the API's shape and holds no data, and
 * partners' client generators fetch it before they have credentials.
 */
export const GET = api(async () => json(openApiDocument()));
