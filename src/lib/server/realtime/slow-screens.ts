import type { Namespace } from 'socket.io';

export interface SlowScreenLimits {
	/** Bytes queued in the kernel and ws for one socket before it counts as not reading. */
	maxBufferedBytes: number;
	/** engine.io packets waiting for a writable transport. */
	maxQueuedPackets: number;
	intervalMs: number;
}

export const DEFAULT_SLOW_SCREEN_LIMITS: SlowScreenLimits = { maxBufferedBytes: 8 * 1024 * 1024, maxQueuedPackets: 20_000, intervalMs: 1000 };

interface EngineConnection {
	writeBuffer?: unknown[];
	transport?: { socket?: { bufferedAmount?: number } };
}

/**
 * A screen that stops reading would make the server hold every delta for it forever. Past a bound
 * it is disconnected instead; when it reads again it reconnects and resumes from its last seq.
 */
export function guardAgainstSlowScreens(nsp: Namespace, limits: SlowScreenLimits, onDrop: () => void): NodeJS.Timeout {
	return setInterval(() => {
		for (const socket of nsp.sockets.values()) {
			const conn = socket.conn as unknown as EngineConnection;
			const buffered = conn.transport?.socket?.bufferedAmount ?? 0;
			const queued = conn.writeBuffer?.length ?? 0;
			if (buffered > limits.maxBufferedBytes || queued > limits.maxQueuedPackets) {
				onDrop();
				socket.disconnect(true);
			}
		}
	}, limits.intervalMs).unref();
}
