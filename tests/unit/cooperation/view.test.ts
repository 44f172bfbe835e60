import { describe, expect, it } from 'vitest';
import type { Milestone } from '$lib/domain/cooperation/milestones';
import type { Programme } from '$lib/domain/cooperation/programmes';
import { parsePlanText } from '$lib/domain/cooperation/programme-form';
import { cooperationKpisOf, CooperationView, formatQuantity, milestoneState, nextMonth, productionMonths, standingOf } from '$lib/client/cooperation/view.svelte';
import { feedEachTest, wire } from '../../support/live-connection';

function programme(id: string, fields: Partial<Programme> = {}): Programme {
	return { id, kind: 'industrial-production', title: `Programme ${id}`, nations: ['DEU'], instrument: null, unit: null, plan: [], output: [], exercise: false, releasableTo: 'coalition', ...fields };
}

function milestone(id: string, programmeId: string, dueOn: string, doneOn: string | null = null): Milestone {
	return { id, programmeId, title: `Milestone ${id}`, dueOn, doneOn, exercise: false, releasableTo: 'coalition' };
}

describe('production against plan, month by month', () => {
	const rounds = programme('p1', {
		plan: [
			{ month: '2026-11', quantity: 100 },
			{ month: '2026-12', quantity: 200 },
			// No plan for January: the month still has a row.
			{ month: '2027-02', quantity: 300 }
		],
		output: [
			{ month: '2026-11', quantity: 80 },
			{ month: '2027-01', quantity: 150 }
		]
	});

	it('turns the year and lists every month from the first to the last, gaps included, with running totals', () => {
		expect(nextMonth('2026-12')).toBe('2027-01');
		expect(nextMonth('2026-09')).toBe('2026-10');
		expect(productionMonths(rounds, '2027-01')).toEqual([
			{ month: '2026-11', planned: 100, output: 80, plannedToDate: 100, outputToDate: 80 },
			{ month: '2026-12', planned: 200, output: null, plannedToDate: 300, outputToDate: 80 },
			{ month: '2027-01', planned: null, output: 150, plannedToDate: 300, outputToDate: 230 },
			// Still to come: planned, but nothing produced can be counted yet.
			{ month: '2027-02', planned: 300, output: null, plannedToDate: 600, outputToDate: null }
		]);
		expect(productionMonths(programme('empty'), '2027-01')).toEqual([]);
	});

	it('says where a programme stands this month: planned and produced so far, the share met, behind or not', () => {
		expect(standingOf(rounds, '2026-12')).toEqual({ plannedToDate: 300, actualToDate: 80, share: 80 / 300, behind: true });
		expect(standingOf(rounds, '2026-10')).toEqual({ plannedToDate: 0, actualToDate: 0, share: null, behind: false });
		expect(standingOf(programme('ahead', { plan: [{ month: '2026-11', quantity: 10 }], output: [{ month: '2026-11', quantity: 12 }] }), '2026-11').behind).toBe(false);
		expect(formatQuantity(1234567)).toBe('1,234,567');
	});

	it('reads a plan typed one month a line, with thousands separators, and names the lines it cannot read', () => {
		expect(parsePlanText('2026-03 20000\n\n2026-04: 25,000\r\n2026-05\t1 500.5')).toEqual({
			plan: [
				{ month: '2026-03', quantity: 20000 },
				{ month: '2026-04', quantity: 25000 },
				{ month: '2026-05', quantity: 1500.5 }
			],
			problems: []
		});
		const { plan, problems } = parsePlanText('2026-03 20000\nMarch 5000\n2026-04');
		expect(plan).toEqual([{ month: '2026-03', quantity: 20000 }]);
		expect(problems).toHaveLength(2);
		expect(problems[0]).toMatch(/^Line 2: “March 5000”/);
		expect(problems[1]).toMatch(/^Line 3: /);
	});
});

describe('milestones by date', () => {
	it('is done once done, overdue from the day after it was due, due until then', () => {
		expect(milestoneState(milestone('m1', 'p1', '2026-06-10'), '2026-06-10')).toBe('due');
		expect(milestoneState(milestone('m1', 'p1', '2026-06-10'), '2026-06-11')).toBe('overdue');
		expect(milestoneState(milestone('m1', 'p1', '2026-06-10', '2026-06-12'), '2026-06-20')).toBe('done');
	});
});

describe('cooperation view over the live store', () => {
	const feed = feedEachTest();
	const { fire, delta } = feed;

	it('orders programmes by kind then title, groups milestones by programme soonest first, and follows the deltas', () => {
		const view = new CooperationView(feed.live);
		fire('snapshot', {
			seq: 1,
			epoch: 'e1',
			viewer: null,
			data: {
				programmes: [wire(programme('p-intel', { kind: 'intelligence', title: 'Black Sea picture' })), wire(programme('p-b', { title: 'Rounds' })), wire(programme('p-a', { title: 'Drones' })), wire(programme('p-t', { kind: 'training', title: 'Staffs' }))],
				milestones: [wire(milestone('m2', 'p-b', '2026-07-01')), wire(milestone('m1', 'p-b', '2026-05-01')), wire(milestone('m3', 'p-t', '2026-05-20', '2026-05-19'))]
			},
			kpis: { cooperation: { id: 'cooperation', releasableTo: 'cell', programmes: 4, overdueMilestones: 1, production: {} } }
		});
		expect(view.programmes.map((p) => p.id)).toEqual(['p-t', 'p-a', 'p-b', 'p-intel']);
		expect(view.milestonesOf('p-b').map((m) => m.id)).toEqual(['m1', 'm2']);
		expect(view.milestonesOf('p-intel')).toEqual([]);
		expect(view.kpis?.overdueMilestones).toBe(1);
		// By the screen's date: m1 is overdue from 2 May, m2 from 2 July; m3 is done.
		expect(view.overdue('2026-05-02').map((m) => m.id)).toEqual(['m1']);
		expect(view.overdue('2026-07-02').map((m) => m.id)).toEqual(['m1', 'm2']);

		delta({ seq: 2, collection: 'milestones', op: 'upsert', id: 'm1', record: wire(milestone('m1', 'p-b', '2026-05-01', '2026-05-03')) });
		expect(view.overdue('2026-05-04')).toEqual([]);
		delta({ seq: 3, collection: 'programmes', op: 'remove', id: 'p-a' });
		expect(view.programme('p-a')).toBeNull();
		expect(view.programme('p-b')?.title).toBe('Rounds');
	});

	it('types the cooperation KPIs, null until they arrive', () => {
		expect(cooperationKpisOf({})).toBeNull();
		expect(cooperationKpisOf({ cooperation: { programmes: 1 } })).toEqual({ programmes: 1 });
	});
});
