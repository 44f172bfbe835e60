import { json } from '@sveltejs/kit';
import { DeviceLink } from '$lib/domain/identity/tokens';
import { api, readJson } from '$lib/server/http/api';
import { deviceLogin, setSessionCookie } from '$lib/server/auth/sessions';
import { getRuntime } from '$lib/server/runtime';

/** A kiosk opens its device link; the page posts the token here and gets a long session cookie. */
export const POST = api(async ({ request, cookies, url, getClientAddress }) => {
	const runtime = await getRuntime();
	const { token } = await readJson(request, DeviceLink);
	// Only the address budget: a device link is a token, not an account that failed passwords could lock.
	await runtime.rateLimits.beforeDeviceLogin(getClientAddress());
	const session = await deviceLogin(runtime.database.db, token);
	setSessionCookie(cookies, url, session.token, session.expiresAt);
	return json({ device: { name: session.actor.displayName, role: session.actor.role, nation: session.actor.nation } });
});
