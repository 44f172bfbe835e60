import { json } from '@sveltejs/kit';
import { AuditQuery } from '$lib/domain/cell/audit';
import { parseOrThrow } from '$lib/domain/core/validation';
import { api, permitted, queryOf } from '$lib/server/http/api';
import { auditTrail } from '$lib/server/reads/audit';
import { getRuntime } from '$lib/server/runtime';

/** `?actor=&nation=&collection=&from=&to=&before=&limit=` — every change, newest first. */
export const GET = api(async ({ locals, url }) => {
	permitted(locals.actor, 'audit.read');
	const query = parseOrThrow(AuditQuery, queryOf(url));
	return json({ items: await auditTrail((await getRuntime()).database.db, query) });
});
