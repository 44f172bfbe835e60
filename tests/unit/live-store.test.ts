import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandAck, Delta, Snapshot, WireRecord } from '$lib/domain/core/protocol';
import { applyDeltas, applySnapshot, EMPTY_LIVE_DATA, recordsOf, type LiveData } from '$lib/client/live-store';
import { CommandTimeoutError, LiveConnection, newCommandId, type LiveSocket } from '$lib/client/live.svelte';

const entry = (id: string, text = `entry ${id}`): WireRecord => ({ id, text, releasableTo: 'cell' });

const snapshot = (seq: number, records: WireRecord[], epoch = 'e1'): Snapshot => ({
	seq,
	epoch,
	viewer: null,
	data: { 'log-entries': records },
	kpis: { entries: records.length }
});

const upsert = (seq: number, record: WireRecord, collection = 'log-entries'): Delta => ({
	seq,
	collection,
	op: 'upsert',
	id: record.id,
	record
});
const remove = (seq: number, id: string, collection = 'log-entries'): Delta => ({ seq, collection, op: 'remove', id });

/** One at a time, as a screen on a quiet log gets them. */
function applyAll(state: LiveData, deltas: Delta[]): LiveData {
	return deltas.reduce((s, d) => applyDeltas(s, [d]).state, state);
}

const texts = (state: LiveData) => recordsOf(state, 'log-entries').map((r) => r.text);

describe('live store', () => {
	it('applies a snapshot, then deltas in seq order', () => {
		let state = applySnapshot(EMPTY_LIVE_DATA, snapshot(10, [entry('a'), entry('b')]));
		expect(state.seq).toBe(10);
		expect(state.epoch).toBe('e1');
		expect(texts(state)).toEqual(['entry a', 'entry b']);

		// Seqs jump: other deltas went to screens allowed to see them.
		state = applyAll(state, [upsert(11, entry('c')), upsert(14, entry('a', 'a edited'))]);
		expect(state.seq).toBe(14);
		expect(texts(state)).toEqual(['a edited', 'entry b', 'entry c']);
	});

	it('ignores a delta whose seq was already applied, whether duplicate or older', () => {
		let state = applySnapshot(EMPTY_LIVE_DATA, snapshot(10, [entry('a')]));
		state = applyDeltas(state, [upsert(11, entry('b'))]).state;

		const duplicate = applyDeltas(state, [upsert(11, entry('b', 'replayed'))]);
		expect(duplicate.applied).toBe(0);
		expect(duplicate.state).toBe(state);

		const older = applyDeltas(state, [upsert(9, entry('z'))]);
		expect(older.applied).toBe(0);
		const atSnapshot = applyDeltas(state, [remove(10, 'a')]);
		expect(atSnapshot.applied).toBe(0);

		expect(texts(state)).toEqual(['entry a', 'entry b']);
		expect(state.seq).toBe(11);
	});

	it('removes a record, and a removal of an unknown id only moves seq', () => {
		let state = applySnapshot(EMPTY_LIVE_DATA, snapshot(3, [entry('a'), entry('b')]));
		state = applyDeltas(state, [remove(4, 'a')]).state;
		expect(texts(state)).toEqual(['entry b']);
		const unknown = applyDeltas(state, [remove(5, 'nope')]);
		expect(unknown.applied).toBe(1);
		expect(unknown.state.seq).toBe(5);
		expect(texts(unknown.state)).toEqual(['entry b']);
	});

	it('replaces everything with a new snapshot, including a new epoch with a lower seq', () => {
		let state = applySnapshot(EMPTY_LIVE_DATA, snapshot(50, [entry('a'), entry('b')]));
		state = applyDeltas(state, [upsert(51, entry('c'))]).state;

		state = applySnapshot(state, snapshot(2, [entry('x')], 'e2'));
		expect(state.epoch).toBe('e2');
		expect(state.seq).toBe(2);
		expect(texts(state)).toEqual(['entry x']);
		expect(state.kpis).toEqual({ entries: 1 });
		// The old seq means nothing in the new epoch: seq 3 is new.
		expect(applyDeltas(state, [upsert(3, entry('y'))]).applied).toBe(1);
	});

	it('drops collections absent from a new snapshot', () => {
		let state = applySnapshot(EMPTY_LIVE_DATA, { seq: 1, epoch: 'e1', viewer: null, data: { sectors: [entry('s1')] }, kpis: {} });
		state = applySnapshot(state, snapshot(2, []));
		expect(recordsOf(state, 'sectors')).toEqual([]);
	});

	it('keeps deltas that come before the first snapshot and applies the newer ones on top of it', () => {
		let state = applyAll(EMPTY_LIVE_DATA, [upsert(12, entry('late')), upsert(9, entry('old'))]);
		expect(state.epoch).toBeNull();
		expect(texts(state)).toEqual([]);

		state = applySnapshot(state, snapshot(10, [entry('a')]));
		expect(texts(state)).toEqual(['entry a', 'entry late']);
		expect(state.seq).toBe(12);
		expect(state.early).toEqual([]);
	});

	it('applies kpi deltas to the kpis, not to a collection', () => {
		let state = applySnapshot(EMPTY_LIVE_DATA, snapshot(1, []));
		state = applyDeltas(state, [{ seq: 2, collection: 'kpis', op: 'upsert', id: 'entries', record: { id: 'entries', releasableTo: 'cell', value: 7 } }]).state;
		expect(state.kpis.entries).toEqual({ id: 'entries', releasableTo: 'cell', value: 7 });
		expect(state.collections.kpis).toBeUndefined();
	});

	it('applies a burst as one step, with the same outcome as one delta at a time', () => {
		const start = applySnapshot(EMPTY_LIVE_DATA, { ...snapshot(10, [entry('a'), entry('b')]), data: { 'log-entries': [entry('a'), entry('b')], sectors: [entry('s1')] } });
		const burst: Delta[] = [
			upsert(11, entry('c')),
			upsert(9, entry('old')),
			{ seq: 12, collection: 'kpis', op: 'upsert', id: 'entries', record: { id: 'entries', releasableTo: 'cell', value: 3 } },
			remove(13, 'a'),
			upsert(13, entry('duplicate seq')),
			upsert(14, entry('b', 'b edited'))
		];
		const { state, applied } = applyDeltas(start, burst);
		expect(applied).toBe(4);
		expect(state).toEqual(applyAll(start, burst));
		expect(texts(state)).toEqual(['b edited', 'entry c']);
		expect(state.seq).toBe(14);
		// Collections the burst did not touch are shared, not copied; the given state is left as it was.
		expect(state.collections.sectors).toBe(start.collections.sectors);
		expect(texts(start)).toEqual(['entry a', 'entry b']);
		expect(start.seq).toBe(10);
	});

	it('does not change the state it was given', () => {
		const before = applySnapshot(EMPTY_LIVE_DATA, snapshot(1, [entry('a')]));
		const after = applyAll(before, [upsert(2, entry('b')), remove(3, 'a')]);
		expect(texts(before)).toEqual(['entry a']);
		expect(texts(after)).toEqual(['entry b']);
	});
});

