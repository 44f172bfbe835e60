import { error as kitError, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { getRuntime } from '$lib/server/runtime';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { bearerSecret } from '$lib/server/auth/credentials';
import { errorResponse, logFailedRequest } from '$lib/server/http/api';
import { allowImagesFrom, tileOrigin } from '$lib/server/http/tile-url';
import { isDatabaseUnavailable } from '$lib/server/db/errors';
import { AppError } from '$lib/domain/core/errors';

/** Opening the database and live state happens once, before the first request. */
export const init: ServerInit = async () => {
	await getRuntime();
};

export const handle: Handle = async ({ event, resolve }) => {
	const runtime = await getRuntime();
	const bearer = bearerSecret(event.request.headers.get('authorization'));
	const session = bearer ? null : (event.cookies.get(SESSION_COOKIE) ?? null);
	let found;
	try {
		found = await runtime.authenticate({ session, bearer });
	} catch (error) {
		// The database is away: 503 (retry later) rather than a 500, as the error contract on the API.
		if (!isDatabaseUnavailable(error)) throw error;
		const message = 'The database cannot be reached; retry in a moment';
		if (event.url.pathname.startsWith('/api/')) return errorResponse(new AppError('unavailable', message));
		kitError(503, { code: 'unavailable', message });
	}
	if (bearer && !found) return errorResponse(new AppError('unauthenticated', 'This token is not valid (revoked or mistyped)'));
	event.locals.actor = found?.actor ?? null;
	event.locals.sessionToken = found && session ? session : null;
	let response = await resolve(event);
	// SvelteKit answers an unsupported method in plain text; the API keeps its error contract.
	if (response.status === 405 && event.url.pathname.startsWith('/api/')) {
		const allow = response.headers.get('allow');
		response = errorResponse(new AppError('method_not_allowed', `${event.request.method} is not supported here${allow ? `; use ${allow}` : ''}`));
		if (allow) response.headers.set('Allow', allow);
	}
	// The CSP is built into the app; an internal tile server named at run time is allowed to serve the map's images.
	const tiles = tileOrigin(env.TILE_URL);
	const policy = tiles ? response.headers.get('content-security-policy') : null;
	if (tiles && policy) response.headers.set('content-security-policy', allowImagesFrom(policy, tiles));
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	return response;
};

/** Unexpected errors are logged in full and shown to the user without any detail. */
export const handleError: HandleServerError = async ({ error, event, status }) => {
	if (status !== 404) logFailedRequest((await getRuntime()).logger, event, error, 'request failed');
	return { code: status === 404 ? 'not_found' : 'internal', message: status === 404 ? 'Not found' : 'Internal error' };
};
