import { violationAt } from '../../support/ceasefire/violations';
import { fakeSocket } from '../../support/fake-socket';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '$lib/domain/cell/alerts';
import type { CeasefireKpis } from '$lib/domain/ceasefire/kpis';
import type { Sector } from '$lib/domain/ceasefire/sectors';
import type { Violation } from '$lib/domain/ceasefire/violations';
import type { WireRecord } from '$lib/domain/core/protocol';
import { LiveConnection } from '$lib/client/live.svelte';
import { CeasefireView, ceasefireKpisOf, sectorNameOf, sectorNamesOf, sectorStatusesOf } from '$lib/client/ceasefire/view.svelte';
import { exerciseOnScreen } from '$lib/client/exercise';

const square = (id: string, name: string, south: number): Sector => ({
	id,
	name,
	geometry: { type: 'Polygon', coordinates: [[[36, south + 1], [37, south + 1], [37, south], [36, south], [36, south + 1]]] },
	lastCheckInAt: null,
	override: null,
	exercise: false,
	releasableTo: 'cell'
});

const report = (id: string, sectorId: string | null, overrides: Partial<Violation> = {}): Violation =>
	violationAt(new Date('2026-01-10T10:00:00Z'), { id, sectorId, severity: 'high', ...overrides });

const alert = (violationId: string): Alert => ({
	id: `alert-${violationId}`,
	violationId,
	title: 'High artillery report in sector south',
	severity: 'high',
	raisedAt: '2026-01-10T10:01:00Z',
	acknowledgedBy: null,
	acknowledgedAt: null,
	exercise: false,
	releasableTo: 'cell'
});

const KPIS: CeasefireKpis = {
	asOf: '2026-01-10T12:00:00Z',
	overall: 'tense',
	sectors: { south: { status: 'tense', reason: 'unverified report', overridden: false } },
	last24h: { reports: {} as CeasefireKpis['last24h']['reports'], verified: {} as CeasefireKpis['last24h']['verified'], total: 1, verifiedTotal: 0 },
	openInvestigations: 1,
	commissionCases: 0,
	lastVerifiedAt: null
};

describe('ceasefire view: pure derivations', () => {
	it('types the ceasefire KPIs, null until they arrive', () => {
		expect(ceasefireKpisOf({})).toBeNull();
		expect(ceasefireKpisOf({ ceasefire: KPIS, other: { n: 1 } })).toBe(KPIS);
	});

	it('gives sector statuses, one and the same empty record before the figures', () => {
		expect(sectorStatusesOf(KPIS)).toBe(KPIS.sectors);
		expect(sectorStatusesOf(null)).toEqual({});
		// The same object each time: a map fed from it is not redrawn for nothing.
		expect(sectorStatusesOf(null)).toBe(sectorStatusesOf(null));
	});

	it('names sectors: the full name, the id for one this screen cannot see, nothing outside every sector', () => {
		const names = sectorNamesOf([square('north', 'Kharkiv (north)', 49), square('south', 'Zaporizhzhia (south)', 47)]);
		expect(names).toEqual({ north: 'Kharkiv (north)', south: 'Zaporizhzhia (south)' });
		expect(sectorNameOf(names, 'south')).toBe('Zaporizhzhia (south)');
		expect(sectorNameOf(names, 'hidden')).toBe('hidden');
		expect(sectorNameOf(names, null)).toBeNull();
	});
});

describe('ceasefire view over the live store', () => {
	let live: LiveConnection;
	let fire: (event: string, payload: unknown) => void;

	beforeEach(() => {
		// The live store applies a burst of deltas at a pace: the tests step its timer.
		vi.useFakeTimers();
		const fake = fakeSocket();
		fire = fake.fire;
		live = new LiveConnection({ createSocket: () => fake.socket });
		live.connect();
	});
	afterEach(() => {
		live.disconnect();
		vi.useRealTimers();
	});

	const wire = (record: object) => record as unknown as WireRecord;
	const delta = (payload: object) => {
		fire('delta', payload);
		vi.advanceTimersByTime(100);
	};

	it('is empty and untyped figures are null before the first snapshot', () => {
		const view = new CeasefireView(live);
		expect(view.sectors).toEqual([]);
		expect(view.reports).toEqual([]);
		expect(view.kpis).toBeNull();
		expect(view.sectorStatuses).toEqual({});
	});

	it('derives what the pages show from the snapshot, and follows the deltas', () => {
		const view = new CeasefireView(live);
		fire('snapshot', {
			seq: 5,
			epoch: 'e1',
			viewer: null,
			data: {
				sectors: [wire(square('south', 'Zaporizhzhia (south)', 47)), wire(square('north', 'Kharkiv (north)', 49))],
				violations: [wire(report('r1', 'south')), wire(report('r2', null))],
				alerts: [wire(alert('r1'))]
			},
			kpis: { ceasefire: KPIS }
		});

		expect(view.sectors.map((s) => s.id)).toEqual(['north', 'south']);
		expect(view.sectorNames).toEqual({ north: 'Kharkiv (north)', south: 'Zaporizhzhia (south)' });
		expect(view.reports.map((r) => r.id)).toEqual(['r1', 'r2']);
		expect(view.kpis?.overall).toBe('tense');
		expect(view.sectorStatuses.south?.status).toBe('tense');
		expect(view.sectorName('south')).toBe('Zaporizhzhia (south)');
		expect(view.sectorName(null)).toBeNull();
		expect(view.headline(alert('r1'))).toBe('Artillery · Zaporizhzhia (south)');
		expect(view.shortHeadline(alert('r1'))).toBe('Artillery · Zaporizhzhia');
		expect(view.headline(alert('r2'))).toBe('Artillery · outside every sector');
		// A report this screen does not hold: the stored title.
		expect(view.headline(alert('gone'))).toBe('High artillery report in sector south');

		delta({ seq: 6, collection: 'sectors', op: 'upsert', id: 'south', record: wire(square('south', 'Melitopol (south)', 47)) });
		expect(view.sectorName('south')).toBe('Melitopol (south)');
		expect(view.shortHeadline(alert('r1'))).toBe('Artillery · Melitopol');

		delta({ seq: 7, collection: 'kpis', op: 'upsert', id: 'ceasefire', record: { ...KPIS, id: 'ceasefire', overall: 'violated' } });
		expect(view.kpis?.overall).toBe('violated');
	});

	it('flags exercise data in any live collection, and not in a picture without it', () => {
		fire('snapshot', { seq: 1, epoch: 'e1', viewer: null, data: { violations: [wire(report('r1', null))] }, kpis: {} });
		expect(exerciseOnScreen(live)).toBe(false);
		delta({ seq: 2, collection: 'alerts', op: 'upsert', id: 'alert-r1', record: wire({ ...alert('r1'), exercise: true }) });
		expect(exerciseOnScreen(live)).toBe(true);
	});
});
