import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import type { Delta } from '$lib/domain/core/protocol';
import { gatheringWrites, sendToRooms, type RoomDelta } from '$lib/server/realtime/audience-writes';
import type { LiveNamespace } from '$lib/server/realtime/live-namespace';
import { wireParser } from '$lib/server/realtime/wire-encoder';
import { eventually } from '../support/drill';
import { countTcpWrites, tcpOfEngineSocket } from '../support/tcp-writes';

/**
 * A batch of deltas reaches each screen as Socket.IO's own rooms would route it (to, except), in
 * order, one message per delta, whether the screen is on a WebSocket (one TCP write for the whole
 * batch) or long-polling; a screen that has not joined its audience yet gets nothing.
 */

let io: Server | undefined;
const clients: ClientSocket[] = [];

afterEach(async () => {
	for (const client of clients.splice(0)) client.disconnect();
	// Closes the long-polling screen's requests too, which the HTTP server alone would wait out.
	await io?.close();
});

const CELL = ['cell'];
const FRA = ['partners', 'nation:FRA'];
const DEU = ['partners', 'nation:DEU'];

const upsert = (seq: number, text: string) => ({ seq, collection: 'log-entries', op: 'upsert' as const, id: `e${seq}`, record: { id: `e${seq}`, text, releasableTo: 'coalition' as const } });

async function startServer() {
	const http = createServer();
	const server = (io = new Server(http, { parser: wireParser }));
	const nsp = server.of('/live') as unknown as LiveNamespace;
	nsp.on('connection', (socket) => {
		const rooms = (socket.handshake.auth as { rooms?: string[] }).rooms;
		if (!rooms) return;
		socket.join(rooms);
		socket.data.audience = { key: rooms.join(' '), rooms };
	});
	await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', () => resolve()));
	return { io: server, nsp, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/live` };
}

async function screen(server: Awaited<ReturnType<typeof startServer>>, rooms: string[] | null, transport: 'websocket' | 'polling') {
	const conn = new Promise<unknown>((resolve) => server.io.engine.once('connection', resolve));
	const client = connect(server.url, { transports: [transport], auth: rooms ? { rooms } : {}, forceNew: true });
	clients.push(client);
	const received: Delta[] = [];
	client.on('delta', (delta: Delta) => received.push(delta));
	await new Promise<void>((resolve) => client.on('connect', () => resolve()));
	return { received, conn: await conn };
}

describe('sendToRooms', () => {
	it("gives every screen its audience's share of a batch, in order, a message per delta, in one TCP write on a WebSocket", async () => {
		const server = await startServer();
		const cell = await screen(server, CELL, 'websocket');
		const fra = await screen(server, FRA, 'websocket');
		const deu = await screen(server, DEU, 'websocket');
		const fraPolling = await screen(server, FRA, 'polling');
		const notJoined = await screen(server, null, 'websocket');
		// Settle the handshakes' own writes first.
		await new Promise((resolve) => setTimeout(resolve, 50));
		const writes = [cell, fra, deu].map((s) => countTcpWrites(tcpOfEngineSocket(s.conn)));

		const named = upsert(4, 'Shelling near Robotyne');
		const withheld = { ...named, record: { ...named.record, text: '(withheld)' } };
		const removal: Delta = { seq: 5, collection: 'log-entries', op: 'remove', id: 'e5' };
		const batch: RoomDelta[] = [
			{ delta: upsert(1, 'for the coalition'), to: ['cell', 'partners'] },
			{ delta: upsert(2, 'for the cell'), to: ['cell'] },
			{ delta: upsert(3, 'for France'), to: ['cell', 'nation:FRA'] },
			{ delta: named, to: ['cell', 'nation:FRA'] },
			{ delta: withheld, to: ['cell', 'partners'], except: ['cell', 'nation:FRA'] },
			{ delta: removal, to: ['cell', 'partners'], except: ['cell', 'nation:DEU'] }
		];
		sendToRooms(server.nsp, batch);

		const expected = {
			cell: [upsert(1, 'for the coalition'), upsert(2, 'for the cell'), upsert(3, 'for France'), named],
			fra: [upsert(1, 'for the coalition'), upsert(3, 'for France'), named, removal],
			deu: [upsert(1, 'for the coalition'), withheld]
		};
		await eventually(() => cell.received.length === 4 && fra.received.length === 4 && deu.received.length === 2 && fraPolling.received.length === 4, 'every screen to get its share');
		expect(cell.received).toEqual(expected.cell);
		expect(fra.received).toEqual(expected.fra);
		expect(deu.received).toEqual(expected.deu);
		expect(fraPolling.received).toEqual(expected.fra);
		expect(writes.map((w) => w.writes)).toEqual([1, 1, 1]);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(notJoined.received).toEqual([]);
	});

	it('keeps batches in order when the next comes while a screen is still being written to', async () => {
		const server = await startServer();
		const fra = await screen(server, FRA, 'websocket');
		const seqs = Array.from({ length: 30 }, (_, i) => i + 1);
		// Ten batches in one go: the first is written at once, the rest queue behind it.
		for (let b = 0; b < 10; b++) sendToRooms(server.nsp, seqs.slice(b * 3, b * 3 + 3).map((seq) => ({ delta: upsert(seq, `entry ${seq}`), to: ['partners'] })));
		await eventually(() => fra.received.length === 30, 'all thirty deltas');
		expect(fra.received.map((d) => d.seq)).toEqual(seqs);
	});

	it('sends what is sent while gathering (a batch of events, then a publication) in one write per screen, in order', async () => {
		const server = await startServer();
		const fra = await screen(server, FRA, 'websocket');
		const cell = await screen(server, CELL, 'websocket');
		await new Promise((resolve) => setTimeout(resolve, 50));
		const writes = [fra, cell].map((s) => countTcpWrites(tcpOfEngineSocket(s.conn)));
		const kpis = (seq: number): Delta => ({ seq, collection: 'kpis', op: 'upsert', id: 'support', record: { id: 'support', releasableTo: 'coalition' } as never });
		gatheringWrites(() => {
			sendToRooms(server.nsp, [{ delta: upsert(1, 'for the coalition'), to: ['cell', 'partners'] }, { delta: upsert(2, 'for the cell'), to: ['cell'] }]);
			sendToRooms(server.nsp, [{ delta: kpis(3), to: ['nation:FRA'] }, { delta: kpis(4), to: ['cell'] }]);
			expect(writes.map((w) => w.writes)).toEqual([0, 0]);
		});
		await eventually(() => fra.received.length === 2 && cell.received.length === 3, 'both sends on both screens');
		expect(fra.received.map((d) => d.seq)).toEqual([1, 3]);
		expect(cell.received.map((d) => d.seq)).toEqual([1, 2, 4]);
		expect(writes.map((w) => w.writes)).toEqual([1, 1]);
	});
});
