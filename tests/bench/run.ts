/**
 * `npm run bench`: Watchfloor's realtime path measured against a bare Socket.IO relay, on this
 * machine, in one run. Not part of `npm test`; nothing here asserts a timing — it reports.
 *
 * For each screen count (BENCH_SCREENS, default 100,1000,3000):
 *   bare relay      fan-out (as fast as acknowledged) and latency (steady 50 commands/s)
 *   Watchfloor      the same two, on real Postgres + Redis (fresh database and prefix)
 *   releasability   fan-out with the screens spread over 30 partner nations, mixed releasability
 *   mixed commands  fan-out of log entries, violation reports and deliveries (created and stepped)
 *                   against pledges of mixed releasability, to 30 nations' partners and the cell,
 *                   the ceasefire and support boards live for every audience
 * the four above BENCH_ROUNDS times over (default 1; each Watchfloor figure against its own round's
 * bare relay, the verdicts on the median round, as this machine's speed drifts by ±15 % in minutes), then
 *   cluster         two server processes, screens split between them, commands on node A
 * then once: rate-limit rows (one socket flooding at the default 30 commands/s limit, then a partner's
 * five sockets flooding `resume`, while the screens' latency is watched) and the snapshot time of a
 * new screen with ~10,000 records (log entries, violations, pledges, deliveries, fortifications).
 *
 * Screens and officers are socket.io-client sockets in separate worker processes, so the server's
 * CPU (sampled from /proc) is its own. Prints a table and writes tests/bench/results/<time>.json.
 * Settings: see README.md in this folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '$lib/domain/core/median';
import { FORTIFICATION_KINDS } from '$lib/domain/support/fortifications';
import { LINE_OF_CONTACT } from '$lib/server/seed/line-of-contact';
import { probeServices } from '../support/services';
import { BENCH_NATIONS, benchPledge, createSectors, created, MIXED_PLEDGES, prepareMixedCommands, releasabilityInTurn } from './bench-data';
import type { Audience, RunSpec, ScreenSpec, SnapshotProbe } from './ipc';
import {
	api,
	prepareBuild,
	cleanUpAll,
	closeScreens,
	connectScreens,
	log,
	runPhase,
	sleep,
	startBare,
	startPool,
	sourceVersion,
	startWatchfloor,
	waitForQuiet,
	workersFor,
	prepareAccounts,
	type Accounts,
	type Bare,
	type DriverJob,
	type PhaseResult,
	type Placement,
	type Pool,
	type Watchfloor
} from './harness';
import { machineInfo, openFilesLimit, ResourceMeter, servicePids, type ResourceUse } from './proc';
import { percentileOf, type LatencySummary } from './stats';

// ───────────────────────────── settings ─────────────────────────────

function numberEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, got ${JSON.stringify(raw)}`);
	return value;
}

const SCREENS = (process.env.BENCH_SCREENS ?? '100,1000,3000')
	.split(',')
	.map((s) => Number(s.trim()))
	.filter((n) => Number.isInteger(n) && n > 0);
const SECONDS = numberEnv('BENCH_SECONDS', 10);
/** Rounds of the bare relay and the single-node cases at each screen count; the verdicts take the median. */
const ROUNDS = Math.max(1, Math.round(numberEnv('BENCH_ROUNDS', 1)));
const WARMUP = numberEnv('BENCH_WARMUP_SECONDS', Math.min(2, Math.max(0.5, SECONDS / 5)));
const WINDOW = numberEnv('BENCH_WINDOW', 50);
const RATE = numberEnv('BENCH_RATE', 50);
const VALVE = numberEnv('BENCH_VALVE', WINDOW);
const NATION_COUNT = Math.min(30, Math.max(3, numberEnv('BENCH_NATIONS', 30)));
const SNAPSHOT_RECORDS = numberEnv('BENCH_SNAPSHOT_RECORDS', 10_000);
const SNAPSHOT_CONNECTS = numberEnv('BENCH_SNAPSHOT_CONNECTS', 50);
/** Seeding goes through the write path, as fast as it takes them; past this budget the snapshot is measured with what is there. */
const SNAPSHOT_SEED_BUDGET = numberEnv('BENCH_SNAPSHOT_SEED_SECONDS', 120);
const HIGH_LIMIT = 1_000_000;
const DEFAULT_LIMIT = 30;
/** The steady 50/s of the rate-limit row comes from this many officers, each well under the 30/s limit even when the server stalls for a moment. */
const RATE_LIMIT_OFFICERS = Math.ceil(RATE / (DEFAULT_LIMIT / 3));
/** The flooder sends this many commands per second without waiting for answers, as a misbehaving client would. */
const FLOOD_RATE = numberEnv('BENCH_FLOOD_RATE', 200);
/** The resume flood: a partner's screen in a loop, each socket asking `resume {lastSeq: 0}` every 20 ms without waiting. */
const RESUME_FLOOD_SOCKETS = 5;
const RESUME_FLOOD_RATE = 50;
/** A partner user the bench makes anyway (DEU is among the first three nations, always made). */
const RESUME_FLOODER = 'bench-partner-deu';
const CASES = new Set((process.env.BENCH_ONLY ?? 'bare,fanout,latency,releasability,mixed,cluster,ratelimit,resumeflood,snapshot').split(',').map((s) => s.trim()));
const RATE_LIMIT_SCREENS = numberEnv('BENCH_RATE_LIMIT_SCREENS', SCREENS.includes(1000) ? 1000 : Math.max(...SCREENS.filter((n) => n <= 1000), Math.min(...SCREENS)));
const QUIET_WAIT_START = numberEnv('BENCH_QUIET_WAIT', 30);
const QUIET_WAIT_SCENARIO = numberEnv('BENCH_QUIET_WAIT_SCENARIO', 0);
const QUIET_CPU = numberEnv('BENCH_QUIET_CPU', 40);
const PROFILE_DIR = process.env.BENCH_PROFILE ? (process.env.BENCH_PROFILE === '1' ? '/tmp/prof' : path.resolve(process.env.BENCH_PROFILE)) : null;
/** The screen count the targets are judged at (1,000, or the nearest one measured). */
const TARGET_SCREENS = SCREENS.reduce((best, n) => (Math.abs(n - 1000) < Math.abs(best - 1000) ? n : best), SCREENS[0] ?? 1000);

/** Partner nations of the releasability case. */
const NATIONS = BENCH_NATIONS.slice(0, NATION_COUNT);

const TARGETS = {
	fanoutVsBare: 0.8,
	/** The mixed commands' fan-out, every board live, against the bare relay's. */
	mixedVsBare: 1.0,
	p99Ms: 50,
	snapshotP95Ms: 100,
	clusterPerNode: 0.7,
	/** The flood's accepted rate may exceed the limit by this factor (fixed 1-s windows). */
	floodAcceptedFactor: 1.2,
	/** "Close to the no-flood case": p99 at most this factor, or this many ms, above it. */
	floodP99Factor: 1.5,
	floodP99SlackMs: 10,
	/** Under a resume flood the screens' p99 must also stay below this, whatever the no-flood case did. */
	resumeFloodP99Ms: 1000
};

// ───────────────────────────── results ─────────────────────────────

interface Row {
	case: string;
	screens: number;
	nodes: number;
	cmdsPerSecond: number | null;
	deliveriesPerSecond: number | null;
	vsBare: number | null;
	vsSingle: number | null;
	p50: number | null;
	p99: number | null;
	max: number | null;
	/** p99 of the time until the last screen had the delta. */
	allScreensP99: number | null;
	serverCpu: string;
	serverRssMB: string;
	clientsCpu: number | null;
	pgRedisCpu: number | null;
	/** Everything else on the machine (other users' builds and tests): a sign of a contaminated run. */
	otherCpu: number | null;
	machineBusy: number | null;
	notes: string;
}

interface ScenarioRecord {
	name: string;
	screens: number;
	connect?: unknown;
	phases: Record<string, unknown>;
	serverPids?: Record<string, number>;
	serverWarnings?: string[];
	/** Machine CPU (% of one core) just before the scenario, when nothing of the bench ran. */
	busyBefore?: number;
	resumeFlood?: ResumeFloodFigures;
	error?: string;
}

