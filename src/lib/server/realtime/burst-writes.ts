import type { Namespace, Server } from 'socket.io';
import type { Socket as TcpSocket } from 'node:net';

/** What of an engine.io socket these reach: its current transport (and, under a WebSocket, ws's TCP socket) and its flush. */
interface EngineSocket {
	transport: { name?: string; writable: boolean; socket?: { _socket?: TcpSocket } };
	flush(): void;
}

// The TCP socket under a WebSocket transport: `ws` keeps it as `_socket` (no public accessor); without it, no coalescing.
const tcpOf = (socket: EngineSocket): TcpSocket | undefined => {
	const tcp = socket.transport.name === 'websocket' ? socket.transport.socket?._socket : undefined;
	return typeof tcp?.cork === 'function' ? tcp : undefined;
};

/**
 * A screen that is sent several deltas in one go (a batch from the log) gets them as one TCP write.
 * Engine.io writes the first packet at once and buffers the rest until that write completes; it
 * then flushes the buffer as one frame per packet, and each frame would be a write of its own, a
 * system call per delta per screen, which is most of a broadcast's cost at a thousand screens.
 * Corking the socket for the flush (engine.io's `flush` … `drain` events) sends the frames together.
 */
export function coalesceBurstWrites(io: Server): void {
	// What each flush corked, looked up again at its drain (every flush of every screen ends in one).
	const corked = new WeakMap<EngineSocket, TcpSocket>();
	io.engine.on('flush', (socket: EngineSocket, buffer: unknown[]) => {
		const tcp = buffer.length > 1 ? tcpOf(socket) : undefined;
		if (!tcp) return;
		tcp.cork();
		corked.set(socket, tcp);
	});
	io.engine.on('drain', (socket: EngineSocket) => {
		const tcp = corked.get(socket);
		if (!tcp) return;
		corked.delete(socket);
		tcp.uncork();
	});
}

/**
 * Runs `send`, which must be synchronous, with every WebSocket screen of `nsp` holding its packets,
 * then flushes each screen once: what `send` gave one screen (a batch of events, a publication of
 * KPIs) leaves in one TCP write. Otherwise engine.io writes a screen's first packet at once and the
 * rest in a second write when that one completes: two system calls per screen per batch where one
 * does, and twice the reads on the screen's side. A screen still writing an earlier burst is left as
 * it is (its packets wait for that write, and coalesceBurstWrites sends them together).
 */
export function inOneWritePerScreen(nsp: Namespace, send: () => void): void {
	const held: EngineSocket[] = [];
	for (const socket of nsp.sockets.values()) {
		const conn = socket.conn as unknown as EngineSocket;
		if (conn.transport.name !== 'websocket' || !conn.transport.writable) continue;
		conn.transport.writable = false;
		held.push(conn);
	}
	try {
		send();
	} finally {
		for (const conn of held) {
			conn.transport.writable = true;
			conn.flush();
		}
	}
}
