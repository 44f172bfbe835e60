import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Actor } from '$lib/domain/identity/actor';
import type { Role } from '$lib/domain/identity/roles';
import type { Db } from '../db/client';
import { apiTokens, sessions, users } from '../db/schema';

/**
 * Who is behind a request or a socket, and by which credential. The rooms let the server drop
 * every live socket of a session, a user or a token at once, on any node of the cluster.
 */
export interface Authenticated {
	actor: Actor;
	/** When this credential stops working (sessions), or null (tokens last until revoked). */
	expiresAt: Date | null;
	rooms: string[];
}

export const sessionRoom = (idHash: string) => `session:${idHash}`;
export const userRoom = (userId: string) => `user:${userId}`;
export const tokenRoom = (tokenId: string) => `token:${tokenId}`;

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');

const TOKEN_PREFIX = 'wft_';
export const newTokenSecret = () => `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
export const newSessionSecret = () => randomBytes(32).toString('base64url');

export function actorOfUser(user: typeof users.$inferSelect): Actor {
	return { id: user.id, kind: 'user', username: user.username, displayName: user.displayName, role: user.role as Role, nation: user.nation };
}

export function actorOfToken(token: typeof apiTokens.$inferSelect): Actor {
	return { id: token.id, kind: 'token', username: `token:${token.name}`, displayName: token.name, role: token.role as Role, nation: token.nation };
}

/** A session cookie's value → its user or device, or null when unknown, expired, disabled or revoked. */
export async function authenticateSession(db: Db, secret: string): Promise<Authenticated | null> {
	const idHash = hashSecret(secret);
	const [row] = await db
		.select({ session: sessions, user: users, token: apiTokens })
		.from(sessions)
		.leftJoin(users, eq(users.id, sessions.userId))
		.leftJoin(apiTokens, eq(apiTokens.id, sessions.tokenId))
		.where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, new Date())));
	if (!row) return null;
	const rooms = [sessionRoom(idHash)];
	if (row.user && !row.user.disabled) {
		return { actor: actorOfUser(row.user), expiresAt: row.session.expiresAt, rooms: [...rooms, userRoom(row.user.id)] };
	}
	if (row.token && !row.token.revokedAt) {
		return { actor: actorOfToken(row.token), expiresAt: row.session.expiresAt, rooms: [...rooms, tokenRoom(row.token.id)] };
	}
	return null;
}

/** An `Authorization: Bearer wft_…` secret → its token's actor, or null when unknown or revoked. */
export async function authenticateToken(db: Db, secret: string): Promise<Authenticated | null> {
	if (!secret.startsWith(TOKEN_PREFIX)) return null;
	const [token] = await db
		.select()
		.from(apiTokens)
		.where(and(eq(apiTokens.secretHash, hashSecret(secret)), isNull(apiTokens.revokedAt)));
	if (!token) return null;
	// Bookkeeping for the admin's token list, at most once a minute per token.
	const aMinuteAgo = new Date(Date.now() - 60_000);
	await db
		.update(apiTokens)
		.set({ lastUsedAt: new Date() })
		.where(and(eq(apiTokens.id, token.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, aMinuteAgo))));
	return { actor: actorOfToken(token), expiresAt: null, rooms: [tokenRoom(token.id)] };
}

export function bearerSecret(authorization: string | null | undefined): string | null {
	const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
	return match ? match[1]! : null;
}
