/** A value the test changes by hand, read through a rune as the live store and the clock are read. */
export function settable<T>(initial: T): { value: T } {
	let value = $state.raw(initial);
	return {
		get value() {
			return value;
		},
		set value(next: T) {
			value = next;
		}
	};
}
