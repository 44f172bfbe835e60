import type { Viewer } from '$lib/domain/actor';
import type { WireRecord } from '$lib/domain/protocol';
import { canSee, roomsOf } from '$lib/domain/releasability';
import { LIVE_COLLECTIONS } from '$lib/domain/collections';
import { presentFor, type ReleasabilityOf } from '$lib/domain/references';
import type { LiveImage, LiveState } from '../live/live-state';

export interface SnapshotCacheLimits {
	/**
	 * How many events behind this process's log position a cached image may be (the screen gets them
	 * as deltas after it). 0: a snapshot is as new as the log, as screens and tests expect.
	 */
	maxLag: number;
	/** …and one this old, whatever the lag. */
	maxAgeMs: number;
}

export const DEFAULT_SNAPSHOT_CACHE_LIMITS: SnapshotCacheLimits = { maxLag: 0, maxAgeMs: 5000 };

/**
 * New screens are served from one read of live state while the log stands still: a wall of a
 * thousand screens reconnecting after a deploy costs one read of Redis, not a thousand, and one
 * releasability filter and one serialization per audience, not one per screen. Screens connecting during one read share
 * it; should the log move meanwhile, the image is still exact at its own seq and the caller replays
 * the events after it (synchronize in live-namespace.ts).
 */
export class SnapshotCache {
	#current: { image: Promise<LiveImage>; readAt: number } | null = null;
	#filtered = new WeakMap<LiveImage, Map<string, string>>();

	constructor(
		private readonly live: LiveState,
		private readonly releasabilityOf: ReleasabilityOf,
		private readonly limits: SnapshotCacheLimits = DEFAULT_SNAPSHOT_CACHE_LIMITS
	) {}

	/** An image at most `maxLag` events behind `cursor` (this process's position in the log), or being read. */
	async image(cursor: number): Promise<LiveImage> {
		const current = this.#current;
		if (current && Date.now() - current.readAt <= this.limits.maxAgeMs) {
			const image = await current.image.catch(() => null);
			if (image && cursor - image.seq <= this.limits.maxLag) return image;
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
	 * The image's records this viewer may see, as it may see them, per collection, as JSON: a snapshot's bulk
	 * (snapshotFor). Filtered and serialized once per audience.
	 */
	jsonFor(image: LiveImage, viewer: Viewer): string {
		let byAudience = this.#filtered.get(image);
		if (!byAudience) this.#filtered.set(image, (byAudience = new Map()));
		// Everyone in the same rooms may see the same records (releasability.ts: roomsFor/roomsOf).
		const audience = roomsOf(viewer).join(' ');
		let json = byAudience.get(audience);
		if (json === undefined) {
			const data: Record<string, WireRecord[]> = {};
			for (const collection of LIVE_COLLECTIONS) {
				data[collection] = (image.data[collection] ?? []).filter((r) => canSee(viewer, r.releasableTo)).map((r) => presentFor(viewer, collection, r, this.releasabilityOf));
			}
			byAudience.set(audience, (json = JSON.stringify(data)));
		}
		return json;
	}
}
