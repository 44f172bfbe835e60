import { randomUUID } from 'node:crypto';
import { eq, ne } from 'drizzle-orm';
import { AppError } from '$lib/domain/core/errors';
import { lookalikeKey } from '$lib/domain/core/text';
import { hashSecret, newTokenSecret, tokenRoom, userRoom } from '../auth/credentials';
import { hashPassword } from '../auth/passwords';
import { tokensCollection, usersCollection } from '../collections/identity';
import type { Tx } from '../db/client';
import { violatesConstraint } from '../db/errors';
import { apiTokens, sessions, users } from '../db/schema';
import { changed, defineCommand } from './command';
import { rowOf } from './load';

/** Who may sign in: people's accounts and the tokens of machines and wall devices. */

const usernameTaken = (username: string) => new AppError('conflict', `The username ${username} is taken`, { username: ['Taken'] });
const lookalike = () => new AppError('conflict', 'Another account has a name that looks the same', { displayName: ['Looks the same as another account’s name'] });

/**
 * The look-alike key of a display name, refused when another account's name looks the same. The
 * other names are keyed here rather than read from the key column, whose keys for accounts older
 * than it are approximate (migration 0007). Two commands racing with the same new key both pass
 * this; the second then fails on the column's unique index (see `uniqueNames`).
 */
async function freeNameKey(tx: Tx, displayName: string, accountId: string | null): Promise<string> {
	const key = lookalikeKey(displayName);
	const others = await tx
		.select({ displayName: users.displayName })
		.from(users)
		.where(accountId ? ne(users.id, accountId) : undefined);
	if (others.some((other) => lookalikeKey(other.displayName) === key)) throw lookalike();
	return key;
}

/** Runs a write to a user's row, answering a username or a name taken meanwhile by a concurrent command as a conflict. */
async function uniqueNames<T>(username: string, write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (error) {
		if (violatesConstraint(error, 'users_username_unique')) throw usernameTaken(username);
		if (violatesConstraint(error, 'users_display_name_key_unique')) throw lookalike();
		throw error;
	}
}

/** Usernames are unique, display names unlike each other; the password is only ever stored as an argon2id hash. */
export const createUser = defineCommand({
	type: 'users.create',
	action: 'users.manage',
	prepare: (input) => hashPassword(input.password),
	async apply(tx, _actor, input, { prepared: passwordHash }) {
		const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
		if (taken) throw usernameTaken(input.username);
		const displayName = input.displayName ?? input.username;
		const displayNameKey = await freeNameKey(tx, displayName, null);
		const [row] = await uniqueNames(input.username, () =>
			tx
				.insert(users)
				.values({
					id: randomUUID(),
					username: input.username,
					displayName,
					displayNameKey,
					passwordHash,
					role: input.role,
					nation: input.nation
				})
				.returning()
		);
		return changed(usersCollection, 'created', row!);
	}
});

/**
 * A change of role or nation changes what the user may see: their live sockets are dropped and
 * reconnect with the new view. Disabling or a password reset also ends their sessions.
 */
export const updateUser = defineCommand({
	type: 'users.update',
	action: 'users.manage',
	prepare: async (input) => (input.password ? hashPassword(input.password) : null),
	load: rowOf(users, 'user'),
	async apply(tx, actor, input, { prepared: passwordHash, target: current }) {
		if (current.id === actor.id && (input.disabled || (input.role && input.role !== 'admin'))) {
			throw new AppError('conflict', 'You cannot disable yourself or take away your own admin role');
		}
		const displayNameKey = input.displayName ? await freeNameKey(tx, input.displayName, current.id) : null;
		const [row] = await uniqueNames(current.username, () =>
			tx
				.update(users)
				.set({
					...(input.role && { role: input.role }),
					...(input.nation && { nation: input.nation }),
					...(input.displayName && { displayName: input.displayName, displayNameKey }),
					...(input.disabled !== undefined && { disabled: input.disabled }),
					...(passwordHash && { passwordHash })
				})
				.where(eq(users.id, current.id))
				.returning()
		);
		const endsSessions = input.disabled === true || passwordHash !== null;
		if (endsSessions) await tx.delete(sessions).where(eq(sessions.userId, current.id));
		const viewChanged = endsSessions || (input.role ?? current.role) !== current.role || (input.nation ?? current.nation) !== current.nation;
		return changed(usersCollection, 'updated', row!, viewChanged ? { disconnect: [userRoom(current.id)] } : {});
	}
});

/** The secret leaves the server once, in this command's answer; only its hash is stored or logged. */
export const issueToken = defineCommand({
	type: 'tokens.issue',
	action: 'tokens.manage',
	prepare: async () => newTokenSecret(),
	async apply(tx, actor, input, { prepared: secret }) {
		const [row] = await tx
			.insert(apiTokens)
			.values({ id: randomUUID(), name: input.name, role: input.role, nation: input.nation, secretHash: hashSecret(secret), createdBy: actor.id })
			.returning();
		return changed(tokensCollection, 'issued', row!, { reply: { secret } });
	}
});

/** Revocation is final and immediate: the token's sockets and device sessions are dropped everywhere. */
export const revokeToken = defineCommand({
	type: 'tokens.revoke',
	action: 'tokens.manage',
	load: rowOf(apiTokens, 'token'),
	async apply(tx, _actor, _input, { target: current }) {
		if (current.revokedAt) throw new AppError('conflict', 'This token is already revoked');
		const [row] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, current.id)).returning();
		return changed(tokensCollection, 'revoked', row!, { disconnect: [tokenRoom(current.id)] });
	}
});
