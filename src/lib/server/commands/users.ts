import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { CreateUser, UpdateUser } from '$lib/domain/users';
import { AppError } from '$lib/domain/errors';
import { sessions, users } from '../db/schema';
import { hashPassword } from '../auth/passwords';
import { userRoom } from '../auth/credentials';
import { presentUser } from '../presenters';
import { defineCommand, type Change } from './command';

function logged(name: string, row: typeof users.$inferSelect, extra: Partial<Change> = {}): Change {
	const record = presentUser(row);
	return { name, collection: 'users', entityId: record.id, op: 'upsert', record: { ...record }, releasableTo: 'cell', ...extra };
}

/** Usernames are unique; the password is only ever stored as an argon2id hash. */
export const createUser = defineCommand({
	type: 'users.create',
	action: 'user.manage',
	schema: CreateUser,
	prepare: (input) => hashPassword(input.password),
	async apply(tx, _actor, input, passwordHash) {
		const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
		if (taken) throw new AppError('conflict', `The username ${input.username} is taken`, { username: ['Taken'] });
		const [row] = await tx
			.insert(users)
			.values({
				id: randomUUID(),
				username: input.username,
				displayName: input.displayName ?? input.username,
				passwordHash,
				role: input.role,
				nation: input.nation
			})
			.returning();
		return logged('user.created', row!);
	}
});

/**
 * A change of role or nation changes what the user may see: their live sockets are dropped and
 * reconnect with the new view. Disabling or a password reset also ends their sessions.
 */
export const updateUser = defineCommand({
	type: 'users.update',
	action: 'user.manage',
	schema: UpdateUser,
	prepare: async (input) => (input.password ? hashPassword(input.password) : null),
	async apply(tx, actor, input, passwordHash) {
		const [current] = await tx.select().from(users).where(eq(users.id, input.id)).for('update');
		if (!current) throw new AppError('not_found', 'No such user');
		if (current.id === actor.id && (input.disabled || (input.role && input.role !== 'admin'))) {
			throw new AppError('conflict', 'You cannot disable yourself or take away your own admin role');
		}
		const [row] = await tx
			.update(users)
			.set({
				...(input.role && { role: input.role }),
				...(input.nation && { nation: input.nation }),
				...(input.displayName && { displayName: input.displayName }),
				...(input.disabled !== undefined && { disabled: input.disabled }),
				...(passwordHash && { passwordHash })
			})
			.where(eq(users.id, current.id))
			.returning();
		const endsSessions = input.disabled === true || passwordHash !== null;
		if (endsSessions) await tx.delete(sessions).where(eq(sessions.userId, current.id));
		const viewChanged = endsSessions || (input.role ?? current.role) !== current.role || (input.nation ?? current.nation) !== current.nation;
		return logged('user.updated', row!, viewChanged ? { disconnect: [userRoom(current.id)] } : {});
	}
});
