import type { WireRecord } from '$lib/domain/core/protocol';

/** One change as the event log recorded it, applied to live state in seq order. */
export interface LiveChange {
	seq: number;
	collection: string;
	op: 'upsert' | 'remove';
	id: string;
	record: WireRecord | null;
}

export interface LiveImage {
	/** The event-log epoch this state belongs to (see `meta`); a new epoch means rebuild. */
	epoch: string;
	/** The seq of the last change applied; 0 for an empty log. */
	seq: number;
	data: Record<string, WireRecord[]>;
}

/**
 * The projection of Postgres that screens are served from. It can be dropped and rebuilt at
 * any time; both implementations pass tests/integration/live-state.contract.test.ts.
 */
export interface LiveState {
	readonly kind: 'memory' | 'redis';
	/** Where this state stands, or null when it holds nothing (never built, or wiped). */
	position(): Promise<{ epoch: string; seq: number } | null>;
	/** Applies changes in order, atomically, skipping those at or below the current seq; returns the new seq. */
	apply(changes: readonly LiveChange[]): Promise<number>;
	/** Every record and the position it is as of, read atomically. Empty image when nothing is held. */
	snapshot(): Promise<LiveImage>;
	/** Replaces everything at once (rebuild from Postgres). */
	replace(image: LiveImage): Promise<void>;
	/** Throws when the backing store cannot be reached. */
	ping(): Promise<void>;
	close(): Promise<void>;
}
