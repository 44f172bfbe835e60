import { json } from '@sveltejs/kit';
import { viewerOf } from '$lib/domain/identity/actor';
import { AppError } from '$lib/domain/core/errors';
import { recordHistory } from '../reads/audit';
import { getRuntime } from '../runtime';
import { api } from './api';

/** GET …/<collection>/<id>/history: who changed the record, when, and how. */
export function historyOf(fixedCollection?: string) {
	return api(async ({ locals, params }) => {
		const collection = fixedCollection ?? params.collection ?? '';
		const id = params.id ?? '';
		if (!/^[a-z-]{1,40}$/.test(collection) || !id || id.length > 64) throw new AppError('not_found', 'No such record');
		const runtime = await getRuntime();
		return json({ items: await recordHistory(runtime.database.db, viewerOf(locals.actor), collection, id) });
	});
}
