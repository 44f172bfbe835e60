import type { KpiBoardId, LiveKpis } from '$lib/domain/core/collections';
import type { Delta, Snapshot, WireRecord } from '$lib/domain/core/protocol';

/**
 * What a screen knows, as of `seq`. Immutable: every change returns a new value (only the touched
 * collection is copied), so a rune can hold it with `$state.raw` and readers re-run on each change.
 */
export interface LiveData {
	/** Null until the first snapshot: without one the screen knows nothing, whatever deltas came. */
	epoch: string | null;
	seq: number;
	collections: Readonly<Record<string, ReadonlyMap<string, WireRecord>>>;
	kpis: Readonly<Record<string, unknown>>;
	/** Deltas that arrived before the first snapshot, applied on top of it when it comes. */
	early: readonly Delta[];
}

export const KPI_COLLECTION = 'kpis';

export const EMPTY_LIVE_DATA: LiveData = Object.freeze({
	epoch: null,
	seq: 0,
	collections: Object.freeze({}),
	kpis: Object.freeze({}),
	early: Object.freeze([])
});

/** A snapshot replaces everything: records gone from it are gone from the screen. */
export function applySnapshot(state: LiveData, snapshot: Snapshot): LiveData {
	const collections: Record<string, ReadonlyMap<string, WireRecord>> = {};
	for (const [name, records] of Object.entries(snapshot.data)) {
		collections[name] = new Map(records.map((record) => [record.id, record]));
	}
	const next: LiveData = {
		epoch: snapshot.epoch,
		seq: snapshot.seq,
		collections,
		kpis: { ...snapshot.kpis },
		early: []
	};
	return applyDeltas(next, [...state.early].sort((a, b) => a.seq - b.seq)).state;
}

/**
 * Applies, in order, the deltas newer than what is held. Seqs are global to the event log and each
 * screen only gets what it may see, so a jump in seq is normal and not a gap to repair. Each
 * touched collection is copied once per call, not once per delta: a burst of n deltas (a CSV
 * import) costs O(n) instead of O(n²). `applied` counts the deltas that were new.
 */
export function applyDeltas(state: LiveData, deltas: readonly Delta[]): { state: LiveData; applied: number } {
	if (state.epoch === null) return { state: { ...state, early: [...state.early, ...deltas] }, applied: 0 };
	let seq = state.seq;
	let applied = 0;
	let kpis: Record<string, unknown> | null = null;
	const copies = new Map<string, Map<string, WireRecord>>();
	for (const delta of deltas) {
		if (delta.seq <= seq) continue;
		seq = delta.seq;
		applied++;
		// KPIs are derived data, published at seqs of their own between the events'.
		if (delta.collection === KPI_COLLECTION) {
			kpis ??= { ...state.kpis };
			if (delta.op === 'upsert') kpis[delta.id] = delta.record;
			else delete kpis[delta.id];
			continue;
		}
		let records = copies.get(delta.collection);
		if (!records) copies.set(delta.collection, (records = new Map(state.collections[delta.collection])));
		if (delta.op === 'upsert') records.set(delta.id, delta.record);
		else records.delete(delta.id);
	}
	if (applied === 0) return { state, applied };
	const collections = copies.size ? { ...state.collections, ...Object.fromEntries(copies) } : state.collections;
	return { state: { ...state, seq, collections, kpis: kpis ?? state.kpis }, applied };
}

export function recordsOf(state: LiveData, collection: string): WireRecord[] {
	const records = state.collections[collection];
	return records ? [...records.values()] : [];
}

/**
 * One board's figures from the live store's KPI records, or null before they arrive. The one cast
 * on the client: each board (server/realtime/boards/) is the only writer of its record, as the
 * presenters are of the records.
 */
export function kpisOf<K extends KpiBoardId>(kpis: Readonly<Record<string, unknown>>, board: K): LiveKpis[K] | null {
	return (kpis[board] as LiveKpis[K] | undefined) ?? null;
}