/** Just enough of a socket.io client socket to drive LiveConnection from a test. */
class FakeSocket {
	connected = false;
	active = true;
	handlers = new Map<string, ((...args: never[]) => void)[]>();
	sent: { event: string; command: { type: string; id: string; payload: unknown }; ack: (ack: CommandAck) => void }[] = [];
	auth: ((cb: (data: object) => void) => void) | undefined;
	io = { engine: { close: () => this.drop('transport close') } };

	on(event: string, handler: (...args: never[]) => void) {
		this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
		return this;
	}
	emit(event: string, command: never, ack: never) {
		this.sent.push({ event, command, ack });
		return this;
	}
	removeAllListeners() {
		this.handlers.clear();
		return this;
	}
	disconnect() {
		this.active = false;
		this.drop('io client disconnect');
		return this;
	}
	connect() {
		this.active = true;
		return this;
	}
	fire(event: string, ...args: unknown[]) {
		for (const h of this.handlers.get(event) ?? []) (h as (...a: unknown[]) => void)(...args);
	}
	handshake(): object {
		let data: object = {};
		this.auth?.((d) => (data = d));
		return data;
	}
	up() {
		this.connected = true;
		this.fire('connect');
	}
	drop(reason: string) {
		if (!this.connected) return;
		this.connected = false;
		this.fire('disconnect', reason);
	}
}

