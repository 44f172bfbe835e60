import type { FieldChange } from '$lib/domain/cell/audit';

const FIELD_LABELS: Readonly<Record<string, string>> = {
	releasableTo: 'Releasable to',
	displayName: 'Display name',
	authorName: 'Author',
	createdAt: 'Created',
	revokedAt: 'Revoked',
	lastUsedAt: 'Last used',
	disabled: 'Disabled',
	valueEur: 'Value (EUR)',
	deliveredValueEur: 'Delivered value (EUR)'
};

/** `releasableTo` → `Releasable to`: a field name as a person reads it. */
export function fieldLabel(field: string): string {
	const known = FIELD_LABELS[field];
	if (known) return known;
	const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Internal identifiers (`authorId`, …) mean nothing to a reader of the history, the names beside
 * them do; a record's creation time is the time of its first event, already in the row.
 */
export function visibleChanges(changes: readonly FieldChange[]): FieldChange[] {
	return changes.filter((c) => !/Id$/.test(c.field) && c.field !== 'createdAt');
}

/** A record's first event: every field goes from nothing to its value, so only the values are worth showing. */
export function isCreation(changes: readonly FieldChange[]): boolean {
	return changes.length > 0 && changes.every((c) => c.before === null);
}

const EVENT_VERBS: Readonly<Record<string, string>> = {
	created: 'Created',
	updated: 'Changed',
	issued: 'Issued',
	revoked: 'Revoked',
	'delivery-received': 'Delivery received'
};

/** `log-entry.updated` → `Changed`. */
export function eventVerb(name: string): string {
	const verb = name.slice(name.lastIndexOf('.') + 1);
	return EVENT_VERBS[verb] ?? verb;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** How one value of a change is shown: always as text (or a time or marking rendered from it), never as markup. */
export type ShownValue =
	| { kind: 'none' }
	| { kind: 'time'; value: string }
	| { kind: 'marking'; value: 'cell' | 'coalition' | string[] }
	| { kind: 'text'; value: string };

export function shownValue(field: string, value: unknown): ShownValue {
	if (value === null || value === undefined || value === '') return { kind: 'none' };
	if (field === 'releasableTo' && (value === 'cell' || value === 'coalition' || (Array.isArray(value) && value.every((v) => typeof v === 'string')))) {
		return { kind: 'marking', value: value as 'cell' | 'coalition' | string[] };
	}
	if (typeof value === 'string' && ISO_TIME.test(value)) return { kind: 'time', value };
	if (typeof value === 'boolean') return { kind: 'text', value: value ? 'yes' : 'no' };
	if (typeof value === 'string') return { kind: 'text', value };
	if (typeof value === 'number') return { kind: 'text', value: String(value) };
	if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return { kind: 'text', value: value.join(', ') };
	return { kind: 'text', value: JSON.stringify(value) };
}
