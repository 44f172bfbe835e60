import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBoardEqualsRecount, NATIONS } from '../../support/boards';
import { utcDay } from '$lib/domain/core/dates';
import type { Releasability } from '$lib/domain/core/releasability';
import type { WireRecord } from '$lib/domain/core/protocol';
import { BRIGADE_STAGES, isBehindSchedule, type Brigade } from '$lib/domain/forces/brigades';
import { forcesKpis } from '$lib/domain/forces/kpis';
import { DOMAINS, READINESS_LEVELS, type Unit } from '$lib/domain/forces/units';
import { audienceOfRoom, Board } from '$lib/server/realtime/boards/board';
import { forcesBoard } from '$lib/server/realtime/boards/forces';

const START = new Date('2026-05-20T22:00:00.000Z');

function unit(fields: Pick<Unit, 'id' | 'nation' | 'domain' | 'readiness' | 'releasableTo'>): Unit {
	return { name: 'unit', sidc: '10031000151211000000', location: null, mission: 'reassurance', noticeToMoveHours: null, readinessChangedAt: START.toISOString(), lastReport: null, exercise: false, ...fields };
}
function brigade(fields: Pick<Brigade, 'id' | 'stage' | 'plannedCertifiedOn' | 'releasableTo'>): Brigade {
	return { name: 'brigade', progress: 50, behindSchedule: false, exercise: false, ...fields };
}

describe('forces KPIs, counted by hand', () => {
	const units = [
		unit({ id: 'u1', nation: 'FRA', domain: 'land', readiness: 'C1', releasableTo: 'coalition' }),
		unit({ id: 'u2', nation: 'FRA', domain: 'air', readiness: 'C3', releasableTo: 'coalition' }),
		unit({ id: 'u3', nation: 'GBR', domain: 'sea', readiness: 'C2', releasableTo: 'coalition' }),
		unit({ id: 'u4', nation: 'GBR', domain: 'land', readiness: 'C5', releasableTo: 'coalition' })
	];
	const brigades = [
		brigade({ id: 'b1', stage: 'collective-training', plannedCertifiedOn: '2026-05-19', releasableTo: 'cell' }),
		brigade({ id: 'b2', stage: 'certified', plannedCertifiedOn: '2026-04-01', releasableTo: 'cell' }),
		brigade({ id: 'b3', stage: 'forming', plannedCertifiedOn: '2026-05-20', releasableTo: 'cell' })
	];

	it('counts by domain and level on the full grid, the ready share (C1 + C2), by nation, and the brigades', () => {
		expect(forcesKpis(units, brigades, '2026-05-20')).toEqual({
			units: 4,
			readyShare: 0.5,
			byDomain: {
				air: { C1: 0, C2: 0, C3: 1, C4: 0, C5: 0 },
				sea: { C1: 0, C2: 1, C3: 0, C4: 0, C5: 0 },
				land: { C1: 1, C2: 0, C3: 0, C4: 0, C5: 1 }
			},
			byNation: { FRA: { units: 2, ready: 1 }, GBR: { units: 2, ready: 1 } },
			// b1's day has passed uncertified; b2 is certified (late, but certified); b3 is due today.
			brigades: { byStage: { forming: 1, 'individual-training': 0, 'collective-training': 1, certified: 1, deployed: 0 }, behindSchedule: 1 }
		});
	});

	it('has no ready share without units', () => {
		expect(forcesKpis([], [], '2026-05-20')).toMatchObject({ units: 0, readyShare: null, byNation: {} });
	});

	it('puts a brigade behind schedule by date alone, at midnight UTC, on a live board', () => {
		const board = new Board(forcesBoard, { epoch: 'e', seq: 0, data: {} }, new Date('2026-05-20T23:59:00Z'));
		const cell = audienceOfRoom('cell')!;
		board.apply([{ collection: 'brigades', entityId: 'b3', op: 'upsert', record: brigades[2] as unknown as WireRecord }]);
		expect(board.kpisFor(cell).brigades.behindSchedule).toBe(0);
		expect(board.tick(new Date('2026-05-21T00:00:00Z'))).toBe(true);
		expect(board.kpisFor(cell).brigades.behindSchedule).toBe(1);
		expect(isBehindSchedule(brigades[2]!, '2026-05-21')).toBe(true);
	});
});

const releasability: fc.Arbitrary<Releasability> = fc.oneof(
	fc.constant('cell' as const),
	fc.constant('coalition' as const),
	fc.subarray([...NATIONS], { minLength: 1 }).map((nations) => nations.sort())
);
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('the forces board', () => {
	it('has, after any sequence of changes and clock ticks, the figures a full recount gives each audience', () => {
		assertBoardEqualsRecount({
			board: forcesBoard,
			start: START,
			put: fc.oneof(
				fc
					.record({ id: fc.constantFrom(...ids('u', 8)), nation: fc.constantFrom(...NATIONS, 'USA'), domain: fc.constantFrom(...DOMAINS), readiness: fc.constantFrom(...READINESS_LEVELS), releasableTo: releasability })
					.map((fields) => ({ collection: 'units', record: unit(fields) as unknown as WireRecord })),
				fc
					.record({
						id: fc.constantFrom(...ids('b', 5)),
						stage: fc.constantFrom(...BRIGADE_STAGES),
						plannedCertifiedOn: fc.integer({ min: -5, max: 5 }).map((d) => utcDay(new Date(START.getTime() + d * 86_400_000))),
						releasableTo: releasability
					})
					.map((fields) => ({ collection: 'brigades', record: brigade(fields) as unknown as WireRecord }))
			),
			recount: (visible, now) => forcesKpis(visible('units') as unknown as Unit[], visible('brigades') as unknown as Brigade[], utcDay(now))
		});
	});
});
