import { desc } from 'drizzle-orm';
import type { LiveCollection } from '$lib/domain/core/collections';
import type { WireRecord } from '$lib/domain/core/protocol';
import type { Db } from '../db/client';
import { alerts, logEntries, sectors, violations } from '../db/schema';
import { lastSeq } from '../events';
import { presentAlert, presentLogEntry, presentSector, presentViolation } from '../presenters';
import type { LiveImage } from './live-state';

/** Reads every live collection and the log position in one consistent read of Postgres. */
export async function loadLiveImage(db: Db, epoch: string): Promise<LiveImage> {
	return db.transaction(
		async (tx) => {
			const seq = await lastSeq(tx);
			const records = <T>(rows: T[], present: (row: T) => object) => rows.map((row) => present(row) as WireRecord);
			const data: Record<LiveCollection, WireRecord[]> = {
				'log-entries': records(await tx.select().from(logEntries).orderBy(desc(logEntries.createdAt)), presentLogEntry),
				sectors: records(await tx.select().from(sectors), presentSector),
				violations: records(await tx.select().from(violations).orderBy(desc(violations.observedAt)), presentViolation),
				alerts: records(await tx.select().from(alerts).orderBy(desc(alerts.raisedAt)), presentAlert)
			};
			return { epoch, seq, data };
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
}