const rows: Row[] = [];
let source: ReturnType<typeof sourceVersion> | null = null;
/** Every bench user, made once through the API (see prepareAccounts). */
let accounts: Accounts | null = null;
const scenarios: ScenarioRecord[] = [];
/** One round of the fan-out cases at a screen count: Watchfloor's figures go against the same round's bare relay. */
interface FanoutRound {
	bare?: number;
	single?: number;
	singleCmds?: number;
	mixed?: number;
}
const fanoutRounds = new Map<number, FanoutRound[]>();
/** The round running at `n` screens. */
const roundAt = (n: number): FanoutRound => fanoutRounds.get(n)!.at(-1)!;
const medianOf = (values: readonly number[]) => median([...values].sort((a, b) => a - b));

const mb = (bytes: number | undefined) => (bytes === undefined ? '–' : String(Math.round(bytes / 2 ** 20)));
const r1 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10) / 10);
const r2 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 100) / 100);

function serverCpu(res: ResourceUse): string {
	const entries = Object.entries(res.cpuPercent).filter(([k]) => k.startsWith('server:'));
	if (entries.length === 1) return String(Math.round(entries[0]![1]));
	return entries.map(([k, v]) => `${k.slice(7)} ${Math.round(v)}`).join(' / ');
}
function serverRss(res: ResourceUse): string {
	const entries = Object.entries(res.peakRssBytes).filter(([k]) => k.startsWith('server:'));
	if (entries.length === 1) return mb(entries[0]![1]);
	return entries.map(([k, v]) => `${k.slice(7)} ${mb(v)}`).join(' / ');
}

function otherCpu(res: ResourceUse): number {
	const ours = Object.values(res.cpuPercent).reduce((a, b) => a + b, 0);
	return Math.max(0, Math.round(res.machineBusyPercent - ours));
}

/** What the bench database's connections were doing on average, e.g. waiting on the append lock. */
function pgNote(activity: Record<string, number> | null): string | null {
	if (!activity) return null;
	let advisory = 0;
	let idleInTx = 0;
	let total = 0;
	for (const [key, n] of Object.entries(activity)) {
		total += n;
		if (key.includes('advisory')) advisory += n;
		else if (key.startsWith('idle in transaction')) idleInTx += n;
	}
	if (total === 0) return null;
	return `pg conns (avg of ${total.toFixed(1)}): ${advisory.toFixed(1)} waiting on the append lock, ${idleInTx.toFixed(2)} idle in transaction (waiting for Node)`;
}

/** A steady phase whose commands are not all acknowledged in time is a queue that only grows. */
function steadyNotes(p: PhaseResult): string[] {
	const acked = p.commandsPerSecond[0] ?? 0;
	return acked < RATE * 0.95 ? [`SATURATED: offered ${RATE}/s, acknowledged ${acked.toFixed(1)}/s, so latency grows with the phase's length`] : [];
}

function phaseNotes(p: PhaseResult): string[] {
	const notes: string[] = [];
	for (const [node, view] of Object.entries(p.server)) {
		const prefix = Object.keys(p.server).length > 1 ? `${node}: ` : '';
		const bound = (v: number | null) => (v === null ? '–' : Number.isFinite(v) ? `≤${v}` : '>2500');
		notes.push(`${prefix}in-server cmd→broadcast p50 ${bound(view.commandToBroadcastP50Ms)} p99 ${bound(view.commandToBroadcastP99Ms)} ms, loop lag p99 ${view.loopLagP99Ms ?? '–'} max ${view.loopLagMaxMs ?? '–'} ms`);
	}
	const pg = pgNote(p.postgresActivity);
	if (pg) notes.push(pg);
	const errors = p.errorsPerJob.flatMap((e) => Object.entries(e)).filter(([, n]) => n > 0);
	if (errors.length) notes.push(`errors ${errors.map(([c, n]) => `${c}×${n}`).join(' ')}`);
	if (p.missing > 0) notes.push(`${p.missing} deliveries still owed ${Math.round(p.drainMs / 1000)} s after the phase`);
	if (p.extra > 0) notes.push(`${p.extra} DUPLICATE deliveries`);
	if (p.unanswered > 0) notes.push(`${p.unanswered} commands unanswered`);
	if (p.stale > 0) notes.push(`${p.stale} late deltas of the previous phase`);
	if (p.leaks) notes.push(`${p.leaks} LEAKS`);
	if (p.outOfOrder) notes.push(`${p.outOfOrder} out of order`);
	if (p.resyncs) notes.push(`${p.resyncs} resyncs`);
	const dropped = Object.entries(p.disconnects);
	if (dropped.length) notes.push(`disconnects ${dropped.map(([r, n]) => `${r}×${n}`).join(' ')}`);
	const others = Object.entries(p.otherDeltas);
	if (others.length) notes.push(`+ ${others.map(([c, n]) => `${n} ${c} deltas`).join(', ')}`);
	const held = Math.max(0, ...p.valveHeldPercent);
	if (held >= 1) notes.push(`valve held ${Math.round(held)}%`);
	return notes;
}

function row(partial: Partial<Row> & Pick<Row, 'case' | 'screens' | 'nodes'>, phase: PhaseResult | null, notes: string[] = []): Row {
	const full: Row = {
		cmdsPerSecond: phase ? r1(phase.commandsPerSecond[0] ?? null) : null,
		deliveriesPerSecond: phase ? Math.round(phase.deliveriesPerSecond) : null,
		vsBare: null,
		vsSingle: null,
		p50: phase ? r1(phase.latency.p50) : null,
		p99: phase ? r1(phase.latency.p99) : null,
		max: phase ? r1(phase.latency.max) : null,
		allScreensP99: phase?.latencyAllScreens ? r1(phase.latencyAllScreens.p99) : null,
		serverCpu: phase ? serverCpu(phase.resources) : '–',
		serverRssMB: phase ? serverRss(phase.resources) : '–',
		clientsCpu: phase ? Math.round(phase.resources.cpuPercent.clients ?? 0) : null,
		pgRedisCpu: phase ? Math.round(phase.resources.cpuPercent['postgres+redis'] ?? 0) : null,
		otherCpu: phase ? otherCpu(phase.resources) : null,
		machineBusy: phase ? Math.round(phase.resources.machineBusyPercent) : null,
		notes: [...notes, ...(phase ? phaseNotes(phase) : [])].join('; '),
		...partial
	};
	rows.push(full);
	return full;
}

// ───────────────────────────── placement ─────────────────────────────

/** Who a screen is (its sign-in and nation); `place` gives it the URL of its worker's node. */
type ScreenIdentity = Omit<ScreenSpec, 'url'>;

function place(pool: Pool, count: number, nodes: { name: string; url: string }[], screenAt: (i: number) => ScreenIdentity): Placement[] {
	const k = workersFor(count, pool.screens.length);
	const workers = pool.screens.slice(0, Math.max(k, nodes.length));
	const placements: Placement[] = workers.map((worker, w) => ({ worker, node: nodes[w % nodes.length]!.name, screens: [] }));
	// Each audience's screens are dealt round-robin over the workers on its own, so every worker holds
	// an even share of the cell's screens (which see the most) and of each nation's: dealt as one deck,
	// every 4th screen the cell's would all land on the first of 2 workers. A worker's screens use its node.
	const dealt = new Map<string, number>();
	for (let i = 0; i < count; i++) {
		const viewer = screenAt(i);
		const audience = viewer.nation ?? 'cell';
		const turn = dealt.get(audience) ?? i;
		dealt.set(audience, turn + 1);
		const p = placements[turn % placements.length]!;
		p.screens.push({ ...viewer, url: nodes.find((n) => n.name === p.node)!.url });
	}
	return placements.filter((p) => p.screens.length > 0);
}

function audienceOf(placements: Placement[]): Audience {
	const audience: Audience = { cell: 0, byNation: {} };
	for (const p of placements)
		for (const s of p.screens) {
			if (s.nation === null) audience.cell++;
			else audience.byNation[s.nation] = (audience.byNation[s.nation] ?? 0) + 1;
		}
	return audience;
}

