import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/api';
import { signOut } from '$lib/server/auth/login-flow';
import { getRuntime } from '$lib/server/runtime';

export const POST = api(async ({ locals, cookies }) => {
	await signOut(await getRuntime(), locals.sessionToken, cookies);
	return json({ ok: true });
});
