import { describe, expect, it } from 'vitest';
import { coalescer, type Timers } from '$lib/client/wall/coalesce';

/** Timers moved by hand: `advance` runs what falls due, in order. */
function manualTimers(): Timers & { advance(ms: number): void; pending(): number } {
	let now = 1_000_000;
	let nextId = 1;
	const queue = new Map<number, { at: number; run: () => void }>();
	return {
		now: () => now,
		set(run, ms) {
			const id = nextId++;
			queue.set(id, { at: now + ms, run });
			return id;
		},
		clear(handle) {
			queue.delete(handle as number);
		},
		advance(ms) {
			const until = now + ms;
			for (;;) {
				const due = [...queue].filter(([, t]) => t.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
				if (!due) break;
				queue.delete(due[0]);
				now = due[1].at;
				due[1].run();
			}
			now = until;
		},
		pending: () => queue.size
	};
}

describe('the wall redraws at most every 500 ms', () => {
	it('shows a single change after a quiet spell at once', () => {
		const timers = manualTimers();
		const flushes: number[] = [];
		const redraw = coalescer(500, () => flushes.push(timers.now()), timers);
		redraw.changed();
		expect(flushes).toEqual([1_000_000]);
		timers.advance(2_000);
		redraw.changed();
		expect(flushes).toEqual([1_000_000, 1_002_000]);
	});

	it('draws a burst of a hundred changes twice: the first at once, the rest together when the interval ends', () => {
		const timers = manualTimers();
		let flushes = 0;
		const redraw = coalescer(500, () => flushes++, timers);
		for (let i = 0; i < 100; i++) {
			redraw.changed();
			timers.advance(3);
		}
		// 300 ms of changes: the first drawn at once, the other 99 wait for the interval's end.
		expect(flushes).toBe(1);
		timers.advance(199);
		expect(flushes).toBe(1);
		timers.advance(1);
		expect(flushes).toBe(2);
		timers.advance(5_000);
		expect(flushes).toBe(2);
	});

	it('keeps a steady stream to one redraw per interval', () => {
		const timers = manualTimers();
		let flushes = 0;
		const redraw = coalescer(500, () => flushes++, timers);
		// A change every 50 ms for 10 s: 200 changes.
		for (let t = 0; t < 10_000; t += 50) {
			redraw.changed();
			timers.advance(50);
		}
		timers.advance(500);
		expect(flushes).toBeGreaterThanOrEqual(20);
		expect(flushes).toBeLessThanOrEqual(21);
	});

	it('drops a pending redraw when the wall goes away', () => {
		const timers = manualTimers();
		let flushes = 0;
		const redraw = coalescer(500, () => flushes++, timers);
		redraw.changed();
		redraw.changed();
		expect(timers.pending()).toBe(1);
		redraw.dispose();
		timers.advance(1_000);
		expect(flushes).toBe(1);
		expect(timers.pending()).toBe(0);
	});
});