const maxSpec = (audience: Audience, screens: number, releasing: 'cell' | 'mixed' = 'cell'): RunSpec => ({
	mode: 'max',
	window: WINDOW,
	tag: 'm',
	releasing,
	nations: NATIONS,
	audience,
	valveDeliveries: VALVE * screens
});
const steadySpec = (audience: Audience, rate = RATE): RunSpec => ({ mode: 'steady', rate, tag: 's', track: true, releasing: 'cell', nations: NATIONS, audience, valveDeliveries: null });
const floodSpec = (audience: Audience): RunSpec => ({ mode: 'steady', rate: FLOOD_RATE, tag: 'f', releasing: 'cell', nations: NATIONS, audience, valveDeliveries: null });
const resumeFloodSpec = (audience: Audience): RunSpec => ({ mode: 'resumes', rate: RESUME_FLOOD_RATE, tag: 'r', releasing: 'cell', nations: NATIONS, audience, valveDeliveries: null });

/** A row for how long the screens took to connect: the cost of a reconnect storm. */
function connectRow(label: string, n: number, result: Awaited<ReturnType<typeof connectScreens>>, workers: number) {
	rows.push({
		...emptyRow(label, n),
		p50: r1(result.connect.p50),
		p99: r1(result.connect.p99),
		max: r1(result.connect.max),
		notes: `io() → snapshot per screen, ${Math.min(n, 50 * workers)} connecting at a time; all ${result.connected} in ${(result.wallMs / 1000).toFixed(1)} s (${Math.round(result.connected / (result.wallMs / 1000))}/s)`
	});
}

async function connect(record: ScenarioRecord, placements: Placement[]) {
	const result = await connectScreens(placements);
	record.connect = result;
	log(`  ${result.connected} screens connected in ${(result.wallMs / 1000).toFixed(1)} s (io() → snapshot p50 ${r1(result.connect.p50)} ms, p99 ${r1(result.connect.p99)} ms)${result.failed ? `, ${result.failed} FAILED: ${result.errors.join(' | ')}` : ''}`);
	if (result.failed > 0) throw new Error(`${result.failed} of ${result.failed + result.connected} screens could not connect: ${result.errors.join(' | ')}`);
	return result;
}

function phaseOptions(pool: Pool, placements: Placement[], jobs: DriverJob[], serverPids: Record<string, number>, wf?: Watchfloor) {
	return {
		placements,
		jobs,
		warmupSeconds: WARMUP,
		seconds: SECONDS,
		serverPids,
		clientPids: pool.pids(),
		databases: wf ? [wf.database] : [],
		metricsUrls: wf ? Object.fromEntries(wf.nodes.map((n) => [n.name, n.server.metricsUrl])) : {}
	};
}

function warnings(wf: Watchfloor): string[] {
	return wf.nodes.flatMap((n) =>
		n.server
			.logs()
			.split('\n')
			.filter((l) => l.trim())
			.slice(0, 20)
			.map((l) => `${n.name}: ${l.slice(0, 400)}`)
	);
}

async function scenario(name: string, screens: number, body: (record: ScenarioRecord) => Promise<void>): Promise<void> {
	const record: ScenarioRecord = { name, screens, phases: {} };
	scenarios.push(record);
	if (QUIET_WAIT_SCENARIO > 0) record.busyBefore = Math.round(await waitForQuiet(QUIET_WAIT_SCENARIO, QUIET_CPU));
	log(`${name} — ${screens} screens${record.busyBefore !== undefined && record.busyBefore > QUIET_CPU ? ` (machine busy ${record.busyBefore}% of a core before it: other work running)` : ''}`);
	try {
		await body(record);
	} catch (error) {
		record.error = error instanceof Error ? error.stack ?? error.message : String(error);
		log(`  FAILED: ${error instanceof Error ? error.message : error}`);
		rows.push({ ...emptyRow(name, screens), notes: `FAILED: ${(error instanceof Error ? error.message : String(error)).slice(0, 160)}` });
	}
}

function emptyRow(name: string, screens: number): Row {
	return {
		case: name,
		screens,
		nodes: 1,
		cmdsPerSecond: null,
		deliveriesPerSecond: null,
		vsBare: null,
		vsSingle: null,
		p50: null,
		p99: null,
		max: null,
		allScreensP99: null,
		serverCpu: '–',
		serverRssMB: '–',
		clientsCpu: null,
		pgRedisCpu: null,
		otherCpu: null,
		machineBusy: null,
		notes: ''
	};
}

// ───────────────────────────── scenarios ─────────────────────────────

async function bareCases(pool: Pool, n: number) {
	await scenario('bare relay', n, async (record) => {
		let bare: Bare | undefined;
		let placements: Placement[] = [];
		const driver = pool.drivers[0]!;
		try {
			bare = await startBare();
			const server = bare.nodes[0]!;
			record.serverPids = { bare: server.pid };
			placements = place(pool, n, bare.nodes, () => ({ nation: null }));
			connectRow('bare connect', n, await connect(record, placements), placements.length);
			const audience = audienceOf(placements);
			await driver.call('open', { officers: [{ url: server.url }] });
			if (CASES.has('fanout')) {
				const fanout = await runPhase(phaseOptions(pool, placements, [{ driver, spec: maxSpec(audience, n) }], { bare: server.pid }));
				record.phases.fanout = fanout;
				row({ case: 'bare fan-out', screens: n, nodes: 1 }, fanout, [`window ${WINDOW}`]);
				roundAt(n).bare = fanout.deliveriesPerSecond;
				log(`  fan-out: ${Math.round(fanout.commandsPerSecond[0]!)} cmds/s → ${Math.round(fanout.deliveriesPerSecond)} deliveries/s`);
			}
			if (CASES.has('latency')) {
				const latency = await runPhase(phaseOptions(pool, placements, [{ driver, spec: steadySpec(audience) }], { bare: server.pid }));
				record.phases.latency = latency;
				row({ case: `bare latency ${RATE}/s`, screens: n, nodes: 1 }, latency, steadyNotes(latency));
				log(`  latency at ${RATE}/s: p50 ${r1(latency.latency.p50)} ms, p99 ${r1(latency.latency.p99)} ms, max ${r1(latency.latency.max)} ms`);
			}
		} finally {
			await driver.call('close').catch(() => {});
			if (placements.length) await closeScreens(placements).catch(() => {});
			await bare?.dispose();
		}
	});
}

/** Wall screens (cell viewers) and one officer, on `nodes` server processes. */
async function watchfloorWithCellScreens(record: ScenarioRecord, pool: Pool, n: number, nodes: number) {
	const wf = await startWatchfloor({ nodes, commandsPerSecond: HIGH_LIMIT, profileDir: PROFILE_DIR, accounts: accounts! });
	record.serverPids = Object.fromEntries(wf.nodes.map((node) => [node.name, node.pid]));
	try {
		const cookies = accounts!.cookies;
		const wall = cookies.get('bench-wall')!;
		const placements = place(pool, n, wf.nodes, () => ({ cookie: wall, nation: null }));
		return { wf, placements, officer: cookies.get('bench-officer')! };
	} catch (error) {
		await wf.dispose();
		throw error;
	}
}

async function singleCases(pool: Pool, n: number) {
	if (!CASES.has('fanout') && !CASES.has('latency')) return;
	await scenario('watchfloor', n, async (record) => {
		const driver = pool.drivers[0]!;
		const { wf, placements, officer } = await watchfloorWithCellScreens(record, pool, n, 1);
		const node = wf.nodes[0]!;
		try {
			connectRow('connect (wall screens)', n, await connect(record, placements), placements.length);
			const audience = audienceOf(placements);
			await driver.call('open', { officers: [{ url: node.url, cookie: officer }] });
			if (CASES.has('fanout')) {
				const fanout = await runPhase(phaseOptions(pool, placements, [{ driver, spec: maxSpec(audience, n) }], { A: node.pid }, wf));
				record.phases.fanout = fanout;
				const bare = roundAt(n).bare;
				row({ case: 'fan-out', screens: n, nodes: 1, vsBare: bare ? r2(fanout.deliveriesPerSecond / bare) : null }, fanout, [`window ${WINDOW}`]);
				Object.assign(roundAt(n), { single: fanout.deliveriesPerSecond, singleCmds: fanout.commandsPerSecond[0] });
				log(`  fan-out: ${Math.round(fanout.commandsPerSecond[0]!)} cmds/s → ${Math.round(fanout.deliveriesPerSecond)} deliveries/s${bare ? ` (${(fanout.deliveriesPerSecond / bare).toFixed(2)}× bare)` : ''}`);
			}
			if (CASES.has('latency')) {
				const latency = await runPhase(phaseOptions(pool, placements, [{ driver, spec: steadySpec(audience) }], { A: node.pid }, wf));
				record.phases.latency = latency;
				row({ case: `latency ${RATE}/s`, screens: n, nodes: 1 }, latency, steadyNotes(latency));
				log(`  latency at ${RATE}/s: p50 ${r1(latency.latency.p50)} ms, p99 ${r1(latency.latency.p99)} ms, max ${r1(latency.latency.max)} ms; last screen p99 ${r1(latency.latencyAllScreens?.p99)} ms`);
			}
		} finally {
			record.serverWarnings = warnings(wf);
			await driver.call('close').catch(() => {});
			await closeScreens(placements).catch(() => {});
			await wf.dispose();
		}
	});
}

