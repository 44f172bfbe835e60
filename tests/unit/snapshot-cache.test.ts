import { describe, expect, it, vi } from 'vitest';
import { viewerOf, type Actor } from '$lib/domain/identity/actor';
import type { Role } from '$lib/domain/identity/roles';
import type { Releasability } from '$lib/domain/core/releasability';
import { createMemoryLiveState } from '$lib/server/live/memory';
import type { LiveState } from '$lib/server/live/live-state';
import { SnapshotCache } from '$lib/server/realtime/snapshots';
import type { SnapshotRecords } from '$lib/server/realtime/deltas';
import { RecentEvents } from '$lib/server/realtime/catch-up';
import type { EventRow } from '$lib/server/events';

const actor = (role: Role, nation: string): Actor => ({ id: `${role}-${nation}`, kind: 'user', username: role, displayName: role, role, nation });
const entry = (seq: number, releasableTo: Releasability) => ({
	seq,
	collection: 'log-entries',
	op: 'upsert' as const,
	id: `e${seq}`,
	record: { id: `e${seq}`, text: `entry ${seq}`, releasableTo }
});

async function liveWith(count: number): Promise<LiveState> {
	const live = createMemoryLiveState();
	await live.replace({ epoch: 'e', seq: 0, data: {} });
	await live.apply(Array.from({ length: count }, (_, i) => entry(i + 1, i % 2 ? 'coalition' : ['DEU'])));
	return live;
}

const noReferences = () => undefined;
const ids = (records: { id: string }[] | undefined) => (records ?? []).map((r) => r.id);
/** The log's events as the tailer hands them to the events kept in memory. */
const logged = (change: ReturnType<typeof entry>): EventRow => ({
	seq: change.seq,
	at: new Date(),
	name: 'log-entries.created',
	collection: change.collection,
	entityId: change.id,
	op: change.op,
	record: change.record,
	releasableTo: change.record.releasableTo,
	previousReleasableTo: null,
	actorId: 'a',
	actorName: 'a',
	actorNation: 'FRA',
	idempotencyKey: null,
	requestHash: null
});
const dataOf = (records: SnapshotRecords | null) => JSON.parse(records!.json) as Record<string, { id: string; text?: string }[]>;

