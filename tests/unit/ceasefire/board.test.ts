import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ceasefireKpis } from '$lib/domain/ceasefire/kpis';
import { DEFAULT_SECTOR_RULES, SECTOR_STATUSES, type Sector } from '$lib/domain/ceasefire/sectors';
import { CATEGORIES, STATUSES, type Violation } from '$lib/domain/ceasefire/violations';
import { canSee, type Releasability } from '$lib/domain/core/releasability';
import type { WireRecord } from '$lib/domain/core/protocol';
import { audienceOfRoom, Board, type Audience, type BoardEvent } from '$lib/server/realtime/boards/board';
import { ceasefireBoard } from '$lib/server/realtime/boards/ceasefire';
import { violationAt } from '../../support/ceasefire/violations';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = new Date('2026-01-10T12:00:00.000Z');

const SECTOR_IDS = ['pokrovsk', 'kupiansk', 'zaporizhzhia'] as const;
const REPORT_IDS = Array.from({ length: 8 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
const NATIONS = ['DEU', 'POL', 'FRA'] as const;

const releasability: fc.Arbitrary<Releasability> = fc.oneof(
	fc.constant('cell' as const),
	fc.constant('coalition' as const),
	fc.subarray([...NATIONS], { minLength: 1 }).map((nations) => nations.sort())
);

/**
 * A time relative to the board's clock when the step runs: in half hours, so that reports land
 * exactly on the edges of the 12 h and 24 h windows as often as not, give or take a millisecond.
 */
const offset = (fromHours: number, toHours: number) =>
	fc.tuple(fc.integer({ min: fromHours * 2, max: toHours * 2 }), fc.constantFrom(-1, 0, 0, 1)).map(([halfHours, ms]) => halfHours * 30 * MINUTE + ms);

const putSector = fc.record({
	kind: fc.constant('put sector' as const),
	id: fc.constantFrom(...SECTOR_IDS),
	lastCheckIn: fc.option(offset(-30, 1)),
	override: fc.option(fc.record({ status: fc.constantFrom(...SECTOR_STATUSES), expiresIn: offset(-2, 6) })),
	releasableTo: releasability
});

const putReport = fc.record({
	kind: fc.constant('put report' as const),
	id: fc.constantFrom(...REPORT_IDS),
	// Also a sector that never exists, and none.
	sectorId: fc.constantFrom<string | null>(...SECTOR_IDS, 'nowhere', null),
	category: fc.constantFrom(...CATEGORIES),
	status: fc.constantFrom(...STATUSES),
	observed: offset(-50, 2),
	releasableTo: releasability
});

const step = fc.oneof(
	{ arbitrary: putSector, weight: 2 },
	{ arbitrary: putReport, weight: 5 },
	{ arbitrary: fc.record({ kind: fc.constant('remove sector' as const), id: fc.constantFrom(...SECTOR_IDS) }), weight: 1 },
	{ arbitrary: fc.record({ kind: fc.constant('remove report' as const), id: fc.constantFrom(...REPORT_IDS) }), weight: 2 },
	// The clock only moves forward (Board.tick).
	{ arbitrary: fc.record({ kind: fc.constant('tick' as const), by: offset(0, 8).map((ms) => Math.max(ms, 0)) }), weight: 2 },
	{ arbitrary: fc.record({ kind: fc.constant('look' as const), room: fc.constantFrom('cell', ...NATIONS.map((n) => `nation:${n}`)) }), weight: 1 }
);
type Put = (typeof putSector | typeof putReport) extends fc.Arbitrary<infer T> ? T : never;

/** The records as the log holds them, and the clock: the full recount's input. */
class Truth {
	sectors = new Map<string, Sector>();
	reports = new Map<string, Violation>();
	constructor(public now: Date) {}

	at = (offsetMs: number) => new Date(this.now.getTime() + offsetMs).toISOString();

	/** The step as an event of the log, applied here. */
	event(put: Put): BoardEvent {
		if (put.kind === 'put sector') {
			const sector: Sector = {
				id: put.id,
				name: put.id,
				geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
				lastCheckInAt: put.lastCheckIn === null ? null : this.at(put.lastCheckIn),
				override: put.override && { status: put.override.status, reason: 'drill', by: 'Officer', expiresAt: this.at(put.override.expiresIn) },
				exercise: false,
				releasableTo: put.releasableTo
			};
			this.sectors.set(sector.id, sector);
			return { collection: 'sectors', entityId: sector.id, op: 'upsert', record: sector as unknown as WireRecord };
		}
		const { kind: _kind, observed, ...fields } = put;
		const report = violationAt(this.now, { ...fields, observedAt: this.at(observed) });
		this.reports.set(report.id, report);
		return { collection: 'violations', entityId: report.id, op: 'upsert', record: report as unknown as WireRecord };
	}

	removal(collection: 'sectors' | 'violations', id: string): BoardEvent {
		(collection === 'sectors' ? this.sectors : this.reports).delete(id);
		return { collection, entityId: id, op: 'remove', record: null };
	}

	recount(audience: Audience) {
		const visible = <T extends { releasableTo: Releasability }>(records: Map<string, T>) => [...records.values()].filter((r) => canSee(audience.viewer, r.releasableTo));
		return { id: 'ceasefire', releasableTo: audience.releasableTo, ...ceasefireKpis(visible(this.sectors), visible(this.reports), this.now) };
	}
}

describe('the ceasefire board', () => {
	it('needs no report older than the 24 h it keeps to derive a sector status', () => {
		const { violatedForHours, tenseForHours, unknownAfterHours } = DEFAULT_SECTOR_RULES;
		expect(Math.max(violatedForHours, tenseForHours, unknownAfterHours)).toBeLessThanOrEqual(24);
	});

	it('has, after any sequence of changes and clock ticks, the figures a full recount gives each audience', () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(putSector, putReport), { maxLength: 8 }), fc.array(step, { maxLength: 80, size: 'max' }), (initial, steps) => {
				const truth = new Truth(START);
				const image = { epoch: 'e', seq: 0, data: { sectors: [] as WireRecord[], violations: [] as WireRecord[] } };
				for (const put of initial) truth.event(put);
				image.data.sectors = [...truth.sectors.values()] as unknown as WireRecord[];
				image.data.violations = [...truth.reports.values()] as unknown as WireRecord[];
				const board = new Board(ceasefireBoard, image, START);
				// The cell and DEU are tallied from the start, change by change; POL and FRA from the records
				// as they are when first asked for.
				const [cell, deu, pol, fra] = ['cell', 'nation:DEU', 'nation:POL', 'nation:FRA'].map((room) => audienceOfRoom(room)!) as [Audience, Audience, Audience, Audience];
				board.kpisFor(cell);
				board.kpisFor(deu);
				for (const s of steps) {
					if (s.kind === 'put sector' || s.kind === 'put report') board.apply([truth.event(s)]);
					else if (s.kind === 'remove sector') board.apply([truth.removal('sectors', s.id)]);
					else if (s.kind === 'remove report') board.apply([truth.removal('violations', s.id)]);
					else if (s.kind === 'tick') {
						truth.now = new Date(truth.now.getTime() + s.by);
						board.tick(truth.now);
					} else {
						const audience = audienceOfRoom(s.room)!;
						expect(board.kpisFor(audience)).toEqual(truth.recount(audience));
					}
				}
				for (const audience of [cell, deu, pol, fra]) expect(board.kpisFor(audience)).toEqual(truth.recount(audience));
			}),
			{ numRuns: 300 }
		);
	});

	it('applies a batch of events as it applies them one by one', () => {
		const truth = new Truth(START);
		const board = new Board(ceasefireBoard, { epoch: 'e', seq: 0, data: {} }, START);
		const cell = audienceOfRoom('cell')!;
		board.kpisFor(cell);
		const id = REPORT_IDS[0]!;
		const batch = [
			truth.event({ kind: 'put sector', id: 'pokrovsk', lastCheckIn: -HOUR, override: null, releasableTo: 'coalition' }),
			truth.event({ kind: 'put report', id, sectorId: 'pokrovsk', category: 'artillery', status: 'reported', observed: -HOUR, releasableTo: 'cell' }),
			truth.event({ kind: 'put report', id, sectorId: 'pokrovsk', category: 'artillery', status: 'verified', observed: -HOUR, releasableTo: 'cell' })
		];
		expect(board.apply(batch)).toBe(true);
		expect(board.kpisFor(cell)).toEqual(truth.recount(cell));
		expect(board.kpisFor(cell).sectors.pokrovsk?.status).toBe('violated');
	});

	it('never changes a record it handed out (screens and snapshots hold it) when the figures move on', () => {
		const truth = new Truth(START);
		const board = new Board(ceasefireBoard, { epoch: 'e', seq: 0, data: {} }, START);
		const cell = audienceOfRoom('cell')!;
		const before = board.kpisFor(cell);
		const asHandedOut = structuredClone(before);
		board.apply([truth.event({ kind: 'put report', id: REPORT_IDS[0]!, sectorId: null, category: 'artillery', status: 'verified', observed: -HOUR, releasableTo: 'cell' })]);
		expect(board.kpisFor(cell).last24h.total).toBe(1);
		expect(before).toEqual(asHandedOut);
	});

	it('ignores collections it does not follow, and a clock that goes back', () => {
		const board = new Board(ceasefireBoard, { epoch: 'e', seq: 0, data: {} }, START);
		board.kpisFor(audienceOfRoom('cell')!);
		expect(board.apply([{ collection: 'log-entries', entityId: 'x', op: 'upsert', record: { id: 'x', releasableTo: 'cell' } }])).toBe(false);
		expect(board.tick(new Date(START.getTime() - HOUR))).toBe(false);
		expect(board.tick(new Date(START.getTime() + MINUTE))).toBe(true);
	});
});
