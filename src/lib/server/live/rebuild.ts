import { desc } from 'drizzle-orm';
import type { WireRecord } from '$lib/domain/protocol';
import type { Db } from '../db/client';
import { logEntries } from '../db/schema';
import { lastSeq } from '../events';
import { presentLogEntry } from '../presenters';
import type { LiveImage } from './live-state';

/** Reads every live collection and the log position in one consistent read of Postgres. */
export async function loadLiveImage(db: Db, epoch: string): Promise<LiveImage> {
	return db.transaction(
		async (tx) => {
			const seq = await lastSeq(tx);
			const entries = await tx.select().from(logEntries).orderBy(desc(logEntries.createdAt));
			const data: Record<string, WireRecord[]> = {
				'log-entries': entries.map((row) => ({ ...presentLogEntry(row) }))
			};
			return { epoch, seq, data };
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
}
