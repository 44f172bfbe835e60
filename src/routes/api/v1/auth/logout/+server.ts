import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/api';
import { clearSessionCookie, logout } from '$lib/server/auth/sessions';
import { getRuntime } from '$lib/server/runtime';

export const POST = api(async ({ locals, cookies }) => {
	if (locals.sessionId) await logout((await getRuntime()).database.db, locals.sessionId);
	clearSessionCookie(cookies);
	return json({ ok: true });
});
