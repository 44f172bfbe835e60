import type { Viewer } from '$lib/domain/identity/actor';
import { isLiveCollection } from '$lib/domain/core/collections';
import type { Delta, Snapshot } from '$lib/domain/core/protocol';
import { fullAudience, presentForEveryone, type ReleasabilityOf } from '$lib/domain/core/references';
import { roomsFor, sameReleasability } from '$lib/domain/core/releasability';
import { PRESENCE_COLLECTION, type Presence } from '$lib/domain/cell/presence';
import type { EventRow } from '../events';
import { SharedTail, type TailedEvent } from './wire-encoder';
import type { RoomDelta } from './audience-writes';

function upsertOrRemove(row: EventRow): Delta {
	return row.op === 'upsert' && row.record
		? { seq: row.seq, collection: row.collection, op: 'upsert', id: row.entityId, record: row.record }
		: { seq: row.seq, collection: row.collection, op: 'remove', id: row.entityId };
}

/**
 * Who gets what of a batch of events: each live event to the rooms that may see it. A record that
 * names another its whole audience may not see (a report in a sector released to fewer nations)
 * goes in full to those who may see both, and with the name withheld to the rest; a record whose
 * releasability narrowed is removed from the screens that may no longer see it. Sent to this
 * process's screens only (sendToRooms): every process tails the log itself.
 */
export function eventDeltas(rows: readonly EventRow[], releasabilityOf: ReleasabilityOf): RoomDelta[] {
	const deltas: RoomDelta[] = [];
	for (const row of rows) {
		if (!isLiveCollection(row.collection)) continue;
		const rooms = roomsFor(row.releasableTo);
		const delta = upsertOrRemove(row);
		const full = delta.op === 'upsert' ? fullAudience(row.collection, delta.record, releasabilityOf) : row.releasableTo;
		if (sameReleasability(full, row.releasableTo)) {
			deltas.push({ delta, to: rooms });
		} else if (delta.op === 'upsert') {
			const fullRooms = roomsFor(full);
			deltas.push({ delta, to: fullRooms }, { delta: { ...delta, record: presentForEveryone(row.collection, delta.record, releasabilityOf) }, to: rooms, except: fullRooms });
		}
		if (row.previousReleasableTo) {
			deltas.push({ delta: { seq: row.seq, collection: row.collection, op: 'remove', id: row.entityId }, to: roomsFor(row.previousReleasableTo), except: rooms });
		}
	}
	return deltas;
}

/** An audience's snapshot records as JSON (SnapshotCache.recordsFor), and the end of its packets made of it once. */
export class SnapshotRecords {
	#tail: SharedTail | undefined;
	constructor(readonly json: string) {}
	/** The records after the data object's `{`, then the end of the snapshot object and of the event's arguments. */
	get tail(): SharedTail {
		return (this.#tail ??= new SharedTail(`${this.json.slice(1)}}]`));
	}
}

/**
 * The snapshot message, `Snapshot` on the wire, as of `seq`, to send with `emitTailed`: the records
 * are what this viewer may see then, shared by everyone in the same audience and written last; the
 * KPIs and, for the cell, the roster of connected screens (`data.presence`) are this viewer's own.
 */
export function snapshotFor(seq: number, epoch: string, records: SnapshotRecords, viewer: Viewer, derived: { kpis: Record<string, unknown>; presence: Presence[] | null } = { kpis: {}, presence: null }): TailedEvent {
	const actor = viewer.actor;
	const who = actor ? { username: actor.username, displayName: actor.displayName, role: actor.role, nation: actor.nation } : null;
	const head: Omit<Snapshot, 'data'> = { seq, viewer: who, epoch, kpis: derived.kpis };
	const presence = derived.presence ? `"${PRESENCE_COLLECTION}":${JSON.stringify(derived.presence)}${records.json === '{}' ? '' : ','}` : '';
	return { head: `["snapshot",${JSON.stringify(head).slice(0, -1)},"data":{${presence}`, tail: records.tail };
}