/**
 * One server, screens placed by `screenAt`, the officer sending as fast as acknowledged: the fan-out
 * phase of the releasability and mixed cases. `prepare` makes what the commands need (as the officer).
 */
async function oneServerFanout<Prepared>(
	record: ScenarioRecord,
	pool: Pool,
	n: number,
	options: {
		prepare: (url: string, officer: string) => Promise<Prepared>;
		screenAt: (i: number, cookies: Map<string, string>) => ScreenIdentity;
		spec: (audience: Audience, prepared: Prepared) => RunSpec;
	}
): Promise<{ phase: PhaseResult; audience: Audience }> {
	const driver = pool.drivers[0]!;
	const wf = await startWatchfloor({ nodes: 1, commandsPerSecond: HIGH_LIMIT, profileDir: PROFILE_DIR, accounts: accounts! });
	const node = wf.nodes[0]!;
	record.serverPids = { A: node.pid };
	let placements: Placement[] = [];
	try {
		const cookies = accounts!.cookies;
		const officer = cookies.get('bench-officer')!;
		const prepared = await options.prepare(node.url, officer);
		placements = place(pool, n, wf.nodes, (i) => options.screenAt(i, cookies));
		await connect(record, placements);
		const audience = audienceOf(placements);
		await driver.call('open', { officers: [{ url: node.url, cookie: officer }] });
		const phase = await runPhase(phaseOptions(pool, placements, [{ driver, spec: options.spec(audience, prepared) }], { A: node.pid }, wf));
		record.phases.fanout = phase;
		return { phase, audience };
	} finally {
		record.serverWarnings = warnings(wf);
		await driver.call('close').catch(() => {});
		if (placements.length) await closeScreens(placements).catch(() => {});
		await wf.dispose();
	}
}

const partnerScreen = (nation: string, cookies: Map<string, string>): ScreenIdentity => ({ cookie: cookies.get(`bench-partner-${nation.toLowerCase()}`)!, nation });

async function releasabilityCase(pool: Pool, n: number) {
	if (!CASES.has('releasability')) return;
	await scenario(`releasability (${NATIONS.length} nations)`, n, async (record) => {
		const { phase } = await oneServerFanout(record, pool, n, {
			prepare: async () => null,
			screenAt: (i, cookies) => partnerScreen(NATIONS[i % NATIONS.length]!, cookies),
			spec: (audience) => maxSpec(audience, n, 'mixed')
		});
		const { bare, singleCmds } = roundAt(n);
		const cmdsVsSingle = singleCmds ? phase.commandsPerSecond[0]! / singleCmds : null;
		row(
			{ case: `releasability ${NATIONS.length} nations`, screens: n, nodes: 1, vsBare: bare ? r2(phase.deliveriesPerSecond / bare) : null },
			phase,
			[`mixed coalition/1/3 nations/cell${cmdsVsSingle !== null ? `; cmds/s ${cmdsVsSingle.toFixed(2)}× single-room` : ''}`]
		);
		log(`  fan-out: ${Math.round(phase.commandsPerSecond[0]!)} cmds/s → ${Math.round(phase.deliveriesPerSecond)} deliveries/s, leaks ${phase.leaks}`);
	});
}

/** One in this many of the mixed case's screens is the cell's (a wall, an officer); the rest are partners'. */
const MIXED_CELL_EVERY = 4;
const releasedInTurn = (k: number) => releasabilityInTurn(k, NATIONS);

/**
 * What a floor sees on a busy day: log entries, violation reports and deliveries (created, then
 * contracted, dispatched, delivered) against pledges of every releasability, to 30 nations' partners
 * and the cell. Each delivery and report moves the support or ceasefire KPIs of every audience that
 * may see it, so both boards compute per audience; their deltas are counted apart (notes).
 */
async function mixedCase(pool: Pool, n: number) {
	if (!CASES.has('mixed')) return;
	await scenario(`mixed commands (${NATIONS.length} nations + cell)`, n, async (record) => {
		const { phase, audience } = await oneServerFanout(record, pool, n, {
			prepare: (url, officer) => prepareMixedCommands(url, officer, NATIONS),
			screenAt(i, cookies) {
				if (i % MIXED_CELL_EVERY === 0) return { cookie: cookies.get('bench-wall')!, nation: null };
				return partnerScreen(NATIONS[(i - Math.floor(i / MIXED_CELL_EVERY) - 1) % NATIONS.length]!, cookies);
			},
			spec: (audience, { places, pledges }) => ({ ...maxSpec(audience, n, 'mixed'), commands: 'mixed', pledges, places })
		});
		const bare = roundAt(n).bare;
		roundAt(n).mixed = phase.deliveriesPerSecond;
		const byType = phase.okByType[0] ?? {};
		const acked = Object.values(byType).reduce((a, b) => a + b, 0) || 1;
		const mix = Object.entries(byType)
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([type, count]) => `${type} ${Math.round((100 * count) / acked)}%`)
			.join(', ');
		row({ case: `mixed commands ${NATIONS.length} nations + cell`, screens: n, nodes: 1, vsBare: bare ? r2(phase.deliveriesPerSecond / bare) : null }, phase, [
			`${audience.cell} cell screens, the rest partners; ${MIXED_PLEDGES} pledges; ${mix}`
		]);
		log(`  mixed: ${Math.round(phase.commandsPerSecond[0]!)} cmds/s (${mix}) → ${Math.round(phase.deliveriesPerSecond)} deliveries/s${bare ? ` (${(phase.deliveriesPerSecond / bare).toFixed(2)}× bare)` : ''}, leaks ${phase.leaks}`);
	});
}

async function clusterCase(pool: Pool, n: number) {
	if (!CASES.has('cluster')) return;
	await scenario('cluster (2 nodes)', n, async (record) => {
		const driver = pool.drivers[0]!;
		const { wf, placements, officer } = await watchfloorWithCellScreens(record, pool, n, 2);
		try {
			await connect(record, placements);
			const audience = audienceOf(placements);
			const [a, b] = wf.nodes as [Watchfloor['nodes'][0], Watchfloor['nodes'][0]];
			await driver.call('open', { officers: [{ url: a.url, cookie: officer }] });
			const phase = await runPhase(phaseOptions(pool, placements, [{ driver, spec: maxSpec(audience, n) }], { A: a.pid, B: b.pid }, wf));
			record.phases.fanout = phase;
			const single = medianOf((fanoutRounds.get(n) ?? []).flatMap((r) => (r.single === undefined ? [] : [r.single])));
			const perScreen = (node: string) => (phase.deliveriesPerSecondByNode[node] ?? 0) / placements.filter((p) => p.node === node).reduce((s, p) => s + p.screens.length, 0);
			for (const node of [a, b]) {
				const ratio = single ? perScreen(node.name) / (single / n) : null;
				const screensHere = placements.filter((p) => p.node === node.name).reduce((s, p) => s + p.screens.length, 0);
				const nodeCpu = Math.round(phase.resources.cpuPercent[`server:${node.name}`] ?? 0);
				row(
					{
						case: `cluster node ${node.name}${node.name === 'A' ? ' (cmds)' : ''}`,
						screens: screensHere,
						nodes: 2,
						deliveriesPerSecond: Math.round(phase.deliveriesPerSecondByNode[node.name] ?? 0),
						vsSingle: r2(ratio),
						serverCpu: String(nodeCpu),
						serverRssMB: mb(phase.resources.peakRssBytes[`server:${node.name}`])
					},
					phase,
					[`of ${n} screens; ×single = events/s on this node's screens ÷ single node's`]
				);
			}
			log(`  cluster: ${Math.round(phase.commandsPerSecond[0]!)} cmds/s; A ${Math.round(phase.deliveriesPerSecondByNode.A ?? 0)}, B ${Math.round(phase.deliveriesPerSecondByNode.B ?? 0)} deliveries/s`);
		} finally {
			record.serverWarnings = warnings(wf);
			await driver.call('close').catch(() => {});
			await closeScreens(placements).catch(() => {});
			await wf.dispose();
		}
	});
}

