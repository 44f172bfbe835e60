import { z } from 'zod';
import { plainText } from '../core/text';
import { Releasability, type Releasability as ReleasabilityT } from '../core/releasability';

/** An entry in the cell's watch log: what happened on watch, in the officer's words. */
export interface LogEntry {
	id: string;
	text: string;
	authorId: string;
	authorName: string;
	createdAt: string;
	releasableTo: ReleasabilityT;
}

export const LOG_TEXT_MAX = 4000;

export const CreateLogEntry = z.strictObject({
	text: plainText(LOG_TEXT_MAX, 'Write something'),
	releasableTo: Releasability.optional()
});
export type CreateLogEntry = z.infer<typeof CreateLogEntry>;

/** A log entry's text is history; only its releasability can change. */
export const UpdateLogEntry = z.strictObject({
	id: z.uuid(),
	releasableTo: Releasability
});
export type UpdateLogEntry = z.infer<typeof UpdateLogEntry>;
