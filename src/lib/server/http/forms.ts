import { fail } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import type { CommandType } from '$lib/domain/core/commands';
import { statusOf, toErrorBody, type ErrorBody } from '$lib/domain/core/errors';
import type { Actor } from '$lib/domain/identity/actor';
import { getRuntime } from '../runtime';

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

/**
 * A form action's write: the command through the one write path, under the form's idempotency key.
 * `which` names the form on the page (e.g. `respond:<id>`), so its answer or its refusal, with what
 * was typed, lands beside that form and no other.
 */
export async function commandFromForm<V extends Record<string, string>>(actor: Actor | null, form: FormData, which: string, type: CommandType, payload: unknown, values: V) {
	try {
		await (await getRuntime()).execute(actor, { type, id: keyOf(form), payload });
		return { which, done: true as const };
	} catch (error) {
		return refused(which, error, values);
	}
}
