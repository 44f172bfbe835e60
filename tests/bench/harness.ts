/**
 * The bench's machinery: fresh databases and Redis prefixes, server processes (Watchfloor's
 * production server through tests/support/server-process.ts, and the bare relay), the pool of
 * load-generator processes, and one measured phase (warm-up → window → drain).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD, createTestDatabase, deleteRedisPrefix } from '../support/backends';
import { freePort } from '../support/free-port';
import { BUILD_LOCK, ensureBuilt, REPO_ROOT, withBuildLock } from '../support/build';
import { signIn, startServerProcess, type ServerProcess } from '../support/server-process';
import { WorkerHandle, type ConnectResult, type DriverTotals, type DriverWindow, type EndStats, type RunSpec, type ScreenSpec, type WindowStats } from './ipc';
import postgres from 'postgres';
import { ResourceMeter, servicePids, type ResourceUse } from './proc';
import { Histogram, type LatencySummary } from './stats';
import { scrape, serverView, type ServerView } from './server-metrics';

export const POSTGRES_URL = process.env.WF_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.WF_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BENCH_PASSWORD = 'bench-password-123';
export { ADMIN_PASSWORD, REPO_ROOT };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function log(line: string): void {
	const t = new Date().toISOString().slice(11, 19);
	console.log(`[bench ${t}] ${line}`);
}

// ───────────────────────────── clean-up ─────────────────────────────

const cleanups = new Map<number, { what: string; run: () => Promise<void> }>();
let nextCleanup = 1;

/** Registers something to undo at the end (or on Ctrl-C); returns the function that undoes it now. */
export function onCleanup(what: string, run: () => Promise<void>): () => Promise<void> {
	const id = nextCleanup++;
	cleanups.set(id, { what, run });
	return async () => {
		if (!cleanups.delete(id)) return;
		await run();
	};
}

/** Undoes everything still registered, newest first. */
export async function cleanUpAll(): Promise<void> {
	for (const [id, { what, run }] of [...cleanups].reverse()) {
		cleanups.delete(id);
		try {
			await run();
		} catch (error) {
			console.error(`[bench] clean-up of ${what} failed: ${error instanceof Error ? error.message : error}`);
		}
	}
}

// ───────────────────────────── Watchfloor ─────────────────────────────

export interface WatchfloorNode {
	name: string;
	url: string;
	pid: number;
	server: ServerProcess;
}

export interface Watchfloor {
	kind: 'watchfloor';
	nodes: WatchfloorNode[];
	database: string;
	prefix: string;
	adminCookie: string;
	/** Stops the servers (the database stays, e.g. as a template). */
	stopServers(): Promise<void>;
	/** Stops the servers, drops the database and deletes the Redis prefix. */
	dispose(): Promise<void>;
}

