import type { Viewer } from '$lib/domain/identity/actor';
import { isLiveCollection } from '$lib/domain/core/collections';
import type { Delta, WireRecord } from '$lib/domain/core/protocol';
import { REFERENCED_COLLECTIONS, presentFor, type ReleasabilityOf } from '$lib/domain/core/references';
import { canSee, roomsOf, type Releasability } from '$lib/domain/core/releasability';
import type { EventRow } from '../events';
import type { LiveImage } from '../live/live-state';
import { PreEncodedJson } from './wire-encoder';

/**
 * The newest events of the log, in this process's memory: a screen catching up is served from here,
 * without a database read, and a gap older than what is kept gets the shared snapshot instead.
 * Fed by the log tailer with every batch it broadcasts, so under the tailer's lock it reaches its cursor.
 */
export class RecentEvents {
	#rows: EventRow[] = [];
	/** Every event with a seq above this is kept. */
	#coveredAfter: number;

	constructor(
		readonly capacity: number,
		startAt: number
	) {
		this.#coveredAfter = startAt;
	}

	/** The log's events after `upTo - capacity` up to `upTo`, read on start: screens connected before a restart resume. */
	prefill(rows: readonly EventRow[], upTo: number): void {
		this.#rows = [...rows];
		this.#coveredAfter = Math.max(0, upTo - this.capacity);
	}

	add(rows: readonly EventRow[]): void {
		this.#rows.push(...rows);
		// Trimmed in steps, not per event: a copy per batch would cost more than the memory it saves.
		if (this.#rows.length > this.capacity + (this.capacity >> 2)) {
			const dropped = this.#rows.length - this.capacity;
			this.#coveredAfter = this.#rows[dropped - 1]!.seq;
			this.#rows = this.#rows.slice(dropped);
		}
	}

	/** The index of the first kept event after `seq`. */
	#indexAfter(seq: number): number {
		const rows = this.#rows;
		let low = 0;
		let high = rows.length;
		while (low < high) {
			const mid = (low + high) >> 1;
			if (rows[mid]!.seq <= seq) low = mid + 1;
			else high = mid;
		}
		return low;
	}

	/**
	 * Where the events after `afterSeq` up to `upTo` stand in memory, or null unless they are all kept
	 * and no more than `capacity` (memory is trimmed in steps; what a screen is replayed is bounded exactly).
	 */
	#range(afterSeq: number, upTo: number): [number, number] | null {
		if (afterSeq < this.#coveredAfter) return null;
		const [from, to] = [this.#indexAfter(afterSeq), this.#indexAfter(upTo)];
		return to - from <= this.capacity ? [from, to] : null;
	}

	/** True when the events after `afterSeq` up to `upTo` can be replayed from memory. */
	spans(afterSeq: number, upTo: number): boolean {
		return this.#range(afterSeq, upTo) !== null;
	}

	/** The events after `afterSeq` up to `upTo`, or null when they cannot be replayed from memory (spans). */
	between(afterSeq: number, upTo: number): EventRow[] | null {
		const range = this.#range(afterSeq, upTo);
		return range && this.#rows.slice(...range);
	}
}

/**
 * What a screen that saw the log up to some seq needs to be current, decided by each record's
 * releasability *now* (its newest event), never by what it was when an older event was logged: an
 * upsert of each touched record it may see now, as it may see it, and a removal of each it may have
 * had but may no longer see. A record withdrawn in the gap is never handed out again, not even to an
 * account made after the withdrawal. In seq order, each at the seq of the record's newest event.
 */
export function collapseGap(rows: readonly EventRow[], viewer: Viewer, releasabilityOf: ReleasabilityOf): Delta[] {
	const newest = new Map<string, { row: EventRow; mayHaveHad: boolean }>();
	for (const row of rows) {
		if (!isLiveCollection(row.collection)) continue;
		const key = `${row.collection}\u0000${row.entityId}`;
		const seen = canSee(viewer, row.releasableTo) || (row.previousReleasableTo !== null && canSee(viewer, row.previousReleasableTo));
		const entry = newest.get(key);
		newest.set(key, { row, mayHaveHad: seen || (entry?.mayHaveHad ?? false) });
	}
	const deltas: Delta[] = [];
	for (const { row, mayHaveHad } of newest.values()) {
		const base = { seq: row.seq, collection: row.collection, id: row.entityId };
		if (row.op === 'upsert' && row.record && canSee(viewer, row.releasableTo)) {
			deltas.push({ ...base, op: 'upsert', record: presentFor(viewer, row.collection, row.record as WireRecord, releasabilityOf) });
		} else if (mayHaveHad) {
			deltas.push({ ...base, op: 'remove' });
		}
	}
	return deltas.sort((a, b) => a.seq - b.seq);
}

/**
 * The current releasability of every record that others name (sectors), as this process knows it
 * from the log: what presentFor and the broadcast consult to withhold a name from those who may not see it.
 */
export class ReferenceIndex {
	#releasability = new Map<string, Releasability>();

	readonly releasabilityOf: ReleasabilityOf = (collection, id) => this.#releasability.get(`${collection}\u0000${id}`);

	load(image: LiveImage): void {
		this.#releasability.clear();
		for (const collection of REFERENCED_COLLECTIONS) {
			for (const record of image.data[collection] ?? []) this.#releasability.set(`${collection}\u0000${record.id}`, record.releasableTo);
		}
	}

	apply(rows: readonly EventRow[]): void {
		for (const row of rows) {
			if (!REFERENCED_COLLECTIONS.has(row.collection)) continue;
			const key = `${row.collection}\u0000${row.entityId}`;
			if (row.op === 'upsert') this.#releasability.set(key, row.releasableTo);
			else this.#releasability.delete(key);
		}
	}
}

/**
 * Catch-ups are shared like snapshots: screens of one audience resuming from the same seq (a wall
 * after a network blip, every screen after a deploy) cost one pass over the gap, not one each.
 */
// Screens resume from a few seqs at a time; a client sending arbitrary ones cannot grow this.
const MAX_CACHED = 64;

/** A catch-up delta, serialized once for every screen of its audience that resumes from the same seq. */
export interface EncodedDelta {
	seq: number;
	packet: PreEncodedJson;
}

export function encoded(delta: Delta): EncodedDelta {
	return { seq: delta.seq, packet: new PreEncodedJson(JSON.stringify(delta)) };
}

export class CatchUps {
	#cachedAt = -1;
	#byAudienceAndSeq = new Map<string, EncodedDelta[]>();

	constructor(
		private readonly recent: RecentEvents,
		private readonly releasabilityOf: ReleasabilityOf
	) {}

	/** The deltas that bring a screen from `afterSeq` to `upTo`, or null when the gap is too old to replay. */
	deltasFor(viewer: Viewer, afterSeq: number, upTo: number): EncodedDelta[] | null {
		if (upTo !== this.#cachedAt || this.#byAudienceAndSeq.size >= MAX_CACHED) {
			this.#byAudienceAndSeq.clear();
			this.#cachedAt = upTo;
		}
		const key = `${roomsOf(viewer).join(' ')}@${afterSeq}`;
		let deltas = this.#byAudienceAndSeq.get(key);
		if (deltas === undefined) {
			const rows = this.recent.between(afterSeq, upTo);
			if (rows === null) return null;
			deltas = collapseGap(rows, viewer, this.releasabilityOf).map(encoded);
			this.#byAudienceAndSeq.set(key, deltas);
		}
		return deltas;
	}
}
