import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WireRecord } from '$lib/domain/core/protocol';
import type { LiveChange, LiveImage, LiveState } from '$lib/server/live/live-state';
import { createMemoryLiveState } from '$lib/server/live/memory';
import { createRedisLiveState } from '$lib/server/live/redis';

const redisUrl = inject('redisUrl');

function record(id: string, fields: Record<string, unknown> = {}): WireRecord {
	return { id, releasableTo: 'cell', ...fields };
}

function upsert(seq: number, collection: string, id: string, fields: Record<string, unknown> = {}): LiveChange {
	return { seq, collection, op: 'upsert', id, record: record(id, fields) };
}

function remove(seq: number, collection: string, id: string): LiveChange {
	return { seq, collection, op: 'remove', id, record: null };
}

/** Records sorted by id: Redis keeps no order within a collection, and the contract promises none. */
function sorted(image: LiveImage): LiveImage {
	const byId = (a: WireRecord, b: WireRecord) => a.id.localeCompare(b.id);
	const data = Object.entries(image.data).map(([name, records]) => [name, [...records].sort(byId)]);
	return { ...image, data: Object.fromEntries(data) };
}

/** What applying `changes` once, in order, to an empty image must produce. */
function fold(changes: readonly LiveChange[]): Record<string, WireRecord[]> {
	const collections = new Map<string, Map<string, WireRecord>>();
	for (const change of changes) {
		let records = collections.get(change.collection);
		if (!records) collections.set(change.collection, (records = new Map()));
		if (change.op === 'remove') records.delete(change.id);
		else if (change.record) records.set(change.id, change.record);
	}
	return Object.fromEntries(Array.from(collections, ([name, records]) => [name, [...records.values()]]));
}

/** A log of `count` changes churning ten tracks: updates mostly, a remove every seventh. */
function churn(count: number): LiveChange[] {
	return Array.from({ length: count }, (_, i) => {
		const seq = i + 1;
		const id = `track-${seq % 10}`;
		return seq % 7 === 0 ? remove(seq, 'tracks', id) : upsert(seq, 'tracks', id, { version: seq });
	});
}

const BUILT: LiveImage = {
	epoch: 'epoch-1',
	seq: 10,
	data: {
		'log-entries': [
			record('entry-1', { text: 'Ship sighted', tags: ['sea'] }),
			record('entry-2', { text: 'Contact lost', releasableTo: 'coalition' })
		],
		tracks: [record('track-1', { position: { lat: 51.5, lon: -0.12 }, releasableTo: ['FRA', 'GBR'] })]
	}
};

interface Harness {
	/** A new, empty state of its own. */
	open(): Promise<LiveState>;
	/** Another handle on the same state, as a second server process would have. */
	peer(state: LiveState): Promise<LiveState>;
}

