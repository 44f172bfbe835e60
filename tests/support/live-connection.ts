import { afterEach, beforeEach, vi } from 'vitest';
import type { WireRecord } from '$lib/domain/core/protocol';
import { LiveConnection, type LiveSocket } from '$lib/client/live.svelte';

/** Just enough of a socket for the live connection to take a snapshot and deltas. */
function fakeSocket() {
	const handlers = new Map<string, ((...args: never[]) => void)[]>();
	const socket = {
		connected: true,
		active: true,
		io: { engine: { close() {} } },
		on(event: string, handler: (...args: never[]) => void) {
			handlers.set(event, [...(handlers.get(event) ?? []), handler]);
			return socket;
		},
		removeAllListeners() {
			handlers.clear();
			return socket;
		},
		disconnect() {
			return socket;
		}
	};
	const fire = (event: string, payload: unknown) => {
		for (const handler of handlers.get(event) ?? []) (handler as (p: unknown) => void)(payload);
	};
	return { socket: socket as unknown as LiveSocket, fire };
}

/**
 * A live connection fed by hand: `fire` a snapshot, `delta` a change (the store applies a burst of
 * deltas at a pace, so it steps the fake timers the caller installed with vi.useFakeTimers).
 */
export function fedLiveConnection() {
	const fake = fakeSocket();
	const live = new LiveConnection({ createSocket: () => fake.socket });
	live.connect();
	const delta = (payload: object) => {
		fake.fire('delta', payload);
		vi.advanceTimersByTime(100);
	};
	return { live, fire: fake.fire, delta };
}

/** A record as the wire carries it (the tests build typed records). */
export const wire = (record: object) => record as unknown as WireRecord;

/**
 * For each test of the calling describe block: fake timers and a fresh live connection fed by hand,
 * disconnected afterwards.
 */
export function feedEachTest() {
	let current: ReturnType<typeof fedLiveConnection>;
	beforeEach(() => {
		vi.useFakeTimers();
		current = fedLiveConnection();
	});
	afterEach(() => {
		current.live.disconnect();
		vi.useRealTimers();
	});
	return {
		get live(): LiveConnection {
			return current.live;
		},
		fire: (event: string, payload: unknown) => current.fire(event, payload),
		delta: (payload: object) => current.delta(payload)
	};
}
