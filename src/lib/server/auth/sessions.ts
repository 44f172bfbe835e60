import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Cookies } from '@sveltejs/kit';
import { parse as parseCookies } from 'cookie';
import type { Actor } from '$lib/domain/identity/actor';
import { AppError } from '$lib/domain/core/errors';
import type { Db } from '../db/client';
import { apiTokens, sessions, users } from '../db/schema';
import { actorOfToken, actorOfUser, hashSecret, newSessionSecret, sessionRoom, userRoom } from './credentials';
import { decoyHash, verifyPassword } from './passwords';

export const SESSION_COOKIE = 'wf_session';

/** A wall device's session outlives a watch: the kiosk must run for weeks without a keyboard. */
export const DEVICE_SESSION_DAYS = 30;

export interface OpenedSession {
	token: string;
	expiresAt: Date;
	actor: Actor;
}

async function open(db: Db, owner: { userId: string } | { tokenId: string }, hours: number): Promise<{ token: string; expiresAt: Date }> {
	const token = newSessionSecret();
	const expiresAt = new Date(Date.now() + hours * 3600_000);
	await db.insert(sessions).values({ idHash: hashSecret(token), expiresAt, ...owner });
	await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
	return { token, expiresAt };
}

/** Checks the password and opens a session; the same answer whether the user or the password is wrong. */
export async function login(db: Db, credentials: { username: string; password: string }, sessionHours: number): Promise<OpenedSession> {
	const username = credentials.username.trim().toLowerCase();
	const [user] = await db.select().from(users).where(eq(users.username, username));
	const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), credentials.password);
	if (!user || !ok || user.disabled) throw new AppError('unauthenticated', 'Wrong username or password');
	return { ...(await open(db, { userId: user.id }, sessionHours)), actor: actorOfUser(user) };
}

/** A wall device signs in with its token (from its device link) and gets a long session cookie. */
export async function deviceLogin(db: Db, tokenSecret: string): Promise<OpenedSession> {
	const [token] = await db
		.select()
		.from(apiTokens)
		.where(and(eq(apiTokens.secretHash, hashSecret(tokenSecret)), isNull(apiTokens.revokedAt)));
	if (!token) throw new AppError('unauthenticated', 'This device link is not valid (revoked or mistyped)');
	return { ...(await open(db, { tokenId: token.id }, DEVICE_SESSION_DAYS * 24)), actor: actorOfToken(token) };
}

/** Ends one session; returns the room of its live sockets, to be dropped. */
export async function logout(db: Db, token: string): Promise<string> {
	const idHash = hashSecret(token);
	await db.delete(sessions).where(eq(sessions.idHash, idHash));
	return sessionRoom(idHash);
}

/** Ends every session of a user ("log out everywhere"); returns the room of all their sockets. */
export async function logoutEverywhere(db: Db, userId: string): Promise<string> {
	await db.delete(sessions).where(eq(sessions.userId, userId));
	return userRoom(userId);
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
