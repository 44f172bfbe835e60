import type { Db } from '../db/client';
import { eventsAfter, reserveSeqs, type EventRow } from '../events';
import type { LiveChange, LiveState } from '../live/live-state';
import type { Logger } from '../logger';
import { gatheringWrites } from './audience-writes';
import { Mutex } from './mutex';

const BATCH = 500;
const RETRY_MS = 500;
/**
 * Under load the next read of the log waits a little, so that screens get fewer, larger batches: a
 * batch's every write costs the server and the screen a system call and a wake-up whatever it holds.
 * The wait is this much per event of the last batch beyond the first, at most HOLD_MAX_MS: a lone
 * event (a quiet floor) is never held, and from about 1,000 / HOLD_PER_EVENT_MS events a second the
 * screens get about 1,000 / HOLD_MAX_MS batches a second. At 1,000 screens the screens' reads and the
 * server's writes are what the machine runs out of: 200 ms against 100 took the mixed commands from a
 * median 0.95× to 1.11× the relay's deliveries (README → Performance, the third sitting of 2026-12-07).
 */
export const HOLD_PER_EVENT_MS = 5;
export const HOLD_MAX_MS = 200;

export type EventSink = (events: readonly EventRow[]) => void;
/** Live state could not take a batch: it must be rebuilt from the log before it is served again. */
export type LiveFailure = (error: unknown) => void;

export function toLiveChange(row: EventRow): LiveChange {
	return { seq: row.seq, collection: row.collection, op: row.op, id: row.entityId, record: row.record };
}

/**
 * Follows the Postgres event log in seq order and, for each batch, hands it to the local screens and
 * then to live state. Every process runs one; with commits serialized (see appendEvents) reading
 * `seq > cursor` can never skip an event that commits later.
 *
 * Live state is written behind the broadcast, one write at a time, each taking every batch broadcast
 * meanwhile: the next read of the log does not wait for Redis. It may lag the cursor by a write; a
 * snapshot makes up the difference from the events kept in memory (snapshots.ts).
 */
export class LogTailer {
	#cursor: number;
	#sink: EventSink = () => {};
	#onLiveFailure: LiveFailure = () => {};
	#onStale: (stale: boolean) => void = () => {};
	#stale = false;
	#lock = new Mutex();
	#running = false;
	#again = false;
	#stopped = false;
	#retry: NodeJS.Timeout | undefined;
	#waiters = new Set<{ seq: number; resolve: () => void }>();
	#liveBroken = false;
	/** Batches broadcast and not yet written to live state, in order. */
	#unwritten: LiveChange[] = [];
	/** A write to live state is under way; `#written` settles when the last one has. */
	#writing = false;
	#written: Promise<void> = Promise.resolve();
	/** No read of the log before this (performance.now()): see HOLD_PER_EVENT_MS. */
	#holdUntil = 0;
	/** Publications between events waiting for the next read (publishBetweenEvents). */
	#publications: { count: () => number; publish: (seqs: readonly number[]) => void; resolve: () => void; reject: (error: unknown) => void }[] = [];

	constructor(
		private readonly db: Db,
		private readonly live: LiveState,
		private readonly logger: Logger,
		startAt: number
	) {
		this.#cursor = startAt;
	}

	/** The last seq this process has applied and broadcast. */
	get cursor(): number {
		return this.#cursor;
	}

	setSink(sink: EventSink): void {
		this.#sink = sink;
	}

	onLiveFailure(handler: LiveFailure): void {
		this.#onLiveFailure = handler;
	}

	/** Told when the log cannot be read (screens are stale) and when it can again. */
	onStaleChange(handler: (stale: boolean) => void): void {
		this.#onStale = handler;
	}

	#setStale(stale: boolean) {
		if (this.#stale === stale) return;
		this.#stale = stale;
		this.#onStale(stale);
	}

