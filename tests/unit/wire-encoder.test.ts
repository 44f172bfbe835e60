import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { WebSocket } from 'ws';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { viewerOf } from '$lib/domain/identity/actor';
import { emitTailed, PreEncodedJson, textFrameHeader, WireEncoder, wireParser } from '$lib/server/realtime/wire-encoder';
import { presenceOf } from '$lib/domain/cell/presence';
import { SnapshotRecords, snapshotFor } from '$lib/server/realtime/deltas';

function decode(encoded: unknown[]): Packet {
	const decoder = new Decoder();
	let packet: Packet | undefined;
	decoder.on('decoded', (p: Packet) => (packet = p));
	for (const part of encoded) decoder.add(part as string);
	return packet!;
}

// ws's frame writer, the one Socket.IO's broadcasts use; @types/ws does not declare it.
const sender = (WebSocket as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } }).Sender;

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
		const records = new SnapshotRecords(JSON.stringify(data));
		const event = snapshotFor(41, 'ep', records, viewer, { kpis: { ceasefire: { open: 2 } }, presence: null });
		expect(event.tail).toBe(records.tail);
		expect(JSON.parse(event.head + event.tail.text)).toEqual([
			'snapshot',
			{ seq: 41, epoch: 'ep', viewer: { username: 'ana', displayName: 'Ana <b>', role: 'partner', nation: 'DEU' }, kpis: { ceasefire: { open: 2 } }, data }
		]);
	});

	it("adds the roster of connected screens to the cell's data, whether the log's data is empty or not", () => {
		const officer = viewerOf({ id: 'u2', kind: 'user', username: 'olga', displayName: 'Olga', role: 'officer', nation: 'UKR' });
		const screen = presenceOf('s1', officer.actor!, '/ceasefire', new Date('2026-12-06T10:00:00Z'));
		const data = { 'log-entries': [{ id: 'e1', text: 'x', releasableTo: 'cell' }] };
		for (const json of [JSON.stringify(data), '{}']) {
			const event = snapshotFor(7, 'ep', new SnapshotRecords(json), officer, { kpis: {}, presence: [screen] });
			expect(JSON.parse(event.head + event.tail.text)[1].data).toEqual({ ...JSON.parse(json), presence: [screen] });
		}
	});

	it('writes the WebSocket frame header of every payload length as ws itself would', () => {
		for (const length of [0, 125, 126, 65_535, 65_536, 5_000_000]) {
			const [header] = sender.frame(Buffer.alloc(length), { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true });
			expect(textFrameHeader(length), `${length} bytes`).toEqual(header!.subarray(0, textFrameHeader(length).length));
		}
	});

	describe('a tailed event to a real client', () => {
		let io: Server;
		let port: number;
		beforeAll(async () => {
			const http = createServer();
			io = new Server(http, { parser: wireParser });
			io.of('/live').on('connection', (socket) => {
				const size = Number(socket.handshake.query.size);
				const records = new SnapshotRecords(JSON.stringify({ 'log-entries': [{ id: 'e1', text: `${hostile.text}${'x'.repeat(size)}` }] }));
				emitTailed(socket, snapshotFor(3, 'ep', records, viewerOf(null)));
			});
			await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
			port = (http.address() as AddressInfo).port;
		});
		afterAll(() => io.close());

		it.each([
			['websocket', 10],
			['websocket', 70_000],
			['polling', 70_000]
		])('arrives whole over %s with a record of %i more bytes', async (transport, size) => {
			const client = ioClient(`http://127.0.0.1:${port}/live`, { transports: [transport], query: { size } });
			try {
				const snapshot = await new Promise<{ seq: number; data: Record<string, { text: string }[]> }>((resolve) => client.once('snapshot', resolve));
				expect(snapshot.seq).toBe(3);
				expect(snapshot.data['log-entries']![0]!.text).toBe(`${hostile.text}${'x'.repeat(size)}`);
				expect(client.io.engine.transport.name).toBe(transport);
			} finally {
				client.disconnect();
			}
		});
	});
});
