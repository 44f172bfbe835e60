import type { Delta, Snapshot, WireRecord } from '$lib/domain/protocol';

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

export type DeltaOutcome = 'applied' | 'stale' | 'buffered';

/** A snapshot replaces everything: records gone from it are gone from the screen. */
export function applySnapshot(state: LiveData, snapshot: Snapshot): LiveData {
	const collections: Record<string, ReadonlyMap<string, WireRecord>> = {};
	for (const [name, records] of Object.entries(snapshot.data)) {
		collections[name] = new Map(records.map((record) => [record.id, record]));
	}
	let next: LiveData = {
		epoch: snapshot.epoch,
		seq: snapshot.seq,
		collections,
		kpis: { ...snapshot.kpis },
		early: []
	};
	for (const delta of [...state.early].sort((a, b) => a.seq - b.seq)) next = applyDelta(next, delta).state;
	return next;
}

/**
 * Applies one delta if it is newer than what is held. Seqs are global to the event log and each
 * screen only gets what it may see, so a jump in seq is normal and not a gap to repair.
 */
export function applyDelta(state: LiveData, delta: Delta): { state: LiveData; outcome: DeltaOutcome } {
	if (state.epoch === null) return { state: { ...state, early: [...state.early, delta] }, outcome: 'buffered' };
	if (delta.seq <= state.seq) return { state, outcome: 'stale' };
	// KPIs are derived data, published at seqs of their own between the events'.
	if (delta.collection === KPI_COLLECTION) {
		const kpis = { ...state.kpis };
		if (delta.op === 'upsert') kpis[delta.id] = delta.record;
		else delete kpis[delta.id];
		return { state: { ...state, seq: delta.seq, kpis }, outcome: 'applied' };
	}

	const records = new Map(state.collections[delta.collection]);
	if (delta.op === 'upsert') records.set(delta.id, delta.record);
	else records.delete(delta.id);
	return {
		state: { ...state, seq: delta.seq, collections: { ...state.collections, [delta.collection]: records } },
		outcome: 'applied'
	};
}

export function recordsOf(state: LiveData, collection: string): WireRecord[] {
	const records = state.collections[collection];
	return records ? [...records.values()] : [];
}
