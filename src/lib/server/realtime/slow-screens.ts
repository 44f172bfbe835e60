import type { Namespace } from 'socket.io';
import type { JoinedFramesOptions } from './audience-writes';

export interface SlowScreenLimits {
	/** Bytes queued in the kernel and ws for one socket before it counts as not reading. */
	maxBufferedBytes: number;
	/** Messages (deltas and the like) waiting for a writable transport. */
	maxQueuedMessages: number;
	intervalMs: number;
}

export const DEFAULT_SLOW_SCREEN_LIMITS: SlowScreenLimits = { maxBufferedBytes: 8 * 1024 * 1024, maxQueuedMessages: 20_000, intervalMs: 1000 };

interface EngineConnection {
	writeBuffer?: { options?: Partial<JoinedFramesOptions> }[];
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
			// A packet of joined frames carries a batch of messages (audience-writes.ts).
			const queued = conn.writeBuffer?.reduce((sum, packet) => sum + (packet.options?.messages ?? 1), 0) ?? 0;
			if (buffered > limits.maxBufferedBytes || queued > limits.maxQueuedMessages) {
				onDrop();
				socket.disconnect(true);
			}
		}
	}, limits.intervalMs).unref();
}
