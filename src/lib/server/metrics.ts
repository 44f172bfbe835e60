import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

/** One registry per runtime, so tests that start several runtimes never share counters. */
export function createMetrics() {
	const registry = new Registry();
	collectDefaultMetrics({ register: registry, prefix: 'watchfloor_process_' });
	return {
		registry,
		sockets: new Gauge({ name: 'watchfloor_connected_sockets', help: 'Live screens connected to this process', registers: [registry] }),
		commands: new Counter({
			name: 'watchfloor_commands_total',
			help: 'Commands handled, by type and outcome',
			labelNames: ['type', 'outcome'] as const,
			registers: [registry]
		}),
		eventsBroadcast: new Counter({
			name: 'watchfloor_events_broadcast_total',
			help: 'Logged events sent out to local screens (once per event, whatever the audience)',
			registers: [registry]
		}),
		commandToBroadcast: new Histogram({
			name: 'watchfloor_command_to_broadcast_seconds',
			help: 'From a command arriving to its delta leaving for the screens',
			buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
			registers: [registry]
		}),
		resumes: new Counter({
			name: 'watchfloor_resumes_total',
			help: 'Reconnecting screens, by how they were brought up to date',
			labelNames: ['outcome'] as const,
			registers: [registry]
		}),
		slowScreensDropped: new Counter({
			name: 'watchfloor_slow_screens_dropped_total',
			help: 'Screens disconnected because they stopped reading (they resume when they reconnect)',
			registers: [registry]
		}),
		requestsTimedOut: new Counter({
			name: 'watchfloor_http_requests_timed_out_total',
			help: 'Connections closed because their request (headers or body) did not arrive in time',
			registers: [registry]
		}),
		rejectedMessages: new Counter({
			name: 'watchfloor_rejected_messages_total',
			help: 'Socket messages refused before reaching a command',
			labelNames: ['reason'] as const,
			registers: [registry]
		})
	};
}
