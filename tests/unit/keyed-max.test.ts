import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedMax } from '$lib/server/realtime/boards/keyed-max';

describe('KeyedMax', () => {
	it('has the largest value of its keys through any sequence of sets and deletes', () => {
		// Enough keys for a deep heap, where an entry moved into a hole may belong above it.
		const key = fc.integer({ min: 0, max: 40 });
		const op = fc.oneof(
			{ arbitrary: fc.tuple(fc.constant('set' as const), key, fc.integer({ min: -50, max: 50 })), weight: 3 },
			{ arbitrary: fc.tuple(fc.constant('delete' as const), key, fc.constant(0)), weight: 2 }
		);
		fc.assert(
			fc.property(fc.array(op, { maxLength: 300, size: 'max' }), (ops) => {
				const heap = new KeyedMax<number>();
				const values = new Map<number, number>();
				const expectMax = () => expect(heap.max).toBe(values.size ? Math.max(...values.values()) : undefined);
				for (const [kind, k, value] of ops) {
					if (kind === 'set') {
						heap.set(k, value);
						values.set(k, value);
					} else {
						heap.delete(k);
						values.delete(k);
					}
					expectMax();
				}
				// Emptied from the top down, so that every entry, not only the top, must be where it belongs.
				for (const [k] of [...values].sort(([, a], [, b]) => b - a)) {
					heap.delete(k);
					values.delete(k);
					expectMax();
				}
			}),
			{ numRuns: 300 }
		);
	});
});
