import { error, redirect, type RequestEvent } from '@sveltejs/kit';

/**
 * The admin area is for the admin role. Anyone else gets one answer whatever they asked for (sign
 * in first, or 403), before anything is parsed or looked up: the answer must not tell whether a
 * user, a token or a guessed value exists.
 */
export function requireAdmin({ locals, url }: Pick<RequestEvent, 'locals' | 'url'>): void {
	if (!locals.actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	if (locals.actor.role !== 'admin') error(403, { code: 'forbidden', message: 'The admin area is for administrators only' });
}

/**
 * An admin page's form actions, each behind requireAdmin: SvelteKit runs a form action without
 * the layout's load. Use as `adminActions<Actions>({ … })`.
 */
export function adminActions<A extends Record<string, (event: RequestEvent<never, never>) => unknown>>(actions: A): A {
	const guarded = Object.entries(actions).map(([name, action]) => [
		name,
		(event: RequestEvent<never, never>) => {
			requireAdmin(event);
			return action(event);
		}
	]);
	return Object.fromEntries(guarded) as A;
}
