import { asc, desc, eq } from 'drizzle-orm';
import type { TokenView } from '$lib/domain/identity/tokens';
import type { UserView } from '$lib/domain/identity/users';
import { AppError } from '$lib/domain/core/errors';
import type { Db } from '../db/client';
import { apiTokens, users } from '../db/schema';
import { presentToken, presentUser } from '../presenters';

export async function listUsers(db: Db): Promise<UserView[]> {
	return (await db.select().from(users).orderBy(asc(users.username))).map(presentUser);
}

export async function getUser(db: Db, id: string): Promise<UserView> {
	const [row] = await db.select().from(users).where(eq(users.id, id));
	if (!row) throw new AppError('not_found', 'No such user');
	return presentUser(row);
}

export async function listTokens(db: Db): Promise<TokenView[]> {
	return (await db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt))).map(presentToken);
}
