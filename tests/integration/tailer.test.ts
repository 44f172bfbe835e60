import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '$lib/server/db/client';
import { commitWithEvents, lastSeq, type EventRow } from '$lib/server/events';
import type { LiveChange, LiveState } from '$lib/server/live/live-state';
import { createMemoryLiveState } from '$lib/server/live/memory';
import { createLogger } from '$lib/server/logger';
import { HOLD_MAX_MS, HOLD_PER_EVENT_MS, LogTailer } from '$lib/server/realtime/tailer';

/**
 * The tailer hands each batch of the log to the screens first and writes live state behind them:
 * a slow or failed write to live state never holds back the next broadcast, writes stay in order,
 * and none lands after a failed one until live state is rebuilt. Under load, it batches more.
 */

let database: Database;

beforeAll(async () => {
	database = await openDatabase({ dataDir: 'memory://' });
});
afterAll(async () => {
	await database?.close();
});

const actorId = randomUUID();
async function logged(text: string): Promise<number> {
	const id = randomUUID();
	const { logged } = await commitWithEvents(database.db, async () => ({
		value: null,
		batch: [{ name: 'log-entries.created', collection: 'log-entries', entityId: id, op: 'upsert' as const, record: { id, text, releasableTo: 'cell' }, releasableTo: 'cell' as const, previousReleasableTo: null, actorId, actorName: 'tailer test', actorNation: 'FRA', idempotencyKey: null, requestHash: null }]
	}));
	return logged[0]!.seq;
}

/** Memory live state whose writes wait until let through (or fail), counting them. */
function heldLiveState() {
	const inner = createMemoryLiveState();
	const writes: LiveChange[][] = [];
	let release: (() => void) | null = null;
	let failNext = false;
	const live: LiveState = {
		...inner,
		async apply(changes) {
			writes.push([...changes]);
			await new Promise<void>((resolve) => (release = resolve));
			if (failNext) {
				failNext = false;
				throw new Error('redis went away');
			}
			return inner.apply(changes);
		}
	};
	return {
		live,
		inner,
		writes,
		letThrough: () => release?.(),
		failNextWrite: () => (failNext = true)
	};
}

/** A tailer from where the log stands now. */
async function tailerOver(live: LiveState) {
	const tailer = new LogTailer(database.logReader, live, createLogger('silent'), await lastSeq(database.db));
	const broadcast: EventRow[] = [];
	tailer.setSink((rows) => broadcast.push(...rows));
	return { tailer, broadcast };
}

it('broadcasts the next batches while live state is still being written, then writes them in one go, in order', async () => {
	const held = heldLiveState();
	await held.inner.replace({ epoch: 'e', seq: 0, data: {} });
	const { tailer, broadcast } = await tailerOver(held.live);
	const first = await logged('first');
	expect(await tailer.waitFor(first)).toBe(true);
	expect(held.writes).toHaveLength(1);

	// The first write hangs; two more commands are broadcast meanwhile.
	const second = await logged('second');
	const third = await logged('third');
	expect(await tailer.waitFor(third)).toBe(true);
	expect(broadcast.map((row) => row.seq)).toEqual([first, second, third]);
	expect(held.writes).toHaveLength(1);

	held.letThrough();
	await expect.poll(() => held.writes.length).toBe(2);
	expect(held.writes[1]!.map((change) => change.seq)).toEqual([second, third]);
	held.letThrough();
	await tailer.stop();
	const image = await held.inner.snapshot();
	expect(image.seq).toBe(third);
	expect(image.data['log-entries']!.map((record) => record.text).sort()).toEqual(['first', 'second', 'third']);
});

it('writes nothing more to live state after a failed write until it is rebuilt, and keeps broadcasting', async () => {
	const held = heldLiveState();
	await held.inner.replace({ epoch: 'e', seq: 0, data: {} });
	const { tailer, broadcast } = await tailerOver(held.live);
	const failures: unknown[] = [];
	tailer.onLiveFailure((error) => failures.push(error));

	held.failNextWrite();
	const lost = await logged('lost');
	expect(await tailer.waitFor(lost)).toBe(true);
	held.letThrough();
	await expect.poll(() => failures.length).toBe(1);
	expect(tailer.liveBroken).toBe(true);

	const meanwhile = await logged('meanwhile');
	expect(await tailer.waitFor(meanwhile)).toBe(true);
	expect(broadcast.at(-1)!.seq).toBe(meanwhile);
	// Written over the lost batch, it would leave a hole no seq reveals.
	expect(held.writes).toHaveLength(1);

	await tailer.exclusive(async () => tailer.liveRebuilt());
	const after = await logged('after the rebuild');
	expect(await tailer.waitFor(after)).toBe(true);
	await expect.poll(() => held.writes.length).toBe(2);
	expect(held.writes[1]!.map((change) => change.seq)).toEqual([after]);
	held.letThrough();
	await tailer.stop();
});

