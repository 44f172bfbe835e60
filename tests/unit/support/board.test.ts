import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utcDay } from '$lib/domain/core/dates';
import { canSee, type Releasability } from '$lib/domain/core/releasability';
import type { WireRecord } from '$lib/domain/core/protocol';
import { DELIVERY_STATUSES, type Delivery } from '$lib/domain/support/deliveries';
import { supportKpis } from '$lib/domain/support/kpis';
import { PLEDGE_CATEGORIES, type Pledge } from '$lib/domain/support/pledges';
import { audienceOfRoom, Board, type Audience, type BoardEvent } from '$lib/server/realtime/boards/board';
import { supportBoard } from '$lib/server/realtime/boards/support';

const HOUR = 3_600_000;
const START = new Date('2026-03-10T21:00:00.000Z');
const NATIONS = ['DEU', 'POL', 'FRA'] as const;
const PLEDGE_IDS = Array.from({ length: 5 }, (_, i) => `00000000-0000-4000-8000-00000000010${i}`);
const DELIVERY_IDS = Array.from({ length: 8 }, (_, i) => `00000000-0000-4000-8000-00000000020${i}`);

function pledge(fields: Partial<Pledge> & Pick<Pledge, 'id' | 'donor' | 'category' | 'valueEur' | 'releasableTo'>): Pledge {
	return {
		announcedOn: '2026-01-06',
		measure: 'commitment',
		item: 'test item',
		quantity: 10,
		unit: 'pieces',
		valuation: 'reported',
		channel: 'stockpile',
		source: null,
		deliveredQuantity: 0,
		deliveredValueEur: 0,
		exercise: false,
		...fields
	};
}

function delivery(fields: Partial<Delivery> & Pick<Delivery, 'id' | 'donor' | 'category' | 'status' | 'valueEur' | 'releasableTo'>): Delivery {
	return {
		pledgeId: PLEDGE_IDS[0]!,
		quantity: 1,
		hub: null,
		expectedOn: null,
		deliveredOn: null,
		daysToDeliver: null,
		lastStep: null,
		exercise: false,
		...fields
	};
}

const upsert = (collection: 'pledges' | 'deliveries', record: Pledge | Delivery): BoardEvent => ({ collection, entityId: record.id, op: 'upsert', record: record as unknown as WireRecord });

describe('support KPIs, counted by hand', () => {
	const today = '2026-03-10';
	const pledges = [
		pledge({ id: 'p1', donor: 'DEU', category: 'ammunition', valueEur: 1_000_000, releasableTo: 'coalition' }),
		pledge({ id: 'p2', donor: 'DEU', category: 'air-defence', valueEur: null, releasableTo: 'coalition' }),
		pledge({ id: 'p3', donor: 'POL', category: 'financing', valueEur: 250_000, releasableTo: 'coalition' })
	];
	const deliveries = [
		delivery({ id: 'd1', donor: 'DEU', category: 'ammunition', status: 'delivered', valueEur: 300_000, deliveredOn: '2026-01-16', daysToDeliver: 10, releasableTo: 'coalition' }),
		delivery({ id: 'd2', donor: 'POL', category: 'financing', status: 'delivered', valueEur: 100_000, deliveredOn: '2026-02-05', daysToDeliver: 30, releasableTo: 'coalition' }),
		delivery({ id: 'd3', donor: 'DEU', category: 'ammunition', status: 'in-transit', valueEur: 50_000, expectedOn: '2026-03-09', releasableTo: 'coalition' }),
		delivery({ id: 'd4', donor: 'DEU', category: 'ammunition', status: 'planned', valueEur: 50_000, expectedOn: today, releasableTo: 'coalition' }),
		delivery({ id: 'd5', donor: 'DEU', category: 'air-defence', status: 'cancelled', valueEur: null, expectedOn: '2026-02-01', releasableTo: 'coalition' })
	];

	it('sums pledged and delivered EUR overall, by donor and by category; a pledge without a value adds nothing', () => {
		expect(supportKpis(pledges, deliveries, today)).toEqual({
			pledgedEur: 1_250_000,
			deliveredEur: 400_000,
			deliveredShare: 0.32,
			inTransit: 1,
			// d3 was expected yesterday; d4 is due today (not yet overdue); d5 is cancelled.
			overdue: 1,
			medianDaysToDeliver: 20,
			byDonor: { DEU: { pledgedEur: 1_000_000, deliveredEur: 300_000 }, POL: { pledgedEur: 250_000, deliveredEur: 100_000 } },
			byCategory: {
				'air-defence': { pledgedEur: 0, deliveredEur: 0 },
				ammunition: { pledgedEur: 1_000_000, deliveredEur: 300_000 },
				financing: { pledgedEur: 250_000, deliveredEur: 100_000 }
			}
		});
	});

	it('adds cents exactly, where floating point would not (0.10 + 0.20 is 0.30)', () => {
		const small = [0.1, 0.2].map((valueEur, i) => pledge({ id: `s${i}`, donor: 'FRA', category: 'other', valueEur, releasableTo: 'coalition' }));
		const kpis = supportKpis(small, [], today);
		expect(kpis.pledgedEur).toBe(0.3);
		expect(kpis.byDonor.FRA).toEqual({ pledgedEur: 0.3, deliveredEur: 0 });
	});

	it('has no median without a delivery, the middle one for an odd count, and share 0 with nothing pledged', () => {
		expect(supportKpis([], [], today)).toMatchObject({ pledgedEur: 0, deliveredEur: 0, deliveredShare: 0, medianDaysToDeliver: null, byDonor: {}, byCategory: {} });
		const three = [3, 100, 7].map((days, i) => delivery({ id: `m${i}`, donor: 'DEU', category: 'other', status: 'delivered', valueEur: null, daysToDeliver: days, releasableTo: 'cell' }));
		expect(supportKpis([], three, today).medianDaysToDeliver).toBe(7);
	});

	it('turns a delivery overdue at midnight UTC, with no write, on a live board', () => {
		const eveningBefore = new Date('2026-03-09T23:59:00.000Z');
		const board = new Board(supportBoard, { epoch: 'e', seq: 0, data: { pledges: [], deliveries: [] } }, eveningBefore);
		const cell = audienceOfRoom('cell')!;
		board.apply([upsert('deliveries', delivery({ id: 'late', donor: 'DEU', category: 'other', status: 'contracted', valueEur: null, expectedOn: '2026-03-09', releasableTo: 'cell' }))]);
		expect(board.kpisFor(cell).overdue).toBe(0);
		expect(board.tick(new Date('2026-03-10T00:00:00.000Z'))).toBe(true);
		expect(board.kpisFor(cell).overdue).toBe(1);
	});
});