	/** New events may exist (a local commit, a NOTIFY, a timer): read them soon. */
	poke(): void {
		if (this.#stopped) return;
		if (this.#running) {
			this.#again = true;
			return;
		}
		this.#running = true;
		void this.#drain();
	}

	/** Resolves once the cursor reaches seq, or after timeoutMs (false), whichever comes first. */
	waitFor(seq: number, timeoutMs = 2000): Promise<boolean> {
		if (this.#cursor >= seq) return Promise.resolve(true);
		this.poke();
		return new Promise((resolve) => {
			const waiter = {
				seq,
				resolve: () => {
					clearTimeout(timer);
					this.#waiters.delete(waiter);
					resolve(true);
				}
			};
			const timer = setTimeout(() => {
				this.#waiters.delete(waiter);
				resolve(false);
			}, timeoutMs);
			this.#waiters.add(waiter);
		});
	}

	/** True from a failed live state batch until liveRebuilt(): batches are not applied meanwhile. */
	get liveBroken(): boolean {
		return this.#liveBroken;
	}

	/** Live state was rebuilt from the log (call under exclusive()): apply batches to it again. */
	liveRebuilt(): void {
		this.#liveBroken = false;
	}

	/** Runs work while no batch is being broadcast: a joining screen sees a cursor that stays put. */
	exclusive<T>(work: (cursor: number) => Promise<T>): Promise<T> {
		return this.#lock.run(() => work(this.#cursor));
	}

	/**
	 * Runs `publish` with `count()` seqs of its own (reserveSeqs) once every event below them has been
	 * applied and broadcast: derived data such as KPIs goes out as deltas whose seqs strictly increase
	 * with the events', as the protocol promises, and a screen resuming from them misses nothing.
	 */
	publishBetweenEvents(count: () => number, publish: (seqs: readonly number[]) => void): Promise<void> {
		return new Promise((resolve, reject) => {
			if (this.#stopped) return resolve();
			// Made as the next read of the log, after the hold like any: a publication of its own would be
			// one more batch, and one more write to every screen, on top of the reads.
			this.#publications.push({ count, publish, resolve, reject });
			this.poke();
		});
	}

	/** Stops following the log; resolves once what was broadcast has been written to live state (or failed). */
	async stop(): Promise<void> {
		this.#stopped = true;
		clearTimeout(this.#retry);
		for (const publication of this.#publications.splice(0)) publication.resolve();
		await this.#written;
	}

	async #drain(): Promise<void> {
		try {
			do {
				const hold = this.#holdUntil - performance.now();
				if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
				this.#again = false;
				while (!this.#stopped && (await this.#lock.run(() => this.#step()))) {
					// keep reading while full batches come back
				}
			} while (this.#again && !this.#stopped);
			this.#setStale(false);
		} catch (error) {
			this.#setStale(true);
			this.logger.warn({ err: error }, 'event log tailer failed; retrying');
			clearTimeout(this.#retry);
			this.#retry = setTimeout(() => this.poke(), RETRY_MS);
		} finally {
			this.#running = false;
		}
	}

	/** One batch (of the events below `below`, when given); true when there may be more right away. */
	async #step(below?: number): Promise<boolean> {
		if (below === undefined && this.#publications.length > 0) return this.#publicationStep();
		const rows = await eventsAfter(this.db, this.#cursor, BATCH, below);
		if (rows.length === 0) return false;
		this.#broadcast(rows);
		this.#holdAfter(rows.length);
		return rows.length === BATCH;
	}

	#holdAfter(events: number) {
		this.#holdUntil = performance.now() + Math.min(HOLD_MAX_MS, (events - 1) * HOLD_PER_EVENT_MS);
	}

	/**
	 * A read that is also the waiting publications': their seqs reserved with the events below them in
	 * one round trip, and the events and the publications sent together, one write per screen.
	 */
	async #publicationStep(): Promise<boolean> {
		const publications = this.#publications.splice(0);
		try {
			const counts = publications.map(({ count }) => Math.max(1, count()));
			const { seqs, events } = await reserveSeqs(this.db, counts.reduce((sum, n) => sum + n, 0), this.#cursor, BATCH);
			const publish = () => {
				this.#cursor = seqs.at(-1)!;
				let from = 0;
				publications.forEach(({ publish }, i) => publish(seqs.slice(from, (from += counts[i]!))));
				this.#resolveWaiters();
			};
			gatheringWrites(() => {
				if (events.length > 0) this.#broadcast(events);
				if (events.length < BATCH) publish();
			});
			if (events.length === BATCH) {
				while (await this.#step(seqs[0])) {
					// read up to them
				}
				gatheringWrites(publish);
			}
			this.#holdAfter(Math.max(1, events.length));
			for (const { resolve } of publications) resolve();
			return false;
		} catch (error) {
			for (const { reject } of publications) reject(error);
			throw error;
		}
	}

	/** A batch read from the log, in seq order after the cursor. */
	#broadcast(rows: readonly EventRow[]) {
		// Screens first, then live state (a Redis round trip): a screen joining meanwhile replays from
		// the log whatever live state does not have yet.
		this.#sink(rows);
		this.#cursor = rows[rows.length - 1]!.seq;
		this.#resolveWaiters();
		this.#toLive(rows);
	}

	/**
	 * After a failed write, live state is left as it was (consistent up to its own seq, which a
	 * snapshot's replay continues from) until it is rebuilt: writing later batches over the missed
	 * one would leave a hole that no seq reveals. So writes go one at a time, and none after a failure.
	 */
	#toLive(rows: readonly EventRow[]) {
		if (this.#liveBroken) return;
		for (const row of rows) this.#unwritten.push(toLiveChange(row));
		if (this.#writing) return;
		this.#writing = true;
		this.#written = this.#writeLive();
	}

	/** Writes until nothing is left; says it is done in the same turn as it finds nothing, so no batch is left behind. */
	async #writeLive(): Promise<void> {
		while (this.#unwritten.length > 0 && !this.#liveBroken) {
			const changes = this.#unwritten;
			this.#unwritten = [];
			try {
				await this.live.apply(changes);
			} catch (error) {
				// Screens keep getting deltas from the log while live state (Redis) is away; it is rebuilt after.
				this.#liveBroken = true;
				this.#unwritten = [];
				this.#onLiveFailure(error);
			}
		}
		this.#writing = false;
	}

	#resolveWaiters() {
		for (const waiter of this.#waiters) if (waiter.seq <= this.#cursor) waiter.resolve();
	}
}
