/** The page clock's shape (clock.svelte.ts) with a hand on it: tests move it across midnight. */
export function manualClock(start: Date) {
	let minute = $state(start);
	return {
		get minute() {
			return minute;
		},
		set(to: Date) {
			minute = to;
		}
	};
}
