/**
 * The baseline of the bench: a bare Socket.IO server that only relays. A `command` with an ack is
 * turned into a `delta` shaped like Watchfloor's (a log entry record) and broadcast to every socket
 * in one room; no validation, no database, no live state, no auth. Whatever Watchfloor delivers is
 * compared with what this delivers on the same machine under the same load.
 *
 * Run: node --import tsx tests/bench/bare-server.ts <port>   (prints `listening <port>` when ready)
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.argv[2] ?? process.env.PORT ?? 0);
const http = createServer((_req, res) => res.writeHead(404).end());
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
const live = io.of('/live');
const ROOM = 'cell';
let seq = 0;

live.on('connection', (socket) => {
	socket.emit('snapshot', { seq, viewer: null, epoch: 'bare', data: {}, kpis: {} });
	socket.join(ROOM);
	socket.on('command', (raw: { payload?: { text?: unknown; releasableTo?: unknown } } | undefined, ack: unknown) => {
		if (typeof ack !== 'function') return;
		const payload = raw?.payload ?? {};
		const record = {
			id: randomUUID(),
			text: String(payload.text ?? ''),
			authorId: 'bare',
			authorName: 'Bare relay',
			createdAt: new Date().toISOString(),
			releasableTo: payload.releasableTo ?? 'cell'
		};
		const delta = { seq: ++seq, collection: 'log-entries', op: 'upsert', id: record.id, record };
		live.to(ROOM).emit('delta', delta);
		ack({ ok: true, seq: delta.seq, record });
	});
});

http.listen(port, '127.0.0.1', () => {
	const address = http.address();
	console.log(`listening ${typeof address === 'object' && address ? address.port : port}`);
});

const stop = () => io.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
