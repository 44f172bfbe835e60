import { json } from '@sveltejs/kit';
import { AppError } from '$lib/domain/core/errors';
import { api } from '$lib/server/http/api';
import { clearSessionCookie, logoutEverywhere } from '$lib/server/auth/sessions';
import { getRuntime } from '$lib/server/runtime';

/** Ends every session of the signed-in user, on every device, and drops all their live sockets. */
export const POST = api(async ({ locals, cookies }) => {
	if (!locals.actor || locals.actor.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
	const runtime = await getRuntime();
	runtime.disconnect([await logoutEverywhere(runtime.database.db, locals.actor.id)]);
	clearSessionCookie(cookies);
	return json({ ok: true });
});
