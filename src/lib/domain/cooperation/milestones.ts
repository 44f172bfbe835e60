import { z } from 'zod';
import { CalendarDate } from '../core/dates';
import type { Releasability } from '../core/releasability';
import { plainText } from '../core/text';

/** Guarantee 5: a programme's milestones, releasable exactly as their programme. */

export interface Milestone {
	id: string;
	programmeId: string;
	title: string;
	dueOn: string;
	/** Null until done. */
	doneOn: string | null;
	exercise: boolean;
	releasableTo: Releasability;
}

export const CreateMilestone = z.strictObject({ programmeId: z.uuid(), title: plainText(300), dueOn: CalendarDate });
export type CreateMilestone = z.infer<typeof CreateMilestone>;

/** `POST /api/v1/milestones/<id>/complete {on}`: done on that day (today by default). */
export const CompleteMilestone = z.strictObject({ id: z.uuid(), on: CalendarDate.optional() });
export type CompleteMilestone = z.infer<typeof CompleteMilestone>;

/** Not done and due before today (UTC): overdue from the day after, with no write. */
export const isOverdueMilestone = (milestone: Pick<Milestone, 'dueOn' | 'doneOn'>, today: string) => milestone.doneOn === null && milestone.dueOn < today;
