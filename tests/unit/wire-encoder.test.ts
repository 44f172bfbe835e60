import { describe, expect, it } from 'vitest';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { viewerOf } from '$lib/domain/identity/actor';
import { PreEncodedJson, WireEncoder } from '$lib/server/realtime/wire-encoder';
import { presenceOf } from '$lib/domain/cell/presence';
import { snapshotFor } from '$lib/server/realtime/deltas';

function decode(encoded: unknown[]): Packet {
	const decoder = new Decoder();
	let packet: Packet | undefined;
	decoder.on('decoded', (p: Packet) => (packet = p));
	for (const part of encoded) decoder.add(part as string);
	return packet!;
}

const hostile = { text: '<script>alert(1)</script> "quoted" \\ back\u2028line\u0000nul 🇺🇦', list: [1, null, { deep: true }] };

describe('wire encoder', () => {
	it('writes a pre-encoded argument as it is: a stock decoder reads the same event as if it had been serialized per socket', () => {
		const stock = new Encoder().encode({ type: PacketType.EVENT, nsp: '/live', data: ['snapshot', hostile, 7] });
		const ours = new WireEncoder().encode({ type: PacketType.EVENT, nsp: '/live', data: ['snapshot', new PreEncodedJson(JSON.stringify(hostile)), 7] });
		expect(ours).toEqual(stock);
		expect(decode(ours).data).toEqual(['snapshot', hostile, 7]);
	});

	it('leaves every other packet to the stock encoder: acks, the root namespace, binary', () => {
		const packets: Packet[] = [
			{ type: PacketType.ACK, nsp: '/live', id: 12, data: [{ ok: true, seq: 3 }] },
			{ type: PacketType.EVENT, nsp: '/', data: ['delta', hostile] },
			{ type: PacketType.EVENT, nsp: '/live', data: ['bytes', Buffer.from([1, 2, 3])] },
			{ type: PacketType.CONNECT, nsp: '/live', data: { sid: 'x' } }
		];
		for (const packet of packets) expect(new WireEncoder().encode(packet)).toEqual(new Encoder().encode(packet));
	});

	it('sends a snapshot whose shared part is the audience JSON and whose own part is this viewer', () => {
		const viewer = viewerOf({ id: 'u1', kind: 'user', username: 'ana', displayName: 'Ana <b>', role: 'partner', nation: 'DEU' });
		const data = { 'log-entries': [{ id: 'e1', text: hostile.text, releasableTo: 'coalition' }] };
		const message = snapshotFor(41, 'ep', JSON.stringify(data), viewer, { kpis: { ceasefire: { open: 2 } }, presence: null });
		expect(JSON.parse(message.json)).toEqual({
			seq: 41,
			epoch: 'ep',
			viewer: { username: 'ana', displayName: 'Ana <b>', role: 'partner', nation: 'DEU' },
			kpis: { ceasefire: { open: 2 } },
			data
		});
	});

	it("adds the roster of connected screens to the cell's data, whether the log's data is empty or not", () => {
		const officer = viewerOf({ id: 'u2', kind: 'user', username: 'olga', displayName: 'Olga', role: 'officer', nation: 'UKR' });
		const screen = presenceOf('s1', officer.actor!, '/ceasefire', new Date('2026-12-06T10:00:00Z'));
		const data = { 'log-entries': [{ id: 'e1', text: 'x', releasableTo: 'cell' }] };
		for (const json of [JSON.stringify(data), '{}']) {
			const message = snapshotFor(7, 'ep', json, officer, { kpis: {}, presence: [screen] });
			expect(JSON.parse(message.json).data).toEqual({ ...JSON.parse(json), presence: [screen] });
		}
	});
});