/** The flood phases run a second driver job beside the steady officers: its figures are at this index. */
const FLOODER = 1;

/** The screens' p99 in a flood phase as a multiple of the no-flood phase's. */
const p99VsNoFlood = (noFlood: PhaseResult, phase: PhaseResult) => r2((phase.latency.p99 ?? 0) / (noFlood.latency.p99 || 1));

/** "Close to the no-flood case": the highest p99 a flood phase may show. */
const floodP99Bound = (noFloodP99: number) => Math.max(noFloodP99 * TARGETS.floodP99Factor, noFloodP99 + TARGETS.floodP99SlackMs);

/** What the resume flood did and what it cost the screens (row, verdict and JSON). */
interface ResumeFloodFigures {
	user: string;
	sockets: number;
	ratePerSocket: number;
	windowSeconds: number;
	sentPerSecond: number;
	/** Resumes answered `error` rate_limited, per second. */
	refusedPerSecond: number;
	/** The flooder's sockets dropped by the server in the window (more than 10 refusals each); each came back after socket.io-client's delay. */
	serverDisconnects: number;
	/** Resumes the server served, per second, by outcome (replayed from memory, or a snapshot). */
	servedPerSecond: Record<string, number>;
	p50: number | null;
	p99: number | null;
	noFloodP50: number | null;
	noFloodP99: number | null;
	p99VsNoFlood: number | null;
}

function resumeFloodFigures(noFlood: PhaseResult, phase: PhaseResult): ResumeFloodFigures {
	const perSecond = (count: number) => r1(count / phase.windowSeconds) ?? 0;
	return {
		user: RESUME_FLOODER,
		sockets: RESUME_FLOOD_SOCKETS,
		ratePerSocket: RESUME_FLOOD_RATE,
		windowSeconds: r1(phase.windowSeconds) ?? 0,
		sentPerSecond: r1(phase.sentPerSecond[FLOODER]) ?? 0,
		refusedPerSecond: perSecond(phase.errorsPerJob[FLOODER]?.rate_limited ?? 0),
		serverDisconnects: phase.disconnectsPerJob[FLOODER]?.['io server disconnect'] ?? 0,
		servedPerSecond: Object.fromEntries(Object.entries(phase.server.A?.resumes ?? {}).map(([outcome, n]) => [outcome, perSecond(n)])),
		p50: r1(phase.latency.p50),
		p99: r1(phase.latency.p99),
		noFloodP50: r1(noFlood.latency.p50),
		noFloodP99: r1(noFlood.latency.p99),
		p99VsNoFlood: p99VsNoFlood(noFlood, phase)
	};
}

interface RateLimitOutcome {
	noFlood: PhaseResult;
	flood?: PhaseResult;
	resumeFlood?: ResumeFloodFigures;
}
let rateLimitOutcome: RateLimitOutcome | null = null;

/** One server with the default limits and the steady officers' load; then a command flood (`ratelimit`) and a resume flood (`resumeflood`) beside it. */
async function rateLimitCase(pool: Pool, n: number) {
	if (!CASES.has('ratelimit') && !CASES.has('resumeflood')) return;
	await scenario(`rate limit (default ${DEFAULT_LIMIT}/s)`, n, async (record) => {
		const [steadyDriver, floodDriver] = pool.drivers as [Pool['drivers'][0], Pool['drivers'][0]];
		const wf = await startWatchfloor({ nodes: 1, commandsPerSecond: null, profileDir: PROFILE_DIR, accounts: accounts! });
		const node = wf.nodes[0]!;
		record.serverPids = { A: node.pid };
		let placements: Placement[] = [];
		try {
			const cookies = accounts!.cookies;
			const wall = cookies.get('bench-wall')!;
			placements = place(pool, n, wf.nodes, () => ({ cookie: wall, nation: null }));
			await connect(record, placements);
			const audience = audienceOf(placements);
			await steadyDriver.call('open', { officers: Array.from({ length: RATE_LIMIT_OFFICERS }, (_, i) => ({ url: node.url, cookie: cookies.get(`bench-officer-${i + 1}`)! })) });
			const steady: DriverJob = { driver: steadyDriver, spec: steadySpec(audience) };
			const noFlood = await runPhase(phaseOptions(pool, placements, [steady], { A: node.pid }, wf));
			record.phases.noFlood = noFlood;
			rateLimitOutcome = { noFlood };
			row({ case: `rate limit: ${RATE}/s, no flood`, screens: n, nodes: 1 }, noFlood, [`${RATE_LIMIT_OFFICERS} officers`, ...steadyNotes(noFlood)]);
			log(`  no flood: p99 ${r1(noFlood.latency.p99)} ms`);
			if (CASES.has('ratelimit')) {
				await floodDriver.call('open', { officers: [{ url: node.url, cookie: cookies.get('bench-flooder')! }] });
				const flood = await runPhase(phaseOptions(pool, placements, [steady, { driver: floodDriver, spec: floodSpec(audience) }], { A: node.pid }, wf));
				record.phases.flood = flood;
				rateLimitOutcome.flood = flood;
				const limited = flood.errorsPerJob[FLOODER]?.rate_limited ?? 0;
				const floodOk = flood.commandsPerSecond[FLOODER] ?? 0;
				const floodSent = flood.sentPerSecond[FLOODER] ?? 0;
				row({ case: `rate limit: ${RATE}/s + 1 flooder`, screens: n, nodes: 1 }, flood, [
					`flooder sent ${Math.round(floodSent)}/s, accepted ${r1(floodOk)}/s, rate_limited ${Math.round(limited / flood.windowSeconds)}/s`,
					`p99 ${p99VsNoFlood(noFlood, flood)}× no-flood`,
					...steadyNotes(flood)
				]);
				log(`  flood: flooder ${Math.round(floodSent)}/s sent, ${r1(floodOk)}/s accepted; screens p99 ${r1(flood.latency.p99)} ms (no flood ${r1(noFlood.latency.p99)} ms)`);
			}
			if (CASES.has('resumeflood')) {
				// socket.io-client's default reconnection, so the flood outlives the server's disconnects as a looping screen's would.
				const flooders = Array.from({ length: RESUME_FLOOD_SOCKETS }, () => ({ url: node.url, cookie: cookies.get(RESUME_FLOODER)! }));
				await floodDriver.call('open', { officers: flooders, reconnect: true });
				const phase = await runPhase(phaseOptions(pool, placements, [steady, { driver: floodDriver, spec: resumeFloodSpec(audience) }], { A: node.pid }, wf));
				record.phases.resumeFlood = phase;
				const figures = resumeFloodFigures(noFlood, phase);
				record.resumeFlood = figures;
				rateLimitOutcome.resumeFlood = figures;
				const served = Object.entries(figures.servedPerSecond).map(([outcome, perSecond]) => `${perSecond}/s ${outcome}`);
				row({ case: `rate limit: resume flood (${RESUME_FLOOD_SOCKETS} sockets × ${RESUME_FLOOD_RATE}/s)`, screens: n, nodes: 1 }, phase, [
					`${RESUME_FLOODER} sent ${Math.round(figures.sentPerSecond)} resumes/s, rate_limited ${Math.round(figures.refusedPerSecond)}/s, ${figures.serverDisconnects} server disconnects in ${Math.round(figures.windowSeconds)} s`,
					`served ${served.length ? served.join(' + ') : 'none'}`,
					`p99 ${figures.p99VsNoFlood}× no-flood`,
					...steadyNotes(phase)
				]);
				log(`  resume flood: ${Math.round(figures.sentPerSecond)} resumes/s sent, ${Math.round(figures.refusedPerSecond)}/s refused, ${figures.serverDisconnects} server disconnects; screens p99 ${figures.p99} ms (no flood ${figures.noFloodP99} ms)`);
			}
		} finally {
			record.serverWarnings = warnings(wf);
			await steadyDriver.call('close').catch(() => {});
			await floodDriver.call('close').catch(() => {});
			if (placements.length) await closeScreens(placements).catch(() => {});
			await wf.dispose();
		}
	});
}