let environments = 0;
const RUN_ID = `${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;

/** A copy of a prepared database (users and sessions included): CREATE DATABASE … TEMPLATE. */
async function cloneDatabase(template: string): Promise<{ url: string; drop(): Promise<void> }> {
	const name = `wf_bench_${RUN_ID}_${environments}`;
	const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
	try {
		for (let attempt = 1; ; attempt++) {
			try {
				await admin.unsafe(`create database "${name}" template "${template}"`);
				break;
			} catch (error) {
				// The template's last connections may still be closing.
				if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
				await sleep(250);
			}
		}
	} finally {
		await admin.end();
	}
	const url = new URL(POSTGRES_URL);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async drop() {
			const again = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
			await again.unsafe(`drop database if exists "${name}" with (force)`);
			await again.end();
		}
	};
}

/**
 * Users made once for the whole run (through the API, as admin) in a template database, with a
 * signed-in session each: every scenario starts on a copy, so its sessions are valid there too,
 * and Argon2 hashing is paid once rather than per scenario.
 */
export interface Accounts {
	template: string;
	cookies: Map<string, string>;
}

export async function prepareAccounts(users: { username: string; role: string; nation: string }[]): Promise<Accounts> {
	const wf = await startWatchfloor({ nodes: 1, commandsPerSecond: 1_000_000 });
	const cookies = await createUsers(wf, users);
	cookies.set('admin', wf.adminCookie);
	await wf.stopServers();
	return { template: wf.database, cookies };
}

/**
 * One or more production server processes on a fresh Postgres database (a copy of the accounts'
 * template when given) and a fresh Redis prefix. `commandsPerSecond` null keeps the server's
 * default limit (30/s).
 */
export async function startWatchfloor(options: {
	nodes?: number;
	commandsPerSecond: number | null;
	profileDir?: string | null;
	accounts?: Accounts;
}): Promise<Watchfloor> {
	const prefix = `wf_bench_${RUN_ID}_${++environments}:`;
	const database = options.accounts ? await cloneDatabase(options.accounts.template) : await createTestDatabase(POSTGRES_URL);
	const nodes: WatchfloorNode[] = [];
	const stopServers = async () => {
		await Promise.allSettled(nodes.map((node) => node.server.stop()));
	};
	const dispose = onCleanup(`database and redis prefix ${prefix}`, async () => {
		await stopServers();
		await database.drop();
		await deleteRedisPrefix(REDIS_URL, prefix);
	});
	const env: Record<string, string> = {
		DATABASE_URL: database.url,
		REDIS_URL,
		WATCHFLOOR_REDIS_PREFIX: prefix,
		LOG_LEVEL: 'warn',
		...(options.commandsPerSecond !== null ? { WATCHFLOOR_COMMANDS_PER_SECOND: String(options.commandsPerSecond) } : {})
	};
	const nodeArgs = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
	try {
		// One after the other: the first start migrates the empty database and creates the admin.
		for (let i = 0; i < (options.nodes ?? 1); i++) {
			const server = await startServerProcess(env, { nodeArgs, buildDir: frozenBuild });
			nodes.push({ name: String.fromCharCode(65 + i), url: server.url, pid: server.process.pid!, server });
		}
		const adminCookie = options.accounts?.cookies.get('admin') ?? (await signIn(nodes[0]!.url, 'admin', ADMIN_PASSWORD));
		return { kind: 'watchfloor', nodes, database: new URL(database.url).pathname.slice(1), prefix, adminCookie, stopServers, dispose };
	} catch (error) {
		await dispose();
		throw error;
	}
}

export async function api(url: string, cookie: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: unknown }> {
	const response = await fetch(`${url}${route}`, {
		method,
		headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// not JSON
	}
	return { status: response.status, body: parsed };
}

/** Creates users through POST /api/v1/users as admin and signs each in; returns their cookies. */
export async function createUsers(wf: Watchfloor, users: { username: string; role: string; nation: string }[], concurrency = 2): Promise<Map<string, string>> {
	const url = wf.nodes[0]!.url;
	const cookies = new Map<string, string>();
	let next = 0;
	const work = async () => {
		while (next < users.length) {
			const user = users[next++]!;
			const created = await api(url, wf.adminCookie, 'POST', '/api/v1/users', { ...user, password: BENCH_PASSWORD, displayName: user.username });
			if (created.status !== 201) throw new Error(`POST /api/v1/users ${user.username}: ${created.status} ${JSON.stringify(created.body)}`);
			cookies.set(user.username, await signIn(url, user.username, BENCH_PASSWORD));
		}
	};
	await Promise.all(Array.from({ length: concurrency }, work));
	return cookies;
}

// ───────────────────────────── the bare relay ─────────────────────────────

export interface Bare {
	kind: 'bare';
	nodes: { name: string; url: string; pid: number }[];
	dispose(): Promise<void>;
}

export async function startBare(): Promise<Bare> {
	const port = await freePort();
	const script = fileURLToPath(new URL('./bare-server.ts', import.meta.url));
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, String(port)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
	const dispose = onCleanup('bare relay', () => stopChild(child));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('the bare relay did not start within 30 s')), 30_000);
		child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
			if (chunk.includes('listening')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.once('exit', (code) => reject(new Error(`the bare relay exited (${code})`)));
	});
	return { kind: 'bare', nodes: [{ name: 'bare', url: `http://127.0.0.1:${port}`, pid: child.pid! }], dispose };
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const force = setTimeout(() => child.kill('SIGKILL'), 5000);
	await exited;
	clearTimeout(force);
}

