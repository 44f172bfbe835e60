import type { Server as HttpServer, RequestListener } from 'node:http';
import { Server as SocketServer } from 'socket.io';
import { viewerOf, type Actor, type Viewer } from '$lib/domain/identity/actor';
import type { WireRecord } from '$lib/domain/core/protocol';
import { presentFor } from '$lib/domain/core/references';
import { isLiveCollection } from '$lib/domain/core/collections';
import { AppError } from '$lib/domain/core/errors';
import { readConfig, type Config } from './config';
import { createLogger, type Logger } from './logger';
import { openDatabase, type Database } from './db/client';
import { EVENTS_CHANNEL, eventsAfter, lastSeq, logEpoch, type EventRow } from './events';
import type { LiveState } from './live/live-state';
import { createMemoryLiveState } from './live/memory';
import { createRedisLiveState } from './live/redis';
import { loadLiveImage } from './live/rebuild';
import { createMetrics, type Metrics } from './metrics';
import { createHttpServer, serveMetrics } from './http-server';
import { LogTailer } from './realtime/tailer';
import { eventDeltas } from './realtime/deltas';
import { SnapshotCache } from './realtime/snapshots';
import { CatchUps, RecentEvents, ReferenceIndex } from './realtime/catch-up';
import { DerivedData } from './realtime/derived';
import { serverSideChannel, shareRosterAcrossNodes } from './realtime/presence';
import { wireParser } from './realtime/wire-encoder';
import { coalesceBurstWrites } from './realtime/burst-writes';
import { sendToRooms } from './realtime/audience-writes';
import { setUpLiveNamespace, type LiveNamespace } from './realtime/live-namespace';
import { attachRedisAdapter } from './realtime/cluster';
import { guardAgainstSlowScreens } from './realtime/slow-screens';
import { Board, audienceOfViewer, type BoardDefinition, type KpiRecord } from './realtime/boards/board';
import { BOARDS } from './realtime/boards';
import { execute, type CommandInput, type CommandResult } from './commands/execute';
import { sessionTokenFromHeader } from './auth/sessions';
import { authenticateSession, authenticateToken, type Authenticated } from './auth/credentials';
import { createRateLimits, DEFAULT_RATE_LIMITS, type RateLimits } from './security/rate-limits';
import { ensureAdmin } from './auth/bootstrap';
import { seedExerciseScenario, startSimulator } from './seed/exercise-scenario';
import { rollupsIfMissing } from './rollups';

export interface Runtime {
	readonly config: Config;
	readonly logger: Logger;
	readonly database: Database;
	readonly live: LiveState;
	readonly tailer: LogTailer;
	readonly metrics: Metrics;
	readonly epoch: string;
	readonly rateLimits: RateLimits;
	execute(actor: Actor | null, command: CommandInput): Promise<CommandResult>;
	/** A session cookie value or a bearer token secret → who it is; null when neither is valid. */
	authenticate(credentials: { session?: string | null; bearer?: string | null }): Promise<Authenticated | null>;
	/** A board's KPIs over what this viewer may see (the ceasefire's include each sector's status); null for strangers. */
	kpis<Figures extends object>(viewer: Viewer, board: BoardDefinition<Figures>): KpiRecord<Figures> | null;
	/** Drops the live sockets in these rooms on every node (ended sessions, revoked tokens). */
	disconnect(rooms: string[]): void;
	/** Production's HTTP server (server.ts), with the configured time limits on requests. */
	createHttpServer(listener: RequestListener): HttpServer;
	/** Starts the Prometheus listener (METRICS_HOST:METRICS_PORT); resolves once it listens. */
	serveMetrics(): Promise<HttpServer>;
	/** Puts Socket.IO on the HTTP server (production's server.ts, or vite dev). */
	attach(httpServer: HttpServer): Promise<void>;
	readiness(): Promise<{ ready: boolean; checks: Record<string, string> }>;
	/** Stops taking commands, tells screens to reconnect elsewhere, closes connections. */
	shutdown(): Promise<void>;
}

const SAFETY_POLL_MS = 1000;
const REPAIR_RETRY_MS = 1000;
const DRAIN_MS = 5000;
const KPI_CLOCK_MS = 60_000;
const PUBLISH_WAIT_MS = 2000;
const FLUSH_MS = 1000;