interface SnapshotOutcome {
	records: number;
	seedSeconds: number;
	probe: SnapshotProbe;
	p50: number | null;
	p95: number | null;
	max: number | null;
	resources: ResourceUse;
}
let snapshotOutcome: SnapshotOutcome | null = null;

/** The snapshot case's records by collection: about the mix of a floor that has run for a while. */
const SNAPSHOT_MIX: [string, number][] = [
	['log-entries', 0.3],
	['violations', 0.3],
	['pledges', 0.1],
	['deliveries', 0.25],
	['fortifications', 0.05]
];
const DELIVERY_STATUSES_AT_CREATE = ['planned', 'contracted', 'in-transit', 'delivered'] as const;

/** The body of the k-th seeded record of a collection, released in turn (deliveries as their pledge). */
function seededRecord(collection: string, k: number, places: { lat: number; lon: number }[], pledgeIds: string[]): unknown {
	const releasableTo = releasedInTurn(k);
	const sector = k % LINE_OF_CONTACT.length;
	switch (collection) {
		case 'log-entries':
			return { text: `Seeded entry ${k}: sector quiet, patrol reports no change; next report at the top of the hour.`, releasableTo };
		case 'violations':
			return {
				observedAt: new Date(Date.now() - (k % 720) * 3_600_000).toISOString(),
				...places[sector]!,
				category: 'artillery',
				source: 'ground-patrol',
				// Low and medium only: a severe report raises an alert, a record beyond the count.
				severity: k % 3 ? 'low' : 'medium',
				description: `Seeded report ${k}: impacts observed east of the line, estimated 122 mm.`,
				releasableTo
			};
		case 'pledges':
			return benchPledge(k, NATIONS);
		case 'deliveries':
			return { pledgeId: pledgeIds[k % pledgeIds.length]!, quantity: 1, hub: 'Rzeszów logistics hub', status: DELIVERY_STATUSES_AT_CREATE[k % 4] };
		default: {
			const kind = FORTIFICATION_KINDS[k % FORTIFICATION_KINDS.length]!;
			const unit = ['trench-line', 'anti-tank-ditch', 'dragons-teeth'].includes(kind) ? 'km' : 'sites';
			return { sectorId: LINE_OF_CONTACT[sector]!.id, kind, unit, planned: 20, built: k % 21, releasableTo };
		}
	}
}

/**
 * `total` records over SNAPSHOT_MIX through the write path (concurrent POSTs as the officer), the
 * collections interleaved; the sectors first, then the pledges (deliveries are made against them).
 * Stops at `budgetEnd`: the snapshot is then measured with what is there. Returns the counts made.
 */
async function seedSnapshotRecords(url: string, cookie: string, total: number, budgetEnd: number): Promise<Record<string, number>> {
	const places = await createSectors(url, cookie);
	const made: Record<string, number> = { sectors: places.length };
	const counts = new Map(SNAPSHOT_MIX.map(([collection, share]) => [collection, Math.round(total * share)]));
	const pledgeIds: string[] = [];
	const post = async (collection: string, k: number) => {
		const { id } = await created(url, cookie, collection, seededRecord(collection, k, places, pledgeIds));
		if (collection === 'pledges') pledgeIds.push(id);
		made[collection] = (made[collection] ?? 0) + 1;
	};
	const concurrently = async (work: [string, number][]) => {
		let next = 0;
		const worker = async () => {
			while (next < work.length && performance.now() < budgetEnd) {
				const [collection, k] = work[next++]!;
				await post(collection, k);
			}
		};
		await Promise.all(Array.from({ length: 32 }, worker));
	};
	await concurrently(Array.from({ length: counts.get('pledges') ?? 0 }, (_, k) => ['pledges', k]));
	// Each collection spread evenly over the run, as a floor writes them.
	const rest = [...counts]
		.filter(([collection]) => collection !== 'pledges' && (collection !== 'deliveries' || pledgeIds.length))
		.flatMap(([collection, count]) => Array.from({ length: count }, (_, k): [string, number, number] => [collection, k, (k + 0.5) / count]))
		.sort((a, b) => a[2] - b[2])
		.map(([collection, k]): [string, number] => [collection, k]);
	await concurrently(rest);
	return made;
}

async function snapshotCase(pool: Pool) {
	if (!CASES.has('snapshot')) return;
	await scenario(`snapshot (${SNAPSHOT_RECORDS} records)`, 1, async (record) => {
		const wf = await startWatchfloor({ nodes: 1, commandsPerSecond: HIGH_LIMIT, profileDir: PROFILE_DIR, accounts: accounts! });
		const node = wf.nodes[0]!;
		record.serverPids = { A: node.pid };
		try {
			const cookies = accounts!.cookies;
			const started = performance.now();
			const made = await seedSnapshotRecords(node.url, cookies.get('bench-officer')!, SNAPSHOT_RECORDS, started + SNAPSHOT_SEED_BUDGET * 1000);
			const seedSeconds = (performance.now() - started) / 1000;
			const seeded = Object.values(made).reduce((a, b) => a + b, 0);
			const breakdown = Object.entries(made)
				.map(([collection, count]) => `${count} ${collection}`)
				.join(', ');
			log(`  seeded ${seeded} records (${breakdown}) with concurrent POSTs in ${seedSeconds.toFixed(1)} s (${Math.round(seeded / seedSeconds)}/s)${seeded < SNAPSHOT_RECORDS ? ` — seed budget of ${SNAPSHOT_SEED_BUDGET} s used up` : ''}`);
			const meter = new ResourceMeter({ 'server:A': () => [node.pid], clients: () => pool.pids(), 'postgres+redis': () => servicePids([wf.database]) });
			meter.start();
			const probe = await pool.drivers[0]!.call<SnapshotProbe>('snapshots', { url: node.url, cookie: cookies.get('bench-wall')!, count: SNAPSHOT_CONNECTS, pauseMs: 100 }, 600_000);
			const resources = meter.stop();
			record.phases.snapshot = { seeded: made, seedSeconds, probe, resources };
			if (probe.failures.length) throw new Error(`${probe.failures.length} snapshot connects failed: ${probe.failures.slice(0, 3).join(' | ')}`);
			snapshotOutcome = {
				records: seeded,
				seedSeconds,
				probe,
				p50: percentileOf(probe.times, 50),
				p95: percentileOf(probe.times, 95),
				max: Math.max(...probe.times),
				resources
			};
			const size = percentileOf(probe.bytes, 50) ?? 0;
			const records = percentileOf(probe.records, 50) ?? 0;
			rows.push({
				...emptyRow(`snapshot ${seeded} records`, 1),
				p50: r1(snapshotOutcome.p50),
				p99: null,
				max: r1(snapshotOutcome.max),
				serverCpu: serverCpu(resources),
				serverRssMB: serverRss(resources),
				clientsCpu: Math.round(resources.cpuPercent.clients ?? 0),
				pgRedisCpu: Math.round(resources.cpuPercent['postgres+redis'] ?? 0),
				otherCpu: otherCpu(resources),
				machineBusy: Math.round(resources.machineBusyPercent),
				notes: `p95 ${r1(snapshotOutcome.p95)} ms over ${probe.times.length} connects; ${records} records, ${(size / 2 ** 20).toFixed(1)} MiB; io()→connect p50 ${r1(percentileOf(probe.connectTimes, 50))} ms; seeded ${breakdown} at ${Math.round(seeded / seedSeconds)} POST/s`
			});
			log(`  snapshot: p50 ${r1(snapshotOutcome.p50)} ms, p95 ${r1(snapshotOutcome.p95)} ms, max ${r1(snapshotOutcome.max)} ms (${records} records, ${(size / 2 ** 20).toFixed(1)} MiB)`);
		} finally {
			record.serverWarnings = warnings(wf);
			await pool.drivers[0]!.call('close').catch(() => {});
			await wf.dispose();
		}
	});
}

// ───────────────────────────── verdicts and output ─────────────────────────────

