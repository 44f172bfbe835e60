/**
 * `npm run soak`: does the server hold its memory over time? Not part of `npm test` or CI.
 *
 * One production server on real Postgres + Redis (fresh database and prefix, removed at the end),
 * SOAK_SCREENS live screens (default 500) and a steady stream of SOAK_RATE commands/s (default 20)
 * for SOAK_MINUTES (default 30). Every SOAK_SAMPLE_SECONDS (default 5) it reads the server's RSS
 * (/proc) and V8 heap (GET /metrics: watchfloor_process_nodejs_heap_size_used_bytes); every minute
 * it prints them. After a warm-up (the first third), it fits a line through the last two thirds:
 * the heap's floor (the lowest sample of each 30 s, i.e. after collections) and the RSS. It fails
 * when either keeps growing — slope above SOAK_MAX_HEAP_MB_PER_HOUR (default 10) or
 * SOAK_MAX_RSS_MB_PER_HOUR (default 30) with a clear trend (r² ≥ SOAK_MIN_R2, default 0.5) — and
 * when screens lost deltas or were dropped. Writes tests/bench/results/soak-<time>.json.
 *
 * `npm run soak -- wall` (or SOAK_MODE=wall): the same question for the wall page. One server, one
 * wall in Chromium (/usr/bin/chromium through playwright-core), the panels rotating every 10 s, an
 * officer sending the mixed commands (log entries, reports, deliveries and their steps) at
 * SOAK_WALL_RATE (default 5) a second for SOAK_WALL_SECONDS (default 60). Every SOAK_SAMPLE_SECONDS
 * it collects the page's garbage and reads its JS heap, DOM nodes and listeners over the DevTools
 * protocol; it prints every sample and the heap's slope after the first third. Under 5 minutes the
 * slope is reported, not judged; from 5 minutes on it fails above SOAK_WALL_MAX_HEAP_MB_PER_HOUR
 * (default 20) with r² ≥ SOAK_MIN_R2, or when the wall was not live at a sample.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { probeServices } from '../support/services';
import { BENCH_NATIONS, prepareMixedCommands } from './bench-data';
import type { DriverTotals, EndStats, RunSpec } from './ipc';
import { api, prepareBuild, cleanUpAll, connectScreens, createUsers, log, sleep, startPool, startWatchfloor, type Placement } from './harness';
import { machineInfo, openFilesLimit, rssBytes } from './proc';
import { fitLine, type LineFit } from './stats';

function numberEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
	return value;
}

const MINUTES = numberEnv('SOAK_MINUTES', 30);
const SCREENS = Math.round(numberEnv('SOAK_SCREENS', 500));
const RATE = numberEnv('SOAK_RATE', 20);
const SAMPLE_SECONDS = numberEnv('SOAK_SAMPLE_SECONDS', 5);
const GROUP_SECONDS = 30;
const MAX_HEAP_MB_PER_HOUR = numberEnv('SOAK_MAX_HEAP_MB_PER_HOUR', 10);
const MAX_RSS_MB_PER_HOUR = numberEnv('SOAK_MAX_RSS_MB_PER_HOUR', 30);
const MIN_R2 = numberEnv('SOAK_MIN_R2', 0.5);
const WALL_MODE = process.argv.slice(2).includes('wall') || process.env.SOAK_MODE === 'wall';
const WALL_SECONDS = numberEnv('SOAK_WALL_SECONDS', 60);
const WALL_RATE = numberEnv('SOAK_WALL_RATE', 5);
const WALL_MAX_HEAP_MB_PER_HOUR = numberEnv('SOAK_WALL_MAX_HEAP_MB_PER_HOUR', 20);
/** Shorter runs are all warm-up and noise: their slope is printed, not judged. */
const WALL_JUDGED_FROM_SECONDS = 300;
const PROFILE_DIR = process.env.BENCH_PROFILE ? (process.env.BENCH_PROFILE === '1' ? '/tmp/prof' : path.resolve(process.env.BENCH_PROFILE)) : null;

interface Sample {
	/** Seconds since the load started. */
	t: number;
	rssMB: number;
	heapMB: number | null;
	sockets: number | null;
}

const MB = 2 ** 20;

