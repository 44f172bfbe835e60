import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WireRecord } from '$lib/domain/core/protocol';
import type { Brigade } from '$lib/domain/forces/brigades';
import { forcesKpis, type ForcesKpis } from '$lib/domain/forces/kpis';
import type { Unit } from '$lib/domain/forces/units';
import {
	DEFAULT_SORT,
	ForcesView,
	brigadesByStage,
	filterUnits,
	filtersFromQuery,
	forcesKpisOf,
	nationsOf,
	nextSort,
	onSchedule,
	readyCount,
	sinceChange,
	sortFromQuery,
	sortToQuery,
	sortUnits,
	unitBounds,
	unitsToReport
} from '$lib/client/forces/view.svelte';
import { fedLiveConnection as fakeLive } from '../../support/live-connection';
import { manualClock } from '../../support/manual-clock.svelte';

const unit = (id: string, overrides: Partial<Unit> = {}): Unit => ({
	id,
	name: `Unit ${id}`,
	nation: 'DEU',
	domain: 'land',
	sidc: '10031000151211000000',
	location: null,
	mission: 'reassurance',
	readiness: 'C2',
	noticeToMoveHours: 48,
	readinessChangedAt: '2026-01-10T10:00:00.000Z',
	lastReport: null,
	exercise: false,
	releasableTo: 'coalition',
	...overrides
});

const brigade = (id: string, overrides: Partial<Brigade> = {}): Brigade => ({
	id,
	name: `Brigade ${id}`,
	stage: 'collective-training',
	progress: 50,
	plannedCertifiedOn: '2026-01-10',
	behindSchedule: false,
	exercise: false,
	releasableTo: 'coalition',
	...overrides
});

const ids = (units: readonly { id: string }[]) => units.map((u) => u.id);

