import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { api, readJson } from '$lib/server/http/api';
import { login, setSessionCookie } from '$lib/server/auth/sessions';
import { getRuntime } from '$lib/server/runtime';

const Credentials = z.strictObject({ username: z.string().min(1).max(80), password: z.string().min(1).max(256) });

export const POST = api(async ({ request, cookies, url }) => {
	const runtime = await getRuntime();
	const credentials = await readJson(request, Credentials);
	const session = await login(runtime.database.db, credentials, runtime.config.sessionHours);
	setSessionCookie(cookies, url, session.token, session.expiresAt);
	const { id, username, displayName, role, nation } = session.actor;
	return json({ user: { id, username, displayName, role, nation }, expiresAt: session.expiresAt.toISOString() });
});