interface Verdict {
	target: string;
	measured: string;
	goal: string;
	ratio: number | null;
	met: boolean | null;
}

function verdicts(): Verdict[] {
	const list: Verdict[] = [];
	const at = TARGET_SCREENS;
	const suffix = at === 1000 ? '' : ` (measured at ${at}: 1,000 not in BENCH_SCREENS)`;
	const rounds = fanoutRounds.get(at) ?? [];
	const againstBare = (key: 'single' | 'mixed', target: string, goal: number) => {
		const measured = rounds.flatMap((r) => (r.bare && r[key] !== undefined ? [{ ratio: r[key]! / r.bare, wf: r[key]!, bare: r.bare }] : []));
		const ratio = medianOf(measured.map((m) => m.ratio));
		const text =
			measured.length === 1
				? `${ratio!.toFixed(2)}× (${Math.round(measured[0]!.wf)} vs ${Math.round(measured[0]!.bare)} deliveries/s)`
				: `median ${ratio?.toFixed(2)}× of ${measured.length} rounds, each against its own bare relay (${measured.map((m) => m.ratio.toFixed(2)).join(', ')})`;
		list.push({
			target: `${target}, ${at} screens${suffix}`,
			measured: ratio === null ? 'not measured' : text,
			goal: `≥ ${goal}×`,
			ratio: ratio === null ? null : r2(ratio / goal),
			met: ratio === null ? null : ratio >= goal
		});
	};
	againstBare('single', 'fan-out vs bare relay', TARGETS.fanoutVsBare);
	againstBare('mixed', `mixed commands (log entries, violations, deliveries; ${NATIONS.length} nations + cell) vs bare relay`, TARGETS.mixedVsBare);
	// Over several rounds, the round with the median p99 (of an even count, the higher of the two).
	const medianRow = (name: string) => {
		const measured = rows.filter((r) => r.case === name && r.screens === at && r.p99 !== null).sort((a, b) => a.p99! - b.p99!);
		return measured[measured.length >> 1];
	};
	const lat = medianRow(`latency ${RATE}/s`);
	// What the same machine does with no Watchfloor at all: when the bare relay misses the goal too, the machine sets the figure.
	const bareLat = medianRow(`bare latency ${RATE}/s`);
	const context = [
		`last screen p99 ${lat?.allScreensP99 ?? '–'} ms`,
		...(bareLat?.p99 != null ? [`bare relay p99 ${bareLat.p99} ms`] : []),
		...(lat?.machineBusy != null ? [`machine ${lat.machineBusy}% of ${machineInfo().cores * 100}% busy`] : [])
	].join('; ');
	list.push({
		target: `p99 command → screen at ${RATE} cmds/s, ${at} screens${suffix}`,
		measured: lat?.p99 == null ? 'not measured' : `${lat.p99} ms (${context})`,
		goal: `≤ ${TARGETS.p99Ms} ms`,
		ratio: lat?.p99 == null ? null : r2(TARGETS.p99Ms / lat.p99),
		met: lat?.p99 == null ? null : lat.p99 <= TARGETS.p99Ms
	});
	list.push({
		target: `snapshot p95 with ${snapshotOutcome?.records ?? SNAPSHOT_RECORDS} records (log entries, violations, pledges, deliveries, fortifications)`,
		measured: snapshotOutcome?.p95 == null ? 'not measured' : `${r1(snapshotOutcome.p95)} ms`,
		goal: `≤ ${TARGETS.snapshotP95Ms} ms`,
		ratio: snapshotOutcome?.p95 == null ? null : r2(TARGETS.snapshotP95Ms / snapshotOutcome.p95),
		met: snapshotOutcome?.p95 == null ? null : snapshotOutcome.p95 <= TARGETS.snapshotP95Ms
	});
	const nodes = rows.filter((r) => r.case.startsWith('cluster node') && r.nodes === 2 && r.vsSingle !== null);
	const clusterAt = nodes.filter((r) => Math.abs(r.screens * 2 - at) <= 1);
	const worst = clusterAt.length ? Math.min(...clusterAt.map((r) => r.vsSingle!)) : null;
	list.push({
		target: `two nodes: per-node throughput vs single node, ${at} screens${suffix}`,
		measured: worst === null ? 'not measured' : clusterAt.map((r) => `${r.case.replace('cluster ', '').replace(' (cmds)', '')} ${r.vsSingle}×`).join(', '),
		goal: `≥ ${TARGETS.clusterPerNode}× per node`,
		ratio: worst === null ? null : r2(worst / TARGETS.clusterPerNode),
		met: worst === null ? null : worst >= TARGETS.clusterPerNode
	});
	const { noFlood, flood, resumeFlood } = rateLimitOutcome ?? {};
	if (noFlood && flood) {
		const accepted = flood.commandsPerSecond[FLOODER] ?? 0;
		const limited = flood.errorsPerJob[FLOODER]?.rate_limited ?? 0;
		const before = noFlood.latency.p99 ?? 0;
		const after = flood.latency.p99 ?? 0;
		const bound = floodP99Bound(before);
		const cutOff = limited > 0 && accepted <= DEFAULT_LIMIT * TARGETS.floodAcceptedFactor;
		list.push({
			target: `rate limit: flooder cut off at ${DEFAULT_LIMIT}/s, screens' p99 close to no-flood (${RATE_LIMIT_SCREENS} screens)`,
			measured: `flooder accepted ${accepted.toFixed(1)}/s, ${Math.round(limited / flood.windowSeconds)}/s rate_limited; p99 ${r1(after)} ms vs ${r1(before)} ms`,
			goal: `≤ ${DEFAULT_LIMIT * TARGETS.floodAcceptedFactor}/s accepted; p99 ≤ max(${TARGETS.floodP99Factor}×, +${TARGETS.floodP99SlackMs} ms)`,
			ratio: after > 0 ? r2(bound / after) : null,
			met: cutOff && after <= bound
		});
	}
	if (resumeFlood) {
		const before = resumeFlood.noFloodP99 ?? 0;
		const after = resumeFlood.p99 ?? 0;
		const bound = Math.min(floodP99Bound(before), TARGETS.resumeFloodP99Ms);
		const refused = resumeFlood.refusedPerSecond > 0;
		list.push({
			target: `rate limit: resume flood (${RESUME_FLOOD_SOCKETS} sockets × ${RESUME_FLOOD_RATE}/s) refused, screens' p99 close to no-flood (${RATE_LIMIT_SCREENS} screens)`,
			measured: `${Math.round(resumeFlood.sentPerSecond)}/s sent, ${Math.round(resumeFlood.refusedPerSecond)}/s rate_limited, ${resumeFlood.serverDisconnects} server disconnects in ${Math.round(resumeFlood.windowSeconds)} s; p99 ${resumeFlood.p99} ms vs ${resumeFlood.noFloodP99} ms`,
			goal: `refused; p99 ≤ max(${TARGETS.floodP99Factor}×, +${TARGETS.floodP99SlackMs} ms) and < ${TARGETS.resumeFloodP99Ms} ms`,
			ratio: after > 0 ? r2(bound / after) : null,
			met: refused && after <= bound
		});
	}
	return list;
}