describe('live connection', () => {
	let socket: FakeSocket;
	let live: LiveConnection;

	beforeEach(() => {
		vi.useFakeTimers();
		socket = new FakeSocket();
		live = new LiveConnection({
			commandTimeoutMs: 5_000,
			createSocket: (_uri, options) => {
				socket.auth = options.auth as FakeSocket['auth'];
				return socket as unknown as LiveSocket;
			}
		});
		live.connect();
	});
	afterEach(() => {
		live.disconnect();
		vi.useRealTimers();
	});

	it('goes live on the snapshot and resumes from its seq and epoch after a drop', () => {
		expect(live.status).toBe('connecting');
		expect(socket.handshake()).toEqual({});
		socket.up();
		expect(live.status).toBe('connecting');
		socket.fire('snapshot', snapshot(7, [entry('a')]));
		expect(live.status).toBe('live');
		expect(live.lastUpdateAt).toBeInstanceOf(Date);
		socket.fire('delta', upsert(9, entry('b')));
		expect(live.records('log-entries').map((e) => e.id)).toEqual(['a', 'b']);

		socket.drop('transport close');
		expect(live.status).toBe('resuming');
		expect(socket.handshake()).toEqual({ lastSeq: 9, epoch: 'e1' });
		socket.up();
		expect(live.status).toBe('live');
	});

	it('applies a burst of deltas in a few steps, none lost, and resumes after the last one received', () => {
		socket.up();
		socket.fire('snapshot', snapshot(1, []));
		const ids = Array.from({ length: 10_000 }, (_, i) => `r${i}`);
		const seen = new Set<unknown>();
		ids.forEach((id, i) => {
			socket.fire('delta', upsert(2 + i, entry(id)));
			seen.add(live.records('log-entries').length);
		});
		// The first is shown at once; the rest of the burst is held for the next step, not applied one by one.
		expect(live.records('log-entries').map((e) => e.id)).toEqual(['r0']);
		expect([...seen]).toEqual([1]);
		// A reconnect in the middle of the burst asks for what came after the last delta received.
		expect(socket.handshake()).toEqual({ lastSeq: 10_001, epoch: 'e1' });
		expect(live.records('log-entries').map((e) => e.id)).toEqual(ids);

		socket.fire('delta', upsert(10_002, entry('next')));
		vi.runOnlyPendingTimers();
		expect(live.seq).toBe(10_002);
		vi.runOnlyPendingTimers();
		// Quiet again: the next delta is shown at once.
		socket.fire('delta', upsert(10_003, entry('after')));
		expect(live.seq).toBe(10_003);
	});

	it('tells a listener each change new to the picture once, never what a snapshot brings or a repeat', () => {
		const told: number[][] = [];
		const stop = live.onDeltas((deltas) => told.push(deltas.map((d) => d.seq)));
		socket.up();
		socket.fire('delta', upsert(3, entry('early')));
		socket.fire('snapshot', snapshot(5, [entry('a')]));
		socket.fire('delta', upsert(6, entry('b')));
		socket.fire('delta', upsert(6, entry('b')));
		socket.fire('delta', upsert(7, entry('c')));
		vi.runOnlyPendingTimers();
		// In the batches they were applied in (the repeat of 6 held with 7).
		expect(told.flat()).toEqual([6, 7]);
		stop();
		socket.fire('delta', upsert(8, entry('d')));
		vi.runOnlyPendingTimers();
		expect(told.flat()).toEqual([6, 7]);
	});

	it('shows held deltas before a command resolves and before a snapshot replaces them', async () => {
		socket.up();
		socket.fire('snapshot', snapshot(1, []));
		socket.fire('delta', upsert(2, entry('first')));
		const result = live.send('log-entries.create', { text: 'mine' });
		socket.fire('delta', upsert(3, entry('mine')));
		expect(live.has('log-entries', 'mine')).toBe(false);
		socket.sent[0]!.ack({ ok: true, seq: 3, record: entry('mine') });
		await result;
		expect(live.has('log-entries', 'mine')).toBe(true);

		socket.fire('delta', upsert(4, entry('covered')));
		socket.fire('snapshot', snapshot(5, [entry('x')], 'e1'));
		expect(live.records('log-entries').map((e) => e.id)).toEqual(['x']);
		expect(live.seq).toBe(5);
	});

	it('says offline after repeated failed reconnection attempts', () => {
		socket.up();
		socket.fire('snapshot', snapshot(1, []));
		socket.drop('ping timeout');
		socket.fire('connect_error', new Error('xhr poll error'));
		socket.fire('connect_error', new Error('xhr poll error'));
		expect(live.status).toBe('resuming');
		socket.fire('connect_error', new Error('xhr poll error'));
		expect(live.status).toBe('offline');
		socket.up();
		expect(live.status).toBe('live');
	});

	it('resolves a command with its acknowledgement', async () => {
		socket.up();
		const result = live.send('log-entries.create', { text: 'hello' });
		expect(socket.sent).toHaveLength(1);
		const { command, ack } = socket.sent[0]!;
		expect(command.type).toBe('log-entries.create');
		expect(command.payload).toEqual({ text: 'hello' });
		expect(command.id.length).toBeGreaterThanOrEqual(8);
		ack({ ok: true, seq: 3, record: entry('n') });
		await expect(result).resolves.toEqual({ ok: true, seq: 3, record: entry('n') });
		expect(live.pendingCount).toBe(0);
	});

	it('re-sends an unacknowledged command after a reconnect with the same id', async () => {
		socket.up();
		const result = live.send('log-entries.create', { text: 'hello' }, { id: 'key-12345678' });
		socket.drop('transport close');
		socket.up();
		expect(socket.sent.map((s) => s.command.id)).toEqual(['key-12345678', 'key-12345678']);
		socket.sent[1]!.ack({ ok: true, seq: 4, record: entry('n') });
		// A late answer to the first attempt must not resolve twice or throw.
		socket.sent[0]!.ack({ ok: true, seq: 4, record: entry('n') });
		await expect(result).resolves.toMatchObject({ ok: true, seq: 4 });
	});

	it('holds a command sent while disconnected until the socket is up', () => {
		live.send('log-entries.create', { text: 'queued' }).catch(() => {});
		expect(socket.sent).toHaveLength(0);
		socket.up();
		expect(socket.sent).toHaveLength(1);
	});

	it('rejects with a clear timeout error when no answer comes', async () => {
		socket.up();
		const result = live.send('log-entries.create', { text: 'hello' }, { id: 'key-timeout' });
		const assertion = expect(result).rejects.toBeInstanceOf(CommandTimeoutError);
		vi.advanceTimersByTime(5_000);
		await assertion;
		await expect(result).rejects.toThrow(/did not confirm within 5 s/);
		expect(live.pendingCount).toBe(0);
	});

	it('shares one promise when the same id is sent twice while in flight', () => {
		socket.up();
		const a = live.send('log-entries.create', { text: 'x' }, { id: 'same-id-123' });
		a.catch(() => {});
		const b = live.send('log-entries.create', { text: 'x' }, { id: 'same-id-123' });
		expect(b).toBe(a);
		expect(socket.sent).toHaveLength(1);
	});

	it('forgets the picture on disconnect, so a next user never starts from what the last one saw', () => {
		socket.up();
		socket.fire('snapshot', snapshot(7, [entry('a')]));
		live.disconnect();
		expect(live.ready).toBe(false);
		expect(live.records('log-entries')).toEqual([]);
		expect(live.lastUpdateAt).toBeNull();
		expect(live.status).toBe('offline');
	});

	it('reconnects through the transport when the server announces a planned shutdown', () => {
		socket.up();
		socket.fire('snapshot', snapshot(1, []));
		socket.fire('reconnect', { reason: 'shutdown' });
		expect(socket.connected).toBe(false);
		expect(live.status).toBe('resuming');
	});
});

describe('newCommandId', () => {
	const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

	it('makes distinct v4 UUIDs', () => {
		const ids = new Set(Array.from({ length: 100 }, newCommandId));
		expect(ids.size).toBe(100);
		for (const id of ids) expect(id).toMatch(UUID_V4);
	});

	it('works where randomUUID is missing (plain http is not a secure context)', () => {
		const real = globalThis.crypto;
		vi.stubGlobal('crypto', { getRandomValues: (array: Uint8Array<ArrayBuffer>) => real.getRandomValues(array) });
		try {
			expect(newCommandId()).toMatch(UUID_V4);
		} finally {
			vi.unstubAllGlobals();
		}
	});
});
