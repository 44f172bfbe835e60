import { utcDay } from '$lib/domain/core/dates';

/**
 * The current time as a rune, ticking every `intervalMs` while the calling component lives. Call
 * it during component initialisation (it registers an effect); every figure on the screen reads
 * the same clock, so they never disagree by a second.
 */
export function ticking(intervalMs = 1000): { readonly current: Date; readonly minute: Date; readonly today: string } {
	let now = $state(new Date());
	// Through the number: a new Date each tick would re-run every reader of `minute` each tick.
	const minuteMs = $derived(startOfMinute(now));
	const minute = $derived(new Date(minuteMs));
	// A string: its readers re-run once a day, when it turns UTC midnight on this screen's clock.
	const today = $derived(utcDay(minute));
	$effect(() => {
		const timer = setInterval(() => (now = new Date()), intervalMs);
		return () => clearInterval(timer);
	});
	return {
		get current() {
			return now;
		},
		/** The time rounded down to the minute: for filters and links that need not move with every tick. */
		get minute() {
			return minute;
		},
		/** The UTC day (`YYYY-MM-DD`): what date-based figures (overdue deliveries) are judged against. */
		get today() {
			return today;
		}
	};
}

function startOfMinute(date: Date): number {
	return Math.floor(date.getTime() / 60_000) * 60_000;
}