/** Reads a few gauges from the Prometheus text of /metrics. */
async function readMetrics(url: string): Promise<Record<string, number>> {
	const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) });
	const text = await response.text();
	const values: Record<string, number> = {};
	for (const line of text.split('\n')) {
		if (line.startsWith('#')) continue;
		const match = /^([a-z_]+)(?:\{[^}]*\})?\s+([0-9.eE+-]+)$/.exec(line.trim());
		if (match && !(match[1]! in values)) values[match[1]!] = Number(match[2]);
	}
	return values;
}

interface Trend {
	points: number;
	fit: LineFit;
	mbPerHour: number;
	limit: number;
	growing: boolean;
}

function trend(points: { t: number; mb: number }[], limit: number): Trend {
	const fit = fitLine(
		points.map((p) => p.t),
		points.map((p) => p.mb)
	);
	const mbPerHour = fit.slope * 3600;
	return { points: points.length, fit, mbPerHour, limit, growing: points.length >= 6 && mbPerHour > limit && fit.r2 >= MIN_R2 };
}

/** Groups of GROUP_SECONDS after the warm-up: the heap's minimum and the RSS's median per group. */
function series(samples: Sample[], fromT: number) {
	const groups = new Map<number, Sample[]>();
	for (const s of samples) {
		if (s.t < fromT) continue;
		const g = Math.floor(s.t / GROUP_SECONDS);
		groups.set(g, [...(groups.get(g) ?? []), s]);
	}
	const heap: { t: number; mb: number }[] = [];
	const rss: { t: number; mb: number }[] = [];
	for (const [g, list] of groups) {
		const t = (g + 0.5) * GROUP_SECONDS;
		const heaps = list.map((s) => s.heapMB).filter((v): v is number => v !== null);
		if (heaps.length) heap.push({ t, mb: Math.min(...heaps) });
		const sorted = list.map((s) => s.rssMB).sort((a, b) => a - b);
		rss.push({ t, mb: sorted[Math.floor(sorted.length / 2)]! });
	}
	return { heap, rss };
}

/** The flags the browser tests launch Debian's chromium with (tests/e2e/playwright.config.ts). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

interface WallSample {
	t: number;
	heapMB: number;
	nodes: number;
	listeners: number;
	status: string | null;
	stage: string | null;
}

/** The wall page's JS heap after a collection, its DOM nodes and listeners, and what it shows. */
async function sampleWall(page: Page, cdp: CDPSession, t: number): Promise<WallSample> {
	await cdp.send('HeapProfiler.collectGarbage');
	const heap = await cdp.send('Runtime.getHeapUsage');
	const { metrics } = await cdp.send('Performance.getMetrics');
	const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
	const shown = await page.evaluate(() => ({ status: document.querySelector('.wall')?.getAttribute('data-status') ?? null, stage: document.querySelector('.wall')?.getAttribute('data-stage') ?? null }));
	return { t, heapMB: heap.usedSize / MB, nodes: metric('Nodes'), listeners: metric('JSEventListeners'), ...shown };
}

