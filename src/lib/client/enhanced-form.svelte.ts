import type { SubmitFunction } from '@sveltejs/kit';
import type { ErrorBody } from '$lib/domain/core/errors';

/**
 * A form action's form on a live page, enhanced. It is pending until the action answers; a refusal
 * comes back as the page's `form` data (errors beside the fields, nothing typed lost); no answer at
 * all becomes `problem`, not an error page that would throw the input away. The live picture brings
 * the change itself, so the page's data are not loaded again.
 */
export class EnhancedForm {
	#pending = $state(false);
	#problem = $state<ErrorBody | null>(null);

	/** `unanswered`: what to say when no answer came; `succeeded`: what the form does after a success. */
	constructor(
		readonly unanswered: string,
		readonly succeeded: () => void
	) {}

	get pending(): boolean {
		return this.#pending;
	}
	get problem(): ErrorBody | null {
		return this.#problem;
	}

	readonly submit: SubmitFunction = () => {
		this.#pending = true;
		this.#problem = null;
		return async ({ result, update }) => {
			this.#pending = false;
			if (result.type === 'error') {
				this.#problem = { code: 'unavailable', message: this.unanswered };
				return;
			}
			if (result.type === 'success') this.succeeded();
			await update({ reset: false, invalidateAll: false });
		};
	};
}