// ───────────────────────────── load generators ─────────────────────────────

export interface Pool {
	screens: WorkerHandle[];
	drivers: WorkerHandle[];
	pids(): number[];
	dispose(): Promise<void>;
}

export async function startPool(screenWorkers: number, drivers: number): Promise<Pool> {
	const screens = await Promise.all(Array.from({ length: screenWorkers }, (_, i) => WorkerHandle.spawn('screens', `screens-${i + 1}`, REPO_ROOT)));
	const driverHandles = await Promise.all(Array.from({ length: drivers }, (_, i) => WorkerHandle.spawn('driver', `driver-${i + 1}`, REPO_ROOT)));
	const all = [...screens, ...driverHandles];
	const dispose = onCleanup('load generators', async () => {
		await Promise.allSettled(all.map((w) => w.kill()));
	});
	return { screens, drivers: driverHandles, pids: () => all.map((w) => w.pid), dispose };
}

/** Worker processes for n screens: 2 up to 1,500 screens, 4 above (each holds n/k sockets). */
export function workersFor(screens: number, available: number): number {
	return Math.min(available, screens > 1500 ? 4 : 2);
}

/** Screens placed on workers, each worker bound to one node. */
export interface Placement {
	worker: WorkerHandle;
	node: string;
	screens: ScreenSpec[];
}

export async function connectScreens(placements: Placement[], concurrency = 50): Promise<{ connected: number; failed: number; errors: string[]; wallMs: number; connect: LatencySummary }> {
	const started = performance.now();
	const results = await Promise.all(placements.map((p) => p.worker.call<ConnectResult>('connect', { screens: p.screens, concurrency, timeoutMs: 60_000 }, 600_000)));
	const hist = new Histogram();
	for (const r of results) for (const ms of r.connectMs) hist.add(ms);
	return {
		connected: results.reduce((a, r) => a + r.connected, 0),
		failed: results.reduce((a, r) => a + r.failed, 0),
		errors: results.flatMap((r) => r.errors).slice(0, 5),
		wallMs: performance.now() - started,
		connect: hist.summary()
	};
}

export async function closeScreens(placements: Placement[]): Promise<void> {
	await Promise.all(placements.map((p) => p.worker.call('close')));
}

// ───────────────────────────── one measured phase ─────────────────────────────

export interface DriverJob {
	driver: WorkerHandle;
	spec: RunSpec;
}

export interface PhaseResult {
	windowSeconds: number;
	/** Acknowledged (ok) commands per second, per driver job, in the window. */
	commandsPerSecond: number[];
	/** Acknowledged commands in the window by type, per driver job. */
	okByType: Record<string, number>[];
	sentPerSecond: number[];
	errorsPerJob: Record<string, number>[];
	/** Each job's sockets dropped in the window, by reason (a resume flooder's `io server disconnect`). */
	disconnectsPerJob: Record<string, number>[];
	/** Deltas received per second by all screens together, in the window. */
	deliveriesPerSecond: number;
	deliveriesPerSecondByNode: Record<string, number>;
	/** Command sent → delta on a screen, every delivery in the window. */
	latency: LatencySummary;
	/** Command sent → delta on the last screen that got it (tag `s` commands sent in the window). */
	latencyAllScreens: LatencySummary | null;
	ack: LatencySummary[];
	valveHeldPercent: number[];
	resources: ResourceUse;
	/** Deliveries owed by acknowledged commands but not received by the end of the drain. */
	missing: number;
	/** Deliveries received beyond what the acknowledged and the unanswered commands could make (duplicates). */
	extra: number;
	/** Commands with no answer within the ack timeout or the stop's wait. */
	unanswered: number;
	/** Deltas of earlier phases that arrived during this one (not counted). */
	stale: number;
	drainMs: number;
	leaks: number;
	outOfOrder: number;
	resyncs: number;
	disconnects: Record<string, number>;
	driverDisconnects: Record<string, number>;
	screensOpenAtEnd: number;
	/** Deltas of other collections the screens got meanwhile (e.g. KPI updates). */
	otherDeltas: Record<string, number>;
	/** Average number of the bench database's connections per state / wait event during the window. */
	postgresActivity: Record<string, number> | null;
	/** Per Watchfloor node, from its /metrics: event-loop lag and command → broadcast time in the window. */
	server: Record<string, ServerView>;
}