/** What every LiveState must do; run once per implementation. */
function liveStateContract(harness: Harness) {
	const opened: LiveState[] = [];
	const open = async () => {
		const state = await harness.open();
		opened.push(state);
		return state;
	};
	const peer = async (state: LiveState) => {
		const other = await harness.peer(state);
		opened.push(other);
		return other;
	};
	afterEach(async () => {
		await Promise.all(opened.splice(0).map((state) => state.close()));
	});

	it('has no position and an empty image before it is built', async () => {
		const state = await open();
		expect(await state.position()).toBeNull();
		expect(await state.snapshot()).toEqual({ epoch: '', seq: 0, data: {} });
	});

	it('refuses to apply changes before it is built via replace()', async () => {
		const state = await open();
		await expect(state.apply([upsert(1, 'tracks', 'track-1')])).rejects.toThrow(/replace\(\)/);
		expect(await state.position()).toBeNull();
	});

	it('returns exactly the image it was built from, at its epoch and seq', async () => {
		const state = await open();
		await state.replace(BUILT);
		expect(await state.position()).toEqual({ epoch: 'epoch-1', seq: 10 });
		expect(sorted(await state.snapshot())).toEqual(sorted(BUILT));
	});

	it('keeps a collection the image lists as empty, as an empty list', async () => {
		const state = await open();
		await state.replace({ epoch: 'epoch-1', seq: 0, data: { 'log-entries': [] } });
		expect(await state.snapshot()).toEqual({ epoch: 'epoch-1', seq: 0, data: { 'log-entries': [] } });
	});

	it('drops every record and collection the new image lacks when replaced', async () => {
		const state = await open();
		await state.replace(BUILT);
		await state.apply([upsert(11, 'alerts', 'alert-1')]);
		const rebuilt: LiveImage = { epoch: 'epoch-2', seq: 3, data: { tracks: [record('track-9')] } };
		await state.replace(rebuilt);
		expect(await state.position()).toEqual({ epoch: 'epoch-2', seq: 3 });
		expect(await state.snapshot()).toEqual(rebuilt);
	});

	it('applies upserts, updates and removes in seq order and returns the new seq', async () => {
		const state = await open();
		await state.replace(BUILT);
		const seq = await state.apply([
			upsert(11, 'tracks', 'track-2', { speed: 12 }),
			upsert(12, 'tracks', 'track-1', { speed: 3 }),
			remove(13, 'log-entries', 'entry-1'),
			upsert(14, 'alerts', 'alert-1', { level: 'high' }),
			upsert(15, 'tracks', 'track-2', { speed: 14 })
		]);
		expect(seq).toBe(15);
		expect(await state.position()).toEqual({ epoch: 'epoch-1', seq: 15 });
		expect(sorted(await state.snapshot())).toEqual({
			epoch: 'epoch-1',
			seq: 15,
			data: {
				'log-entries': [BUILT.data['log-entries']![1]],
				tracks: [record('track-1', { speed: 3 }), record('track-2', { speed: 14 })],
				alerts: [record('alert-1', { level: 'high' })]
			}
		});
	});

	it('applies the same batch twice as if once: changes at or below its seq are skipped', async () => {
		const state = await open();
		await state.replace(BUILT);
		const batch = [
			upsert(11, 'tracks', 'track-2', { speed: 1 }),
			upsert(12, 'tracks', 'track-2', { speed: 2 }),
			remove(13, 'tracks', 'track-1')
		];
		expect(await state.apply(batch)).toBe(13);
		const once = await state.snapshot();
		expect(await state.apply(batch)).toBe(13);
		expect(await state.apply([batch[0]!])).toBe(13);
		expect(await state.snapshot()).toEqual(once);
		expect(once.data.tracks).toEqual([record('track-2', { speed: 2 })]);
	});

	it('ignores changes at or below the seq it was built at', async () => {
		const state = await open();
		await state.replace(BUILT);
		expect(await state.apply([remove(9, 'tracks', 'track-1'), upsert(10, 'tracks', 'track-5')])).toBe(10);
		expect(sorted(await state.snapshot())).toEqual(sorted(BUILT));
	});

	it('skips the already-applied head of an overlapping batch and applies its tail', async () => {
		const state = await open();
		await state.replace({ epoch: 'epoch-1', seq: 0, data: {} });
		const log = churn(30);
		await state.apply(log.slice(0, 20));
		expect(await state.apply(log.slice(10, 30))).toBe(30);
		expect(sorted(await state.snapshot())).toEqual(sorted({ epoch: 'epoch-1', seq: 30, data: fold(log) }));
	});

	it('keeps its seq when given an empty batch', async () => {
		const state = await open();
		await state.replace(BUILT);
		expect(await state.apply([])).toBe(10);
		expect(await state.position()).toEqual({ epoch: 'epoch-1', seq: 10 });
	});

	it('treats removing a record it does not hold as a no-op that still advances the seq', async () => {
		const state = await open();
		await state.replace(BUILT);
		expect(await state.apply([remove(11, 'tracks', 'track-404'), remove(12, 'nowhere', 'x')])).toBe(12);
		expect(sorted(await state.snapshot())).toEqual(sorted({ ...BUILT, seq: 12 }));
	});

	it('applies nothing from a batch holding an upsert without a record', async () => {
		const state = await open();
		await state.replace(BUILT);
		const broken: LiveChange = { seq: 12, collection: 'tracks', op: 'upsert', id: 'track-3', record: null };
		await expect(state.apply([upsert(11, 'tracks', 'track-2'), broken])).rejects.toThrow(/seq 12/);
		expect(sorted(await state.snapshot())).toEqual(sorted(BUILT));
	});

	it('accepts changes numbered from the new image after a rebuild at a lower seq', async () => {
		const state = await open();
		await state.replace(BUILT);
		await state.replace({ epoch: 'epoch-2', seq: 2, data: {} });
		expect(await state.apply([upsert(3, 'tracks', 'track-1')])).toBe(3);
		expect(await state.snapshot()).toEqual({ epoch: 'epoch-2', seq: 3, data: { tracks: [record('track-1')] } });
	});

	it('round-trips large seqs exactly', async () => {
		const state = await open();
		const seq = Number.MAX_SAFE_INTEGER - 10;
		await state.replace({ epoch: 'epoch-1', seq, data: {} });
		expect(await state.apply([upsert(seq + 1, 'tracks', 'track-1'), upsert(seq + 9, 'tracks', 'track-2')])).toBe(seq + 9);
		expect(await state.position()).toEqual({ epoch: 'epoch-1', seq: seq + 9 });
	});

	it('cannot be changed through the objects it was given or returned', async () => {
		const state = await open();
		const image = structuredClone(BUILT);
		await state.replace(image);
		const change = upsert(11, 'tracks', 'track-2', { speed: 5 });
		await state.apply([change]);
		const before = sorted(await state.snapshot());

		image.data.tracks!.push(record('track-intruder'));
		image.data['log-entries']![0]!.text = 'edited input';
		change.record!.speed = 500;
		const snapshot = await state.snapshot();
		snapshot.seq = 999;
		snapshot.data.tracks!.length = 0;
		snapshot.data['log-entries']![0]!.text = 'edited output';
		delete snapshot.data['log-entries'];
		const position = await state.position();
		position!.seq = 999;

		expect(sorted(await state.snapshot())).toEqual(before);
		expect(await state.position()).toEqual({ epoch: 'epoch-1', seq: 11 });
	});

	it('serves only consistent images while another process applies batches', async () => {
		const writer = await open();
		const reader = await peer(writer);
		await writer.replace({ epoch: 'epoch-1', seq: 0, data: {} });
		// Each batch moves two collections together; a torn read would show them apart.
		const batches = Array.from({ length: 40 }, (_, i) => [
			upsert(2 * i + 1, 'left', 'pair', { n: i + 1 }),
			upsert(2 * i + 2, 'right', 'pair', { n: i + 1 })
		]);
		const images: LiveImage[] = [];
		const writing = (async () => {
			for (const batch of batches) await writer.apply(batch);
		})();
		const reading = (async () => {
			for (let i = 0; i < 40; i++) images.push(await reader.snapshot());
		})();
		await Promise.all([writing, reading]);
		images.push(await reader.snapshot());
		for (const image of images) {
			expect(image.seq % 2).toBe(0);
			const n = image.seq / 2;
			expect(image.data).toEqual(n === 0 ? {} : { left: [record('pair', { n })], right: [record('pair', { n })] });
		}
		expect(images.at(-1)!.seq).toBe(80);
	});

	it('ends identical when two processes apply overlapping batches of one log concurrently', async () => {
		const first = await open();
		const second = await peer(first);
		await first.replace({ epoch: 'epoch-1', seq: 0, data: {} });
		const log = churn(200);
		// Each process replays the whole log in its own batch sizes, as two tailers would.
		const tail = async (state: LiveState, size: number) => {
			for (let i = 0; i < log.length; i += size) await state.apply(log.slice(i, i + size));
		};
		await Promise.all([tail(first, 7), tail(second, 11)]);
		const expected = sorted({ epoch: 'epoch-1', seq: 200, data: fold(log) });
		expect(sorted(await first.snapshot())).toEqual(expected);
		expect(sorted(await second.snapshot())).toEqual(expected);
	});

	it('answers ping while open and fails it once closed', async () => {
		const state = await open();
		await expect(state.ping()).resolves.toBeUndefined();
		await state.close();
		await expect(state.ping()).rejects.toThrow();
	});
}

