import type { WireRecord } from '$lib/domain/core/protocol';
import type { Db } from '../db/client';
import { lastSeq } from '../events';
import { liveCollectionSpecs } from '../collections';
import { allRecords } from '../collections/registry';
import type { LiveImage } from './live-state';

/** Reads every live collection and the log position in one consistent read of Postgres. */
export async function loadLiveImage(db: Db, epoch: string): Promise<LiveImage> {
	return db.transaction(
		async (tx) => {
			const seq = await lastSeq(tx);
			const data: Record<string, WireRecord[]> = {};
			for (const [name, spec] of liveCollectionSpecs()) data[name] = (await allRecords(tx, spec)) as WireRecord[];
			return { epoch, seq, data };
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
}
