import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '$lib/domain/identity/actor';
import { isAppError } from '$lib/domain/core/errors';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import type { CommandInput, CommandResult } from '../commands/execute';
import type { Actor } from '$lib/domain/identity/actor';
import type { Logger } from '../logger';

/**
 * On first start with an empty database, the `admin` account is made through the ordinary
 * users.create command, so it is logged like any other write.
 */
export async function ensureAdmin(
	db: Db,
	execute: (actor: Actor, command: CommandInput) => Promise<CommandResult>,
	options: { password: string | undefined; nation: string; logger: Logger }
): Promise<void> {
	const [row] = await db.select({ n: count() }).from(users);
	if ((row?.n ?? 0) > 0) return;
	const password = options.password ?? randomBytes(18).toString('base64url');
	try {
		await execute(SYSTEM_ACTOR, {
			type: 'users.create',
			id: 'bootstrap-admin',
			payload: { username: 'admin', password, role: 'admin', nation: options.nation, displayName: 'Administrator' }
		});
	} catch (error) {
		// Another process starting at the same moment made it first.
		if (isAppError(error) && (error.code === 'conflict' || error.code === 'idempotency_mismatch')) return;
		throw error;
	}
	if (options.password) {
		options.logger.info('created the admin account with the password from WATCHFLOOR_ADMIN_PASSWORD');
	} else {
		options.logger.warn('created the admin account with a generated password (printed once on stdout)');
		process.stdout.write(`\n  Watchfloor admin account created.\n  username: admin\n  password: ${password}\n  (shown once; set WATCHFLOOR_ADMIN_PASSWORD to choose it)\n\n`);
	}
}
