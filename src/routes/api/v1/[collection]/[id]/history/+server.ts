import { json } from '@sveltejs/kit';
import { viewerOf } from '$lib/domain/actor';
import { AppError } from '$lib/domain/errors';
import { api } from '$lib/server/http/api';
import { recordHistory } from '$lib/server/reads/audit';
import { getRuntime } from '$lib/server/runtime';

export const GET = api(async ({ locals, params }) => {
	const { collection = '', id = '' } = params;
	if (!/^[a-z-]{1,40}$/.test(collection) || !id || id.length > 64) throw new AppError('not_found', 'No such record');
	const runtime = await getRuntime();
	return json({ items: await recordHistory(runtime.database.db, viewerOf(locals.actor), collection, id) });
});
