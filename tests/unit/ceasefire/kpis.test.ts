import { describe, expect, it } from 'vitest';
import { ceasefireKpis } from '$lib/domain/ceasefire/kpis';
import { deriveSectorStatus, type Sector } from '$lib/domain/ceasefire/sectors';
import { CATEGORIES, STATUSES, type Category, type Violation, type ViolationStatus } from '$lib/domain/ceasefire/violations';
import { violationAt } from '../../support/ceasefire/violations';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-01-10T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

function report(over: Partial<Violation> & { ageMs?: number } = {}): Violation {
	const { ageMs = HOUR, ...rest } = over;
	return violationAt(NOW, { observedAt: ago(ageMs), ...rest });
}

function sector(id: string, over: Partial<Sector> = {}): Sector {
	return {
		id,
		name: id,
		geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
		lastCheckInAt: ago(HOUR),
		override: null,
		exercise: false,
		releasableTo: 'coalition',
		...over
	};
}

const zeroes = () => Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;

describe('ceasefire KPIs', () => {
	it('are all zero (and the ceasefire unknown) with nothing to count', () => {
		expect(ceasefireKpis([], [], NOW)).toEqual({
			asOf: NOW.toISOString(),
			overall: 'unknown',
			sectors: {},
			last24h: { reports: zeroes(), verified: zeroes(), total: 0, verifiedTotal: 0 },
			openInvestigations: 0,
			commissionCases: 0,
			lastVerifiedAt: null
		});
	});

	describe('the 24 h window', () => {
		it.each([
			['observed now', 0, 1],
			['1 ms inside', DAY - 1, 1],
			['exactly 24 h ago', DAY, 1],
			['1 ms past', DAY + 1, 0],
			['two days ago', 2 * DAY, 0]
		] as const)('counts a report %s: %i', (_, age, counted) => {
			const kpis = ceasefireKpis([], [report({ ageMs: age, status: 'verified' })], NOW);
			expect(kpis.last24h.total).toBe(counted);
			expect(kpis.last24h.reports.artillery).toBe(counted);
			expect(kpis.last24h.verifiedTotal).toBe(counted);
			expect(kpis.last24h.verified.artillery).toBe(counted);
		});
	});

	it('counts the last 24 h by category, all reports and the confirmed ones', () => {
		const reports = [
			report({ category: 'artillery', status: 'verified' }),
			report({ category: 'artillery', status: 'reported' }),
			report({ category: 'artillery', status: 'unfounded' }),
			report({ category: 'drone', status: 'referred' }),
			report({ category: 'drone', status: 'attributed' }),
			report({ category: 'drone', status: 'remedied' }),
			report({ category: 'drone', status: 'closed' }),
			report({ category: 'small-arms', status: 'under-verification' }),
			report({ category: 'sea-incident', status: 'verified', sectorId: null }),
			// Older than a day: not in last24h at all.
			report({ category: 'missile', status: 'verified', ageMs: 2 * DAY }),
			report({ category: 'mortar', status: 'reported', ageMs: DAY + 1 })
		];
		const { last24h } = ceasefireKpis([], reports, NOW);
		expect(last24h.reports).toEqual({ ...zeroes(), artillery: 3, drone: 4, 'small-arms': 1, 'sea-incident': 1 });
		expect(last24h.verified).toEqual({ ...zeroes(), artillery: 1, drone: 3, 'sea-incident': 1 });
		expect(last24h.total).toBe(9);
		expect(last24h.verifiedTotal).toBe(5);
	});

	// By hand: open investigations are reports awaiting verification; commission cases are referred or attributed.
	const OPEN: ViolationStatus[] = ['reported', 'under-verification'];
	const COMMISSION: ViolationStatus[] = ['referred', 'attributed'];
	it.each(STATUSES)('counts one %s report as an open investigation or a commission case, as it is', (status) => {
		const kpis = ceasefireKpis([], [report({ status })], NOW);
		expect(kpis.openInvestigations).toBe(OPEN.includes(status) ? 1 : 0);
		expect(kpis.commissionCases).toBe(COMMISSION.includes(status) ? 1 : 0);
	});

	it('counts open investigations and commission cases of any age', () => {
		const reports = [
			report({ status: 'reported', ageMs: 30 * DAY }),
			report({ status: 'under-verification', ageMs: 3 * DAY }),
			report({ status: 'reported' }),
			report({ status: 'referred', ageMs: 40 * DAY }),
			report({ status: 'attributed' }),
			report({ status: 'remedied' }),
			report({ status: 'closed' })
		];
		const kpis = ceasefireKpis([], reports, NOW);
		expect(kpis.openInvestigations).toBe(3);
		expect(kpis.commissionCases).toBe(2);
	});

	describe('lastVerifiedAt', () => {
		it('is when the most recently observed confirmed violation happened, whatever its age', () => {
			const newestConfirmed = report({ status: 'remedied', ageMs: 3 * DAY });
			const reports = [
				report({ status: 'verified', ageMs: 10 * DAY }),
				newestConfirmed,
				report({ status: 'referred', ageMs: 5 * DAY }),
				// Newer, but not confirmed.
				report({ status: 'reported', ageMs: HOUR }),
				report({ status: 'unfounded', ageMs: HOUR }),
				report({ status: 'closed', ageMs: HOUR })
			];
			expect(ceasefireKpis([], reports, NOW).lastVerifiedAt).toBe(newestConfirmed.observedAt);
		});

		it('is null when nothing is confirmed', () => {
			const reports = (['reported', 'under-verification', 'unfounded', 'closed'] as const).map((status) => report({ status }));
			expect(ceasefireKpis([], reports, NOW).lastVerifiedAt).toBeNull();
		});

		it('keeps the milliseconds of the observation', () => {
			const r = report({ status: 'attributed', observedAt: '2026-01-09T08:15:30.123Z' });
			expect(ceasefireKpis([], [r], NOW).lastVerifiedAt).toBe('2026-01-09T08:15:30.123Z');
		});
	});

	it("gives each sector its derived status and the ceasefire its worst sector's", () => {
		const sectors = [
			sector('pokrovsk'),
			sector('bakhmut-toretsk'),
			sector('kherson-dnipro', { lastCheckInAt: null }),
			sector('zaporizhzhia', { override: { status: 'tense', reason: 'Drill', by: 'Officer', expiresAt: new Date(NOW.getTime() + HOUR).toISOString() } })
		];
		const reports = [report({ sectorId: 'pokrovsk', status: 'verified' }), report({ sectorId: 'bakhmut-toretsk', status: 'unfounded' })];
		const kpis = ceasefireKpis(sectors, reports, NOW);
		expect(Object.fromEntries(Object.entries(kpis.sectors).map(([id, s]) => [id, s.status]))).toEqual({
			pokrovsk: 'violated',
			'bakhmut-toretsk': 'holding',
			'kherson-dnipro': 'unknown',
			zaporizhzhia: 'tense'
		});
		for (const s of sectors) expect(kpis.sectors[s.id]).toEqual(deriveSectorStatus(s, reports, NOW));
		expect(kpis.overall).toBe('violated');
		expect(ceasefireKpis(sectors.slice(1), reports, NOW).overall).toBe('tense');
		expect(ceasefireKpis(sectors.slice(1, 3), reports, NOW).overall).toBe('unknown');
		expect(ceasefireKpis([sectors[1]!], reports, NOW).overall).toBe('holding');
	});

	it('counts only the reports it is given (the caller filters by releasability)', () => {
		const all = [report({ releasableTo: 'coalition', status: 'verified' }), report({ releasableTo: ['POL'], status: 'referred', category: 'drone' })];
		const deu = all.filter((r) => r.releasableTo === 'coalition');
		const kpis = ceasefireKpis([sector('pokrovsk')], deu, NOW);
		expect(kpis.last24h.total).toBe(1);
		expect(kpis.last24h.reports.drone).toBe(0);
		expect(kpis.commissionCases).toBe(0);
	});
});
