import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBoardEqualsRecount, NATIONS } from '../../support/boards';
import { utcDay } from '$lib/domain/core/dates';
import type { Releasability } from '$lib/domain/core/releasability';
import type { WireRecord } from '$lib/domain/core/protocol';
import { DELIVERY_STATUSES, type Delivery } from '$lib/domain/support/deliveries';
import { supportKpis } from '$lib/domain/support/kpis';
import { PLEDGE_CATEGORIES, type Pledge } from '$lib/domain/support/pledges';
import { audienceOfRoom, Board, type BoardEvent } from '$lib/server/realtime/boards/board';
import { supportBoard } from '$lib/server/realtime/boards/support';

const HOUR = 3_600_000;
const START = new Date('2026-03-10T21:00:00.000Z');
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

const putPledge = fc
	.record({ id: fc.constantFrom(...PLEDGE_IDS), donor: fc.constantFrom(...NATIONS, 'USA'), category: fc.constantFrom(...PLEDGE_CATEGORIES.slice(0, 4)), valueEur: cents, releasableTo: releasability })
	.map((fields) => ({ collection: 'pledges', record: pledge(fields) as unknown as WireRecord }));
const putDelivery = fc
	.record({
		id: fc.constantFrom(...DELIVERY_IDS),
		donor: fc.constantFrom(...NATIONS, 'USA'),
		category: fc.constantFrom(...PLEDGE_CATEGORIES.slice(0, 4)),
		status: fc.constantFrom(...DELIVERY_STATUSES),
		valueEur: cents,
		expectedOn: fc.option(day, { nil: null }),
		deliveredOn: day,
		daysToDeliver: fc.integer({ min: 0, max: 400 }),
		releasableTo: releasability
	})
	.map(({ deliveredOn, daysToDeliver, ...fields }) => ({
		collection: 'deliveries',
		record: delivery({ ...fields, ...(fields.status === 'delivered' && { deliveredOn, daysToDeliver }) }) as unknown as WireRecord
	}));

describe('the support board', () => {
	it('has, after any sequence of changes and clock ticks, the figures a full recount gives each audience', () => {
		assertBoardEqualsRecount({
			board: supportBoard,
			start: START,
			put: fc.oneof(putPledge, putDelivery),
			recount: (visible, now) => supportKpis(visible('pledges') as unknown as Pledge[], visible('deliveries') as unknown as Delivery[], utcDay(now))
		});
	});
});
