/**
 * The largest of a set of numbers, each under a key, through insertions, changes and removals in
 * O(log n) each: a max-heap that knows where each key sits, so a removal needs no search and leaves
 * no stale entry behind.
 */
export class KeyedMax<K> {
	#heap: { key: K; value: number }[] = [];
	#positions = new Map<K, number>();

	get max(): number | undefined {
		return this.#heap[0]?.value;
	}

	set(key: K, value: number): void {
		this.delete(key);
		this.#heap.push({ key, value });
		this.#positions.set(key, this.#heap.length - 1);
		this.#siftUp(this.#heap.length - 1);
	}

	delete(key: K): void {
		const at = this.#positions.get(key);
		if (at === undefined) return;
		this.#positions.delete(key);
		const last = this.#heap.pop()!;
		if (at === this.#heap.length) return;
		// The last entry fills the hole; it may belong above or below it.
		this.#place(last, at);
		this.#siftUp(at);
		this.#siftDown(at);
	}

	#place(entry: { key: K; value: number }, at: number): void {
		this.#heap[at] = entry;
		this.#positions.set(entry.key, at);
	}

	#swap(a: number, b: number): void {
		const entryA = this.#heap[a]!;
		this.#place(this.#heap[b]!, a);
		this.#place(entryA, b);
	}

	#siftUp(at: number): void {
		while (at > 0) {
			const parent = (at - 1) >> 1;
			if (this.#heap[parent]!.value >= this.#heap[at]!.value) return;
			this.#swap(at, parent);
			at = parent;
		}
	}

	#siftDown(at: number): void {
		for (;;) {
			let largest = at;
			for (const child of [2 * at + 1, 2 * at + 2]) {
				if (child < this.#heap.length && this.#heap[child]!.value > this.#heap[largest]!.value) largest = child;
			}
			if (largest === at) return;
			this.#swap(at, largest);
			at = largest;
		}
	}
}
