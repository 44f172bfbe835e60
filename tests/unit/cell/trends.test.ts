import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sector } from '$lib/domain/ceasefire/sectors';
import type { Violation, ViolationStatus } from '$lib/domain/ceasefire/violations';
import { readinessOf, rollupDelta, sectorDayStatus, sectorsByStatus, TrendsQuery, type Contribution, type SectorDayFigures } from '$lib/domain/cell/trends';
import type { Releasability } from '$lib/domain/core/releasability';
import type { Unit } from '$lib/domain/forces/units';

/**
 * The trends' arithmetic (domain/cell/trends.ts): what a change moves in the rollups, the units'
 * domains and the sectors' reports and check-ins included, and a sector's status for a day.
 */

const TODAY = '2026-12-06';
type Loose = Record<string, unknown>;

const unit = (over: Partial<Unit>): Loose => ({ id: 'u1', domain: 'land', readiness: 'C1', releasableTo: 'coalition', ...over });
const report = (over: Partial<Violation>): Loose => ({ id: 'v1', observedAt: '2026-12-01T10:00:00.000Z', category: 'artillery', status: 'reported', sectorId: 'pokrovsk', releasableTo: 'coalition', ...over });
const sector = (over: Partial<Sector>): Loose => ({ id: 'pokrovsk', name: 'Pokrovsk', lastCheckInAt: null, override: null, releasableTo: ['DEU'], ...over });

/** The moves netted per day, metric, key and releasability: what the rollup table would hold. */
function net(deltas: readonly Contribution[]): Record<string, number> {
	const rows: Record<string, number> = {};
	for (const d of deltas) {
		const id = `${d.day} ${d.metric} ${d.key} ${JSON.stringify(d.releasableTo)}`;
		rows[id] = (rows[id] ?? 0) + d.value;
		if (rows[id] === 0) delete rows[id];
	}
	return rows;
}

describe('units in the rollups', () => {
	it('count under their domain, so readiness by domain follows and the overall share sums the domains', () => {
		expect(net(rollupDelta('units', null, unit({ domain: 'air' }), TODAY))).toEqual({
			[`${TODAY} forces.units air "coalition"`]: 1,
			[`${TODAY} forces.ready air "coalition"`]: 1
		});
	});

	it('move between domains, and out of ready, on the day of the change', () => {
		expect(net(rollupDelta('units', unit({ domain: 'air' }), unit({ domain: 'sea', readiness: 'C4' }), TODAY))).toEqual({
			[`${TODAY} forces.units air "coalition"`]: -1,
			[`${TODAY} forces.ready air "coalition"`]: -1,
			[`${TODAY} forces.units sea "coalition"`]: 1
		});
	});

	it('give a share per domain only where the domain has units', () => {
		expect(readinessOf(3, 2)).toEqual({ units: 3, ready: 2, readyShare: 2 / 3 });
		expect(readinessOf(0, 0)).toEqual({ units: 0, ready: 0, readyShare: null });
	});
});

describe('reports in a sector', () => {
	const at = (status: ViolationStatus) => net(rollupDelta('violations', null, report({ status }), TODAY));

	it.each<[ViolationStatus, string[]]>([
		['reported', ['sectors.reports', 'sectors.pending']],
		['under-verification', ['sectors.reports', 'sectors.pending']],
		['verified', ['sectors.reports', 'sectors.confirmed']],
		['attributed', ['sectors.reports', 'sectors.confirmed']],
		['unfounded', ['sectors.reports']],
		['closed', ['sectors.reports']]
	])('count, %s, on the day observed under the sector: %j', (status, metrics) => {
		const sectorRows = Object.keys(at(status)).filter((row) => row.includes(' sectors.'));
		expect(sectorRows).toEqual(metrics.map((m) => `2026-12-01 ${m} pokrovsk "coalition"`));
	});

	it('move from pending to confirmed when verified, and count outside every sector for no sector', () => {
		expect(net(rollupDelta('violations', report({ status: 'under-verification' }), report({ status: 'verified' }), TODAY))).toEqual({
			'2026-12-01 sectors.pending pokrovsk "coalition"': -1,
			'2026-12-01 sectors.confirmed pokrovsk "coalition"': 1,
			'2026-12-01 violations.verified artillery "coalition"': 1
		});
		expect(Object.keys(at('reported')).length).toBe(3);
		expect(Object.keys(net(rollupDelta('violations', null, report({ sectorId: null }), TODAY)))).toEqual(['2026-12-01 violations.reported artillery "coalition"']);
	});
});

