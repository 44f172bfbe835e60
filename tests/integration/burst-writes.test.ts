import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { coalesceBurstWrites } from '$lib/server/realtime/burst-writes';
import { countTcpWrites, tcpOfEngineSocket } from '../support/tcp-writes';

/**
 * A burst of deltas for one screen (a batch read from the log) leaves the server in one or two TCP
 * writes, not one per delta: counted on the server's end of a real WebSocket connection.
 */

let http: HttpServer | undefined;
let client: ClientSocket | undefined;

afterEach(async () => {
	client?.disconnect();
	await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
});

async function burst(coalesce: boolean, count: number) {
	http = createServer();
	const io = new Server(http);
	if (coalesce) coalesceBurstWrites(io);
	await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', () => resolve()));
	const engineSocket = new Promise<unknown>((resolve) => io.engine.once('connection', resolve));
	client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
	await new Promise<void>((resolve) => client!.on('connect', () => resolve()));
	// Settle the handshake's own writes first.
	await new Promise((resolve) => setTimeout(resolve, 50));

	const tcp = countTcpWrites(tcpOfEngineSocket(await engineSocket));
	const received: number[] = [];
	const all = new Promise<void>((resolve) =>
		client!.on('delta', (delta: { seq: number }) => {
			received.push(delta.seq);
			if (received.length === count) resolve();
		})
	);
	for (let seq = 1; seq <= count; seq++) io.emit('delta', { seq, collection: 'log-entries', op: 'upsert', id: `e${seq}`, record: { text: `entry ${seq}` } });
	await all;
	io.close();
	return { writes: tcp.writes, received };
}

describe('burst writes', () => {
	it('sends a burst of 20 deltas to a screen in at most two TCP writes, all of them, in order', async () => {
		const { writes, received } = await burst(true, 20);
		expect(received).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
		expect(writes).toBeLessThanOrEqual(2);
	});

	it('(without it, engine.io writes the same burst one delta at a time)', async () => {
		const { writes, received } = await burst(false, 20);
		expect(received).toHaveLength(20);
		expect(writes).toBeGreaterThanOrEqual(19);
	});
});
