import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '$lib/domain/identity/actor';
import { isAppError } from '$lib/domain/core/errors';
import { describeEachBackend, createBackend, startRuntime, type Backend } from '../support/backends';
import { REPO_ROOT } from '../support/build';
import { CeasefireServer } from '../support/ceasefire/server';
import { expectAnswer } from '../support/http';
import { SETUP_TIMEOUT_MS } from '../support/server-process';

/**
 * Account names a person could mistake for another's (issue 12): names with invisible or
 * direction-changing characters are refused, and so is a display name that looks like another
 * account's once width, case, invisible characters and runs of spaces are set aside; also when
 * two admins try at the same moment. Over REST, against one production server per backend.
 */

const HIDDEN = 'Contains invisible or text-direction characters';
const LOOKALIKE = 'Looks the same as another account’s name';

const nonce = () => randomUUID().slice(0, 8);

describeEachBackend('account names on %s', (backendName) => {
	let cf: CeasefireServer;

	const createUser = (fields: { username?: string; displayName?: string }) =>
		cf.as('admin').post('/api/v1/users', { username: `u-${nonce()}`, password: 'a-long-enough-password', role: 'officer', nation: 'FRA', ...fields });

	async function usernames(): Promise<string[]> {
		const list = await cf.as('admin').get('/api/v1/users');
		expectAnswer(list, 200, 'GET /api/v1/users');
		return (list.body as { username: string }[]).map((u) => u.username);
	}

	beforeAll(async () => {
		cf = await CeasefireServer.start(backendName);
	}, SETUP_TIMEOUT_MS);
	afterAll(async () => {
		await cf?.stop();
	});

	it.each([
		['Administrator\u200B', 'a zero-width space'],
		['Adm\u200Dinistrator', 'a zero-width joiner'],
		['\u202Erotartsinimda', 'a right-to-left override'],
		['Admin\u2066istrator\u2069', 'a directional isolate'],
		['Adminis\u00ADtrator', 'a soft hyphen'],
		['Administrator\u3164', 'a Hangul filler'],
		['Administrator\uFEFF', 'a byte order mark at the end'],
		['Admin\tistrator', 'a tab'],
		['Admin\u2028istrator', 'a line separator']
	])('refuses the display name %j (%s) with 400 and a field message, and makes no account', async (displayName) => {
		const username = `hidden-${nonce()}`;
		const answer = await createUser({ username, displayName });
		expectAnswer(answer, 400, JSON.stringify(displayName));
		expect(answer.body.error.fields).toEqual({ displayName: [HIDDEN] });
		expect(await usernames()).not.toContain(username);
	});

	it.each([
		['a zero-width space', (name: string) => `${name}\u200B`],
		['a byte order mark at the end (which trimming would drop silently)', (name: string) => `${name}\uFEFF`],
		['a right-to-left override', (name: string) => `\u202E${name}`],
		['a word joiner', (name: string) => `${name.slice(0, 2)}\u2060${name.slice(2)}`]
	])('refuses a username with %s with 400, and makes no account', async (_, withHidden) => {
		const username = `eve-${nonce()}`;
		const answer = await createUser({ username: withHidden(username) });
		expectAnswer(answer, 400, JSON.stringify(withHidden(username)));
		expect(Object.keys(answer.body.error.fields)).toEqual(['username']);
		expect(await usernames()).not.toContain(username);
	});

	it.each(['Administrator', 'ADMINISTRATOR', 'administrator', 'Ａｄｍｉｎｉｓｔｒａｔｏｒ', '  Administrator ', 'ａｄｍｉｎｉｓｔｒａｔｏｒ'])(
		"refuses the display name %j, which looks like the admin's, with 409 and a field message",
		async (displayName) => {
			const username = `lookalike-${nonce()}`;
			const answer = await createUser({ username, displayName });
			expectAnswer(answer, 409, JSON.stringify(displayName));
			expect(answer.body.error.fields).toEqual({ displayName: [LOOKALIKE] });
			expect(await usernames()).not.toContain(username);
		}
	);

	it("refuses a username whose default display name (the username) looks like another account's", async () => {
		const first = await createUser({ displayName: `Night Desk ${nonce()}` });
		expectAnswer(first, 201, 'first');
		const answer = await createUser({ username: 'administrator' });
		expectAnswer(answer, 409, 'username administrator, no display name');
		expect(answer.body.error.fields).toEqual({ displayName: [LOOKALIKE] });
	});

	it("refuses renaming an account to another's look-alike, and lets an account change the case of its own name", async () => {
		const tag = nonce();
		const made = await createUser({ displayName: `Watch Officer ${tag}` });
		expectAnswer(made, 201, 'create');
		const rename = (displayName: string) => cf.call(cf.adminCookie, 'PATCH', `/api/v1/users/${made.body.id}`, { displayName });

		const lookalike = await rename('ＡＤＭＩＮＩＳＴＲＡＴＯＲ');
		expectAnswer(lookalike, 409, 'rename to the admin, in full width');
		expect(lookalike.body.error.fields).toEqual({ displayName: [LOOKALIKE] });
		const hidden = await rename(`Watch Officer ${tag}\u200E`);
		expectAnswer(hidden, 400, 'rename with a left-to-right mark');
		expect(hidden.body.error.fields).toEqual({ displayName: [HIDDEN] });

		const ownInCapitals = await rename(`WATCH OFFICER ${tag.toUpperCase()}`);
		expectAnswer(ownInCapitals, 200, 'its own name in capitals');
		expect(ownInCapitals.body.displayName).toBe(`WATCH OFFICER ${tag.toUpperCase()}`);

		// The name it left is free again.
		expectAnswer(await createUser({ displayName: `Watch Officer ${tag}x` }), 201, 'a different name');
	});

	// PGlite runs one transaction at a time; on PostgreSQL, commands do overlap. To make them overlap
	// for certain, another session holds a lock that lets every command read the accounts but none
	// write one, until all of them have checked the name and wait to insert.
	it.runIf(backendName === 'postgres+redis')('makes one account of look-alikes whose commands all checked the name before any was written', async () => {
		const tag = nonce();
		const names = [`Relief Desk ${tag}`, `RELIEF DESK ${tag.toUpperCase()}`, `Ｒｅｌｉｅｆ Ｄｅｓｋ ${tag}`];
		const sql = postgres(cf.backend.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
		try {
			const holder = await sql.reserve();
			await holder`begin`;
			await holder`lock table users in share mode`;
			const answers = Promise.all(names.map((displayName, i) => createUser({ username: `relief-${tag}-${i}`, displayName })));
			await expect
				.poll(
					async () =>
						Number(
							(await sql`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into "users"%'`)[0]!.n
						),
					{ timeout: 30_000 }
				)
				.toBe(names.length);
			await holder`commit`;
			holder.release();
			const statuses = (await answers).map((a) => a.status).sort();
			expect(statuses).toEqual([201, 409, 409]);
			for (const answer of (await answers).filter((a) => a.status === 409)) expect(answer.body.error.fields).toEqual({ displayName: [LOOKALIKE] });
			expect((await usernames()).filter((u) => u.startsWith(`relief-${tag}-`))).toHaveLength(1);
		} finally {
			await sql.end();
		}
	});

	it('refuses a token name with invisible characters (a token signs its writes with its name)', async () => {
		const answer = await cf.as('admin').post('/api/v1/tokens', { name: 'Administrator\u200B', role: 'wall', nation: 'FRA' });
		expectAnswer(answer, 400, 'token name');
		expect(answer.body.error.fields).toEqual({ name: [HIDDEN] });
	});
});

/** A copy of the migrations folder that ends just before the migration `tag`. */
async function migrationsBefore(tag: string): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'wf-migrations-'));
	await cp(path.join(REPO_ROOT, 'drizzle'), dir, { recursive: true });
	const journalFile = path.join(dir, 'meta', '_journal.json');
	const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: { tag: string }[] };
	journal.entries = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag === tag));
	await writeFile(journalFile, JSON.stringify(journal));
	return dir;
}

