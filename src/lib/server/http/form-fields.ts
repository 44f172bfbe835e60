import { fail } from '@sveltejs/kit';
import { statusOf, toErrorBody, type ErrorBody } from '$lib/domain/core/errors';
import { randomUUID } from 'node:crypto';

/** A form field as the user typed it (bounded, so a hostile post cannot make us echo megabytes back). */
export function field(form: FormData, name: string, max = 400): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.slice(0, max) : '';
}

/** The idempotency key the page rendered into the form; a resubmitted page is then applied once. */
export function keyOf(form: FormData): string | null {
	const key = field(form, 'idempotencyKey', 128);
	return key.length >= 8 ? key : null;
}

/**
 * A refused form: the error contract, which form on the page it belongs to, and what was typed
 * (never a password) so nothing has to be typed again.
 */
export function refused<W extends string, V extends object>(which: W, error: unknown, values: V) {
	const body: ErrorBody = toErrorBody(error);
	return fail(statusOf(body), { which, error: body, values });
}

export function invalid<W extends string, V extends object>(which: W, fields: Record<string, string[]>, values: V) {
	return fail(400, { which, error: { code: 'validation' as const, message: 'The input is not valid', fields } satisfies ErrorBody, values });
}

/** A fresh key for each form rendering (made on the server, so the page and the hydrated page agree). */
export const freshKey = (): string => randomUUID();