export interface PhaseOptions {
	placements: Placement[];
	jobs: DriverJob[];
	warmupSeconds: number;
	seconds: number;
	/** Processes to measure: the server(s) by node name, and everything else. */
	serverPids: Record<string, number>;
	clientPids: number[];
	/** The Watchfloor database(s): their Postgres backends count as the services' CPU. */
	databases?: string[];
	/** Watchfloor nodes' metrics listeners by name: their /metrics is read at the window's start and end. */
	metricsUrls?: Record<string, string>;
	drainTimeoutMs?: number;
}

const TAGS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
let nextTag = 0;

export async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
	const { placements } = options;
	// A tag of its own per job and phase: deltas still arriving from an earlier phase are not counted.
	const jobs = options.jobs.map((job) => ({ ...job, spec: { ...job.spec, tag: TAGS[nextTag++ % TAGS.length]! } }));
	const tracked = jobs.find((j) => j.spec.track)?.spec.tag ?? null;
	const totals = new Map<WorkerHandle, number>();
	for (const p of placements) {
		totals.set(p.worker, 0);
		p.worker.onProgress = (m) => totals.set(p.worker, m.total);
	}
	const receivedSoFar = () => [...totals.values()].reduce((a, b) => a + b, 0);
	const valved = jobs.filter((j) => j.spec.valveDeliveries !== null);
	const forward = setInterval(() => {
		const received = receivedSoFar();
		for (const job of valved) job.driver.tell('progress', { received });
	}, 20);

	try {
		await Promise.all(placements.map((p) => p.worker.call('begin', { tags: jobs.map((j) => j.spec.tag), track: tracked })));
		await Promise.all(jobs.map((j) => j.driver.call('run', { spec: j.spec })));
		await sleep(options.warmupSeconds * 1000);

		const groups: Record<string, () => number[]> = {};
		for (const [node, pid] of Object.entries(options.serverPids)) groups[`server:${node}`] = () => [pid];
		groups.clients = () => options.clientPids;
		groups['postgres+redis'] = () => servicePids(options.databases ?? []);
		const meter = new ResourceMeter(groups);
		const activity = options.databases?.length ? new PgActivity(options.databases) : null;
		meter.start();
		activity?.start();
		const scrapeAll = () =>
			Promise.all(Object.entries(options.metricsUrls ?? {}).map(async ([node, url]) => [node, await scrape(url).catch(() => null)] as const));
		const metricsBefore = new Map(await scrapeAll());
		const t0 = performance.now();
		await Promise.all([...placements.map((p) => p.worker.call('mark')), ...jobs.map((j) => j.driver.call('mark'))]);
		await sleep(options.seconds * 1000);
		const [windows, driverWindows] = await Promise.all([
			Promise.all(placements.map((p) => p.worker.call<WindowStats>('collect'))),
			Promise.all(jobs.map((j) => j.driver.call<DriverWindow>('collect')))
		]);
		const windowSeconds = (performance.now() - t0) / 1000;
		const resources = meter.stop();
		const metricsAfter = await scrapeAll();
		const server: Record<string, ServerView> = {};
		for (const [node, after] of metricsAfter) if (after) server[node] = serverView(metricsBefore.get(node) ?? null, after);
		const postgresActivity = (await activity?.stop()) ?? null;

		const driverTotals = await Promise.all(jobs.map((j) => j.driver.call<DriverTotals>('stop', { waitMs: 10_000 }, 60_000)));
		const expected = driverTotals.reduce((a, t) => a + t.expectedDeliveries, 0);
		const unansweredDeliveries = driverTotals.reduce((a, t) => a + t.unansweredDeliveries, 0);
		const drainStarted = performance.now();
		const drainDeadline = drainStarted + (options.drainTimeoutMs ?? 15_000);
		while (receivedSoFar() < expected && performance.now() < drainDeadline) await sleep(50);
		const drainMs = performance.now() - drainStarted;
		await sleep(100);
		const ends = await Promise.all(placements.map((p) => p.worker.call<EndStats>('end')));

		const latency = Histogram.from(...windows.map((w) => w.latency));
		const byNode: Record<string, number> = {};
		windows.forEach((w, i) => {
			const node = placements[i]!.node;
			byNode[node] = (byNode[node] ?? 0) + w.received / windowSeconds;
		});

		// The slowest screen per steady command: merge every worker's per-command maximum.
		const steady = jobs.findIndex((j) => j.spec.track);
		let latencyAllScreens: LatencySummary | null = null;
		if (steady >= 0) {
			const { firstN, lastN } = driverWindows[steady]!;
			const slowest = new Map<number, number>();
			for (const end of ends) for (const [n, ms] of end.perCommand) if (n >= firstN && n <= lastN) slowest.set(n, Math.max(slowest.get(n) ?? 0, ms));
			const hist = new Histogram();
			for (const ms of slowest.values()) hist.add(ms);
			latencyAllScreens = hist.summary();
		}

		const disconnects: Record<string, number> = {};
		for (const end of ends) for (const [reason, n] of Object.entries(end.disconnects)) disconnects[reason] = (disconnects[reason] ?? 0) + n;
		const otherDeltas: Record<string, number> = {};
		for (const end of ends) for (const [c, n] of Object.entries(end.otherDeltas)) otherDeltas[c] = (otherDeltas[c] ?? 0) + n;
		const driverDisconnects: Record<string, number> = {};
		for (const t of driverTotals) for (const [reason, n] of Object.entries(t.disconnects)) driverDisconnects[reason] = (driverDisconnects[reason] ?? 0) + n;

		return {
			windowSeconds,
			commandsPerSecond: driverWindows.map((w) => w.ok / windowSeconds),
			okByType: driverWindows.map((w) => w.okByType),
			sentPerSecond: driverWindows.map((w) => w.sent / windowSeconds),
			errorsPerJob: driverWindows.map((w) => w.errors),
			disconnectsPerJob: driverWindows.map((w) => w.disconnects),
			deliveriesPerSecond: windows.reduce((a, w) => a + w.received, 0) / windowSeconds,
			deliveriesPerSecondByNode: byNode,
			latency: latency.summary(),
			latencyAllScreens,
			ack: driverWindows.map((w) => Histogram.from(w.ack).summary()),
			valveHeldPercent: driverWindows.map((w) => (100 * w.valveHeldMs) / (windowSeconds * 1000)),
			resources,
			missing: Math.max(0, expected - ends.reduce((a, e) => a + e.total, 0)),
			extra: Math.max(0, ends.reduce((a, e) => a + e.total, 0) - expected - unansweredDeliveries),
			unanswered: driverTotals.reduce((a, t) => a + t.unanswered, 0),
			stale: ends.reduce((a, e) => a + e.stale, 0),
			drainMs,
			leaks: ends.reduce((a, e) => a + e.leaks, 0),
			outOfOrder: ends.reduce((a, e) => a + e.outOfOrder, 0),
			resyncs: ends.reduce((a, e) => a + e.resyncs, 0),
			disconnects,
			driverDisconnects,
			screensOpenAtEnd: ends.reduce((a, e) => a + e.open, 0),
			otherDeltas,
			postgresActivity,
			server
		};
	} finally {
		clearInterval(forward);
		for (const p of placements) p.worker.onProgress = undefined;
	}
}