/** Brings live state level with the log: rebuilt when empty, from another log epoch, or behind. */
async function ensureLiveState(database: Database, live: LiveState, epoch: string, logger: Logger): Promise<number> {
	const [position, logSeq] = await Promise.all([live.position(), lastSeq(database.db)]);
	if (position && position.epoch === epoch && position.seq >= logSeq) return position.seq;
	return rebuildLiveState(database, live, epoch, logger, position);
}

async function rebuildLiveState(database: Database, live: LiveState, epoch: string, logger: Logger, was?: unknown): Promise<number> {
	const image = await loadLiveImage(database.db, epoch);
	await live.replace(image);
	logger.info({ seq: image.seq, was }, 'rebuilt live state from the database');
	return image.seq;
}

export async function createRuntime(config: Config): Promise<Runtime> {
	const logger = createLogger(config.logLevel);
	const metrics = createMetrics();
	const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
	const epoch = await logEpoch(database.db);
	const live = config.redisUrl
		? await createRedisLiveState({ url: config.redisUrl, prefix: config.redisPrefix, onError: everyFewSeconds((err) => logger.warn({ err }, 'live state: redis connection error')) })
		: createMemoryLiveState();
	const cursor = await ensureLiveState(database, live, epoch, logger);
	const tailer = new LogTailer(database.logReader, live, logger, cursor);
	const image = await live.snapshot();
	const boards = BOARDS.map((definition) => new Board(definition, image));
	const references = new ReferenceIndex();
	references.load(image);
	const recent = new RecentEvents(config.replayWindow, cursor);
	recent.prefill(await eventsAfter(database.logReader, Math.max(0, cursor - config.replayWindow), config.replayWindow, cursor + 1), cursor);
	// The boards, the references and the recent events follow every event, and the boards the clock,
	// screens or not; screens get them once Socket.IO is attached.
	const derived = new DerivedData(tailer, boards, logger);
	let broadcast: (rows: readonly EventRow[]) => void = () => {};
	tailer.setSink((rows) => {
		references.apply(rows);
		recent.add(rows);
		broadcast(rows);
		if (boards.map((board) => board.apply(rows)).includes(true)) derived.schedule();
	});
	const kpiClock = setInterval(() => {
		const now = new Date();
		if (boards.map((board) => board.tick(now)).includes(true)) derived.schedule();
	}, KPI_CLOCK_MS).unref();
	let repairing: Promise<void> | null = null;
	tailer.onLiveFailure((error) => {
		if (repairing) return;
		logger.warn({ err: error }, 'live state missed events; screens stay live from the log, rebuilding it');
		repairing = (async () => {
			for (;;) {
				try {
					// Rebuilt whatever its position says (a failed batch may lie below the last one that got
					// through), under the tailer's lock so that no batch lands between reading the image and
					// writing it; the tailer applies batches again after that.
					await tailer.exclusive(async () => {
						await rebuildLiveState(database, live, epoch, logger);
						tailer.liveRebuilt();
					});
					// It may have failed again since the lock was released.
					if (!tailer.liveBroken) return;
				} catch {
					await new Promise((r) => setTimeout(r, REPAIR_RETRY_MS));
				}
			}
		})().finally(() => (repairing = null));
	});
	await database.listen(EVENTS_CHANNEL, () => tailer.poke());
	const safetyPoll = setInterval(() => tailer.poke(), SAFETY_POLL_MS).unref();
	const rateLimits = await createRateLimits(
		{ ...DEFAULT_RATE_LIMITS, commandsPerSecond: config.commandsPerSecond },
		config.redisUrl ? { url: config.redisUrl, prefix: config.redisPrefix } : undefined
	);

	let accepting = true;
	let inFlight = 0;
	let drained: (() => void) | null = null;
	let slowGuard: NodeJS.Timeout | undefined;
	let stopSimulator = () => {};
	let io: SocketServer | undefined;
	let closeAdapter = async () => {};
	let leaveCluster = () => {};
	const started = new Map<number, number>();

	const context = {
		db: database.db,
		// The log is read back rather than the committed rows taken as they are (a trial did: p50 fell
		// a little, p99 at 1,000 screens doubled): reading gathers several commands' events into one
		// batch, which each screen gets in one write.
		async published(seq: number, startedAt: number) {
			// Timed from arrival to broadcast by the tailer's sink; only while screens are attached. The
			// tailer may have broadcast it already (woken by NOTIFY or another commit): timed now, then.
			if (io) {
				if (tailer.cursor >= seq) metrics.commandToBroadcast.observe((performance.now() - startedAt) / 1000);
				else started.set(seq, startedAt);
			}
			tailer.poke();
			await tailer.waitFor(seq, PUBLISH_WAIT_MS);
		},
		observe(type: string, outcome: 'ok' | 'replayed' | 'error') {
			metrics.commands.inc({ type, outcome });
		},
		disconnect: (rooms: string[]) => runtime.disconnect(rooms),
		present: (actor: Actor, collection: string, record: WireRecord) => presentFor(viewerOf(actor), collection, record, references.releasabilityOf)
	};

	const runtime: Runtime = {
		config,
		logger,
		database,
		live,
		tailer,
		metrics,
		epoch,
		rateLimits,
		async execute(actor, command) {
			if (!accepting) throw new AppError('unavailable', 'The server is shutting down; retry in a moment');
			inFlight++;
			try {
				if (actor && actor.kind !== 'system') await rateLimits.command(actor.id);
				return await execute(context, actor, command);
			} finally {
				if (--inFlight === 0) drained?.();
			}
		},
		async authenticate({ session, bearer }) {
			if (bearer) return authenticateToken(database.db, bearer);
			return session ? authenticateSession(database.db, session) : null;
		},
		kpis<Figures extends object>(viewer: Viewer, definition: BoardDefinition<Figures>) {
			const audience = audienceOfViewer(viewer);
			const board = boards.find((b) => b.id === definition.id) as Board<Figures> | undefined;
			return audience && board ? board.kpisFor(audience) : null;
		},
		createHttpServer(listener) {
			return createHttpServer(config.httpLimits, { logger, metrics }, listener);
		},
		serveMetrics() {
			return serveMetrics(config.metrics, config.httpLimits, { logger, metrics });
		},
		disconnect(rooms) {
			io?.of('/live').in(rooms).disconnectSockets(true);
		},
		async attach(httpServer) {
			io = new SocketServer(httpServer, {
				serveClient: false,
				parser: wireParser,
				// Commands are small JSON; anything bigger is a mistake or an attack.
				maxHttpBufferSize: 64 * 1024,
				// Same origin only: no CORS headers. The origin check below guards cookie-authenticated handshakes.
				allowRequest: (req, callback) => callback(null, sameOrigin(req.headers.origin, req.headers.host))
			});
			coalesceBurstWrites(io);
			if (config.redisUrl) closeAdapter = await attachRedisAdapter(io, config.redisUrl, config.redisPrefix, logger);
			const nsp = io.of('/live') as unknown as LiveNamespace;
			setUpLiveNamespace(nsp, {
				db: database.logReader,
				snapshots: new SnapshotCache(live, recent, references.releasabilityOf),
				catchUps: new CatchUps(recent, references.releasabilityOf),
				releasabilityOf: references.releasabilityOf,
				limitResume: (socketId, actorKey) => rateLimits.resume(socketId, actorKey),
				limitView: (socketId) => rateLimits.view(socketId),
				tailer,
				epoch: () => epoch,
				logger,
				metrics,
				authenticate: ({ cookie, token }) => runtime.authenticate({ session: sessionTokenFromHeader(cookie), bearer: token }),
				execute: (actor, command) => runtime.execute(actor, command),
				derived
			});
			derived.attach(nsp);
			if (config.redisUrl) leaveCluster = shareRosterAcrossNodes(derived.roster, serverSideChannel(nsp), logger);
			tailer.onStaleChange((stale) => nsp.local.emit('status', { stale }));
			slowGuard = guardAgainstSlowScreens(nsp, config.slowScreens, () => metrics.slowScreensDropped.inc());
			broadcast = (rows) => {
				sendToRooms(nsp, eventDeltas(rows, references.releasabilityOf));
				metrics.eventsBroadcast.inc(rows.filter((row) => isLiveCollection(row.collection)).length);
				const now = performance.now();
				for (const row of rows) {
					const begun = started.get(row.seq);
					if (begun === undefined) continue;
					metrics.commandToBroadcast.observe((now - begun) / 1000);
					started.delete(row.seq);
				}
			};
		},
		async readiness() {
			const checks: Record<string, string> = {};
			const probe = async (name: string, check: () => Promise<void>) => {
				try {
					await withTimeout(check(), 2000);
					checks[name] = 'ok';
				} catch (error) {
					checks[name] = error instanceof Error ? error.message : 'unreachable';
				}
			};
			await Promise.all([
				probe('database', () => database.ping()),
				probe('live', async () => {
					await live.ping();
					// Reachable, but missing events until it is rebuilt from the log.
					if (tailer.liveBroken) throw new Error('being rebuilt from the database');
				})
			]);
			return { ready: accepting && Object.values(checks).every((c) => c === 'ok'), checks };
		},
		async shutdown() {
			accepting = false;
			stopSimulator();
			clearInterval(safetyPoll);
			// Commands already taken finish and are acknowledged before anything closes.
			if (inFlight > 0) await withTimeout(new Promise<void>((resolve) => (drained = resolve)), DRAIN_MS).catch(() => {});
			clearInterval(slowGuard);
			clearInterval(kpiClock);
			// A publication pending after the last write would find the database closed.
			derived.stop();
			leaveCluster();
			if (io) {
				// This process's screens only: through the cluster adapter it would send every node's screens away.
				const nsp = io.of('/live');
				nsp.local.emit('reconnect', { reason: 'server shutting down' });
				// io.close() discards what a connection still has queued: let the notice leave first (bounded).
				await withTimeout(Promise.all([...nsp.sockets.values()].map((socket) => flushed(socket.conn))), FLUSH_MS).catch(() => {});
				await new Promise<void>((resolve) => io!.close(() => resolve()));
				await closeAdapter();
			}
			// What screens were sent reaches live state before Redis closes.
			await tailer.stop();
			await rateLimits.close();
			await live.close();
			await database.close();
		}
	};

	const run = (actor: Actor, command: CommandInput) => runtime.execute(actor, command);
	await ensureAdmin(database.db, run, { password: config.adminPassword, nation: 'FRA', logger });
	const demo = config.demo === 'on' || (config.demo === 'auto' && database.kind === 'pglite');
	const rebuilt = await rollupsIfMissing(database.db);
	if (rebuilt) logger.info(rebuilt, 'computed the trend rollups from the event log');
	if (demo && (await seedExerciseScenario(database.db, run))) logger.info('seeded the fictional exercise scenario (WATCHFLOOR_DEMO=off to start empty)');
	if (demo && config.simulateSeconds > 0) {
		stopSimulator = startSimulator(database.db, run, config.simulateSeconds * 1000, (err) => logger.warn({ err }, 'exercise simulator: a command failed'));
	}
	return runtime;
}

