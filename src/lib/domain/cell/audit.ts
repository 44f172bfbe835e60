import { z } from 'zod';
import { FilterTime } from '../core/datetime';
import { NationCode } from '../core/nations';

export interface FieldChange {
	field: string;
	before: unknown;
	after: unknown;
}

/** What a logged change did to a record: each field whose value differs, before → after. */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
	const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
	fields.delete('id');
	const changes: FieldChange[] = [];
	for (const field of fields) {
		const was = before?.[field] ?? null;
		const now = after?.[field] ?? null;
		if (JSON.stringify(was) !== JSON.stringify(now)) changes.push({ field, before: was, after: now });
	}
	return changes;
}

/** One entry of a record's history or of the audit trail. */
export interface AuditEntry {
	seq: number;
	at: string;
	name: string;
	collection: string;
	entityId: string;
	actorId: string;
	actorName: string;
	actorNation: string;
	changes: FieldChange[];
}

export const AuditQuery = z.strictObject({
	actor: z.uuid().optional(),
	nation: NationCode.optional(),
	collection: z.string().regex(/^[a-z-]{1,40}$/).optional(),
	from: FilterTime.optional(),
	to: FilterTime.optional(),
	/** Paging: entries older than this seq. */
	before: z.coerce.number().int().positive().optional(),
	limit: z.coerce.number().int().min(1).max(500).default(100)
});
export type AuditQuery = z.infer<typeof AuditQuery>;
