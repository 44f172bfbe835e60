/** A share (0–1) as the wall prints it: `62 %`, or an em dash when there is nothing to share. */
export function percent(share: number | null): string {
	return share === null || !Number.isFinite(share) ? '—' : `${Math.round(share * 100)} %`;
}

/** A part against a whole, 0–1, for a bar: 0 when the whole is nothing, never past the end. */
export function fraction(part: number, whole: number): number {
	return whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0;
}

/** Each nation's commitments in force, counted by type, the most committed nation first. */
export function inForceByNation<T extends string>(commitments: readonly { nation: string; type: T; status: string }[]): { nation: string; byType: Partial<Record<T, number>>; total: number }[] {
	const byNation = new Map<string, { byType: Partial<Record<T, number>>; total: number }>();
	for (const commitment of commitments) {
		if (commitment.status !== 'in-force') continue;
		const line = byNation.get(commitment.nation) ?? byNation.set(commitment.nation, { byType: {}, total: 0 }).get(commitment.nation)!;
		line.byType[commitment.type] = (line.byType[commitment.type] ?? 0) + 1;
		line.total++;
	}
	return [...byNation].map(([nation, line]) => ({ nation, ...line })).sort((a, b) => b.total - a.total || (a.nation < b.nation ? -1 : 1));
}
