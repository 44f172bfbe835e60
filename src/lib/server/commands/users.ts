import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { CreateUser } from '$lib/domain/users';
import { AppError } from '$lib/domain/errors';
import { users } from '../db/schema';
import { hashPassword } from '../auth/passwords';
import { presentUser } from '../presenters';
import { defineCommand } from './command';

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
		const record = presentUser(row!);
		return {
			name: 'user.created',
			collection: 'users',
			entityId: record.id,
			op: 'upsert',
			record: { ...record },
			releasableTo: 'cell'
		};
	}
});
