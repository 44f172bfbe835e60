import type { WireRecord } from '$lib/domain/core/protocol';
import type { LiveChange, LiveImage, LiveState } from './live-state';

/**
 * Live state in this process, for a single server. Records are held as JSON text, as Redis holds
 * them: both implementations copy and serialize the same way, and callers never share objects.
 */
export function createMemoryLiveState(): LiveState {
	let position: { epoch: string; seq: number } | null = null;
	let collections = new Map<string, Map<string, string>>();
	let closed = false;

	function assertOpen() {
		if (closed) throw new Error('live state is closed');
	}

	return {
		kind: 'memory',

		async position() {
			assertOpen();
			return position && { ...position };
		},

		async apply(changes) {
			assertOpen();
			if (!position) throw new Error('live state must be built first via replace()');
			// Encode everything first so a bad record leaves the state untouched.
			const encoded = changes.map(encodeChange);
			let seq = position.seq;
			for (const change of encoded) {
				if (change.seq <= seq) continue;
				if (change.json === null) {
					collections.get(change.collection)?.delete(change.id);
				} else {
					let records = collections.get(change.collection);
					if (!records) collections.set(change.collection, (records = new Map()));
					records.set(change.id, change.json);
				}
				seq = change.seq;
			}
			position = { epoch: position.epoch, seq };
			return seq;
		},

		async snapshot() {
			assertOpen();
			if (!position) return { epoch: '', seq: 0, data: {} };
			const data = Object.fromEntries(
				Array.from(collections, ([name, records]) => [name, Array.from(records.values(), parseRecord)])
			);
			return { ...position, data };
		},

		async replace(image: LiveImage) {
			assertOpen();
			const next = new Map<string, Map<string, string>>();
			for (const [name, records] of Object.entries(image.data)) {
				next.set(name, new Map(records.map((record) => [record.id, JSON.stringify(record)])));
			}
			collections = next;
			position = { epoch: image.epoch, seq: image.seq };
		},

		async ping() {
			assertOpen();
		},

		async close() {
			closed = true;
			collections = new Map();
			position = null;
		}
	};
}

function parseRecord(json: string): WireRecord {
	return JSON.parse(json) as WireRecord;
}

function encodeChange(change: LiveChange) {
	if (change.op === 'remove') return { seq: change.seq, collection: change.collection, id: change.id, json: null };
	if (!change.record) throw new Error(`upsert at seq ${change.seq} has no record`);
	return { seq: change.seq, collection: change.collection, id: change.id, json: JSON.stringify(change.record) };
}
