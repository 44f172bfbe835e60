/** A FIFO lock for async work: callers run one at a time, in the order they asked. */
export class Mutex {
	#tail: Promise<unknown> = Promise.resolve();

	run<T>(work: () => Promise<T>): Promise<T> {
		const result = this.#tail.then(work);
		this.#tail = result.catch(() => {});
		return result;
	}
}
