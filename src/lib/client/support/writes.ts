import type { ErrorBody } from '$lib/domain/core/errors';
import type { ReleasabilityChoice } from '$lib/domain/core/releasability-form';
import { deliveryFromForm, pledgeFromForm, stepFromForm } from '$lib/domain/support/forms';
import type { CommandSender } from '../command-state.svelte';

/** What a support form hands its page: the refusal (for the fields), or null once the server recorded it. */
export type FormWrite = (form: FormData) => Promise<ErrorBody | null>;

/**
 * The support forms' writes over the live connection: each form read exactly as its plain post is
 * read by the form action (domain/support/forms.ts), then sent as the same command.
 */
export function supportWrites(sender: Pick<CommandSender, 'send'>): { pledge: FormWrite; delivery: FormWrite; step: FormWrite } {
	const answer = async (sent: ReturnType<CommandSender['send']>) => {
		const done = await sent;
		return done.ok ? null : done.error;
	};
	return {
		pledge: async (form) => {
			const parsed = pledgeFromForm(form);
			return parsed.ok ? answer(sender.send('pledges.create', parsed.payload)) : parsed.error;
		},
		delivery: async (form) => {
			const parsed = deliveryFromForm(form);
			return parsed.ok ? answer(sender.send('deliveries.create', parsed.payload)) : parsed.error;
		},
		step: async (form) => {
			const parsed = stepFromForm(form);
			return parsed.ok ? answer(sender.send('deliveries.step', parsed.payload)) : parsed.error;
		}
	};
}

/**
 * What every support form is wired with: where it posts without scripts; with scripts it does not
 * post, its fields go to `onsend`, which answers with the refusal or null; and a plain post of it
 * that came back refused, shown again.
 */
export interface FormWiring<Failed = Pick<FailedPost, 'values' | 'error'>> {
	action: string;
	onsend: FormWrite;
	failed?: Failed | null;
}

/** A plain post that came back refused (scripts off): which form, what was typed, why. */
export interface FailedPost {
	which: string;
	values: Readonly<Record<string, string>>;
	choice: ReleasabilityChoice | null;
	error: ErrorBody;
}

/** The form action's answer (SvelteKit's `form` prop) when it is a refusal, else null. */
export function failedPost(form: { which: string; error?: ErrorBody; values?: Readonly<Record<string, string>>; choice?: ReleasabilityChoice | null } | null | undefined): FailedPost | null {
	return form?.error ? { which: form.which, values: form.values ?? {}, choice: form.choice ?? null, error: form.error } : null;
}