describe('forces view: pure derivations', () => {
	it('types the forces KPIs, null until they arrive, and counts the ready units from the grid', () => {
		const kpis = forcesKpis([unit('a', { readiness: 'C1' }), unit('b', { readiness: 'C2', domain: 'air' }), unit('c', { readiness: 'C4' })], [], '2026-01-10');
		expect(forcesKpisOf({})).toBeNull();
		expect(forcesKpisOf({ forces: kpis, ceasefire: {} })).toBe(kpis);
		expect(readyCount(kpis)).toBe(2);
	});

	it('turns a brigade behind schedule on the day after its planned certification, not before, and never once certified', () => {
		const due = brigade('due', { plannedCertifiedOn: '2026-01-10' });
		const certified = brigade('done', { stage: 'certified', plannedCertifiedOn: '2026-01-01' });
		expect(onSchedule([due, certified], '2026-01-10').map((b) => b.behindSchedule)).toEqual([false, false]);
		expect(onSchedule([due, certified], '2026-01-11').map((b) => b.behindSchedule)).toEqual([true, false]);
		// What the server sent stays the same object when it still holds: nothing is redrawn for it.
		expect(onSchedule([due], '2026-01-09')[0]).toBe(due);
		// A brigade the server sent as behind, re-planned by the screen's day: not behind any more.
		expect(onSchedule([brigade('replanned', { behindSchedule: true, plannedCertifiedOn: '2026-02-01' })], '2026-01-11')[0]!.behindSchedule).toBe(false);
	});

	it('lays the brigades out by stage, the soonest planned certification first', () => {
		const stages = brigadesByStage([
			brigade('late', { plannedCertifiedOn: '2026-03-01' }),
			brigade('forming', { stage: 'forming' }),
			brigade('early', { plannedCertifiedOn: '2026-02-01' })
		]);
		expect(ids(stages['collective-training'])).toEqual(['early', 'late']);
		expect(ids(stages.forming)).toEqual(['forming']);
		expect(stages.deployed).toEqual([]);
	});

	describe('sorting the units', () => {
		const units = [
			unit('pol', { nation: 'POL', domain: 'sea', readiness: 'C1', readinessChangedAt: '2026-01-10T08:00:00Z', name: 'Bravo' }),
			unit('deu', { nation: 'DEU', domain: 'land', readiness: 'C4', readinessChangedAt: '2026-01-10T11:00:00Z', name: 'Alpha' }),
			unit('fra', { nation: 'FRA', domain: 'air', readiness: 'C2', readinessChangedAt: '2026-01-09T23:00:00Z', name: 'Charlie' }),
			unit('deu2', { nation: 'DEU', domain: 'land', readiness: 'C4', readinessChangedAt: '2026-01-10T11:00:00Z', name: 'Aardvark' })
		];

		it.each([
			// France, Germany, Poland: by the names people read.
			['nation', 'ascending', ['fra', 'deu2', 'deu', 'pol']],
			['nation', 'descending', ['pol', 'deu2', 'deu', 'fra']],
			['domain', 'ascending', ['fra', 'pol', 'deu2', 'deu']],
			['readiness', 'ascending', ['pol', 'fra', 'deu2', 'deu']],
			['readiness', 'descending', ['deu2', 'deu', 'fra', 'pol']],
			// Shortest time since the last change first: the newest report on top.
			['since', 'ascending', ['deu2', 'deu', 'pol', 'fra']],
			['since', 'descending', ['fra', 'pol', 'deu2', 'deu']]
		] as const)('by %s, %s (ties by name, A to Z)', (key, direction, expected) => {
			expect(ids(sortUnits(units, { key, direction }))).toEqual(expected);
		});

		it('by nation name, not code: the United Kingdom (GBR) after Sweden (SWE)', () => {
			expect(ids(sortUnits([unit('gbr', { nation: 'GBR' }), unit('swe', { nation: 'SWE' }), unit('deu', { nation: 'DEU' })], DEFAULT_SORT))).toEqual(['deu', 'swe', 'gbr']);
		});

		it('flips the direction on the same column and starts ascending on another', () => {
			expect(nextSort({ key: 'nation', direction: 'ascending' }, 'nation')).toEqual({ key: 'nation', direction: 'descending' });
			expect(nextSort({ key: 'nation', direction: 'descending' }, 'nation')).toEqual({ key: 'nation', direction: 'ascending' });
			expect(nextSort({ key: 'nation', direction: 'descending' }, 'readiness')).toEqual({ key: 'readiness', direction: 'ascending' });
		});

		it('reads and writes the sort in the URL, and falls back to the default on anything else', () => {
			expect(sortFromQuery(sortToQuery({ key: 'since', direction: 'descending' }))).toEqual({ key: 'since', direction: 'descending' });
			expect(sortFromQuery('readiness')).toEqual({ key: 'readiness', direction: 'ascending' });
			expect(sortFromQuery('name:descending')).toEqual(DEFAULT_SORT);
			expect(sortFromQuery(null)).toEqual(DEFAULT_SORT);
		});
	});

	it('filters by domain, nation and level together, and reads only valid filters from the URL', () => {
		const units = [unit('a', { domain: 'air', nation: 'FRA' }), unit('b', { domain: 'air', nation: 'DEU', readiness: 'C4' }), unit('c', { domain: 'land', nation: 'DEU' })];
		expect(ids(filterUnits(units, { domain: 'air', nation: '', readiness: '' }))).toEqual(['a', 'b']);
		expect(ids(filterUnits(units, { domain: '', nation: 'DEU', readiness: 'C4' }))).toEqual(['b']);
		expect(filtersFromQuery(new URLSearchParams('domain=sea&nation=POL&readiness=C5'))).toEqual({ domain: 'sea', nation: 'POL', readiness: 'C5' });
		expect(filtersFromQuery(new URLSearchParams('domain=space&nation=pol&readiness=C9'))).toEqual({ domain: '', nation: '', readiness: '' });
		expect(nationsOf(units)).toEqual(['FRA', 'DEU']);
	});

	it("offers a partner only its own nation's units to report on, the cell every unit", () => {
		const units = [unit('deu', { nation: 'DEU' }), unit('pol', { nation: 'POL' })];
		expect(ids(unitsToReport(units, { role: 'partner', nation: 'DEU' }))).toEqual(['deu']);
		expect(ids(unitsToReport(units, { role: 'officer', nation: 'FRA' }))).toEqual(['deu', 'pol']);
	});

	it('says how long since the readiness last changed, and admits a time it cannot read', () => {
		const now = new Date('2026-01-10T13:12:00Z');
		expect(sinceChange(unit('a', { readinessChangedAt: '2026-01-10T10:00:00Z' }), now)).toBe('3 h 12 min');
		expect(sinceChange(unit('a', { readinessChangedAt: 'yesterday' }), now)).toBeNull();
	});

	it('keeps the units with a place in view, with room for the symbols at the edge, and none when none has one', () => {
		expect(unitBounds([unit('a', { location: { lat: 50, lon: 22 } }), unit('b'), unit('c', { location: { lat: 44, lon: 28.5 } })])).toEqual([
			[43.6, 21.6],
			[50.4, 28.9]
		]);
		expect(unitBounds([unit('b')])).toBeNull();
	});
});

