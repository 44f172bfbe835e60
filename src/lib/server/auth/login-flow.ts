import type { Cookies } from '@sveltejs/kit';
import { isAppError } from '$lib/domain/core/errors';
import type { Runtime } from '../runtime';
import { clearSessionCookie, login, logout, setSessionCookie, type OpenedSession } from './sessions';

/** Sign-in as the login page and the API both do it: rate limits and lockout around the password check. */
export async function signIn(
	runtime: Runtime,
	request: { username: string; password: string; ip: string; cookies: Cookies; url: URL }
): Promise<OpenedSession> {
	await runtime.rateLimits.beforeLogin(request.username, request.ip);
	try {
		const session = await login(runtime.database.db, request, runtime.config.sessionHours);
		await runtime.rateLimits.loginSucceeded(request.username, request.ip);
		setSessionCookie(request.cookies, request.url, session.token, session.expiresAt);
		return session;
	} catch (error) {
		if (isAppError(error) && error.code === 'unauthenticated') await runtime.rateLimits.loginFailed(request.username, request.ip);
		throw error;
	}
}

/** Ends this browser's session and drops its live sockets. */
export async function signOut(runtime: Runtime, sessionToken: string | null, cookies: Cookies): Promise<void> {
	if (sessionToken) runtime.disconnect([await logout(runtime.database.db, sessionToken)]);
	clearSessionCookie(cookies);
}