it('brings screens up to a publication between events first: the events below its seqs, then the publication', async () => {
	const live = createMemoryLiveState();
	await live.replace({ epoch: 'e', seq: 0, data: {} });
	const { tailer } = await tailerOver(live);
	// Logged, but not yet read: nothing told the tailer.
	const unread = [await logged('one'), await logged('two')];
	const order: string[] = [];
	tailer.setSink((rows) => order.push(...rows.map((row) => `event ${row.seq}`)));
	let published: readonly number[] = [];
	await tailer.publishBetweenEvents(
		() => 2,
		(seqs) => {
			published = seqs;
			order.push(...seqs.map((seq) => `publication ${seq}`));
		}
	);
	expect(published).toHaveLength(2);
	expect(published[0]).toBeGreaterThan(unread[1]!);
	expect(order).toEqual([...unread.map((seq) => `event ${seq}`), ...published.map((seq) => `publication ${seq}`)]);
	expect(tailer.cursor).toBe(published[1]);
	await tailer.stop();
});

it('under load holds the next read a little, so the events of the meantime reach the screens as one batch; a lone event goes at once', async () => {
	const live = createMemoryLiveState();
	await live.replace({ epoch: 'e', seq: 0, data: {} });
	const { tailer } = await tailerOver(live);
	const batches: number[][] = [];
	tailer.setSink((rows) => batches.push(rows.map((row) => row.seq)));
	const busy = HOLD_MAX_MS / HOLD_PER_EVENT_MS + 1;
	// A busy floor: a batch of `busy` events, so the next read waits the longest hold.
	const burst: number[] = [];
	for (let i = 0; i < busy; i++) burst.push(await logged(`burst ${i}`));
	expect(await tailer.waitFor(burst.at(-1)!)).toBe(true);
	// Three commands during the hold, each telling the tailer (as a commit's NOTIFY does).
	const during: number[] = [];
	for (let i = 0; i < 3; i++) {
		during.push(await logged(`during ${i}`));
		tailer.poke();
	}
	expect(await tailer.waitFor(during.at(-1)!)).toBe(true);
	expect(batches).toEqual([burst, during]);

	// A quiet floor: once the hold is over, every lone event is a batch of its own.
	await new Promise((resolve) => setTimeout(resolve, HOLD_MAX_MS));
	const lone = [await logged('lone 1')];
	expect(await tailer.waitFor(lone[0]!)).toBe(true);
	lone.push(await logged('lone 2'));
	expect(await tailer.waitFor(lone[1]!)).toBe(true);
	expect(batches.slice(2)).toEqual([[lone[0]], [lone[1]]]);
	await tailer.stop();
});

it('makes a publication between events with the next read, after the hold: the events of the meantime and the publication go out together', async () => {
	const live = createMemoryLiveState();
	await live.replace({ epoch: 'e', seq: 0, data: {} });
	const { tailer } = await tailerOver(live);
	const order: string[] = [];
	tailer.setSink((rows) => order.push(rows.map((row) => `events ${row.seq}`).join(', ')));
	const busy = HOLD_MAX_MS / HOLD_PER_EVENT_MS + 1;
	const burst: number[] = [];
	for (let i = 0; i < busy; i++) burst.push(await logged(`burst ${i}`));
	expect(await tailer.waitFor(burst.at(-1)!)).toBe(true);
	// During the hold: an event, the publication asked for, and another event after it.
	const before = await logged('before the publication');
	let published: readonly number[] = [];
	const publication = tailer.publishBetweenEvents(
		() => 1,
		(seqs) => {
			published = seqs;
			order.push(`publication ${seqs[0]}`);
		}
	);
	const after = await logged('after it was asked for');
	await publication;
	expect(order).toEqual([burst.map((seq) => `events ${seq}`).join(', '), `events ${before}, events ${after}`, `publication ${published[0]}`]);
	expect(published[0]).toBeGreaterThan(after);
	expect(tailer.cursor).toBe(published[0]);
	await tailer.stop();
});

