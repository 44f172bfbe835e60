import { isAppError } from '$lib/domain/core/errors';
import type { Viewer } from '$lib/domain/identity/actor';
import type { Commitment } from '$lib/domain/commitments/commitments';
import { answersInHistory, type DrillAnswerEntry } from '$lib/domain/commitments/report';
import type { Db } from '../db/client';
import { recordHistory } from './audit';

/**
 * Who answered what and when in one drill, oldest first: read from the histories of the
 * commitments the viewer may see (the history read checks the viewer's right to it and to each record).
 */
export async function drillTimeline(db: Db, viewer: Viewer, commitments: readonly Commitment[], activationId: string): Promise<DrillAnswerEntry[]> {
	const entries: DrillAnswerEntry[] = [];
	for (const commitment of commitments) {
		try {
			entries.push(...answersInHistory(commitment, await recordHistory(db, viewer, 'commitments', commitment.id), activationId));
		} catch (e) {
			// Withdrawn from this viewer since the list was read: it is left out, as the list would now leave it out.
			if (!(isAppError(e) && e.code === 'not_found')) throw e;
		}
	}
	return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
