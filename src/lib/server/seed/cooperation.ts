import type { Commands } from '$lib/domain/core/commands';
import { utcDay } from '$lib/domain/core/dates';
import type { MonthlyQuantity } from '$lib/domain/cooperation/programmes';
import type { Act, Random } from './exercise-control';

const DAY_MS = 86_400_000;

/** The month `offset` months from `now`'s (UTC), as YYYY-MM. */
function monthFrom(now: Date, offset: number): string {
	return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
}

const dayFrom = (now: Date, offsetDays: number) => utcDay(new Date(now.getTime() + offsetDays * DAY_MS));

/** Twelve months of 155 mm rounds ramping up: eight of them past, the rest to come. */
const ROUNDS_PLAN = [20_000, 22_000, 25_000, 28_000, 30_000, 32_000, 35_000, 35_000, 38_000, 40_000, 40_000, 42_000];
const MONTHS_PAST = 8;

async function createProgramme(act: Act, payload: Omit<Commands['programmes.create'], 'releasableTo' | 'exercise'>): Promise<string> {
	const result = await act('programmes.create', { ...payload, releasableTo: 'coalition', exercise: true });
	return String(result.record!.id);
}

/** Milestones relative to today: [title, due in days, done in days (null: not done)]. */
type MilestoneSeed = [title: string, dueIn: number, doneIn: number | null];

async function addMilestones(act: Act, now: Date, programmeId: string, milestones: readonly MilestoneSeed[]): Promise<void> {
	for (const [title, dueIn, doneIn] of milestones) {
		const result = await act('milestones.create', { programmeId, title, dueOn: dayFrom(now, dueIn) });
		if (doneIn !== null) await act('milestones.complete', { id: result.record!.id, on: dayFrom(now, doneIn) });
	}
}

/**
 * The exercise's cooperation programmes: a training mission, a joint production of 155 mm rounds
 * under ASAP running behind its monthly plan, and an intelligence-sharing programme, with their
 * milestones (one of them overdue). Everything is exercise data released to the coalition.
 */
export async function seedCooperation(act: Act, rnd: Random, now: Date = new Date()): Promise<void> {
	const training = await createProgramme(act, {
		kind: 'training',
		title: 'Collective training of brigade staffs',
		nations: ['DEU', 'FRA', 'GBR', 'POL', 'UKR'],
		instrument: 'EUMAM Ukraine',
		unit: null
	});
	await addMilestones(act, now, training, [
		['First brigade staff certified', -40, -38],
		['Second cohort starts at the Oberlausitz training area', 20, null]
	]);

	const plan: MonthlyQuantity[] = ROUNDS_PLAN.map((quantity, i) => ({ month: monthFrom(now, i - MONTHS_PAST), quantity }));
	const rounds = await createProgramme(act, {
		kind: 'industrial-production',
		title: '155 mm artillery rounds (joint production)',
		nations: ['CZE', 'DEU', 'FRA', 'POL', 'UKR'],
		instrument: 'ASAP',
		unit: '155 mm rounds',
		plan
	});
	// Past months only: between 70 % and 92 % of the plan, rounded to a hundred, so the line runs behind.
	for (const { month, quantity } of plan.slice(0, MONTHS_PAST)) {
		await act('programmes.output', { id: rounds, month, quantity: Math.round((quantity * (0.7 + rnd.next() * 0.22)) / 100) * 100 });
	}
	await addMilestones(act, now, rounds, [
		['Second filling line certified', -60, -66],
		['Propellant supply contract signed', -20, null],
		['Output of 40,000 rounds a month reached', 75, null]
	]);

	const intelligence = await createProgramme(act, {
		kind: 'intelligence',
		title: 'Black Sea maritime picture sharing',
		nations: ['GBR', 'NOR', 'ROU', 'TUR', 'UKR'],
		instrument: null,
		unit: null
	});
	await addMilestones(act, now, intelligence, [
		['Secure data link accredited', -10, -12],
		['Joint analysis cell at initial operating capability', 45, null]
	]);
}