const releasability: fc.Arbitrary<Releasability> = fc.oneof(
	fc.constant('cell' as const),
	fc.constant('coalition' as const),
	fc.subarray([...NATIONS], { minLength: 1 }).map((nations) => nations.sort())
);
const cents = fc.option(fc.integer({ min: 0, max: 5_000_000 }).map((c) => c / 100), { nil: null });
const day = fc.integer({ min: -20, max: 20 }).map((offset) => utcDay(new Date(START.getTime() + offset * 24 * HOUR)));

const putPledge = fc.record({
	kind: fc.constant('pledge' as const),
	id: fc.constantFrom(...PLEDGE_IDS),
	donor: fc.constantFrom(...NATIONS, 'USA'),
	category: fc.constantFrom(...PLEDGE_CATEGORIES.slice(0, 4)),
	valueEur: cents,
	releasableTo: releasability
});
const putDelivery = fc.record({
	kind: fc.constant('delivery' as const),
	id: fc.constantFrom(...DELIVERY_IDS),
	donor: fc.constantFrom(...NATIONS, 'USA'),
	category: fc.constantFrom(...PLEDGE_CATEGORIES.slice(0, 4)),
	status: fc.constantFrom(...DELIVERY_STATUSES),
	valueEur: cents,
	expectedOn: fc.option(day, { nil: null }),
	daysToDeliver: fc.integer({ min: 0, max: 400 }),
	releasableTo: releasability
});
const step = fc.oneof(
	{ arbitrary: putPledge, weight: 3 },
	{ arbitrary: putDelivery, weight: 5 },
	{ arbitrary: fc.record({ kind: fc.constant('remove' as const), collection: fc.constantFrom('pledges' as const, 'deliveries' as const), index: fc.nat() }), weight: 2 },
	{ arbitrary: fc.record({ kind: fc.constant('tick' as const), hours: fc.integer({ min: 0, max: 60 }) }), weight: 2 },
	{ arbitrary: fc.record({ kind: fc.constant('look' as const), room: fc.constantFrom('cell', ...NATIONS.map((n) => `nation:${n}`)) }), weight: 1 }
);

describe('the support board', () => {
	it('has, after any sequence of changes and clock ticks, the figures a full recount gives each audience', () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 80, size: 'max' }), (steps) => {
				let now = START;
				const records = { pledges: new Map<string, Pledge>(), deliveries: new Map<string, Delivery>() };
				const board = new Board(supportBoard, { epoch: 'e', seq: 0, data: {} }, START);
				const recount = (audience: Audience) => {
					const visible = <T extends { releasableTo: Releasability }>(map: Map<string, T>) => [...map.values()].filter((r) => canSee(audience.viewer, r.releasableTo));
					return { id: 'support', releasableTo: audience.releasableTo, ...supportKpis(visible(records.pledges), visible(records.deliveries), utcDay(now)) };
				};
				// The cell and DEU are tallied change by change from the start; POL and FRA from the records when first asked.
				const rooms = ['cell', 'nation:DEU', 'nation:POL', 'nation:FRA'].map((room) => audienceOfRoom(room)!);
				board.kpisFor(rooms[0]!);
				board.kpisFor(rooms[1]!);
				for (const s of steps) {
					if (s.kind === 'pledge') {
						const { kind: _k, ...fields } = s;
						const record = pledge(fields);
						records.pledges.set(record.id, record);
						board.apply([upsert('pledges', record)]);
					} else if (s.kind === 'delivery') {
						const { kind: _k, daysToDeliver, ...fields } = s;
						const record = delivery({ ...fields, ...(s.status === 'delivered' && { deliveredOn: utcDay(now), daysToDeliver }) });
						records.deliveries.set(record.id, record);
						board.apply([upsert('deliveries', record)]);
					} else if (s.kind === 'remove') {
						const ids = [...records[s.collection].keys()];
						if (!ids.length) continue;
						const id = ids[s.index % ids.length]!;
						records[s.collection].delete(id);
						board.apply([{ collection: s.collection, entityId: id, op: 'remove', record: null }]);
					} else if (s.kind === 'tick') {
						now = new Date(now.getTime() + s.hours * HOUR);
						board.tick(now);
					} else {
						const audience = audienceOfRoom(s.room)!;
						expect(board.kpisFor(audience)).toEqual(recount(audience));
					}
				}
				for (const audience of rooms) expect(board.kpisFor(audience)).toEqual(recount(audience));
			}),
			{ numRuns: 300 }
		);
	});
});
