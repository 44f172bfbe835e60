import { error, redirect } from '@sveltejs/kit';
import type { AuditEntry } from '$lib/domain/cell/audit';
import { isAppError } from '$lib/domain/core/errors';
import type { Actor } from '$lib/domain/identity/actor';
import { allows } from '$lib/domain/identity/roles';
import { getRecord, type CollectionSpec, type Presented, type ReadContext } from '../collections/registry';
import { recordHistory } from '../reads/audit';
import { idParam } from './api';
import { readContext } from './collection-routes';

/** What a record's own page reads: the record as the viewer may see it, and its history where the viewer's role may read it. */
export interface RecordPage<R> {
	record: R;
	/** Newest first; null when the role may not read history. */
	history: AuditEntry[] | null;
	canReadHistory: boolean;
}

/**
 * The load of a record's own page (`/<guarantee>/…/<id>`): sign-in first, then the record through the
 * registry for this viewer, its history, and whatever else the page reads (`more`, for the records it
 * names). A record the viewer may not see is "not found" (404), as one that does not exist, so its
 * existence is not revealed.
 */
export async function readRecordPage<R extends Presented, X extends object = Record<never, never>>(
	event: { locals: { actor: Actor | null }; params: { id?: string }; url: URL },
	spec: CollectionSpec<R>,
	noun: string,
	more?: (ctx: ReadContext, record: R, canReadHistory: boolean) => Promise<X>
): Promise<RecordPage<R> & X> {
	const { locals, params, url } = event;
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	const ctx = await readContext(locals.actor);
	const canReadHistory = allows(locals.actor.role, 'history.read');
	try {
		const record = await getRecord(ctx, spec, idParam(params.id));
		const extra = more ? await more(ctx, record, canReadHistory) : ({} as X);
		const history = canReadHistory ? await recordHistory(ctx.db, ctx.viewer, spec.name, record.id) : null;
		return { record, history, canReadHistory, ...extra };
	} catch (e) {
		if (isAppError(e) && e.code === 'not_found') error(404, { code: 'not_found', message: `No such ${noun}, or it is not releasable to you` });
		throw e;
	}
}
