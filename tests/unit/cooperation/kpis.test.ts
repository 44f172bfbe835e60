import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBoardEqualsRecount, NATIONS } from '../../support/boards';
import { utcDay } from '$lib/domain/core/dates';
import type { Releasability } from '$lib/domain/core/releasability';
import type { WireRecord } from '$lib/domain/core/protocol';
import { cooperationKpis } from '$lib/domain/cooperation/kpis';
import { isOverdueMilestone, type Milestone } from '$lib/domain/cooperation/milestones';
import { CreateProgramme, toDate, withMonth, type MonthlyQuantity, type Programme } from '$lib/domain/cooperation/programmes';
import { audienceOfRoom, Board } from '$lib/server/realtime/boards/board';
import { cooperationBoard } from '$lib/server/realtime/boards/cooperation';

const START = new Date('2026-07-31T20:00:00.000Z');

function programme(fields: Pick<Programme, 'id' | 'plan' | 'output' | 'releasableTo'>): Programme {
	return { kind: 'industrial-production', title: 'ASAP shells', nations: ['DEU', 'POL'], instrument: 'ASAP', unit: '155 mm rounds', exercise: false, ...fields };
}
function milestone(fields: Pick<Milestone, 'id' | 'dueOn' | 'doneOn' | 'releasableTo'>): Milestone {
	return { programmeId: 'p1', title: 'Line 2 running', exercise: false, ...fields };
}

describe('production and milestones, counted by hand', () => {
	const plan: MonthlyQuantity[] = [
		{ month: '2026-06', quantity: 1000 },
		{ month: '2026-07', quantity: 1500 },
		{ month: '2026-08', quantity: 2000 }
	];
	const output: MonthlyQuantity[] = [
		{ month: '2026-06', quantity: 800 },
		{ month: '2026-07', quantity: 1200 }
	];

	it('sums plan and output up to and including this month', () => {
		expect(toDate(plan, '2026-07')).toBe(2500);
		expect(toDate(output, '2026-07')).toBe(2000);
		expect(toDate(plan, '2026-08')).toBe(4500);
		expect(
			cooperationKpis(
				[programme({ id: 'p1', plan, output, releasableTo: 'cell' }), programme({ id: 'p0', plan: [], output: [], releasableTo: 'cell' })],
				[milestone({ id: 'm1', dueOn: '2026-07-30', doneOn: null, releasableTo: 'cell' }), milestone({ id: 'm2', dueOn: '2026-07-01', doneOn: '2026-07-05', releasableTo: 'cell' }), milestone({ id: 'm3', dueOn: '2026-07-31', doneOn: null, releasableTo: 'cell' })],
				'2026-07-31'
			)
		).toEqual({ programmes: 2, overdueMilestones: 1, production: { p1: { plannedToDate: 2500, actualToDate: 2000 } } });
	});

	it('replaces a month’s output rather than adding a second, keeping month order', () => {
		expect(withMonth(output, { month: '2026-06', quantity: 900 })).toEqual([
			{ month: '2026-06', quantity: 900 },
			{ month: '2026-07', quantity: 1200 }
		]);
		expect(withMonth(output, { month: '2026-05', quantity: 1 })[0]).toEqual({ month: '2026-05', quantity: 1 });
	});

	it('takes a plan in any order once a month, and refuses a month twice', () => {
		const body = { kind: 'industrial-production', title: 'x', nations: ['DEU'] };
		expect(CreateProgramme.parse({ ...body, plan: [plan[1], plan[0]] }).plan?.map((e) => e.month)).toEqual(['2026-06', '2026-07']);
		expect(CreateProgramme.safeParse({ ...body, plan: [plan[0], plan[0]] }).success).toBe(false);
		expect(CreateProgramme.safeParse({ ...body, plan: [{ month: '2026-13', quantity: 1 }] }).success).toBe(false);
	});

	it('turns a milestone overdue the day after it was due, and the month’s plan at the month’s turn, on a live board', () => {
		const board = new Board(cooperationBoard, { epoch: 'e', seq: 0, data: {} }, START);
		const cell = audienceOfRoom('cell')!;
		board.apply([
			{ collection: 'milestones', entityId: 'm3', op: 'upsert', record: milestone({ id: 'm3', dueOn: '2026-07-31', doneOn: null, releasableTo: 'cell' }) as unknown as WireRecord },
			{ collection: 'programmes', entityId: 'p1', op: 'upsert', record: programme({ id: 'p1', plan, output, releasableTo: 'cell' }) as unknown as WireRecord }
		]);
		expect(board.kpisFor(cell)).toMatchObject({ overdueMilestones: 0, production: { p1: { plannedToDate: 2500 } } });
		board.tick(new Date('2026-08-01T00:00:00Z'));
		expect(board.kpisFor(cell)).toMatchObject({ overdueMilestones: 1, production: { p1: { plannedToDate: 4500, actualToDate: 2000 } } });
		expect(isOverdueMilestone({ dueOn: '2026-07-31', doneOn: null }, '2026-08-01')).toBe(true);
	});
});

const releasability: fc.Arbitrary<Releasability> = fc.oneof(fc.constant('cell' as const), fc.constant('coalition' as const), fc.subarray([...NATIONS], { minLength: 1 }).map((n) => n.sort()));
const months = fc.uniqueArray(fc.record({ month: fc.constantFrom('2026-06', '2026-07', '2026-08', '2026-09'), quantity: fc.integer({ min: 0, max: 5000 }) }), { selector: (e) => e.month, maxLength: 4 });
const day = fc.integer({ min: -5, max: 40 }).map((d) => utcDay(new Date(START.getTime() + d * 86_400_000)));

describe('the cooperation board', () => {
	it('has, after any sequence of changes and clock ticks, the figures a full recount gives each audience', () => {
		assertBoardEqualsRecount({
			board: cooperationBoard,
			start: START,
			put: fc.oneof(
				fc.record({ id: fc.constantFrom('p1', 'p2', 'p3'), plan: months, output: months, releasableTo: releasability }).map((f) => ({ collection: 'programmes', record: programme(f) as unknown as WireRecord })),
				fc.record({ id: fc.constantFrom('m1', 'm2', 'm3', 'm4'), dueOn: day, doneOn: fc.option(day, { nil: null }), releasableTo: releasability }).map((f) => ({ collection: 'milestones', record: milestone(f) as unknown as WireRecord }))
			),
			recount: (visible, now) => cooperationKpis(visible('programmes') as unknown as Programme[], visible('milestones') as unknown as Milestone[], utcDay(now))
		});
	});
});