describe('check-ins', () => {
	const first = sector({ lastCheckInAt: '2026-12-04T08:00:00.000Z' });
	const second = sector({ lastCheckInAt: '2026-12-06T09:30:00.000Z' });

	it('count once each, on their own day, under the sector, released as the sector', () => {
		expect(net(rollupDelta('sectors', null, sector({}), TODAY))).toEqual({});
		expect(net(rollupDelta('sectors', sector({}), first, TODAY))).toEqual({ '2026-12-04 sectors.checkIns pokrovsk ["DEU"]': 1 });
		// The record keeps only the last check-in: the earlier one stays counted.
		expect(net(rollupDelta('sectors', first, second, TODAY))).toEqual({ '2026-12-06 sectors.checkIns pokrovsk ["DEU"]': 1 });
		// An override changes the sector, not its check-ins.
		expect(net(rollupDelta('sectors', second, { ...second, override: { status: 'tense', reason: 'x', by: 'y', expiresAt: '2026-12-07T00:00:00.000Z' } }, TODAY))).toEqual({});
	});

	it('add up, over any run of changes, to one a check-in, whatever else changed', () => {
		const change = fc.record({ checkIn: fc.boolean(), day: fc.integer({ min: 1, max: 9 }), releasableTo: fc.constantFrom<Releasability>('cell', 'coalition', ['DEU']) });
		fc.assert(
			fc.property(fc.array(change, { maxLength: 12 }), (changes) => {
				let before: Loose | null = null;
				let checkIns = 0;
				const deltas: Contribution[] = [];
				for (const [i, c] of changes.entries()) {
					const last = (before?.lastCheckInAt as string | null | undefined) ?? null;
					const after = sector({ releasableTo: c.releasableTo, lastCheckInAt: c.checkIn ? `2026-12-0${c.day}T00:00:${String(i).padStart(2, '0')}.000Z` : last });
					if (c.checkIn) checkIns++;
					deltas.push(...rollupDelta('sectors', before, after, TODAY));
					before = after;
				}
				expect(deltas.reduce((sum, d) => sum + d.value, 0)).toBe(checkIns);
				expect(deltas.every((d) => d.metric === 'sectors.checkIns' && d.value === 1)).toBe(true);
			})
		);
	});
});

describe("a sector's status for a day", () => {
	it.each([
		[{ 'sectors.confirmed': 1, 'sectors.pending': 2, 'sectors.reports': 3 }, 'violated'],
		[{ 'sectors.pending': 1, 'sectors.reports': 1, 'sectors.checkIns': 1 }, 'tense'],
		[{ 'sectors.reports': 1 }, 'holding'],
		[{ 'sectors.checkIns': 2 }, 'holding'],
		[{}, 'unknown'],
		[undefined, 'unknown']
	] as const)('%j is %s, as the live rule orders them (violated, tense, monitored)', (figures, status) => {
		expect(sectorDayStatus(figures)).toBe(status);
	});

	it('counts every sector once, those with no figures as unknown', () => {
		const figures: Record<string, Partial<SectorDayFigures>> = { a: { 'sectors.confirmed': 1, 'sectors.reports': 1 }, b: { 'sectors.checkIns': 1 }, c: { 'sectors.pending': 1, 'sectors.reports': 1 } };
		expect(sectorsByStatus(['a', 'b', 'c', 'd', 'e'], (id) => figures[id])).toEqual({ holding: 1, tense: 1, violated: 1, unknown: 2 });
		expect(sectorsByStatus([], () => undefined)).toEqual({ holding: 0, tense: 0, violated: 0, unknown: 0 });
	});
});

describe('the trends query', () => {
	it('adds breakdowns only when asked, each once, and refuses others', () => {
		expect(TrendsQuery.parse({ from: '2026-12-01', to: '2026-12-06' }).include).toEqual([]);
		expect(TrendsQuery.parse({ from: '2026-12-01', to: '2026-12-06', include: 'domains,sectors,domains' }).include).toEqual(['domains', 'sectors']);
		for (const include of ['', 'units', 'sectors,', 'sectors;domains']) expect(TrendsQuery.safeParse({ include }).success, include).toBe(false);
	});
});
