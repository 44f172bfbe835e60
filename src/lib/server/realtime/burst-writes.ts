import type { Server } from 'socket.io';
import type { Socket as TcpSocket } from 'node:net';

/** What of an engine.io socket this reaches: its current transport and, under a WebSocket, ws's TCP socket. */
interface EngineSocket {
	transport: { name?: string; socket?: { _socket?: TcpSocket } };
}

// The TCP socket under a WebSocket transport: `ws` keeps it as `_socket` (no public accessor); without it, no coalescing.
const tcpOf = (socket: EngineSocket): TcpSocket | undefined => {
	const tcp = socket.transport.name === 'websocket' ? socket.transport.socket?._socket : undefined;
	return typeof tcp?.cork === 'function' ? tcp : undefined;
};

/**
 * A screen that is sent several packets in one go (a catch-up, or batches that queued behind a
 * write still under way) gets them as one TCP write. Engine.io writes the first packet at once and
 * buffers the rest until that write completes; it
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
