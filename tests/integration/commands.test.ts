import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, sql } from 'drizzle-orm';
import { events, logEntries } from '$lib/server/db/schema';
import { describeEachBackend, createBackend, liveCaughtUp, startRuntime, type Backend, type RunningRuntime } from '../support/backends';
import { userWithSession } from '../support/users';

describeEachBackend('the write path on %s', (backendName) => {
	let backend: Backend;
	let server: RunningRuntime;
	let officer: Awaited<ReturnType<typeof userWithSession>>;
	const db = () => server.runtime.database.db;
	const rowCount = async () => (await db().select({ n: count() }).from(logEntries))[0]!.n;
	const eventCount = async () => (await db().select({ n: count() }).from(events))[0]!.n;

	beforeAll(async () => {
		backend = await createBackend(backendName);
		server = await startRuntime(backend);
		officer = await userWithSession(server.runtime, 'officer2', 'officer');
	});
	afterAll(async () => {
		await server?.close();
		await backend?.dispose();
	});

	it('writes the row and its event (seq, op, idempotency key) together, then updates live state', async () => {
		const result = await server.runtime.execute(officer.actor, { type: 'log-entries.create', id: 'key-row-and-event', payload: { text: '  Patrol 3 back at base  ' } });
		const [row] = await db().select().from(logEntries).where(eq(logEntries.id, result.record!.id));
		expect(row).toMatchObject({ text: 'Patrol 3 back at base', authorId: officer.actor.id, releasableTo: 'cell' });
		const [event] = await db().select().from(events).where(eq(events.seq, result.seq));
		expect(event).toMatchObject({
			name: 'log-entries.created',
			collection: 'log-entries',
			entityId: row!.id,
			op: 'upsert',
			actorId: officer.actor.id,
			idempotencyKey: 'key-row-and-event'
		});
		await liveCaughtUp(server.runtime);
		const image = await server.runtime.live.snapshot();
		expect(image.seq).toBeGreaterThanOrEqual(result.seq);
		expect(image.data['log-entries']!.find((r) => r.id === row!.id)).toMatchObject({ text: 'Patrol 3 back at base' });
	});

	it('applies concurrent retries of one command once', async () => {
		const [rowsBefore, eventsBefore] = [await rowCount(), await eventCount()];
		const attempt = () => server.runtime.execute(officer.actor, { type: 'log-entries.create', id: 'key-concurrent', payload: { text: 'once' } });
		const results = await Promise.all([attempt(), attempt(), attempt(), attempt()]);
		expect(new Set(results.map((r) => r.seq)).size).toBe(1);
		expect(new Set(results.map((r) => r.record!.id)).size).toBe(1);
		expect(results.filter((r) => !r.replayed)).toHaveLength(1);
		expect(await rowCount()).toBe(rowsBefore + 1);
		expect(await eventCount()).toBe(eventsBefore + 1);
	});

	it('scopes idempotency keys to the actor: the same key from another user is a new command', async () => {
		const other = await userWithSession(server.runtime, 'officer3', 'officer');
		const a = await server.runtime.execute(officer.actor, { type: 'log-entries.create', id: 'shared-key', payload: { text: 'a' } });
		const b = await server.runtime.execute(other.actor, { type: 'log-entries.create', id: 'shared-key', payload: { text: 'b' } });
		expect(b.seq).not.toBe(a.seq);
		expect(b.record!.text).toBe('b');
	});

	it('writes nothing at all when a command is refused', async () => {
		const [rowsBefore, eventsBefore] = [await rowCount(), await eventCount()];
		const partner = await userWithSession(server.runtime, 'partner1', 'partner', 'DEU');
		const attempts = [
			server.runtime.execute(officer.actor, { type: 'log-entries.create', id: 'bad-1', payload: { text: 'x'.repeat(4001) } }),
			server.runtime.execute(officer.actor, { type: 'log-entries.create', id: 'bad-2', payload: { text: 'ok', releasableTo: ['france'] } }),
			server.runtime.execute(officer.actor, { type: 'log-entries.create', id: 'bad-3', payload: null }),
			server.runtime.execute(null, { type: 'log-entries.create', id: 'bad-4', payload: { text: 'anonymous' } }),
			server.runtime.execute(partner.actor, { type: 'log-entries.create', id: 'bad-5', payload: { text: 'partner' } })
		];
		const codes = (await Promise.allSettled(attempts)).map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'accepted'));
		expect(codes).toEqual(['validation', 'validation', 'validation', 'unauthenticated', 'forbidden']);
		expect(await rowCount()).toBe(rowsBefore);
		// users.create for the partner added one event; the refused commands none.
		expect(await eventCount()).toBe(eventsBefore + 1);
	});

	it('keeps the event log append-only: the database refuses updates and deletes', async () => {
		await expect(db().execute(sql`update events set name = 'rewritten'`)).rejects.toThrow();
		await expect(db().execute(sql`delete from events`)).rejects.toThrow();
		await expect(db().execute(sql`truncate events`)).rejects.toThrow();
		expect(await eventCount()).toBeGreaterThan(0);
	});

	it('rebuilds live state from the database on restart when it is empty or behind the log', async () => {
		const written = await server.runtime.execute(officer.actor, { type: 'log-entries.create', id: 'key-rebuild', payload: { text: 'survives a restart' } });
		// Wipe what screens are served from: only Postgres (or PGlite) still has the entry.
		await liveCaughtUp(server.runtime);
		await server.runtime.live.replace({ epoch: server.runtime.epoch, seq: 0, data: {} });
		await server.close();
		server = await startRuntime(backend);
		const image = await server.runtime.live.snapshot();
		expect(image.seq).toBeGreaterThanOrEqual(written.seq);
		expect(image.data['log-entries']!.find((r) => r.id === written.record!.id)).toMatchObject({ text: 'survives a restart' });
	});
});
