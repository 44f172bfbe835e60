import { AuditQuery, type AuditEntry } from '$lib/domain/cell/audit';
import { isAppError, toErrorBody, type ErrorBody } from '$lib/domain/core/errors';
import { parseOrThrow } from '$lib/domain/core/validation';
import { auditTrail } from '$lib/server/reads/audit';
import { usersCollection } from '$lib/server/collections/identity';
import { listRecords } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { getRuntime } from '$lib/server/runtime';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

/** What the filter form shows: exactly what was typed, so a refused filter can be corrected rather than retyped. */
export interface AuditFilter {
	actor: string;
	nation: string;
	collection: string;
	/** `datetime-local` values, read as UTC. */
	from: string;
	to: string;
}

/** `2026-01-06T12:00` from a datetime-local field → `2026-01-06T12:00:00Z`; the cell works in Zulu. */
function zulu(local: string): string | undefined {
	const value = local.trim();
	if (!value) return undefined;
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return `${value}:00Z`;
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) return `${value}Z`;
	return value;
}

export const load: PageServerLoad = async ({ locals, url, parent }) => {
	await parent();
	const runtime = await getRuntime();
	const q = url.searchParams;
	const filter: AuditFilter = {
		actor: q.get('actor') ?? '',
		nation: q.get('nation') ?? '',
		collection: q.get('collection') ?? '',
		from: q.get('from') ?? '',
		to: q.get('to') ?? ''
	};
	const before = q.get('before') ?? '';
	const users = (await listRecords(await readContext(locals.actor!), usersCollection)).map((u) => ({ id: u.id, username: u.username, displayName: u.displayName }));

	let items: AuditEntry[] = [];
	let error: ErrorBody | null = null;
	try {
		const query = parseOrThrow(AuditQuery, {
			...(filter.actor && { actor: filter.actor }),
			...(filter.nation && { nation: filter.nation }),
			...(filter.collection && { collection: filter.collection }),
			...(filter.from && { from: zulu(filter.from) }),
			...(filter.to && { to: zulu(filter.to) }),
			...(before && { before }),
			limit: PAGE_SIZE
		});
		if (query.from && query.to && query.from > query.to) {
			error = { code: 'validation', message: 'The input is not valid', fields: { to: ['Must be after “from”'] } };
		} else {
			items = await auditTrail(runtime.database.db, query);
		}
	} catch (e) {
		if (!isAppError(e)) throw e;
		error = toErrorBody(e);
	}

	return {
		filter,
		users,
		items,
		error,
		paged: Boolean(before),
		// A full page may have more behind it; the next page starts below its oldest seq.
		older: items.length === PAGE_SIZE ? items[items.length - 1]!.seq : null
	};
};
