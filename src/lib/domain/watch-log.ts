import { z } from 'zod';
import { Releasability, type Releasability as ReleasabilityT } from './releasability';

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
	text: z
		.string()
		.trim()
		.min(1, 'Write something')
		.max(LOG_TEXT_MAX, `At most ${LOG_TEXT_MAX} characters`),
	releasableTo: Releasability.optional()
});
export type CreateLogEntry = z.infer<typeof CreateLogEntry>;
