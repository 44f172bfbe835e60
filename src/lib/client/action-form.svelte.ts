import type { SubmitFunction } from '@sveltejs/kit';
import type { ErrorBody } from '$lib/domain/core/errors';
import { newCommandId } from './live.svelte';

/** A form action's refusal (`commandFromForm` on the server): the error, which form it belongs to, and what was typed. */
export interface FormRefusal {
	which: string;
	error: ErrorBody;
	values: Record<string, string>;
}

/** The refusal of a plain (no-script) post, when it belongs to the form `which`. */
export function refusalFor(form: unknown, which: string): FormRefusal | null {
	if (typeof form !== 'object' || form === null) return null;
	const answer = form as Partial<FormRefusal>;
	return answer.which === which && answer.error ? (answer as FormRefusal) : null;
}

/** What a form on the page needs from it: where it posts, its idempotency key, and its refusal from a plain post. */
export interface FormSetup {
	action: string;
	key: string;
	failed: FormRefusal | null;
}

/**
 * One form posting to a SvelteKit form action, enhanced. Without scripts the browser posts and the
 * page comes back with the refusal. With them the post goes by fetch: the form says it is pending
 * and ignores a second press meanwhile; a refusal stays beside the form with everything typed kept
 * and the same key (so sending again is recorded at most once); a success takes a new key, resets
 * the form and brings the page's data up to date.
 */
export class ActionForm {
	#pending = $state(false);
	#error = $state<ErrorBody | null>(null);
	#done = $state(false);
	#key = $state('');
	#values: Record<string, string>;

	constructor(setup: Pick<FormSetup, 'key' | 'failed'>) {
		this.#key = setup.key;
		this.#error = setup.failed?.error ?? null;
		this.#values = setup.failed?.values ?? {};
	}

	get pending(): boolean {
		return this.#pending;
	}
	get error(): ErrorBody | null {
		return this.#error;
	}
	/** The last post was accepted (until the next one). */
	get done(): boolean {
		return this.#done;
	}
	get key(): string {
		return this.#key;
	}

	/** What was typed into a field before a refused plain post, so it is not typed again. */
	value(field: string, fallback = ''): string {
		return this.#values[field] ?? fallback;
	}

	/** The messages for one field, shown next to it. */
	errors(field: string): string[] {
		return this.#error?.fields?.[field] ?? [];
	}

	readonly submit: SubmitFunction = ({ cancel }) => {
		if (this.#pending) return cancel();
		this.#pending = true;
		this.#error = null;
		this.#done = false;
		return async ({ result, update }) => {
			this.#pending = false;
			if (result.type === 'failure') {
				this.#error = (result.data as Partial<FormRefusal> | undefined)?.error ?? { code: 'internal', message: 'Refused by the server.' };
			} else if (result.type === 'error') {
				// Outcome unknown (no answer): the key stays, so sending again cannot record it twice.
				this.#error = { code: 'unavailable', message: `Not confirmed: ${result.error instanceof Error ? result.error.message : 'no answer from the server'}. Send again.` };
			} else {
				if (result.type === 'success') {
					this.#done = true;
					this.#key = newCommandId();
					this.#values = {};
				}
				await update();
			}
		};
	};
}
