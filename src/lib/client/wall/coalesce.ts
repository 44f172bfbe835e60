/** The clock and timers a coalescer runs on: the browser's, or a test's by hand. */
export interface Timers {
	now(): number;
	set(run: () => void, ms: number): unknown;
	clear(handle: unknown): void;
}

export const BROWSER_TIMERS: Timers = {
	now: () => Date.now(),
	set: (run, ms) => setTimeout(run, ms),
	clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/** How often, at most, the wall redraws its figures while changes keep coming. */
export const WALL_COALESCE_MS = 500;

export interface Coalescer {
	/** Something changed: flush now if the last flush is `intervalMs` ago, else once at the end of the interval. */
	changed(): void;
	/** Drops a pending flush (the wall is going away). */
	dispose(): void;
}

/**
 * At most one `flush` per `intervalMs`. The first change after a quiet spell is flushed at once, so a
 * single update shows without delay; the rest of a burst waits for the interval's end and is flushed
 * together, so figures change once instead of flickering through every intermediate value.
 */
export function coalescer(intervalMs: number, flush: () => void, timers: Timers = BROWSER_TIMERS): Coalescer {
	let lastFlush = Number.NEGATIVE_INFINITY;
	let pending: unknown = null;
	const run = () => {
		pending = null;
		lastFlush = timers.now();
		flush();
	};
	return {
		changed() {
			if (pending !== null) return;
			const wait = lastFlush + intervalMs - timers.now();
			if (wait <= 0) run();
			else pending = timers.set(run, wait);
		},
		dispose() {
			if (pending !== null) timers.clear(pending);
			pending = null;
		}
	};
}
