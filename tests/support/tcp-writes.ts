import type { Socket as TcpSocket } from 'node:net';

/** Counts the writes (system calls' worth: `_write` or `_writev`) a TCP socket makes from now on. */
export function countTcpWrites(tcp: TcpSocket): { readonly writes: number } {
	const counter = { writes: 0 };
	for (const method of ['_write', '_writev'] as const) {
		const original = tcp[method]!.bind(tcp) as (...args: unknown[]) => void;
		(tcp as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
			counter.writes++;
			return original(...args);
		};
	}
	return counter;
}

/** ws's TCP socket under an engine.io WebSocket transport. */
export const tcpOfEngineSocket = (conn: unknown) => (conn as { transport: { socket: { _socket: TcpSocket } } }).transport.socket._socket;