/** Migrates the backend's database with this folder, then runs SQL on it; the server is not running. */
async function withOldDatabase(backend: Backend, migrationsFolder: string, statements: string): Promise<void> {
	if (backend.env.DATABASE_URL) {
		const sql = postgres(backend.env.DATABASE_URL, { max: 1, onnotice: () => {} });
		try {
			await migratePostgres(drizzlePostgres(sql), { migrationsFolder });
			await sql.unsafe(statements);
		} finally {
			await sql.end();
		}
		return;
	}
	const client = await PGlite.create(backend.env.WATCHFLOOR_DATA_DIR!);
	try {
		await migratePglite(drizzlePglite(client), { migrationsFolder });
		await client.exec(statements);
	} finally {
		await client.close();
	}
}

describeEachBackend('migration 0007 (display name keys) on existing accounts, %s', (backendName) => {
	let backend: Backend;
	let before: string;

	/** Accounts made before names were checked, look-alikes among them, oldest first. */
	const EXISTING = [
		['admin', 'Administrator'],
		['admin-caps', 'ADMINISTRATOR'],
		['admin-zwsp', 'Administrator\u200B'],
		['ops', 'Ops desk'],
		['ops-lower', 'ops desk'],
		['wall', 'Ｗａｌｌ ｄｅｓｋ']
	];

	beforeAll(async () => {
		backend = await createBackend(backendName);
		before = await migrationsBefore('0007_user_display_name_key');
	});
	afterAll(async () => {
		await backend?.dispose();
		if (before) await rm(before, { recursive: true, force: true });
	});

	it('applies to accounts that already look alike, and the server then refuses new look-alikes of them', async () => {
		const rows = EXISTING.map(
			([username, displayName], i) =>
				`('${randomUUID()}', '${username}', '${displayName}', 'not-a-hash', 'officer', 'FRA', timestamptz '2026-01-01T00:00:00Z' + interval '${i} minutes')`
		);
		await withOldDatabase(backend, before, `insert into users (id, username, display_name, password_hash, role, nation, created_at) values ${rows.join(', ')};`);

		// The server starts on it: the migration runs, the look-alikes stay as they were.
		const running = await startRuntime(backend);
		try {
			const list = await running.runtime.database.db.query.users.findMany();
			expect(list.map((u) => u.displayName).sort()).toEqual(EXISTING.map(([, name]) => name).sort());

			const refusal = async (payload: Record<string, unknown>) => {
				try {
					await running.runtime.execute(SYSTEM_ACTOR, { type: 'users.create', id: null, payload: { password: 'a-long-enough-password', role: 'officer', nation: 'FRA', ...payload } });
					return null;
				} catch (error) {
					return isAppError(error) ? { code: error.code, fields: error.fields } : error;
				}
			};
			// 'Wall Desk': the old full-width name's key from the migration differs, the server compares by the full key.
			for (const displayName of ['administrator', 'OPS DESK', 'Ｏｐｓ ｄｅｓｋ', 'Wall Desk']) {
				expect(await refusal({ username: `new-${nonce()}`, displayName }), displayName).toEqual({ code: 'conflict', fields: { displayName: [LOOKALIKE] } });
			}
			expect(await refusal({ username: `new-${nonce()}`, displayName: 'Night desk' })).toBeNull();
		} finally {
			await running.close();
		}
	});
});
