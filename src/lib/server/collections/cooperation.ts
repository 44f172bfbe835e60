import { asc } from 'drizzle-orm';
import type { Milestone } from '$lib/domain/cooperation/milestones';
import type { Programme } from '$lib/domain/cooperation/programmes';
import { milestones, programmes } from '../db/schema';
import { CSV_CONTENT_TYPE, csvOf } from '../http/exports';
import { presentMilestone, presentProgramme } from '../presenters';
import { defineCollection } from './registry';

/** Guarantee 5: long-term defence cooperation programmes and their milestones. */

export const programmesCollection = defineCollection<Programme>({
	name: 'programmes',
	noun: 'programme',
	table: programmes,
	idColumn: programmes.id,
	releasableColumn: programmes.releasableTo,
	present: presentProgramme,
	order: [asc(programmes.kind), asc(programmes.title), asc(programmes.id)],
	read: 'records.read',
	history: 'history.read',
	/** `{ kind, title, nations, instrument?, unit?, plan?, releasableTo? }` */
	create: { type: 'programmes.create' },
	/** `{ title?, nations?, instrument?, unit?, plan?, releasableTo? }`; its milestones follow a new releasability. */
	update: { type: 'programmes.update' },
	actions: {
		/** `{ month: YYYY-MM, quantity }`: the month's output. */
		output: { type: 'programmes.output' }
	}
});

export const milestonesCollection = defineCollection<Milestone>({
	name: 'milestones',
	noun: 'milestone',
	table: milestones,
	idColumn: milestones.id,
	releasableColumn: milestones.releasableTo,
	present: presentMilestone,
	order: [asc(milestones.dueOn), asc(milestones.id)],
	read: 'records.read',
	history: 'history.read',
	exports: {
		csv: { contentType: CSV_CONTENT_TYPE, fileName: 'milestones.csv', render: csvOf<Milestone>(['id', 'programmeId', 'title', 'dueOn', 'doneOn', 'exercise']) }
	},
	/** `{ programmeId, title, dueOn }`: releasable as its programme. */
	create: { type: 'milestones.create' },
	actions: {
		/** `{ on? }`: done that day (today by default). */
		complete: { type: 'milestones.complete' }
	}
});
