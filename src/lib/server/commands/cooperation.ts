import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { utcDay } from '$lib/domain/core/dates';
import { AppError } from '$lib/domain/core/errors';
import { DEFAULT_RELEASABILITY } from '$lib/domain/core/releasability';
import { withMonth } from '$lib/domain/cooperation/programmes';
import { milestonesCollection, programmesCollection } from '../collections/cooperation';
import { milestones, programmes } from '../db/schema';
import { changed, defineCommand } from './command';
import { rowOf } from './load';

/** Guarantee 5: cooperation programmes, their production month by month, and their milestones. */

const programmeOf = rowOf(programmes, 'programme');

export const createProgramme = defineCommand({
	type: 'programmes.create',
	action: 'programmes.manage',
	async apply(tx, _actor, input) {
		const [row] = await tx
			.insert(programmes)
			.values({
				id: randomUUID(),
				kind: input.kind,
				title: input.title,
				nations: [...new Set(input.nations)].sort(),
				instrument: input.instrument ?? null,
				unit: input.unit ?? null,
				plan: input.plan ?? [],
				output: [],
				exercise: input.exercise ?? false,
				releasableTo: input.releasableTo ?? DEFAULT_RELEASABILITY
			})
			.returning();
		return changed(programmesCollection, 'created', row!);
	}
});

/** A correction or a new plan; its milestones follow a new releasability in the same transaction. */
export const updateProgramme = defineCommand({
	type: 'programmes.update',
	action: 'programmes.manage',
	load: programmeOf,
	async apply(tx, _actor, input, { target: programme }) {
		const { id: _id, nations, ...set } = input;
		const [row] = await tx
			.update(programmes)
			.set({ ...set, ...(nations && { nations: [...new Set(nations)].sort() }) })
			.where(eq(programmes.id, programme.id))
			.returning();
		const changes = [changed(programmesCollection, 'updated', row!, { previousReleasableTo: programme.releasableTo })];
		if (set.releasableTo) {
			const followed = await tx.update(milestones).set({ releasableTo: row!.releasableTo }).where(eq(milestones.programmeId, programme.id)).returning();
			for (const milestone of followed) changes.push(changed(milestonesCollection, 'updated', milestone, { previousReleasableTo: programme.releasableTo }));
		}
		return changes;
	}
});

/** The month's output, replacing what was recorded for that month (a correction is a new figure, not a second one). */
export const recordOutput = defineCommand({
	type: 'programmes.output',
	action: 'programmes.manage',
	load: programmeOf,
	async apply(tx, _actor, input, { target: programme }) {
		if (input.month > utcDay(new Date()).slice(0, 7)) throw new AppError('validation', 'Output cannot be recorded for a month to come', { month: ['Not after this month'] });
		const [row] = await tx
			.update(programmes)
			.set({ output: withMonth(programme.output, { month: input.month, quantity: input.quantity }) })
			.where(eq(programmes.id, programme.id))
			.returning();
		return changed(programmesCollection, 'output-recorded', row!);
	}
});

export const createMilestone = defineCommand({
	type: 'milestones.create',
	action: 'programmes.manage',
	async apply(tx, actor, input) {
		const programme = await programmeOf.load(tx, actor, input.programmeId);
		const [row] = await tx
			.insert(milestones)
			.values({ id: randomUUID(), programmeId: programme.id, title: input.title, dueOn: input.dueOn, exercise: programme.exercise, releasableTo: programme.releasableTo })
			.returning();
		return changed(milestonesCollection, 'created', row!);
	}
});

/** Done on a day (today by default, never in the future); done once. */
export const completeMilestone = defineCommand({
	type: 'milestones.complete',
	action: 'programmes.manage',
	load: rowOf(milestones, 'milestone'),
	async apply(tx, _actor, input, { target: milestone }) {
		if (milestone.doneOn) throw new AppError('conflict', `The milestone was done on ${milestone.doneOn}`, { doneOn: [milestone.doneOn] });
		const today = utcDay(new Date());
		const on = input.on ?? today;
		if (on > today) throw new AppError('validation', 'A milestone cannot be done in the future', { on: [`Today (UTC) is ${today}`] });
		const [row] = await tx.update(milestones).set({ doneOn: on }).where(eq(milestones.id, milestone.id)).returning();
		return changed(milestonesCollection, 'completed', row!);
	}
});