async function soakWall() {
	const startedAt = new Date();
	const services = await probeServices();
	const missing = Object.entries(services).filter(([, s]) => !s.url);
	if (missing.length) throw new Error(`the soak needs PostgreSQL and Redis: ${missing.map(([n, s]) => `${n}: ${s.reason}`).join('; ')}`);
	log(`wall soak: one wall in Chromium, ${WALL_RATE} mixed commands/s, ${WALL_SECONDS} s (samples every ${SAMPLE_SECONDS} s)`);
	await prepareBuild();
	const pool = await startPool(0, 1);
	const driver = pool.drivers[0]!;
	const wf = await startWatchfloor({ nodes: 1, commandsPerSecond: 1_000_000 });
	const url = wf.nodes[0]!.url;
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
	const samples: WallSample[] = [];
	let totals: DriverTotals | null = null;
	try {
		const cookies = await createUsers(wf, [
			{ username: 'soak-wall', role: 'wall', nation: 'FRA' },
			{ username: 'soak-officer', role: 'officer', nation: 'FRA' }
		]);
		const officer = cookies.get('soak-officer')!;
		const { places, pledges } = await prepareMixedCommands(url, officer, BENCH_NATIONS);
		// Every panel in turn: each turn builds one panel and takes another down, the churn a wall lives with.
		const rotation = await api(url, wf.adminCookie, 'PATCH', '/api/v1/settings/wall', { rotate: true, panels: ['map', 'forces', 'support', 'commitments', 'cooperation', 'log'], seconds: 10 });
		if (rotation.status !== 200) throw new Error(`PATCH /api/v1/settings/wall: ${rotation.status} ${JSON.stringify(rotation.body)}`);

		const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
		const [name, value] = cookies.get('soak-wall')!.split(';')[0]!.split('=') as [string, string];
		await context.addCookies([{ name, value, url }]);
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Performance.enable');
		await page.goto(`${url}/wall`);
		await page.waitForSelector('.wall[data-status="live"]', { timeout: 60_000 });
		await driver.call('open', { officers: [{ url, cookie: officer }] });
		const spec: RunSpec = { mode: 'steady', rate: WALL_RATE, tag: 'w', releasing: 'mixed', commands: 'mixed', pledges, places, nations: BENCH_NATIONS, audience: { cell: 0, byNation: {} }, valveDeliveries: null };
		await driver.call('run', { spec });

		console.log('\n      s   heap MB   DOM nodes   listeners   status   stage');
		const t0 = performance.now();
		while (performance.now() - t0 < WALL_SECONDS * 1000) {
			await sleep(SAMPLE_SECONDS * 1000);
			const sample = await sampleWall(page, cdp, (performance.now() - t0) / 1000);
			samples.push(sample);
			console.log(`${sample.t.toFixed(0).padStart(7)}  ${sample.heapMB.toFixed(2).padStart(8)}  ${String(sample.nodes).padStart(10)}  ${String(sample.listeners).padStart(10)}   ${String(sample.status).padEnd(7)}  ${sample.stage}`);
		}
		totals = await driver.call<DriverTotals>('stop', {}, 60_000);
		await driver.call('close');
	} finally {
		await browser.close();
		await pool.dispose();
		await wf.dispose();
		await cleanUpAll();
	}

	const warm = samples.filter((s) => s.t >= WALL_SECONDS / 3);
	const fit = fitLine(
		warm.map((s) => s.t),
		warm.map((s) => s.heapMB)
	);
	const mbPerHour = fit.slope * 3600;
	const judged = WALL_SECONDS >= WALL_JUDGED_FROM_SECONDS;
	const notLive = samples.filter((s) => s.status !== 'live').length;
	console.log('');
	console.log(`wall heap: ${mbPerHour >= 0 ? '+' : ''}${mbPerHour.toFixed(1)} MB/h over the last two thirds (${warm.length} samples, r² ${fit.r2.toFixed(2)}; limit ${WALL_MAX_HEAP_MB_PER_HOUR} MB/h${judged ? '' : `, not judged under ${WALL_JUDGED_FROM_SECONDS} s`})`);
	console.log(`DOM nodes ${samples[0]?.nodes ?? '–'} → ${samples.at(-1)?.nodes ?? '–'}, listeners ${samples[0]?.listeners ?? '–'} → ${samples.at(-1)?.listeners ?? '–'}; not live at ${notLive} of ${samples.length} samples`);
	console.log(`commands: ${totals?.ok ?? 0} acknowledged of ${totals?.sent ?? 0} sent`);

	const failures: string[] = [];
	if (judged && mbPerHour > WALL_MAX_HEAP_MB_PER_HOUR && fit.r2 >= MIN_R2) failures.push(`the wall's heap keeps growing (${mbPerHour.toFixed(1)} MB/h)`);
	if (notLive > 0) failures.push(`the wall was not live at ${notLive} samples`);
	if ((totals?.ok ?? 0) < (totals?.sent ?? 0) * 0.99) failures.push('commands failed');
	const dir = fileURLToPath(new URL('./results/', import.meta.url));
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `soak-wall-${startedAt.toISOString().replace(/[:]/g, '-').replace(/\..*/, '')}.json`);
	writeFileSync(file, `${JSON.stringify({ date: startedAt.toISOString(), machine: machineInfo(), settings: { WALL_SECONDS, WALL_RATE, SAMPLE_SECONDS, WALL_MAX_HEAP_MB_PER_HOUR, MIN_R2 }, heap: { mbPerHour, fit, judged }, totals, failures, samples }, null, 2)}\n`);
	console.log(`results: ${path.relative(process.cwd(), file)}`);
	if (failures.length) {
		console.error(`WALL SOAK FAILED: ${failures.join('; ')}`);
		process.exitCode = 1;
	} else console.log('WALL SOAK PASSED');
}

