import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { IssueToken, RevokeToken } from '$lib/domain/identity/tokens';
import { AppError } from '$lib/domain/core/errors';
import { apiTokens } from '../db/schema';
import { hashSecret, newTokenSecret, tokenRoom } from '../auth/credentials';
import { presentToken } from '../presenters';
import { defineCommand, type Change } from './command';

function logged(name: string, row: typeof apiTokens.$inferSelect, extra: Partial<Change> = {}): Change {
	const record = presentToken(row);
	return { name, collection: 'tokens', entityId: record.id, op: 'upsert', record: { ...record }, releasableTo: 'cell', ...extra };
}

/** The secret leaves the server once, in this command's answer; only its hash is stored or logged. */
export const issueToken = defineCommand({
	type: 'tokens.issue',
	action: 'token.manage',
	schema: IssueToken,
	prepare: async () => newTokenSecret(),
	async apply(tx, actor, input, secret) {
		const [row] = await tx
			.insert(apiTokens)
			.values({ id: randomUUID(), name: input.name, role: input.role, nation: input.nation, secretHash: hashSecret(secret), createdBy: actor.id })
			.returning();
		return logged('token.issued', row!, { reply: { secret } });
	}
});

/** Revocation is final and immediate: the token's sockets and device sessions are dropped everywhere. */
export const revokeToken = defineCommand({
	type: 'tokens.revoke',
	action: 'token.manage',
	schema: RevokeToken,
	async apply(tx, _actor, input) {
		const [current] = await tx.select().from(apiTokens).where(eq(apiTokens.id, input.id)).for('update');
		if (!current) throw new AppError('not_found', 'No such token');
		if (current.revokedAt) throw new AppError('conflict', 'This token is already revoked');
		const [row] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, current.id)).returning();
		return logged('token.revoked', row!, { disconnect: [tokenRoom(current.id)] });
	}
});
