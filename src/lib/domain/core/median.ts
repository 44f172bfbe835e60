/** The middle value of sorted numbers (the mean of the two middle ones for an even count); null for none. */
export function median(sorted: readonly number[]): number | null {
	if (!sorted.length) return null;
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
