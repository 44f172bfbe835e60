import { vi } from 'vitest';
import { LiveConnection, type LiveSocket } from '$lib/client/live.svelte';

/** Just enough of a socket for the live connection to take a snapshot and deltas. */
export function fakeSocket() {
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

/** A live connection over a fake socket; `delta` applies at once (call under vi.useFakeTimers: the store paces deltas). */
export function fakeLive() {
	const fake = fakeSocket();
	const live = new LiveConnection({ createSocket: () => fake.socket });
	live.connect();
	const delta = (payload: object) => {
		fake.fire('delta', payload);
		vi.advanceTimersByTime(100);
	};
	return { live, fire: fake.fire, delta };
}
