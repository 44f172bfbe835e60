import { ticking } from './clock.svelte';
import { refusalFor, type FormRefusal, type FormSetup } from './action-form.svelte';
import { getLiveConnection } from './live.svelte';
import { liveOrLoaded, type LiveSource, type LoadedPicture } from './live-source';

/** What a page hands its desk: what its load read, the key its forms' idempotency keys start from, and its form action's answer. */
export interface PageDeskInput {
	initial: LoadedPicture;
	formKey: string;
	form: unknown;
}

/**
 * What a guarantee's page sets up: its typed view over the live store (seeded with the server's
 * read, so the first paint and a page without scripts show the same), the clock its dates are
 * judged by, and its forms' setups. Call it while the page initialises.
 */
export function pageDesk<V>(input: () => PageDeskInput, makeView: (source: LiveSource) => V, tickMs: number) {
	const live = getLiveConnection();
	return {
		live,
		view: makeView(liveOrLoaded(live, () => input().initial)),
		clock: ticking(tickMs),
		/** The refusal of a plain post by the form `which`, if the page came back with one. */
		refusal: (which: string): FormRefusal | null => refusalFor(input().form, which),
		/** A form of this page: it posts to `?/<action>`; `which` tells its answer (or refusal) from every other form's. */
		setup: (action: string, which = action): FormSetup => ({ action: `?/${action}`, key: `${input().formKey}:${which}`, failed: refusalFor(input().form, which) })
	};
}