/** A reconnecting client reports every failed attempt; the log needs one line now and then. */
function everyFewSeconds<T>(report: (value: T) => void, intervalMs = 5000): (value: T) => void {
	let last = 0;
	return (value) => {
		const now = Date.now();
		if (now - last < intervalMs) return;
		last = now;
		report(value);
	};
}

function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
	// Non-browser clients send no Origin; browsers always do on WebSocket and CORS requests.
	if (!origin) return true;
	try {
		return new URL(origin).host === host;
	} catch {
		return false;
	}
}

/** Resolves once an engine.io connection has handed its queued packets to its transport, or closed. */
function flushed(conn: unknown): Promise<void> {
	const c = conn as { writeBuffer?: unknown[]; readyState?: string; once(event: 'drain' | 'close', listener: () => void): void };
	if (!c.writeBuffer?.length || c.readyState === 'closed') return Promise.resolve();
	return new Promise((resolve) => {
		c.once('drain', resolve);
		c.once('close', resolve);
	});
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	return Promise.race([
		promise,
		new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())
	]);
}

const KEY = Symbol.for('watchfloor.runtime');
type Registry = typeof globalThis & { [KEY]?: Promise<Runtime> };

/**
 * The process-wide runtime. SvelteKit's bundle, server.ts and vite dev each load this module, so
 * the single instance lives on globalThis rather than in a module variable.
 */
export function getRuntime(): Promise<Runtime> {
	const registry = globalThis as Registry;
	return (registry[KEY] ??= createRuntime(readConfig()));
}