function table(headers: string[], body: (string | number | null)[][], alignLeft: number[] = [0]): string {
	const cells = body.map((r) => r.map((c) => (c === null || c === undefined ? '–' : String(c))));
	const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
	const line = (r: string[]) => r.map((c, i) => (alignLeft.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
	return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

function render(meta: ReturnType<typeof machineInfo>, date: string, durationS: number): string {
	const out: string[] = [];
	out.push(`Watchfloor bench — ${date}`);
	out.push(`machine: ${meta.cores} cores (${meta.cpuModel}), ${meta.memoryGiB} GiB, Node ${meta.node}, ${meta.os}; load average at start ${meta.loadAverage.join(' ')}`);
	if (source) out.push(`code: commit ${source.commit} + ${source.changedFiles} uncommitted changes in the work tree, build of ${source.buildTime}`);
	out.push(`settings: ${SECONDS} s per phase (+${WARMUP} s warm-up), screens ${SCREENS.join(', ')}, window ${WINDOW}, steady ${RATE} cmds/s, valve ${VALVE} commands of deliveries, ${NATIONS.length} nations; run took ${Math.round(durationS)} s`);
	out.push('');
	out.push(
		table(
			['case', 'screens', 'cmds/s', 'deliv/s', '×bare', '×single', 'p50 ms', 'p99 ms', 'max ms', 'last p99', 'srv CPU%', 'srv RSS MB', 'clients CPU%', 'pg+redis CPU%', 'other CPU%', 'machine CPU%', 'notes'],
			rows.map((r) => [r.case, r.screens, r.cmdsPerSecond, r.deliveriesPerSecond, r.vsBare, r.vsSingle, r.p50, r.p99, r.max, r.allScreensP99, r.serverCpu, r.serverRssMB, r.clientsCpu, r.pgRedisCpu, r.otherCpu, r.machineBusy, r.notes]),
			[0, 16]
		)
	);
	out.push('');
	out.push('CPU% is percent of one core (machine max = cores × 100); "other" is everything not started by the bench (other builds and tests on this machine).');
	out.push('deliv/s = deltas received per second by all screens together.');
	out.push('latency = command sent → delta received on a screen, over every delivery; "last p99" = until the last screen had it.');
	out.push('');
	const v = verdicts();
	out.push(
		table(
			['target', 'measured', 'goal', 'ratio to target', 'verdict'],
			v.map((x) => [x.target, x.measured, x.goal, x.ratio === null ? null : `${x.ratio}`, x.met === null ? 'n/a' : x.met ? 'MET' : 'MISSED']),
			[0, 1, 2]
		)
	);
	out.push('ratio to target: > 1 is better than the target, < 1 short of it.');
	return out.join('\n');
}

// ───────────────────────────── main ─────────────────────────────

async function main() {
	const startedAt = new Date();
	const t0 = performance.now();
	if (SCREENS.length === 0) throw new Error('BENCH_SCREENS has no screen counts (e.g. "100,1000,3000")');

	const biggest = Math.max(...SCREENS, RATE_LIMIT_SCREENS);
	const limit = openFilesLimit();
	const needed = biggest + 512;
	if (limit < needed) {
		throw new Error(
			`The open-files limit is ${limit}, too low for ${biggest} sockets in one server process (needs about ${needed}).\n` +
				`Raise the hard limit (Node raises its soft limit to it), e.g. \`ulimit -Hn 65536; ulimit -n 65536\` before \`npm run bench\`, ` +
				`or lower BENCH_SCREENS. Screens are already spread over up to 4 worker processes.`
		);
	}
	const services = await probeServices();
	const missing = Object.entries(services).filter(([, s]) => !s.url);
	if (missing.length) throw new Error(`the bench needs PostgreSQL and Redis: ${missing.map(([n, s]) => `${n}: ${s.reason}`).join('; ')}`);

	log(`building if needed…`);
	await prepareBuild();
	source = sourceVersion();
	log(`measuring commit ${source.commit} with ${source.changedFiles} changed files, built ${source.buildTime}`);
	if (PROFILE_DIR) {
		mkdirSync(PROFILE_DIR, { recursive: true });
		log(`CPU profiles of every Watchfloor server go to ${PROFILE_DIR} (CPU.<date>.<time>.<pid>.….cpuprofile)`);
	}

	if (QUIET_WAIT_START > 0) {
		log(`waiting up to ${QUIET_WAIT_START} s for the machine to be quiet (≤ ${QUIET_CPU}% of a core busy)…`);
		const busy = await waitForQuiet(QUIET_WAIT_START, QUIET_CPU);
		log(busy <= QUIET_CPU ? `quiet (${Math.round(busy)}%)` : `still ${Math.round(busy)}% busy with other work: results will be contaminated (see "other CPU%")`);
	}
	const meta = machineInfo();
	run = { t0, startedAt, meta };
	const pool = await startPool(4, 2);
	try {
		const started = performance.now();
		accounts = await prepareAccounts([
			{ username: 'bench-wall', role: 'wall', nation: 'FRA' },
			{ username: 'bench-officer', role: 'officer', nation: 'FRA' },
			{ username: 'bench-flooder', role: 'officer', nation: 'FRA' },
			...Array.from({ length: RATE_LIMIT_OFFICERS }, (_, i) => ({ username: `bench-officer-${i + 1}`, role: 'officer', nation: 'FRA' })),
			...NATIONS.map((nation) => ({ username: `bench-partner-${nation.toLowerCase()}`, role: 'partner', nation }))
		]);
		log(`${accounts.cookies.size - 1} users (${NATIONS.length} partners) created with POST /api/v1/users and signed in, in ${((performance.now() - started) / 1000).toFixed(1)} s; every scenario runs on a copy of that database`);
		for (const n of SCREENS) {
			for (let round = 1; round <= ROUNDS; round++) {
				if (ROUNDS > 1) log(`round ${round} of ${ROUNDS} at ${n} screens`);
				fanoutRounds.set(n, [...(fanoutRounds.get(n) ?? []), {}]);
				if (CASES.has('bare')) await bareCases(pool, n);
				await singleCases(pool, n);
				await releasabilityCase(pool, n);
				await mixedCase(pool, n);
			}
			await clusterCase(pool, n);
		}
		await rateLimitCase(pool, RATE_LIMIT_SCREENS);
		await snapshotCase(pool);
	} finally {
		await pool.dispose();
		await cleanUpAll();
	}

	report(null);
}

/** Prints the table and writes the JSON: at the end, or with what was measured when interrupted. */
function report(interruptedBy: string | null): void {
	if (!run) return;
	const durationS = (performance.now() - run.t0) / 1000;
	const date = run.startedAt.toISOString();
	const meta = run.meta;
	const text = (interruptedBy ? `INTERRUPTED by ${interruptedBy}: partial results\n` : '') + render(meta, date, durationS);
	console.log(`\n${text}\n`);

	// BENCH_RESULTS: elsewhere than the tracked results/ (npm test's smoke writes to test-results/).
	const dir = process.env.BENCH_RESULTS ? path.resolve(process.env.BENCH_RESULTS) : fileURLToPath(new URL('./results/', import.meta.url));
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${date.replace(/[:]/g, '-').replace(/\..*/, '')}.json`);
	const json = {
		date,
		durationSeconds: Math.round(durationS),
		interruptedBy,
		machine: meta,
		source,
		settings: {
			seconds: SECONDS,
			warmupSeconds: WARMUP,
			screens: SCREENS,
			window: WINDOW,
			steadyRate: RATE,
			valveCommands: VALVE,
			nations: NATIONS,
			snapshotRecords: SNAPSHOT_RECORDS,
			snapshotConnects: SNAPSHOT_CONNECTS,
			rateLimitScreens: RATE_LIMIT_SCREENS,
			floodRate: FLOOD_RATE,
			resumeFlood: { user: RESUME_FLOODER, sockets: RESUME_FLOOD_SOCKETS, ratePerSocket: RESUME_FLOOD_RATE },
			cases: [...CASES],
			profileDir: PROFILE_DIR
		},
		targets: TARGETS,
		verdicts: verdicts(),
		rows,
		scenarios,
		table: text
	};
	writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
	console.log(`results: ${path.relative(process.cwd(), file)}`);
	if (PROFILE_DIR) {
		for (const s of scenarios) if (s.serverPids) console.log(`profile of ${s.name} (${s.screens} screens): pid ${Object.entries(s.serverPids).map(([k, v]) => `${k}=${v}`).join(', ')}`);
	}
	const failed = scenarios.filter((s) => s.error);
	if (failed.length) {
		console.error(`${failed.length} scenario(s) failed: ${failed.map((s) => `${s.name} @${s.screens}`).join(', ')}`);
		process.exitCode = 1;
	}
}

/** Set once the run has started measuring: what report() needs. */
let run: { t0: number; startedAt: Date; meta: ReturnType<typeof machineInfo> } | null = null;

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (interrupted) process.exit(130);
		interrupted = true;
		console.error(`\n[bench] ${signal}: cleaning up (databases, Redis keys, processes)…`);
		void cleanUpAll()
			.then(() => report(signal))
			.finally(() => process.exit(130));
	});
}

try {
	await main();
} catch (error) {
	console.error(`[bench] ${error instanceof Error ? error.message : error}`);
	await cleanUpAll();
	process.exitCode = 1;
}
// Sockets of the pool or a stuck server must not keep the bench alive.
setTimeout(() => process.exit(), 2000).unref();
