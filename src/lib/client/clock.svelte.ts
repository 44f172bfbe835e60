/**
 * The current time as a rune, ticking every `intervalMs` while the calling component lives. Call
 * it during component initialisation (it registers an effect); every figure on the screen reads
 * the same clock, so they never disagree by a second.
 */
export function ticking(intervalMs = 1000): { readonly current: Date } {
	let now = $state(new Date());
	$effect(() => {
		const timer = setInterval(() => (now = new Date()), intervalMs);
		return () => clearInterval(timer);
	});
	return {
		get current() {
			return now;
		}
	};
}