async function main() {
	const startedAt = new Date();
	if (openFilesLimit() < SCREENS + 512) throw new Error(`The open-files limit (${openFilesLimit()}) is too low for ${SCREENS} sockets: raise it (ulimit -Hn / -n) or lower SOAK_SCREENS.`);
	const services = await probeServices();
	const missing = Object.entries(services).filter(([, s]) => !s.url);
	if (missing.length) throw new Error(`the soak needs PostgreSQL and Redis: ${missing.map(([n, s]) => `${n}: ${s.reason}`).join('; ')}`);
	log(`soak: ${SCREENS} screens, ${RATE} commands/s, ${MINUTES} min (samples every ${SAMPLE_SECONDS} s)`);
	await prepareBuild();

	const pool = await startPool(2, 1);
	const driver = pool.drivers[0]!;
	const wf = await startWatchfloor({ nodes: 1, commandsPerSecond: 1_000_000, profileDir: PROFILE_DIR });
	const node = wf.nodes[0]!;
	const samples: Sample[] = [];
	let failures: string[] = [];
	let totals: DriverTotals | null = null;
	let ends: EndStats[] = [];
	try {
		const cookies = await createUsers(wf, [
			{ username: 'soak-wall', role: 'wall', nation: 'FRA' },
			{ username: 'soak-officer', role: 'officer', nation: 'FRA' }
		]);
		const wall = cookies.get('soak-wall')!;
		const placements: Placement[] = pool.screens.map((worker) => ({ worker, node: 'A', screens: [] }));
		for (let i = 0; i < SCREENS; i++) placements[i % placements.length]!.screens.push({ url: node.url, cookie: wall, nation: null });
		const connected = await connectScreens(placements);
		if (connected.failed) throw new Error(`${connected.failed} screens could not connect: ${connected.errors.join(' | ')}`);
		log(`${connected.connected} screens connected in ${(connected.wallMs / 1000).toFixed(1)} s`);
		await driver.call('open', { officers: [{ url: node.url, cookie: cookies.get('soak-officer')! }] });

		const received = new Map<Placement, number>();
		for (const p of placements) p.worker.onProgress = (m) => received.set(p, m.total);
		const receivedSoFar = () => [...received.values()].reduce((a, b) => a + b, 0);
		await Promise.all(placements.map((p) => p.worker.call('begin', { tags: ['k'], track: null })));
		const spec: RunSpec = { mode: 'steady', rate: RATE, tag: 'k', releasing: 'cell', nations: [], audience: { cell: SCREENS, byNation: {} }, valveDeliveries: null };
		await driver.call('run', { spec });
		const t0 = performance.now();
		const end = t0 + MINUTES * 60_000;
		let nextPrint = 60;
		let lastReceived = 0;
		console.log('\n minute   RSS MB   heap used MB (floor / last)   deltas received/min   sockets');
		while (performance.now() < end) {
			await sleep(SAMPLE_SECONDS * 1000);
			const t = (performance.now() - t0) / 1000;
			const rss = rssBytes(node.pid);
			if (rss === null) throw new Error(`the server (pid ${node.pid}) is gone; its output:\n${node.server.logs().slice(-4000)}`);
			let metrics: Record<string, number> = {};
			try {
				metrics = await readMetrics(node.server.metricsUrl);
			} catch (error) {
				log(`GET /metrics failed: ${error instanceof Error ? error.message : error}`);
			}
			const heap = metrics.watchfloor_process_nodejs_heap_size_used_bytes;
			samples.push({ t, rssMB: rss / MB, heapMB: heap === undefined ? null : heap / MB, sockets: metrics.watchfloor_connected_sockets ?? null });
			if (t >= nextPrint) {
				const minute = samples.filter((s) => s.t > nextPrint - 60 && s.heapMB !== null);
				const floor = minute.length ? Math.min(...minute.map((s) => s.heapMB!)) : NaN;
				const now = receivedSoFar();
				const last = samples[samples.length - 1]!;
				console.log(
					`${String(Math.round(nextPrint / 60)).padStart(7)}  ${last.rssMB.toFixed(1).padStart(7)}   ${floor.toFixed(1).padStart(10)} / ${(last.heapMB ?? NaN).toFixed(1).padEnd(10)}        ${String(now - lastReceived).padStart(12)}   ${String(last.sockets ?? '–').padStart(7)}`
				);
				lastReceived = now;
				nextPrint += 60;
			}
		}
		totals = await driver.call<DriverTotals>('stop', {}, 60_000);
		const drainUntil = performance.now() + 30_000;
		while (receivedSoFar() < totals.expectedDeliveries && performance.now() < drainUntil) await sleep(100);
		ends = await Promise.all(placements.map((p) => p.worker.call<EndStats>('end')));
		for (const p of placements) p.worker.onProgress = undefined;
		await driver.call('close');
		await Promise.all(placements.map((p) => p.worker.call('close')));
	} finally {
		await pool.dispose();
		await wf.dispose();
		await cleanUpAll();
	}

	// Verdict: growth after the warm-up.
	const duration = MINUTES * 60;
	const { heap, rss } = series(samples, duration / 3);
	const heapTrend = trend(heap, MAX_HEAP_MB_PER_HOUR);
	const rssTrend = trend(rss, MAX_RSS_MB_PER_HOUR);
	const delivered = ends.reduce((a, e) => a + e.total, 0);
	const missingDeliveries = (totals?.expectedDeliveries ?? 0) - delivered;
	const disconnects = ends.reduce((a, e) => a + Object.values(e.disconnects).reduce((x, y) => x + y, 0), 0);
	const errors = Object.entries(totals?.errors ?? {});

	console.log('');
	const describe = (name: string, t: Trend) =>
		`${name}: ${t.mbPerHour >= 0 ? '+' : ''}${t.mbPerHour.toFixed(1)} MB/h over the last two thirds (${t.points} points, r² ${t.fit.r2.toFixed(2)}; limit ${t.limit} MB/h)${t.growing ? ' — KEEPS GROWING' : ''}`;
	console.log(describe('heap floor', heapTrend));
	console.log(describe('RSS', rssTrend));
	console.log(`commands: ${totals?.ok ?? 0} acknowledged of ${totals?.sent ?? 0} sent${errors.length ? `; errors ${errors.map(([c, n]) => `${c}×${n}`).join(' ')}` : ''}`);
	console.log(`deltas: ${delivered} received of ${totals?.expectedDeliveries ?? 0} owed; ${disconnects} screens dropped; ${ends.reduce((a, e) => a + e.leaks, 0)} leaks; ${ends.reduce((a, e) => a + e.outOfOrder, 0)} out of order`);
	if (heapTrend.points < 6) console.log(`(run too short for a trend: ${heapTrend.points} points of ${GROUP_SECONDS} s after the warm-up; use SOAK_MINUTES ≥ 5)`);

	failures = [];
	if (heapTrend.growing) failures.push(`heap keeps growing (${heapTrend.mbPerHour.toFixed(1)} MB/h)`);
	if (rssTrend.growing) failures.push(`RSS keeps growing (${rssTrend.mbPerHour.toFixed(1)} MB/h)`);
	if (missingDeliveries > 0) failures.push(`${missingDeliveries} deltas never reached their screens`);
	if (disconnects > 0) failures.push(`${disconnects} screens were dropped`);
	if ((totals?.ok ?? 0) < (totals?.sent ?? 0) * 0.99) failures.push('commands failed');

	const dir = fileURLToPath(new URL('./results/', import.meta.url));
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `soak-${startedAt.toISOString().replace(/[:]/g, '-').replace(/\..*/, '')}.json`);
	writeFileSync(
		file,
		`${JSON.stringify({ date: startedAt.toISOString(), machine: machineInfo(), settings: { MINUTES, SCREENS, RATE, SAMPLE_SECONDS, MAX_HEAP_MB_PER_HOUR, MAX_RSS_MB_PER_HOUR, MIN_R2 }, heapTrend, rssTrend, totals, delivered, disconnects, failures, samples }, null, 2)}\n`
	);
	console.log(`results: ${path.relative(process.cwd(), file)}`);
	if (failures.length) {
		console.error(`SOAK FAILED: ${failures.join('; ')}`);
		process.exitCode = 1;
	} else console.log('SOAK PASSED');
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (interrupted) process.exit(130);
		interrupted = true;
		console.error(`\n[soak] ${signal}: cleaning up…`);
		void cleanUpAll().finally(() => process.exit(130));
	});
}

try {
	await (WALL_MODE ? soakWall() : main());
} catch (error) {
	console.error(`[soak] ${error instanceof Error ? error.message : error}`);
	await cleanUpAll();
	process.exitCode = 1;
}
setTimeout(() => process.exit(), 2000).unref();
