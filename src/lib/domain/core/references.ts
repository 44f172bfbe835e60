import type { Viewer } from '../identity/actor';
import { canSee, intersect, sameReleasability, type Releasability } from './releasability';

/**
 * Fields that name another record. A viewer who may see the record but not the one it names gets
 * the field as null: a partner sees its report, not the id of a sector that was never released to it.
 */
const REFERENCES: Partial<Record<string, readonly { field: string; collection: string }[]>> = {
	violations: [{ field: 'sectorId', collection: 'sectors' }]
};

/** The collections some record names: their releasability is kept at hand where records are presented. */
export const REFERENCED_COLLECTIONS: ReadonlySet<string> = new Set(
	Object.values(REFERENCES).flatMap((refs) => (refs ?? []).map((r) => r.collection))
);

/** The current releasability of a named record; undefined when it is unknown (then nobody but the cell sees the name). */
export type ReleasabilityOf = (collection: string, id: string) => Releasability | undefined;

/** A record on the wire (interfaces such as Violation have no index signature, hence not WireRecord). */
type Presentable = { id: string; releasableTo: Releasability };

/** The names a record mentions, each with the releasability of what it names. */
function referencesIn(collection: string, record: Presentable, releasabilityOf: ReleasabilityOf) {
	const fields = record as unknown as Record<string, unknown>;
	return (REFERENCES[collection] ?? []).flatMap(({ field, collection: named }) => {
		const id = fields[field];
		return typeof id === 'string' ? [{ field, audience: releasabilityOf(named, id) ?? 'cell' }] : [];
	});
}

/** Who may see the record with every name it mentions: the rest of its audience gets it through presentFor. */
export function fullAudience(collection: string, record: Presentable, releasabilityOf: ReleasabilityOf): Releasability {
	let audience = record.releasableTo;
	for (const reference of referencesIn(collection, record, releasabilityOf)) audience = intersect(audience, reference.audience);
	return audience;
}

/** The record with each name for which `withhold` says so set to null; the record itself when none. */
function withholding<T extends Presentable>(collection: string, record: T, releasabilityOf: ReleasabilityOf, withhold: (named: Releasability) => boolean): T {
	let presented = record;
	for (const { field, audience } of referencesIn(collection, record, releasabilityOf)) {
		if (!withhold(audience)) continue;
		if (presented === record) presented = { ...record };
		(presented as unknown as Record<string, unknown>)[field] = null;
	}
	return presented;
}

/** The record for those of its audience outside fullAudience: every name that not all of its audience may see is withheld. */
export function presentForEveryone<T extends Presentable>(collection: string, record: T, releasabilityOf: ReleasabilityOf): T {
	return withholding(collection, record, releasabilityOf, (named) => !sameReleasability(intersect(record.releasableTo, named), record.releasableTo));
}

/** The record as this viewer may see it (whether it may see the record at all is decided before). */
export function presentFor<T extends Presentable>(viewer: Viewer, collection: string, record: T, releasabilityOf: ReleasabilityOf): T {
	return withholding(collection, record, releasabilityOf, (named) => !canSee(viewer, named));
}
