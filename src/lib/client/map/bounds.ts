/** [[south, west], [north, east]] in degrees, the order Leaflet's fitBounds takes. */
export type Bounds = [[number, number], [number, number]];

/** The smallest box around every given box; null when there is none. */
export function unionBounds(boxes: readonly (Bounds | null)[]): Bounds | null {
	let union: Bounds | null = null;
	for (const box of boxes) {
		if (!box) continue;
		const [[south, west], [north, east]] = box;
		union = union
			? [
					[Math.min(union[0][0], south), Math.min(union[0][1], west)],
					[Math.max(union[1][0], north), Math.max(union[1][1], east)]
				]
			: [
					[south, west],
					[north, east]
				];
	}
	return union;
}

export function sameBounds(a: Bounds | null, b: Bounds | null): boolean {
	return a === b || (!!a && !!b && a.flat().every((value, i) => value === b.flat()[i]));
}
