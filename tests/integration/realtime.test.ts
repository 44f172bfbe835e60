import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachBackend, createBackend, startRuntime, type Backend, type RunningRuntime } from '../support/backends';
import { io } from 'socket.io-client';
import type { Snapshot } from '$lib/domain/core/protocol';
import { Screen } from '../support/screen';
import { userWithSession } from '../support/users';

const REPLAY_WINDOW = 120;

describeEachBackend('live screens on %s', (backendName) => {
	let backend: Backend;
	let server: RunningRuntime;
	let officer: Awaited<ReturnType<typeof userWithSession>>;
	const screens: Screen[] = [];
	/** The log's deltas only: a cell screen also gets the roster of screens as they come and go. */
	const logDeltas = (s: Screen) => s.deltas.filter((d) => d.collection === 'log-entries');
	const screen = (options: ConstructorParameters<typeof Screen>[1] = { cookie: officer.cookie }) => {
		const s = new Screen(server.url, options);
		screens.push(s);
		return s;
	};
	const write = (text: string) =>
		server.runtime.execute(officer.actor, { type: 'log-entries.create', id: crypto.randomUUID(), payload: { text } });
	/** A write awaited on the screen: deltas arrive in seq order, so what the screen lacks then never came. */
	const barrier = async (s: Screen) => {
		const { seq } = await write('barrier');
		await s.until((x) => x.deltas.some((d) => d.seq === seq), 'the barrier');
		return seq;
	};

	beforeAll(async () => {
		backend = await createBackend(backendName);
		// These scenarios write faster than any officer; the rate limit has its own tests.
		server = await startRuntime(backend, { WATCHFLOOR_REPLAY_WINDOW: String(REPLAY_WINDOW), WATCHFLOOR_COMMANDS_PER_SECOND: '100000' });
		officer = await userWithSession(server.runtime, 'officer1', 'officer');
	});
	afterAll(async () => {
		screens.forEach((s) => s.close());
		await server?.close();
		await backend?.dispose();
	});

	it('sends a snapshot with its seq and epoch on connect, then every new entry as a delta', async () => {
		const before = await write('before the screen opened');
		const wall = screen();
		await wall.ready();
		const [snapshot] = wall.snapshots;
		expect(snapshot!.seq).toBeGreaterThanOrEqual(before.seq);
		expect(snapshot!.epoch).toBe(server.runtime.epoch);
		expect(snapshot!.data['log-entries']!.map((e) => e.text)).toContain('before the screen opened');

		const after = await write('after the screen opened');
		await wall.until((s) => s.deltas.some((d) => d.seq === after.seq), 'the delta');
		const delta = wall.deltas.find((d) => d.seq === after.seq)!;
		expect(delta).toMatchObject({ collection: 'log-entries', op: 'upsert', id: after.record!.id });
		expect(delta.op === 'upsert' && delta.record.text).toBe('after the screen opened');
	});

	it('answers a socket command through its acknowledgement and shows it on the other screens', async () => {
		const desk = screen();
		const wall = screen();
		await Promise.all([desk.ready(), wall.ready()]);
		const ack = await desk.command('log-entries.create', { text: 'from the desk' });
		expect(ack.ok).toBe(true);
		if (!ack.ok) return;
		expect(ack.record).toMatchObject({ text: 'from the desk', authorName: 'officer1', releasableTo: 'cell' });
		await wall.until((s) => s.deltas.some((d) => d.seq === ack.seq), 'the delta on the wall');
	});

	it('applies a command retried with the same id once, and answers the retry with the same result', async () => {
		const desk = screen();
		await desk.ready();
		const id = crypto.randomUUID();
		const first = await desk.command('log-entries.create', { text: 'retried' }, id);
		const second = await desk.command('log-entries.create', { text: 'retried' }, id);
		expect(second).toEqual(first);
		const other = await desk.command('log-entries.create', { text: 'something else' }, id);
		expect(other).toMatchObject({ ok: false, error: { code: 'idempotency_mismatch' } });
		await barrier(desk);
		expect(desk.deltas.filter((d) => d.op === 'upsert' && d.record.text === 'retried')).toHaveLength(1);
	});

	it('refuses malformed and unauthorized commands with the error contract', async () => {
		const desk = screen();
		await desk.ready();
		expect(await desk.command('log-entries.create', { text: '' })).toMatchObject({
			ok: false,
			error: { code: 'validation', fields: { text: expect.any(Array) } }
		});
		expect(await desk.command('log-entries.create', { text: 'x', admin: true })).toMatchObject({ ok: false, error: { code: 'validation' } });
		expect(await desk.command('no-such.command', {})).toMatchObject({ ok: false, error: { code: 'validation' } });
		const raw = await desk.socket.timeout(5000).emitWithAck('command', 'not an object');
		expect(raw).toMatchObject({ ok: false, error: { code: 'validation' } });

		const anonymous = screen({});
		await anonymous.ready();
		expect(await anonymous.command('log-entries.create', { text: 'hello' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

		const wallDevice = await userWithSession(server.runtime, 'wall1', 'wall');
		const wall = screen({ cookie: wallDevice.cookie });
		await wall.ready();
		expect(await wall.command('log-entries.create', { text: 'hello' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
	});

	it('gives an anonymous screen a snapshot with a seq but no records and no deltas', async () => {
		const anonymous = screen({});
		await anonymous.ready();
		expect(anonymous.snapshots[0]!.seq).toBeGreaterThan(0);
		expect(anonymous.snapshots[0]!.data['log-entries']).toEqual([]);
		const officerScreen = screen();
		await officerScreen.ready();
		await barrier(officerScreen);
		// A round trip on the anonymous screen's own connection, once the officer's had the delta: a delta
		// sent to it would have been on the wire before this answer.
		expect(await anonymous.command('log-entries.create', { text: 'knock' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
		expect(anonymous.deltas).toEqual([]);
	});

	it('resumes a screen that missed 50 entries with exactly those 50, in order, without duplicates', async () => {
		const wall = screen();
		await wall.ready();
		await write('seen live');
		await wall.until((s) => logDeltas(s).length === 1, 'the live delta');
		wall.disconnect();
		const missed: number[] = [];
		for (let i = 0; i < 50; i++) missed.push((await write(`missed ${i}`)).seq);

		const deltasBefore = logDeltas(wall).length;
		await wall.resume();
		await wall.until((s) => logDeltas(s).length >= deltasBefore + 50, '50 replayed deltas');
		const after = await write('live again');
		await wall.until((s) => s.deltas.some((d) => d.seq === after.seq), 'the first live delta after resume');

		const received = logDeltas(wall).slice(deltasBefore);
		expect(received.map((d) => d.seq)).toEqual([...missed, after.seq]);
		expect(received.slice(0, 50).map((d) => d.op === 'upsert' && d.record.text)).toEqual(missed.map((_, i) => `missed ${i}`));
		expect(wall.snapshots).toHaveLength(1);
	});

	it('sends a fresh snapshot instead of a replay when the gap is older than the replay window', async () => {
		const wall = screen();
		await wall.ready();
		wall.disconnect();
		for (let i = 0; i < REPLAY_WINDOW + 5; i++) await write(`flood ${i}`);
		const deltasBefore = logDeltas(wall).length;
		await wall.resume();
		await wall.until((s) => s.snapshots.length === 2, 'a second snapshot');
		const fresh = wall.snapshots[1]!;
		expect(fresh.data['log-entries']!.map((e) => e.text)).toContain(`flood ${REPLAY_WINDOW + 4}`);
		// No replay beside the snapshot: the first delta after it is the next write.
		const next = await barrier(wall);
		expect(logDeltas(wall).slice(deltasBefore).map((d) => d.seq)).toEqual([next]);
	});

	it('sends a fresh snapshot to a screen that resumes from another log epoch', async () => {
		await write('logged before the wipe');
		// The screen's seq came from a database that was since wiped: its epoch is not this log's.
		const socket = io(`${server.url}/live`, {
			transports: ['websocket'],
			forceNew: true,
			extraHeaders: { cookie: officer.cookie },
			auth: { lastSeq: 1, epoch: 'an-older-epoch' }
		});
		const snapshot = await new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
		socket.disconnect();
		expect(snapshot.epoch).toBe(server.runtime.epoch);
		expect(snapshot.data['log-entries']!.map((e) => e.text)).toContain('logged before the wipe');
	});

	it('answers a resume event on a live socket with the deltas after the given seq', async () => {
		const wall = screen();
		await wall.ready();
		const a = await write('resume-event a');
		const b = await write('resume-event b');
		await wall.until((s) => s.deltas.some((d) => d.seq === b.seq), 'both deltas');
		const before = logDeltas(wall).length;
		wall.socket.emit('resume', { lastSeq: a.seq - 1 });
		await wall.until((s) => logDeltas(s).length >= before + 2, 'the replayed pair');
		const next = await barrier(wall);
		expect(logDeltas(wall).slice(before).map((d) => d.seq)).toEqual([a.seq, b.seq, next]);
	});
});
