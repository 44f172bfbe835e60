import { asc, desc } from 'drizzle-orm';
import { apiTokens, users } from '../db/schema';
import { presentToken, presentUser } from '../presenters';
import { defineCollection } from './registry';

/** Who may sign in: people and the tokens of machines and wall devices. The cell's own records, for the admin. */

export const usersCollection = defineCollection({
	name: 'users',
	noun: 'user',
	table: users,
	idColumn: users.id,
	releasableColumn: null,
	present: presentUser,
	order: [asc(users.username)],
	read: 'users.manage',
	history: 'users.manage',
	create: { type: 'users.create' },
	/** `{ role?, nation?, displayName?, disabled?, password? }`: a password here is a reset. */
	update: { type: 'users.update' }
});

export const tokensCollection = defineCollection({
	name: 'tokens',
	noun: 'token',
	table: apiTokens,
	idColumn: apiTokens.id,
	releasableColumn: null,
	present: presentToken,
	order: [desc(apiTokens.createdAt)],
	read: 'tokens.manage',
	history: 'tokens.manage',
	/** `{ name, role, nation }` → the token, with its secret this once (and a device link for wall devices). */
	create: { type: 'tokens.issue' },
	created: (_record, reply, origin) => {
		const secret = reply?.secret as string | undefined;
		return secret ? { secret, deviceLink: `${origin}/device#${secret}` } : {};
	},
	/** Revokes the token: its requests are refused and its live sockets dropped, on every node. */
	remove: { type: 'tokens.revoke', bodyless: true }
});