/**
 * Samples pg_stat_activity for the bench's database every 100 ms: how many connections are
 * running, idle, or waiting (and on what, e.g. Lock/advisory). Averages per state over the window.
 */
export class PgActivity {
	#sql = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
	#counts = new Map<string, number>();
	#samples = 0;
	#running = false;
	#loop: Promise<void> | null = null;

	constructor(private readonly databases: string[]) {}

	start(): void {
		this.#running = true;
		this.#loop = (async () => {
			while (this.#running) {
				try {
					const rows = await this.#sql<{ key: string; n: number }[]>`
						select coalesce(state, '?') || coalesce(' / ' || wait_event_type || ':' || wait_event, '') as key, count(*)::int as n
						from pg_stat_activity where datname in ${this.#sql(this.databases)} and pid <> pg_backend_pid() group by 1`;
					this.#samples++;
					for (const row of rows) this.#counts.set(row.key, (this.#counts.get(row.key) ?? 0) + row.n);
				} catch {
					// a sample lost is no harm
				}
				await sleep(100);
			}
		})();
	}

	async stop(): Promise<Record<string, number>> {
		this.#running = false;
		await this.#loop;
		await this.#sql.end({ timeout: 2 });
		const averages: Record<string, number> = {};
		for (const [key, n] of [...this.#counts].sort((a, b) => b[1] - a[1])) averages[key] = Math.round((n / Math.max(1, this.#samples)) * 100) / 100;
		return averages;
	}
}

/** Relative path for messages. */
export function relative(file: string): string {
	return path.relative(REPO_ROOT, file);
}

/**
 * Waits (at most maxSeconds) for the machine to be nearly idle for a 3-s stretch: other engineers'
 * builds and tests share these cores. Returns the busy % of the last stretch (of one core).
 */
export async function waitForQuiet(maxSeconds: number, busyPercent: number): Promise<number> {
	const deadline = performance.now() + maxSeconds * 1000;
	let last = 0;
	do {
		const meter = new ResourceMeter({});
		meter.start(1000);
		await sleep(3000);
		last = meter.stop().machineBusyPercent;
		if (last <= busyPercent) return last;
	} while (performance.now() < deadline);
	return last;
}

/**
 * Builds when build/ is missing or stale (ensureBuilt, under the build lock other engineers'
 * builds use), then copies it under that lock: every server of the run starts from this one frozen
 * build, whatever is rebuilt in the work tree meanwhile. Returns the copy's path (removed at the end).
 */
export async function prepareBuild(): Promise<string> {
	await ensureBuilt();
	return withBuildLock(
		() => {
			const dir = mkdtempSync(path.join(tmpdir(), 'wf-bench-build-'));
			onCleanup('frozen build', async () => rmSync(dir, { recursive: true, force: true }));
			cpSync(path.join(REPO_ROOT, 'build'), path.join(dir, 'build'), { recursive: true });
			frozenBuild = path.join(dir, 'build');
			return frozenBuild;
		},
		() => log(`waiting for ${BUILD_LOCK} (another build is running)…`)
	);
}

let frozenBuild: string | undefined;

/** Which code the run measured: the commit, and how many files differed from it. */
export function sourceVersion(): { commit: string; changedFiles: number; buildTime: string | null } {
	const git = (args: string[]) => {
		try {
			return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
		} catch {
			return '';
		}
	};
	let buildTime: string | null = null;
	try {
		buildTime = statSync(path.join(frozenBuild ?? path.join(REPO_ROOT, 'build'), 'handler.js')).mtime.toISOString();
	} catch {
		// no build
	}
	return { commit: git(['rev-parse', '--short', 'HEAD']), changedFiles: git(['status', '--porcelain']).split('\n').filter(Boolean).length, buildTime };
}
