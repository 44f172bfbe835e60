import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Cookies } from '@sveltejs/kit';
import { parse as parseCookies } from 'cookie';
import type { Actor } from '$lib/domain/actor';
import { AppError } from '$lib/domain/errors';
import type { Role } from '$lib/domain/roles';
import type { Db } from '../db/client';
import { sessions, users } from '../db/schema';
import { decoyHash, verifyPassword } from './passwords';

export const SESSION_COOKIE = 'wf_session';

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

function actorOf(user: typeof users.$inferSelect): Actor {
	return { id: user.id, username: user.username, displayName: user.displayName, role: user.role as Role, nation: user.nation };
}

/** Checks the password and opens a session; the same answer whether the user or the password is wrong. */
export async function login(
	db: Db,
	credentials: { username: string; password: string },
	sessionHours: number
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
	const username = credentials.username.trim().toLowerCase();
	const [user] = await db.select().from(users).where(eq(users.username, username));
	const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), credentials.password);
	if (!user || !ok || user.disabled) throw new AppError('unauthenticated', 'Wrong username or password');
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(Date.now() + sessionHours * 3600_000);
	await db.insert(sessions).values({ idHash: hashToken(token), userId: user.id, expiresAt });
	await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
	return { token, expiresAt, actor: actorOf(user) };
}

export async function logout(db: Db, token: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.idHash, hashToken(token)));
}

/** The signed-in actor for a session cookie value, or null when unknown, expired or disabled. */
export async function actorForSession(db: Db, token: string): Promise<{ actor: Actor; credential: string } | null> {
	const idHash = hashToken(token);
	const [row] = await db
		.select({ user: users })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, new Date())));
	if (!row || row.user.disabled) return null;
	return { actor: actorOf(row.user), credential: idHash };
}

/** Secure whenever the app is reached over https (behind a TLS proxy with ORIGIN set, say). */
export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', expires: expiresAt });
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}

/** Reads the session cookie out of a raw Cookie header (the socket handshake has no Cookies API). */
export function sessionTokenFromHeader(header: string | undefined): string | null {
	if (!header) return null;
	return parseCookies(header)[SESSION_COOKIE] ?? null;
}
