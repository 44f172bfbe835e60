import type { Viewer } from '$lib/domain/identity/actor';
import type { WireRecord } from '$lib/domain/core/protocol';
import { canSee, roomsOf } from '$lib/domain/core/releasability';
import { LIVE_COLLECTIONS } from '$lib/domain/core/collections';
import { presentFor, type ReleasabilityOf } from '$lib/domain/core/references';
import type { LiveImage, LiveState } from '../live/live-state';
import { collapseGap, type RecentEvents } from './catch-up';
import { SnapshotRecords } from './deltas';

export interface SnapshotCacheLimits {
	/** How old a read of live state may be before it is read again (the events since come from memory). */
	maxAgeMs: number;
}

export const DEFAULT_SNAPSHOT_CACHE_LIMITS: SnapshotCacheLimits = { maxAgeMs: 5000 };

type AudienceData = Record<string, WireRecord[]>;

/**
 * New screens are served from one read of live state, brought forward to the log's position with
 * the events since (RecentEvents, in memory): a wall of a thousand screens reconnecting after a
 * deploy, or a partner asking for snapshots in a loop while the log moves, costs one read of Redis
 * every few seconds, not one per screen, and one releasability filter and one serialization per
 * audience and log position, not one per screen. Screens connecting during one read share it.
 */
export class SnapshotCache {
	#current: { image: Promise<LiveImage>; readAt: number } | null = null;
	/** Per image and audience: what that audience may see of it, as it may see it. */
	#filtered = new WeakMap<LiveImage, Map<string, AudienceData>>();
	/** Per audience: its snapshot data as JSON at the newest position asked for (the cursor, and the last event before it). */
	#serialized = new Map<string, { image: LiveImage; cursor: number; position: number; records: SnapshotRecords }>();

	constructor(
		private readonly live: LiveState,
		private readonly recent: RecentEvents,
		private readonly releasabilityOf: ReleasabilityOf,
		private readonly limits: SnapshotCacheLimits = DEFAULT_SNAPSHOT_CACHE_LIMITS
	) {}

	/**
	 * A read of live state from which `cursor` (this process's position in the log) can be reached
	 * with the events kept in memory, not older than `maxAgeMs` unless nothing was logged since it
	 * (a read now would bring the same); or the read under way.
	 */
	async image(cursor: number): Promise<LiveImage> {
		const current = this.#current;
		if (current) {
			const image = await current.image.catch(() => null);
			const gap = image && image.seq <= cursor ? this.recent.between(image.seq, cursor) : null;
			// A KPI publication moves the cursor (it takes a seq) but logs nothing.
			if (image && gap !== null && (gap.length === 0 || Date.now() - current.readAt <= this.limits.maxAgeMs)) return image;
		}
		// Screens connecting meanwhile share this read.
		const read = { image: this.live.snapshot(), readAt: Date.now() };
		this.#current = read;
		read.image.catch(() => {
			if (this.#current === read) this.#current = null;
		});
		return read.image;
	}

	/**
	 * What this viewer may see as of `cursor` (at or after the image's seq), as it may see it, per
	 * collection, as JSON: a snapshot's bulk (snapshotFor), its bytes made once for the audience too.
	 * Null when the events from the image to `cursor` are no longer in memory (the caller sends the
	 * image as it is and the events after it from the log). Filtered and serialized once per audience
	 * and position.
	 */
	recordsFor(image: LiveImage, viewer: Viewer, cursor: number): SnapshotRecords | null {
		// Everyone in the same rooms may see the same records (releasability.ts: roomsFor/roomsOf).
		const audience = roomsOf(viewer).join(' ');
		const cached = this.#serialized.get(audience);
		if (cached && cached.image === image && cached.cursor === cursor) return cached.records;
		const gap = cursor <= image.seq ? [] : this.recent.between(image.seq, cursor);
		if (gap === null) return null;
		// As of the last event brought in: seqs that KPI publications took change nothing here.
		const position = gap.at(-1)?.seq ?? image.seq;
		if (cached && cached.image === image && cached.position === position) {
			cached.cursor = cursor;
			return cached.records;
		}
		const data = this.#broughtForward(this.#visible(image, viewer, audience), collapseGap(gap, viewer, this.releasabilityOf));
		const records = new SnapshotRecords(JSON.stringify(data));
		this.#serialized.set(audience, { image, cursor, position, records });
		return records;
	}

	#visible(image: LiveImage, viewer: Viewer, audience: string): AudienceData {
		let byAudience = this.#filtered.get(image);
		if (!byAudience) this.#filtered.set(image, (byAudience = new Map()));
		let data = byAudience.get(audience);
		if (!data) {
			data = {};
			for (const collection of LIVE_COLLECTIONS) {
				data[collection] = (image.data[collection] ?? []).filter((r) => canSee(viewer, r.releasableTo)).map((r) => presentFor(viewer, collection, r, this.releasabilityOf));
			}
			byAudience.set(audience, data);
		}
		return data;
	}

	/** The image's data with the gap's deltas applied (a record keeps its place; a new one goes last). */
	#broughtForward(data: AudienceData, deltas: ReturnType<typeof collapseGap>): AudienceData {
		if (deltas.length === 0) return data;
		const touched = new Map<string, Map<string, WireRecord>>();
		for (const delta of deltas) {
			let records = touched.get(delta.collection);
			if (!records) touched.set(delta.collection, (records = new Map((data[delta.collection] ?? []).map((r) => [r.id, r]))));
			if (delta.op === 'upsert') records.set(delta.id, delta.record);
			else records.delete(delta.id);
		}
		const forward = { ...data };
		for (const [collection, records] of touched) forward[collection] = [...records.values()];
		return forward;
	}
}