describe('snapshot cache', () => {
	it('serves screens connecting at once from one read, and later ones from it brought forward with the events kept in memory', async () => {
		const live = await liveWith(4);
		const recent = new RecentEvents(3, 4);
		const read = vi.spyOn(live, 'snapshot');
		const cache = new SnapshotCache(live, recent, noReferences, { maxAgeMs: 60_000 });
		const images = await Promise.all([cache.image(4), cache.image(4), cache.image(4)]);
		expect(read).toHaveBeenCalledTimes(1);
		expect(new Set(images).size).toBe(1);
		expect(images[0]!.seq).toBe(4);

		const later = [entry(5, 'cell'), entry(6, 'cell')];
		await live.apply(later);
		recent.add(later.map(logged));
		const image = await cache.image(6);
		expect(image.seq, 'not read again: events 5 and 6 are in memory').toBe(4);
		expect(ids(dataOf(cache.recordsFor(image, viewerOf(actor('officer', 'FRA')), 6))['log-entries']).sort()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);

		// Past what memory keeps (3, trimmed in steps), the image is read again.
		const more = [7, 8, 9, 10].map((seq) => entry(seq, 'cell'));
		await live.apply(more);
		recent.add(more.map(logged));
		expect(recent.spans(4, 10)).toBe(false);
		expect(cache.recordsFor(image, viewerOf(actor('officer', 'FRA')), 10), 'the gap is no longer in memory').toBeNull();
		expect((await cache.image(10)).seq).toBe(10);
		expect(read).toHaveBeenCalledTimes(2);
	});

	it('re-reads an image older than its age limit once something was logged, keeps one nothing was logged since, and never keeps a failed read', async () => {
		const live = await liveWith(1);
		const recent = new RecentEvents(100, 1);
		const cache = new SnapshotCache(live, recent, noReferences, { maxAgeMs: 0 });
		const read = vi.spyOn(live, 'snapshot').mockRejectedValueOnce(new Error('redis away'));
		await expect(cache.image(1)).rejects.toThrow('redis away');
		await cache.image(1);
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect((await cache.image(1)).seq, 'nothing logged since the read: the same image').toBe(1);
		// A KPI publication takes seq 2 and logs nothing.
		const image = await cache.image(2);
		expect(image.seq).toBe(1);
		expect(read).toHaveBeenCalledTimes(2);
		const officer = viewerOf(actor('officer', 'FRA'));
		const serialize = vi.spyOn(JSON, 'stringify');
		expect(cache.recordsFor(image, officer, 1)).toBe(cache.recordsFor(image, officer, 2));
		expect(serialize, 'the same records at seq 1 and 2: serialized once').toHaveBeenCalledTimes(1);
		serialize.mockRestore();

		const later = [entry(3, 'cell')];
		await live.apply(later);
		recent.add(later.map(logged));
		expect((await cache.image(3)).seq, 'too old to bring forward, though the event is in memory').toBe(3);
		expect(read).toHaveBeenCalledTimes(3);
	});

	it('filters and serializes once per audience: the same records for two officers, only what is released for each partner nation', async () => {
		const cache = new SnapshotCache(await liveWith(4), new RecentEvents(100, 4), noReferences);
		const image = await cache.image(4);
		const serialize = vi.spyOn(JSON, 'stringify');
		const logOf = (viewer: Actor | null) => ids(dataOf(cache.recordsFor(image, viewerOf(viewer), 4))['log-entries']);
		expect(logOf(actor('officer', 'FRA'))).toHaveLength(4);
		expect(logOf(actor('leadership', 'USA')), 'the cell shares one copy').toHaveLength(4);
		expect(serialize).toHaveBeenCalledTimes(1);
		serialize.mockRestore();
		expect(logOf(actor('partner', 'DEU')).sort()).toEqual(['e1', 'e2', 'e3', 'e4']);
		expect(logOf(actor('partner', 'POL')).sort()).toEqual(['e2', 'e4']);
		expect(logOf(null)).toEqual([]);
	});

	it('brings a partner forward with what it may see now: a record withdrawn since the image is gone from its snapshot', async () => {
		const live = await liveWith(2);
		const recent = new RecentEvents(100, 2);
		const cache = new SnapshotCache(live, recent, noReferences);
		const image = await cache.image(2);
		const withdrawn = { ...logged(entry(3, 'cell')), entityId: 'e2', record: { id: 'e2', text: 'entry 2', releasableTo: 'cell' as const }, previousReleasableTo: 'coalition' as const };
		recent.add([withdrawn]);
		expect(ids(dataOf(cache.recordsFor(image, viewerOf(actor('partner', 'POL')), 3))['log-entries'])).toEqual([]);
		expect(ids(dataOf(cache.recordsFor(image, viewerOf(actor('officer', 'FRA')), 3))['log-entries'])).toEqual(['e1', 'e2']);
	});

	it('withholds from each audience the sector of a report whose sector is not released to it', async () => {
		const live = createMemoryLiveState();
		await live.replace({ epoch: 'e', seq: 0, data: {} });
		await live.apply([{ seq: 1, collection: 'violations', op: 'upsert', id: 'v1', record: { id: 'v1', sectorId: 'S-POL', releasableTo: 'coalition' } }]);
		const sectors: Record<string, Releasability> = { 'S-POL': ['POL'] };
		const cache = new SnapshotCache(live, new RecentEvents(100, 1), (collection: string, id: string) => (collection === 'sectors' ? sectors[id] : undefined));
		const image = await cache.image(1);
		const reportFor = (viewer: Actor) => (dataOf(cache.recordsFor(image, viewerOf(viewer), 1)) as unknown as Record<string, { sectorId: string | null }[]>).violations![0];
		expect(reportFor(actor('officer', 'FRA'))!.sectorId).toBe('S-POL');
		expect(reportFor(actor('partner', 'POL'))!.sectorId).toBe('S-POL');
		expect(reportFor(actor('partner', 'DEU'))!.sectorId, 'the report, without the hidden sector').toBeNull();
	});
});
