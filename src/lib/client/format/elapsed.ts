/** "2 d 4 h", "3 h 12 min", "4 min 05 s": how long ago, as an officer reads it off a wall. */
export function elapsed(fromMs: number, nowMs: number): string {
	const total = Math.max(0, Math.floor((nowMs - fromMs) / 1000));
	const days = Math.floor(total / 86_400);
	const hours = Math.floor((total % 86_400) / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = total % 60;
	if (days > 0) return `${days} d ${hours} h`;
	if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
	return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}
