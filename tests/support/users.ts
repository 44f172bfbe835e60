import { SYSTEM_ACTOR } from '$lib/domain/identity/actor';
import type { Role } from '$lib/domain/identity/roles';
import { login } from '$lib/server/auth/sessions';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import type { Runtime } from '$lib/server/runtime';

/** Makes a user through the ordinary users.create command and opens a session for them. */
export async function userWithSession(runtime: Runtime, username: string, role: Role, nation = 'FRA') {
	const password = `${username}-password-123`;
	await runtime.execute(SYSTEM_ACTOR, { type: 'users.create', id: `user-${username}`, payload: { username, password, role, nation } });
	const session = await login(runtime.database.db, { username, password }, 1);
	return { actor: session.actor, cookie: `${SESSION_COOKIE}=${session.token}` };
}