describe('forces view over the live store', () => {
	let fake: ReturnType<typeof fakeLive>;
	beforeEach(() => {
		vi.useFakeTimers();
		fake = fakeLive();
	});
	afterEach(() => {
		fake.live.disconnect();
		vi.useRealTimers();
	});

	const wire = (record: object) => record as unknown as WireRecord;
	const KPIS: ForcesKpis = forcesKpis([unit('u1')], [], '2026-01-10');

	it('shows what the server rendered until the snapshot, then the live picture and its deltas', () => {
		const clock = manualClock(new Date('2026-01-10T23:59:00Z'));
		const rendered = { units: [unit('rendered')], brigades: [], kpis: null };
		const view = new ForcesView(fake.live, clock, () => rendered);
		expect(ids(view.units)).toEqual(['rendered']);
		expect(view.kpis).toBeNull();

		fake.fire('snapshot', { seq: 3, epoch: 'e1', viewer: null, data: { units: [wire(unit('u1'))], brigades: [wire(brigade('b1'))] }, kpis: { forces: KPIS } });
		expect(ids(view.units)).toEqual(['u1']);
		expect(view.kpis?.units).toBe(1);
		expect(view.units[0]!.readiness).toBe('C2');

		fake.delta({ seq: 4, collection: 'units', op: 'upsert', id: 'u1', record: wire(unit('u1', { readiness: 'C4' })) });
		expect(view.units[0]!.readiness).toBe('C4');
		fake.delta({ seq: 5, collection: 'kpis', op: 'upsert', id: 'forces', record: { ...forcesKpis([unit('u1', { readiness: 'C4' })], [], '2026-01-10'), id: 'forces' } });
		expect(view.kpis?.byDomain.land.C4).toBe(1);
	});

	it('turns a brigade behind schedule at UTC midnight on its own clock, with no delta', () => {
		const clock = manualClock(new Date('2026-01-10T23:59:00Z'));
		const view = new ForcesView(fake.live, clock, () => ({ units: [], brigades: [], kpis: null }));
		fake.fire('snapshot', { seq: 1, epoch: 'e1', viewer: null, data: { brigades: [wire(brigade('b1', { plannedCertifiedOn: '2026-01-10' }))] }, kpis: {} });
		expect(view.today).toBe('2026-01-10');
		expect(view.behindSchedule).toBe(0);
		expect(view.stages['collective-training'][0]!.behindSchedule).toBe(false);

		clock.set(new Date('2026-01-11T00:00:00Z'));
		expect(view.today).toBe('2026-01-11');
		expect(view.behindSchedule).toBe(1);
		expect(view.stages['collective-training'][0]!.behindSchedule).toBe(true);
	});
});
