import { json } from '@sveltejs/kit';
import { Credentials } from '$lib/domain/identity/users';
import { api, readJson } from '$lib/server/http/api';
import { signIn } from '$lib/server/auth/login-flow';
import { getRuntime } from '$lib/server/runtime';

export const POST = api(async ({ request, cookies, url, getClientAddress }) => {
	const runtime = await getRuntime();
	const credentials = await readJson(request, Credentials);
	const session = await signIn(runtime, { ...credentials, ip: getClientAddress(), cookies, url });
	const { id, username, displayName, role, nation } = session.actor;
	return json({ user: { id, username, displayName, role, nation }, expiresAt: session.expiresAt.toISOString() });
});
