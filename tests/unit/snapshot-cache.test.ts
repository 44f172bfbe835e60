import { describe, expect, it, vi } from 'vitest';
import { viewerOf, type Actor } from '$lib/domain/actor';
import type { Role } from '$lib/domain/roles';
import type { Releasability } from '$lib/domain/releasability';
import { createMemoryLiveState } from '$lib/server/live/memory';
import type { LiveState } from '$lib/server/live/live-state';
import { SnapshotCache } from '$lib/server/realtime/snapshots';

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

describe('snapshot cache', () => {
	it('serves screens connecting at once from one read, and re-reads once the log has moved past the lag', async () => {
		const live = await liveWith(4);
		const read = vi.spyOn(live, 'snapshot');
		const cache = new SnapshotCache(live, noReferences, { maxLag: 2, maxAgeMs: 60_000 });
		const images = await Promise.all([cache.image(4), cache.image(4), cache.image(4)]);
		expect(read).toHaveBeenCalledTimes(1);
		expect(new Set(images).size).toBe(1);
		expect(images[0]!.seq).toBe(4);

		await live.apply([entry(5, 'cell'), entry(6, 'cell')]);
		expect((await cache.image(6)).seq, 'two behind: the log replays the rest').toBe(4);
		await live.apply([entry(7, 'cell')]);
		expect((await cache.image(7)).seq, 'three behind: read again').toBe(7);
		expect(read).toHaveBeenCalledTimes(2);
	});

	it('re-reads an image older than its age limit, and never keeps a failed read', async () => {
		const live = await liveWith(1);
		const cache = new SnapshotCache(live, noReferences, { maxLag: 100, maxAgeMs: 0 });
		const read = vi.spyOn(live, 'snapshot').mockRejectedValueOnce(new Error('redis away'));
		await expect(cache.image(1)).rejects.toThrow('redis away');
		await cache.image(1);
		await new Promise((resolve) => setTimeout(resolve, 5));
		await cache.image(1);
		expect(read).toHaveBeenCalledTimes(3);
	});

	it('filters and serializes once per audience: the same records for two officers, only what is released for each partner nation', async () => {
		const cache = new SnapshotCache(await liveWith(4), noReferences);
		const image = await cache.image(4);
		const serialize = vi.spyOn(JSON, 'stringify');
		const logOf = (viewer: Actor | null) => ids((JSON.parse(cache.jsonFor(image, viewerOf(viewer))) as Record<string, { id: string }[]>)['log-entries']);
		expect(logOf(actor('officer', 'FRA'))).toHaveLength(4);
		expect(logOf(actor('leadership', 'USA')), 'the cell shares one copy').toHaveLength(4);
		expect(serialize).toHaveBeenCalledTimes(1);
		serialize.mockRestore();
		expect(logOf(actor('partner', 'DEU')).sort()).toEqual(['e1', 'e2', 'e3', 'e4']);
		expect(logOf(actor('partner', 'POL')).sort()).toEqual(['e2', 'e4']);
		expect(logOf(null)).toEqual([]);
	});

	it('withholds from each audience the sector of a report whose sector is not released to it', async () => {
		const live = createMemoryLiveState();
		await live.replace({ epoch: 'e', seq: 0, data: {} });
		await live.apply([{ seq: 1, collection: 'violations', op: 'upsert', id: 'v1', record: { id: 'v1', sectorId: 'S-POL', releasableTo: 'coalition' } }]);
		const sectors: Record<string, Releasability> = { 'S-POL': ['POL'] };
		const cache = new SnapshotCache(live, (collection, id) => (collection === 'sectors' ? sectors[id] : undefined));
		const image = await cache.image(1);
		const reportFor = (viewer: Actor) => (JSON.parse(cache.jsonFor(image, viewerOf(viewer))) as Record<string, { sectorId: string | null }[]>).violations![0];
		expect(reportFor(actor('officer', 'FRA'))!.sectorId).toBe('S-POL');
		expect(reportFor(actor('partner', 'POL'))!.sectorId).toBe('S-POL');
		expect(reportFor(actor('partner', 'DEU'))!.sectorId, 'the report, without the hidden sector').toBeNull();
	});
});
