import { json } from '@sveltejs/kit';
import { api, idempotencyKey, readJsonBody } from '$lib/server/http/api';
import { sectorsList } from '$lib/server/http/ceasefire-lists';
import { getRuntime } from '$lib/server/runtime';

export const GET = sectorsList('json');

/** `{ id, name, geometry (GeoJSON Polygon | MultiPolygon), releasableTo? }` */
export const POST = api(async ({ locals, request }) => {
	const runtime = await getRuntime();
	const result = await runtime.execute(locals.actor, { type: 'sectors.create', id: idempotencyKey(request), payload: await readJsonBody(request) });
	return json(result.record, { status: result.replayed ? 200 : 201 });
});