describe('memory live state', () => {
	liveStateContract({ open: async () => createMemoryLiveState(), peer: async (state) => state });

	it('lists records in the order they were first written', async () => {
		const state = createMemoryLiveState();
		await state.replace({ epoch: 'epoch-1', seq: 0, data: { tracks: [record('b'), record('a')] } });
		await state.apply([upsert(1, 'tracks', 'c'), upsert(2, 'tracks', 'b', { moved: true })]);
		expect((await state.snapshot()).data.tracks!.map((r) => r.id)).toEqual(['b', 'a', 'c']);
	});
});

describe.skipIf(!redisUrl)('redis live state', () => {
	const url = redisUrl ?? ''; // the suite is skipped when Redis is unavailable
	const runPrefix = `wf:test:${randomBytes(6).toString('hex')}:`;
	let prefixes = 0;
	const nextPrefix = () => `${runPrefix}${++prefixes}:`;
	const prefixOf = new WeakMap<LiveState, string>();
	const admin = createClient({ url });
	const owned: LiveState[] = [];

	async function openAt(prefix: string) {
		const state = await createRedisLiveState({ url, prefix });
		prefixOf.set(state, prefix);
		return state;
	}

	async function keysUnder(pattern: string) {
		const keys: string[] = [];
		for await (const batch of admin.scanIterator({ MATCH: pattern, COUNT: 500 })) keys.push(...batch);
		return keys.sort();
	}

	beforeAll(async () => {
		await admin.connect();
	});

	afterEach(async () => {
		await Promise.all(owned.splice(0).map((state) => state.close()));
	});

	afterAll(async () => {
		for await (const batch of admin.scanIterator({ MATCH: `${runPrefix}*`, COUNT: 500 })) {
			if (batch.length > 0) await admin.del(batch);
		}
		await admin.close();
	});

	liveStateContract({
		open: () => openAt(nextPrefix()),
		peer: (state) => openAt(prefixOf.get(state)!)
	});

	it('shows two instances on the same prefix the same state', async () => {
		const prefix = nextPrefix();
		const first = await openAt(prefix);
		const second = await openAt(prefix);
		owned.push(first, second);
		await first.replace(BUILT);
		expect(sorted(await second.snapshot())).toEqual(sorted(BUILT));
		await second.apply([upsert(11, 'tracks', 'track-2')]);
		expect(await first.position()).toEqual({ epoch: 'epoch-1', seq: 11 });
		expect(sorted(await first.snapshot())).toEqual(sorted(await second.snapshot()));
	});

	it('keeps states under different prefixes apart', async () => {
		const first = await openAt(nextPrefix());
		const second = await openAt(nextPrefix());
		owned.push(first, second);
		await first.replace(BUILT);
		expect(await second.position()).toBeNull();
		await second.replace({ epoch: 'other', seq: 1, data: {} });
		expect(sorted(await first.snapshot())).toEqual(sorted(BUILT));
	});

	it('writes only keys under <prefix>live: and leaves none behind for dropped collections', async () => {
		const prefix = nextPrefix();
		const state = await openAt(prefix);
		owned.push(state);
		await state.replace(BUILT);
		await state.apply([upsert(11, 'alerts', 'alert-1')]);
		expect(await keysUnder(`${prefix}*`)).toEqual(
			['pos', 'collections', 'c:log-entries', 'c:tracks', 'c:alerts'].map((key) => `${prefix}live:${key}`).sort()
		);
		await state.replace({ epoch: 'epoch-2', seq: 0, data: { tracks: [record('track-1')] } });
		expect(await keysUnder(`${prefix}*`)).toEqual(
			['pos', 'collections', 'c:tracks'].map((key) => `${prefix}live:${key}`).sort()
		);
	});

	it('refuses ping and every call against a dead port as offline, instead of queueing them until it connects', async () => {
		const state = await createRedisLiveState({ url: 'redis://127.0.0.1:1', prefix: nextPrefix() });
		owned.push(state);
		// Refused by the client (no offline queue), not given up on by a timeout: nothing waits on a dead Redis.
		await expect(state.ping()).rejects.toThrow('The client is offline');
		await expect(state.snapshot()).rejects.toThrow('The client is offline');
		await expect(state.apply([])).rejects.toThrow('The client is offline');
	});
});
