import { median } from '$lib/domain/core/median';

/** How many of each value a multiset holds: adding and removing in any order ends where a recount does. */
export class Counts<K> {
	readonly #counts = new Map<K, number>();
	move(key: K, by: number): void {
		const count = (this.#counts.get(key) ?? 0) + by;
		if (count) this.#counts.set(key, count);
		else this.#counts.delete(key);
	}
	entries(): IterableIterator<[K, number]> {
		return this.#counts.entries();
	}
}

/** Numbers with their counts: the median walks the distinct values, not every one. */
export class NumberCounts extends Counts<number> {
	median(): number | null {
		const sorted = [...this.entries()].sort(([a], [b]) => a - b);
		const total = sorted.reduce((sum, [, count]) => sum + count, 0);
		if (!total) return null;
		const at = (position: number) => {
			for (const [value, count] of sorted) if ((position -= count) < 0) return value;
			throw new Error('position past the end');
		};
		return median([at((total - 1) >> 1), at(total >> 1)]);
	}
}
