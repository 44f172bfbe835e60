import type { Namespace } from 'socket.io';
import type { Viewer } from '$lib/domain/actor';
import { isLiveCollection } from '$lib/domain/collections';
import type { Delta, Snapshot } from '$lib/domain/protocol';
import { canSee, roomsFor } from '$lib/domain/releasability';
import type { EventRow } from '../events';
import type { LiveImage } from '../live/live-state';
import { PreEncodedJson } from './wire-encoder';

function upsertOrRemove(row: EventRow): Delta {
	return row.op === 'upsert' && row.record
		? { seq: row.seq, collection: row.collection, op: 'upsert', id: row.entityId, record: row.record }
		: { seq: row.seq, collection: row.collection, op: 'remove', id: row.entityId };
}

/**
 * What one viewer gets for one logged event: the change if they may see the record now, a removal
 * if they could see it before the change narrowed it, else nothing. Used for resume replay; the
 * room broadcast below is the same rule expressed with rooms (tests/unit/releasability.test.ts).
 */
export function deltaFor(row: EventRow, viewer: Viewer): Delta | null {
	if (!isLiveCollection(row.collection)) return null;
	if (canSee(viewer, row.releasableTo)) return upsertOrRemove(row);
	if (row.previousReleasableTo && canSee(viewer, row.previousReleasableTo)) {
		return { seq: row.seq, collection: row.collection, op: 'remove', id: row.entityId };
	}
	return null;
}

/**
 * Sends each event once per audience, to this process's sockets only: every process tails the
 * log itself, so going through the cluster adapter would deliver each delta twice.
 */
export function broadcastEvents(nsp: Namespace, rows: readonly EventRow[]): number {
	let sent = 0;
	for (const row of rows) {
		if (!isLiveCollection(row.collection)) continue;
		const rooms = roomsFor(row.releasableTo);
		nsp.local.to(rooms).emit('delta', upsertOrRemove(row));
		sent++;
		if (row.previousReleasableTo) {
			const removal: Delta = { seq: row.seq, collection: row.collection, op: 'remove', id: row.entityId };
			nsp.local.to(roomsFor(row.previousReleasableTo)).except(rooms).emit('delta', removal);
		}
	}
	return sent;
}

/**
 * The snapshot message, `Snapshot` on the wire: `dataJson` is what this viewer may see of the image,
 * as JSON (SnapshotCache.jsonFor), shared by everyone in the same audience.
 */
export function snapshotFor(image: LiveImage, dataJson: string, viewer: Viewer, kpis: Record<string, unknown> = {}): PreEncodedJson {
	const actor = viewer.actor;
	const who = actor ? { username: actor.username, displayName: actor.displayName, role: actor.role, nation: actor.nation } : null;
	const head: Omit<Snapshot, 'data'> = { seq: image.seq, viewer: who, epoch: image.epoch, kpis };
	return new PreEncodedJson(`${JSON.stringify(head).slice(0, -1)},"data":${dataJson}}`);
}
