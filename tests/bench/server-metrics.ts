/**
 * The server's own view, from GET /metrics (Prometheus text): event-loop lag and the
 * command → broadcast histogram, so a phase's latency can be split into "inside the server"
 * and "on the way to the screens".
 */

/** Every sample line: `name{labels}` → value. */
export async function scrape(url: string): Promise<Map<string, number>> {
	const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
	const values = new Map<string, number>();
	for (const line of (await response.text()).split('\n')) {
		if (!line || line.startsWith('#')) continue;
		const space = line.lastIndexOf(' ');
		values.set(line.slice(0, space), Number(line.slice(space + 1)));
	}
	return values;
}

export function gauge(values: Map<string, number>, name: string): number | null {
	return values.get(name) ?? null;
}

/** A percentile (0–100) of a Prometheus histogram's increase between two scrapes, as the bucket's upper bound (seconds). */
export function histogramPercentile(before: Map<string, number> | null, after: Map<string, number>, name: string, p: number): number | null {
	const buckets: { le: number; count: number }[] = [];
	for (const [key, value] of after) {
		const match = new RegExp(`^${name}_bucket\\{(?:.*,)?le="([^"]+)"`).exec(key);
		if (!match) continue;
		const le = match[1] === '+Inf' ? Infinity : Number(match[1]);
		buckets.push({ le, count: value - (before?.get(key) ?? 0) });
	}
	buckets.sort((a, b) => a.le - b.le);
	const total = buckets[buckets.length - 1]?.count ?? 0;
	if (total <= 0) return null;
	const rank = (p / 100) * total;
	for (const b of buckets) if (b.count >= rank) return b.le;
	return Infinity;
}

/** A counter's increase between two scrapes, per value of one label (e.g. outcome → count). */
export function counterIncrease(before: Map<string, number> | null, after: Map<string, number>, name: string, label: string): Record<string, number> {
	const increase: Record<string, number> = {};
	for (const [key, value] of after) {
		const match = new RegExp(`^${name}\\{(?:.*,)?${label}="([^"]*)"`).exec(key);
		if (match) increase[match[1]!] = value - (before?.get(key) ?? 0);
	}
	return increase;
}

export interface ServerView {
	/** Event-loop delay over the window (prom-client resets it at every scrape), ms. */
	loopLagP50Ms: number | null;
	loopLagP99Ms: number | null;
	loopLagMaxMs: number | null;
	/** Command arriving → its delta leaving, inside the server, ms (bucket upper bounds). */
	commandToBroadcastP50Ms: number | null;
	commandToBroadcastP99Ms: number | null;
	heapUsedMB: number | null;
	/** Resumes the server served in the window, by outcome (replayed from memory, or a snapshot): what the accepted ones cost. */
	resumes: Record<string, number>;
}

const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 1000 * 10) / 10);

export function serverView(before: Map<string, number> | null, after: Map<string, number>): ServerView {
	const heap = gauge(after, 'watchfloor_process_nodejs_heap_size_used_bytes');
	return {
		loopLagP50Ms: ms(gauge(after, 'watchfloor_process_nodejs_eventloop_lag_p50_seconds')),
		loopLagP99Ms: ms(gauge(after, 'watchfloor_process_nodejs_eventloop_lag_p99_seconds')),
		loopLagMaxMs: ms(gauge(after, 'watchfloor_process_nodejs_eventloop_lag_max_seconds')),
		commandToBroadcastP50Ms: ms(histogramPercentile(before, after, 'watchfloor_command_to_broadcast_seconds', 50)),
		commandToBroadcastP99Ms: ms(histogramPercentile(before, after, 'watchfloor_command_to_broadcast_seconds', 99)),
		heapUsedMB: heap === null ? null : Math.round((heap / 2 ** 20) * 10) / 10,
		resumes: counterIncrease(before, after, 'watchfloor_resumes_total', 'outcome')
	};
}
