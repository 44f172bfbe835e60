/**
 * Small, dependency-free statistics for the bench: a latency histogram that several processes
 * can fill and the parent can merge, and a least-squares line for the soak test.
 */

/** Buckets: 0.1 ms wide up to 100 ms, 1 ms wide up to 10 s, then one overflow bucket. */
const FINE_LIMIT_MS = 100;
const FINE_STEP_MS = 0.1;
const COARSE_LIMIT_MS = 10_000;
const FINE_BUCKETS = Math.round(FINE_LIMIT_MS / FINE_STEP_MS);
const COARSE_BUCKETS = COARSE_LIMIT_MS - FINE_LIMIT_MS;
const BUCKETS = FINE_BUCKETS + COARSE_BUCKETS + 1;

function bucketOf(ms: number): number {
	if (!(ms > 0)) return 0;
	if (ms < FINE_LIMIT_MS) return Math.floor(ms / FINE_STEP_MS);
	if (ms < COARSE_LIMIT_MS) return FINE_BUCKETS + Math.floor(ms - FINE_LIMIT_MS);
	return BUCKETS - 1;
}

/** The upper edge of a bucket: a percentile is reported as "at most this". */
function upperEdge(bucket: number): number {
	if (bucket < FINE_BUCKETS) return (bucket + 1) * FINE_STEP_MS;
	if (bucket < BUCKETS - 1) return FINE_LIMIT_MS + (bucket - FINE_BUCKETS + 1);
	return Infinity;
}

/** What travels over IPC: only the buckets that have counts. */
export interface HistogramData {
	buckets: [number, number][];
	count: number;
	sum: number;
	min: number;
	max: number;
}

export class Histogram {
	#counts = new Float64Array(BUCKETS);
	count = 0;
	sum = 0;
	min = Infinity;
	max = 0;

	add(ms: number): void {
		this.#counts[bucketOf(ms)]!++;
		this.count++;
		this.sum += ms;
		if (ms < this.min) this.min = ms;
		if (ms > this.max) this.max = ms;
	}

	merge(data: HistogramData): this {
		for (const [bucket, n] of data.buckets) this.#counts[bucket]! += n;
		this.count += data.count;
		this.sum += data.sum;
		if (data.count > 0) {
			this.min = Math.min(this.min, data.min);
			this.max = Math.max(this.max, data.max);
		}
		return this;
	}

	/** The p-th percentile (0–100) in ms, or null when empty; never above the largest value seen. */
	percentile(p: number): number | null {
		if (this.count === 0) return null;
		const rank = Math.max(1, Math.ceil((p / 100) * this.count));
		let seen = 0;
		for (let bucket = 0; bucket < BUCKETS; bucket++) {
			seen += this.#counts[bucket]!;
			if (seen >= rank) return Math.min(upperEdge(bucket), this.max);
		}
		return this.max;
	}

	mean(): number | null {
		return this.count ? this.sum / this.count : null;
	}

	toData(): HistogramData {
		const buckets: [number, number][] = [];
		for (let bucket = 0; bucket < BUCKETS; bucket++) if (this.#counts[bucket]) buckets.push([bucket, this.#counts[bucket]!]);
		return { buckets, count: this.count, sum: this.sum, min: this.count ? this.min : 0, max: this.max };
	}

	summary(): LatencySummary {
		return { count: this.count, p50: this.percentile(50), p95: this.percentile(95), p99: this.percentile(99), max: this.count ? this.max : null, mean: this.mean() };
	}

	static from(...data: HistogramData[]): Histogram {
		const h = new Histogram();
		for (const d of data) h.merge(d);
		return h;
	}
}

export interface LatencySummary {
	count: number;
	p50: number | null;
	p95: number | null;
	p99: number | null;
	max: number | null;
	mean: number | null;
}

/** Percentile of a plain list of numbers (for small samples such as ~50 snapshot times). */
export function percentileOf(values: readonly number[], p: number): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[rank - 1]!;
}

export interface LineFit {
	slope: number;
	intercept: number;
	/** Coefficient of determination: 1 is a perfect line, 0 no linear trend at all. */
	r2: number;
}

/** Ordinary least squares y = slope·x + intercept. */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
	const n = xs.length;
	if (n < 2) return { slope: 0, intercept: ys[0] ?? 0, r2: 0 };
	const mx = xs.reduce((a, b) => a + b, 0) / n;
	const my = ys.reduce((a, b) => a + b, 0) / n;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		const dx = xs[i]! - mx;
		const dy = ys[i]! - my;
		sxy += dx * dy;
		sxx += dx * dx;
		syy += dy * dy;
	}
	const slope = sxx === 0 ? 0 : sxy / sxx;
	const r2 = sxx === 0 || syy === 0 ? 0 : (sxy * sxy) / (sxx * syy);
	return { slope, intercept: my - slope * mx, r2 };
}

/** Milliseconds on CLOCK_MONOTONIC: the same clock in every process of this machine. */
export function nowMs(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}
