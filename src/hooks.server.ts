import type { Handle, ServerInit } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { SESSION_COOKIE, actorForSession } from '$lib/server/auth/sessions';

/** Opening the database and live state happens once, before the first request. */
export const init: ServerInit = async () => {
	await getRuntime();
};

export const handle: Handle = async ({ event, resolve }) => {
	const runtime = await getRuntime();
	const token = event.cookies.get(SESSION_COOKIE);
	const found = token ? await actorForSession(runtime.database.db, token) : null;
	event.locals.actor = found?.actor ?? null;
	event.locals.sessionId = found ? token! : null;
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	return response;
};
