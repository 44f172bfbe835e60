import type { Socket as NetSocket } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { beforeAll, describe, expect, inject, it, onTestFailed, onTestFinished } from 'vitest';
import { ADMIN_PASSWORD, availableBackends, createBackend, createTestDatabase, startRuntime, type BackendName } from '../support/backends';
import {
	CommandLedger,
	Drill,
	DrillScreen,
	eventually,
	expectExactlyOnce,
	flow,
	isErrorBody,
	readPostgres,
	readRecord,
	readThroughDb,
	sleep,
	type Outcome
} from '../support/drill';
import { ensureBuilt } from '../support/build';
import { getJson } from '../support/http';
import { metric, signIn, type ServerProcess } from '../support/server-process';
import { TcpProxy } from '../support/tcp-proxy';
import { ThrowawayRedis, redisServerAvailable } from '../support/throwaway-redis';
import { userWithSession } from '../support/users';

/**
 * Fault drills (issue #5): a service dies, a node is killed, the database goes away, a screen
 * goes offline or stops reading, the server is told to stop — each while commands flow. Each
 * drill ends with the same assertion (expectExactlyOnce): every acknowledged command is in the
 * record and on every screen exactly once, in order, with no gap; every other one was refused
 * with the error contract and never half-applied. Services are throwaway instances or sit behind
 * a proxy the test cuts, so nothing else on the machine is disturbed.
 */

const postgresUrl = inject('postgresUrl');
const redisUrl = inject('redisUrl');
/** The drills write as fast as the server accepts; the rate limit has its own tests. */
const FAST = { WATCHFLOOR_COMMANDS_PER_SECOND: '1000000' };
/** Drills that need no particular service run once, on the fullest backend this machine has. */
const preferred: BackendName = availableBackends().includes('postgres+redis') ? 'postgres+redis' : 'pglite+memory';

beforeAll(() => ensureBuilt(), 420_000);

/** Re-sends an unsettled command with the same key over the channel it first went through. */
const retryThrough = (ledger: CommandLedger, desk: DrillScreen, baseUrl: () => string, cookie: string) => async (o: Outcome) =>
	(o.via === 'socket' ? await ledger.viaSocket(desk.socket!, o.text, o.key) : await ledger.viaRest(baseUrl(), cookie, o.text, o.key)) ?? o;

/** One more command after the drill: once every screen shows it, each has had its chance to catch up. */
async function sentinel(ledger: CommandLedger, desk: DrillScreen, screens: DrillScreen[]): Promise<void> {
	const last = await ledger.viaSocket(desk.socket!, `${ledger.label}: sentinel`);
	expect(last, JSON.stringify(last)).toMatchObject({ answer: 'ok' });
	const ids = ledger.acknowledged.map((o) => o.record.id);
	await Promise.all(screens.map((s) => s.showsAll(ids, 'every acknowledged entry')));
}

/** /readyz's status, or 0 when the server does not answer at all. */
const ready = async (url: string) => (await getJson(`${url}/readyz`).catch(() => ({ status: 0 }))).status;

/**
 * How far a drill got, and when (printed after it, pass or fail); when it fails, what its servers
 * said, which is the first thing to read.
 */
function trace(name: string, servers: () => ServerProcess[]): (step: string) => void {
	const started = Date.now();
	const steps: string[] = [];
	onTestFinished(() => console.info(`[${name}] ${steps.join(' → ')}`));
	onTestFailed(() => {
		for (const server of servers()) console.error(`[server ${server.url}] output:\n${server.logs().slice(-6000)}`);
	});
	return (step) => void steps.push(`${step} ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

describe.skipIf(!postgresUrl || !redisServerAvailable())('drill: Redis dies and comes back while commands flow', () => {
	const drill = new Drill();

	it('keeps committing, keeps screens live from the log, rebuilds live state from Postgres, loses nothing', { timeout: 120_000 }, async () => {
		const step = trace('redis drill', () => drill.servers);
		const redis = await ThrowawayRedis.start();
		drill.afterwards(() => redis.stop().catch(() => {}));
		const database = await createTestDatabase(postgresUrl!);
		drill.afterwards(() => database.drop());
		const { url } = await drill.startServer({ DATABASE_URL: database.url, REDIS_URL: redis.url, ...FAST });
		step('server up');
		const cookie = await signIn(url, 'admin', ADMIN_PASSWORD);
		const [wall, desk] = await drill.openScreens(url, cookie, ['wall', 'desk']);

		const ledger = new CommandLedger('redis drill');
		const sockets = flow(() => ledger.viaSocket(desk.socket!), 6);
		const rest = flow(() => ledger.viaRest(url, cookie), 2);
		await eventually(() => ledger.acknowledged.length >= 30, '30 acknowledged commands before the kill');

		step('Redis killed');
		await redis.kill();
		const ackedAtKill = ledger.acknowledged.length;
		await eventually(async () => (await ready(url)) === 503, '/readyz to say not ready without Redis');
		// Commands keep being committed (Postgres is the record), and screens keep getting them from the log.
		await eventually(() => ledger.acknowledged.length >= ackedAtKill + 30, '30 more acknowledged commands while Redis is down');
		const duringOutage = ledger.acknowledged.slice(ackedAtKill).map((o) => o.record.id);
		await wall.showsAll(duringOutage, 'the entries acknowledged while Redis was down');
		expect(ledger.refused.filter((o) => o.error.code !== 'unavailable'), 'refusals while Redis is down').toEqual([]);

		step('Redis restarted');
		await redis.start();
		await eventually(async () => (await ready(url)) === 200, '/readyz to say ready once Redis is back', 20_000);
		step('ready again');
		const ackedAtReturn = ledger.acknowledged.length;
		await eventually(() => ledger.acknowledged.length >= ackedAtReturn + 30, '30 more acknowledged commands after Redis returned');
		await Promise.all([sockets.stop(), rest.stop()]);
		await ledger.retryUnsettled(retryThrough(ledger, desk, () => url, cookie));

		step('flows stopped');
		// Live state was rebuilt from Postgres: a NEW screen's snapshot holds every acknowledged entry.
		const [late] = await drill.openScreens(url, cookie, ['late']);
		const snapshot = late.snapshots[0]!;
		const inSnapshot = new Set(snapshot.data['log-entries']!.map((e) => e.id));
		const absent = ledger.acknowledged.filter((o) => o.seq <= snapshot.seq && !inSnapshot.has(o.record.id));
		expect(absent.map((o) => `${o.text} (seq ${o.seq})`), `acknowledged entries missing from a new snapshot (seq ${snapshot.seq}) after Redis returned`).toEqual([]);

		await sentinel(ledger, desk, drill.screens);
		expect(wall.count('snapshot'), 'the wall stayed connected throughout: one snapshot').toBe(1);
		expect(wall.count('disconnect')).toBe(0);
		console.info(`[redis drill] ${ledger.acknowledged.length} acknowledged (${duringOutage.length} while Redis was down), ${ledger.refused.length} refused`);
		expectExactlyOnce(ledger, await readPostgres(database.url), drill.screens, { refusals: ['unavailable'] });
	});
});

describe.skipIf(!postgresUrl || !redisUrl)('drill: one node of two is SIGKILLed while commands flow on the other', () => {
	const drill = new Drill();

	it("resumes the dead node's screens on the survivor from their last seq: no gap, no duplicate", { timeout: 120_000 }, async () => {
		const step = trace('cluster drill', () => drill.servers);
		const backend = await createBackend('postgres+redis');
		drill.afterwards(() => backend.dispose());
		const env = { ...backend.env, ...FAST };
		// One after the other: the first migrates the empty database and creates the admin.
		const a = await drill.startServer(env);
		const b = await drill.startServer(env);
		step('both nodes up');
		const cookie = await signIn(b.url, 'admin', ADMIN_PASSWORD);
		const onA = await drill.openScreens(a.url, cookie, ['a1', 'a2', 'a3']);
		const [, desk] = await drill.openScreens(b.url, cookie, ['b1', 'desk']);

		const ledger = new CommandLedger('cluster drill');
		const sockets = flow(() => ledger.viaSocket(desk.socket!), 6);
		const rest = flow(() => ledger.viaRest(b.url, cookie), 2);
		await eventually(() => ledger.acknowledged.length >= 40, '40 acknowledged commands on B');
		await Promise.all(onA.map((s) => s.showsAll(ledger.acknowledged.slice(0, 30).map((o) => o.record.id), 'the first commands')));

		step('SIGKILL A');
		await a.stop('SIGKILL');
		await eventually(() => onA.every((s) => !s.connected), "A's screens to notice A is gone");
		// As behind a load balancer: each comes back on B at its own pace, while B keeps taking commands.
		const ackedAtKill = ledger.acknowledged.length;
		await Promise.all(
			onA.map(async (s, i) => {
				await sleep(150 * i);
				await s.resume(b.url);
			})
		);
		step("A's screens resumed on B");
		await eventually(() => ledger.acknowledged.length >= ackedAtKill + 40, '40 more acknowledged commands on B after the kill');
		await Promise.all([sockets.stop(), rest.stop()]);

		await sentinel(ledger, desk, drill.screens);
		for (const s of onA) {
			expect(s.count('snapshot'), `${s.name} resumed from its last seq, without a new snapshot`).toBe(1);
			expect(s.seen.filter((x) => x.kind === 'connect').map((x) => x.kind === 'connect' && x.resumedFrom !== null)).toEqual([false, true]);
		}
		console.info(`[cluster drill] ${ledger.acknowledged.length} acknowledged, ${ledger.refused.length} refused, ${ledger.lost.length} lost`);
		expectExactlyOnce(ledger, await readPostgres(backend.env.DATABASE_URL!), drill.screens, { refusals: [] });
	});
});

describe.skipIf(!postgresUrl)('drill: Postgres becomes unreachable (a proxy between server and database is cut)', () => {
	const drill = new Drill();

	it('answers 503 with the error body, says not ready, marks screens stale, and loses nothing once it is back', { timeout: 120_000 }, async () => {
		const step = trace('postgres drill', () => drill.servers);
		const database = await createTestDatabase(postgresUrl!);
		drill.afterwards(() => database.drop());
		const proxy = await TcpProxy.forUrl(postgresUrl!);
		drill.afterwards(() => proxy.close());
		const { url } = await drill.startServer({ DATABASE_URL: proxy.rewrite(database.url), ...FAST });
		step('server up');
		const cookie = await signIn(url, 'admin', ADMIN_PASSWORD);
		const [wall, desk] = await drill.openScreens(url, cookie, ['wall', 'desk']);

		const ledger = new CommandLedger('postgres drill');
		const sockets = flow(() => ledger.viaSocket(desk.socket!, undefined, undefined, 10_000), 3);
		const rest = flow(() => ledger.viaRest(url, cookie, undefined, undefined, 10_000), 2);
		await eventually(() => ledger.acknowledged.length >= 30, '30 acknowledged commands before the cut');
		await Promise.all([wall, desk].map((s) => s.showsAll(ledger.acknowledged.slice(0, 20).map((o) => o.record.id), 'the first commands')));

		step('cut');
		const cutAt = Date.now();
		await proxy.cut();
		await eventually(async () => (await ready(url)) === 503, '/readyz to say not ready (503)');
		const readiness = await getJson(`${url}/readyz`);
		expect(readiness.body).toMatchObject({ status: 'not ready', checks: { live: 'ok' } });
		await eventually(() => wall.statuses.includes(true) && desk.statuses.includes(true), 'a status {stale: true} on every screen');
		const refusedOver = (via: 'socket' | 'rest') => ledger.refused.filter((o) => o.via === via);
		await eventually(() => refusedOver('socket').length >= 3 && refusedOver('rest').length >= 3, 'writes over both channels to be refused');
		// What the screens show stays as it was: no new snapshot, no disconnection, nothing removed.
		const shownWhenStale = new Map([wall, desk].map((s) => [s, new Set(s.entries.keys())]));
		await sleep(1500);
		for (const s of [wall, desk]) {
			expect(s.connected, `${s.name} stays connected`).toBe(true);
			expect(s.count('snapshot'), `${s.name} keeps its state`).toBe(1);
			for (const id of shownWhenStale.get(s)!) expect(s.has(id)).toBe(true);
		}
		// Refused promptly: every write sent so far is answered while the database is still away. One
		// that waited for it to return would still be waiting here (and be given up on as lost).
		const awayUntil = Date.now();
		await eventually(() => ledger.settledBefore(awayUntil), 'an answer to every write sent while the database is away', 30_000);
		const sentWhileAway = ledger.outcomes.filter((o) => o.sentAt >= cutAt && o.sentAt < awayUntil);
		expect(sentWhileAway.filter((o) => o.answer === 'lost').map((o) => `${o.via} after ${o.answeredAt - o.sentAt} ms`), 'writes that got no answer while the database was away').toEqual([]);
		const refusalsDuringOutage = [...ledger.refused];

		step('restored');
		await proxy.restore();
		await eventually(async () => (await ready(url)) === 200, '/readyz to say ready again', 20_000);
		step('ready again');
		await eventually(() => [wall, desk].every((s) => s.statuses.at(-1) === false), 'a status {stale: false} on every screen');
		step('not stale');
		const ackedAtRestore = ledger.acknowledged.length;
		await eventually(() => ledger.acknowledged.length >= ackedAtRestore + 30, '30 acknowledged commands after the database returned');
		await Promise.all([sockets.stop(), rest.stop()]);

		step('flows stopped');
		// Refused while it was away: 503 over REST, 'unavailable' over the socket, with the error contract.
		expect(refusalsDuringOutage.length).toBeGreaterThan(0);
		for (const o of refusalsDuringOutage) {
			expect(isErrorBody(o.error), `${o.via} refusal: ${JSON.stringify(o.error)}`).toBe(true);
			expect(o.error.code, `${o.via} refusal: ${JSON.stringify(o.error)}`).toBe('unavailable');
			if (o.via === 'rest') expect(o.status).toBe(503);
		}
		// A client retries what was refused (or unanswered) with the same key: applied at most once.
		await ledger.retryUnsettled(retryThrough(ledger, desk, () => url, cookie));
		await sentinel(ledger, desk, drill.screens);
		expect(wall.statuses).toEqual([true, false]);
		const slowest = [...ledger.outcomes].sort((x, y) => y.answeredAt - y.sentAt - (x.answeredAt - x.sentAt)).slice(0, 3);
		console.info(
			`[postgres drill] ${ledger.acknowledged.length} acknowledged, ${refusalsDuringOutage.length} refused while it was away (then retried); slowest answers: ${slowest.map((o) => `${o.via} ${o.answer} ${o.answeredAt - o.sentAt} ms`).join(', ')}`
		);
		expectExactlyOnce(ledger, await readPostgres(database.url), drill.screens, { refusals: ['unavailable'], lostMayBeCommitted: true });
	});
});

describe(`drill: a screen offline while 500 events happen, then beyond the replay window (${preferred})`, () => {
	const SMALL_WINDOW = 50;
	const drill = new Drill();

	it('resumes with exactly the missed events, and with a snapshot once the gap exceeds the window', { timeout: 180_000 }, async () => {
		const step = trace('replay drill', () => drill.servers);
		const backend = await createBackend(preferred);
		drill.afterwards(() => backend.dispose());
		const first = await drill.startServer({ ...backend.env, ...FAST });
		step('server up');
		const cookie = await signIn(first.url, 'admin', ADMIN_PASSWORD);
		const [wall, roamer, ...desks] = await drill.openScreens(first.url, cookie, ['wall', 'roamer', 'desk1', 'desk2']);
		const ledger = new CommandLedger('replay drill');

		/** Exactly n commands, written as fast as the server takes them. */
		const writeMany = async (n: number) => {
			let budget = n;
			const before = ledger.acknowledged.length;
			const writers = desks.map((desk) =>
				flow(async () => {
					if (budget <= 0) return sleep(5);
					budget--;
					const o = await ledger.viaSocket(desk.socket!);
					if (o?.answer !== 'ok') throw new Error(`refused: ${JSON.stringify(o)}`);
				}, 8)
			);
			await eventually(() => ledger.acknowledged.length >= before + n, `${n} acknowledged commands`, 120_000);
			await Promise.all(writers.map((w) => w.stop()));
			return ledger.acknowledged.slice(before);
		};

		// Offline while 500 events happen: on resume, exactly those 500 deltas, in order, no snapshot.
		roamer.goOffline();
		const offlineAt = roamer.lastSeq;
		const missed = await writeMany(500);
		step('500 written');
		const seenBefore = roamer.seen.length;
		await roamer.resume();
		await roamer.showsAll(missed.map((o) => o.record.id), 'the 500 entries it missed');
		const replayed = roamer.seen.slice(seenBefore).flatMap((s) => (s.kind === 'delta' && s.delta.collection === 'log-entries' ? [s.delta] : []));
		expect(replayed.map((d) => d.seq), 'exactly the missed events, in order').toEqual(missed.map((o) => o.seq).sort((x, y) => x - y));
		expect(missed.every((o) => o.seq > offlineAt)).toBe(true);
		expect(roamer.count('snapshot'), 'resumed by replay, not a snapshot').toBe(1);
		expect(await metric(first.metricsUrl, 'watchfloor_resumes_total', { outcome: 'replayed' })).toBe(1);

		step('replayed');
		// The next server keeps a small replay window: a screen that misses more gets a fresh snapshot.
		await first.stop();
		const second = await drill.startServer({ ...backend.env, ...FAST, WATCHFLOOR_REPLAY_WINDOW: String(SMALL_WINDOW) });
		await Promise.all(drill.screens.map((s) => s.resume(second.url)));
		step('second server up');
		roamer.goOffline();
		const beyond = await writeMany(SMALL_WINDOW + 1);
		const seenBeforeSecond = roamer.seen.length;
		await roamer.resume();
		await eventually(() => roamer.count('snapshot') === 2, 'a fresh snapshot beyond the replay window');
		const afterResume = roamer.seen.slice(seenBeforeSecond).filter((s) => s.kind === 'snapshot' || s.kind === 'delta');
		expect(afterResume[0]?.kind, 'the snapshot comes first, no replayed delta before it').toBe('snapshot');
		const fresh = roamer.snapshots[1]!;
		const inFresh = new Set(fresh.data['log-entries']!.map((e) => e.id));
		for (const o of [...missed, ...beyond]) expect(inFresh.has(o.record.id), `${o.text} in the fresh snapshot`).toBe(true);
		expect(await metric(second.metricsUrl, 'watchfloor_resumes_total', { outcome: 'snapshot' })).toBe(1);

		step('snapshot beyond the window');
		await sentinel(ledger, desks[0]!, drill.screens);
		await second.stop();
		expectExactlyOnce(ledger, await readRecord(backend.env), drill.screens, { refusals: [] });
		for (const s of [wall, ...desks]) expect(s.count('snapshot'), `${s.name} resumed across the restart without a snapshot`).toBe(1);
	});
});

describe(`drill: SIGTERM while commands flow (${preferred})`, () => {
	const drill = new Drill();

	it('stops taking commands, finishes those in flight, tells screens to reconnect, exits 0; nothing half-done', { timeout: 120_000 }, async () => {
		const step = trace('sigterm drill', () => drill.servers);
		const backend = await createBackend(preferred);
		drill.afterwards(() => backend.dispose());
		const env = { ...backend.env, ...FAST };
		const first = await drill.startServer(env);
		step('first server up');
		const cookie = await signIn(first.url, 'admin', ADMIN_PASSWORD);
		const [, ...desks] = await drill.openScreens(first.url, cookie, ['wall', 'desk1', 'desk2', 'desk3']);

		const ledger = new CommandLedger('sigterm drill');
		const flows = [...desks.map((desk) => flow(() => ledger.viaSocket(desk.socket!), 3)), flow(() => ledger.viaRest(first.url, cookie, undefined, undefined, 10_000), 2)];
		await eventually(() => ledger.acknowledged.length >= 40, '40 acknowledged commands before SIGTERM');
		step('40 acknowledged; SIGTERM');

		const exit = new Promise<number | null>((resolve) => first.process.once('exit', (code) => resolve(code)));
		const termAt = Date.now();
		first.process.kill('SIGTERM');
		expect(await exit, `exit code; the server said:\n${first.logs().slice(-3000)}`).toBe(0);
		const exitMs = Date.now() - termAt;
		step(`exited with 0 after ${exitMs} ms`);
		await Promise.all(flows.map((f) => f.stop()));
		step('flows stopped');

		for (const s of drill.screens) {
			const reconnect = s.seen.findIndex((x) => x.kind === 'reconnect');
			const disconnect = s.seen.findIndex((x) => x.kind === 'disconnect');
			expect(reconnect, `${s.name} got the reconnect event`).toBeGreaterThanOrEqual(0);
			expect(reconnect, `${s.name}: reconnect before the disconnection`).toBeLessThan(disconnect);
		}
		// In flight: answered (ok, or refused as unavailable); after the stop began: refused, or never reached it.
		const counts = { ok: ledger.acknowledged.length, refused: ledger.refused.length, lost: ledger.lost.length };
		console.info(`[sigterm drill] exit 0 after ${exitMs} ms; ${JSON.stringify(counts)}; refusals: ${JSON.stringify([...new Set(ledger.refused.map((o) => `${o.via}:${o.status ?? ''}:${o.error?.code}`))])}`);
		for (const o of ledger.refused) if (o.via === 'rest') expect(o.status, JSON.stringify(o.error)).toBe(503);

		// The screens move to the next server and catch up from their last seq.
		const second = await drill.startServer(env);
		step('second server up');
		await Promise.all(drill.screens.map((s) => s.resume(second.url)));
		step('screens resumed');
		await sentinel(ledger, desks[0]!, drill.screens);
		step('sentinel everywhere');
		await second.stop();
		expect(second.process.exitCode).toBe(0);
		expectExactlyOnce(ledger, await readRecord(backend.env), drill.screens, { refusals: ['unavailable'] });
		for (const s of drill.screens) expect(s.count('snapshot'), `${s.name} resumed without a new snapshot`).toBe(1);
	});
});

describe(`drill: a partner floods resume from several sockets while officers' commands flow (${preferred})`, () => {
	const drill = new Drill();
	const FLOODERS = 5;
	const FLOOD_MS = 5000;

	/** Sockets of one partner sending `resume {lastSeq: 0}` every 20 ms, reconnecting as socket.io-client does by default when dropped. */
	function flood(url: string, cookie: string) {
		const sockets: Socket[] = Array.from({ length: FLOODERS }, () =>
			io(`${url}/live`, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie }, auth: { lastSeq: 0 } })
		);
		const stats = { sent: 0, refused: 0, disconnects: 0 };
		for (const socket of sockets) {
			socket.on('error', () => stats.refused++);
			socket.on('disconnect', () => stats.disconnects++);
		}
		const timer = setInterval(() => {
			for (const socket of sockets) {
				if (!socket.connected) continue;
				socket.emit('resume', { lastSeq: 0 });
				stats.sent++;
			}
		}, 20);
		return {
			stats,
			stop() {
				clearInterval(timer);
				for (const socket of sockets) socket.close();
			}
		};
	}

	it('keeps the cell screens within a second and /readyz at 200 during and after, loses nothing, and SIGTERM still stops the server', { timeout: 240_000 }, async () => {
		const step = trace('resume flood drill', () => drill.servers);
		const backend = await createBackend(preferred);
		drill.afterwards(() => backend.dispose());
		const server = await drill.startServer({ ...backend.env, ...FAST });
		const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
		const made = await fetch(`${server.url}/api/v1/users`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: admin },
			body: JSON.stringify({ username: 'flooder', password: 'flooder-password-123', role: 'partner', nation: 'DEU' })
		});
		expect(made.status).toBe(201);
		const partner = await signIn(server.url, 'flooder', 'flooder-password-123');

		// A log of some 9,500 events, as the review had: one import.
		const rows = Array.from({ length: 9500 }, (_, i) => `2026-11-${String(1 + (i % 28)).padStart(2, '0')},Battles,Armed clash,,Donetsk,Place ${i},48.${i % 100},37.${i % 97},0,Drill report ${i},`);
		const imported = await fetch(`${server.url}/api/v1/violations/import`, {
			method: 'POST',
			headers: { 'content-type': 'text/csv', cookie: admin },
			body: ['event_date,event_type,sub_event_type,actor1,admin1,location,latitude,longitude,fatalities,notes,source', ...rows].join('\n')
		});
		expect(imported.status, await imported.clone().text()).toBe(201);
		step('9,500 reports imported');

		const [wall, desk1, desk2] = await drill.openScreens(server.url, admin, ['wall', 'desk1', 'desk2']);
		const cellScreens = [wall, desk1, desk2];
		const arrivals = new Map<string, number>();
		for (const screen of cellScreens) {
			screen.socket!.on('delta', (delta: { id: string }) => {
				if (!arrivals.has(`${screen.name} ${delta.id}`)) arrivals.set(`${screen.name} ${delta.id}`, Date.now());
			});
		}
		const ledger = new CommandLedger('resume flood drill');
		// Officers at a steady 20 commands a second, from two desks.
		let turn = 0;
		const paced = setInterval(() => void ledger.viaSocket((turn++ % 2 ? desk1 : desk2).socket!), 50);
		const readiness: number[] = [];
		const probe = setInterval(() => void ready(server.url).then((status) => readiness.push(status)), 250);
		drill.afterwards(() => {
			clearInterval(paced);
			clearInterval(probe);
		});

		await sleep(1500);
		step('baseline');
		const flooding = flood(server.url, partner);
		await sleep(FLOOD_MS);
		flooding.stop();
		step(`flood over: ${JSON.stringify(flooding.stats)}`);
		await sleep(2000);
		clearInterval(paced);
		clearInterval(probe);
		await sentinel(ledger, desk1, cellScreens);
		step('sentinel everywhere');

		const latencies = ledger.acknowledged.flatMap((o) => cellScreens.map((s) => (arrivals.get(`${s.name} ${o.record.id}`) ?? Infinity) - o.sentAt)).sort((a, b) => a - b);
		const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
		console.info(`[resume flood drill] ${ledger.acknowledged.length} commands, command→screen p99 ${p99} ms; /readyz ${JSON.stringify([...new Set(readiness)])}; flood ${JSON.stringify(flooding.stats)}`);
		expect(flooding.stats.refused, 'the flood was refused').toBeGreaterThan(0);
		expect(p99, 'command→screen p99 on the cell screens').toBeLessThan(1000);
		expect(readiness.length).toBeGreaterThan(20);
		expect(new Set(readiness), '/readyz during and after the flood').toEqual(new Set([200]));
		expectExactlyOnce(ledger, await readRecord(backend.env), cellScreens);

		// Under another flood, SIGTERM still stops the server promptly and cleanly.
		const again = flood(server.url, partner);
		await sleep(1000);
		const exit = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
		const termAt = Date.now();
		server.process.kill('SIGTERM');
		const code = await Promise.race([exit, sleep(15_000).then(() => 'still running after 15 s')]);
		again.stop();
		step(`SIGTERM: ${code} after ${Date.now() - termAt} ms`);
		expect(code).toBe(0);
	});
});

describe(`drill: a slow screen that stops reading (${preferred}, in-process server)`, () => {
	// Low limits, so that a paused screen trips them within a few hundred deltas.
	const LIMITS = { WATCHFLOOR_SLOW_SCREEN_BYTES: String(256 * 1024), WATCHFLOOR_SLOW_SCREEN_MESSAGES: '50', WATCHFLOOR_SLOW_SCREEN_CHECK_MS: '200' };
	const drill = new Drill();

	it('is disconnected past the bound (metric counts it), is queued nothing more, and resumes with what it missed', { timeout: 150_000 }, async () => {
		const step = trace('slow drill', () => []);
		const backend = await createBackend(preferred);
		drill.afterwards(() => backend.dispose());
		const server = await startRuntime(backend, { ...FAST, ...LIMITS });
		drill.afterwards(() => server.close().catch(() => {}));
		const { runtime, url } = server;
		const officer = await userWithSession(runtime, 'officer1', 'officer');
		const [, slow, desk] = await drill.openScreens(url, officer.cookie, ['wall', 'slow', 'desk']);
		const dropped = async () => (await runtime.metrics.slowScreensDropped.get()).values[0]?.value ?? 0;
		const connected = async () => (await runtime.metrics.sockets.get()).values[0]?.value ?? 0;
		expect(await dropped()).toBe(0);
		expect(await connected()).toBe(3);

		// The screen's TCP socket stops reading: the kernel's buffers fill, then the server's.
		const transport = slow.socket!.io.engine.transport as unknown as { ws: { _socket: NetSocket } };
		const tcp = transport.ws._socket;
		const resumeReading = tcp.resume.bind(tcp);
		tcp.resume = () => tcp; // ws would resume it when its own buffers drain
		tcp.pause();
		const seenWhenPaused = slow.seen.length;
		step('paused');

		const ledger = new CommandLedger('slow drill');
		// Three bytes a character on the wire: the kernel's buffers (several MiB) fill with fewer commands.
		const padding = '語'.repeat(3800);
		const writers = flow(() => ledger.viaSocket(desk.socket!, `${ledger.nextText()} ${padding}`), 8);
		await eventually(async () => (await dropped()) >= 1, 'the server to drop the screen that stopped reading', 100_000, () => `${ledger.acknowledged.length} written`);
		const ackedAtDrop = ledger.acknowledged.length;
		step(`dropped after ${ackedAtDrop}`);
		expect(await connected(), 'the dropped screen no longer counts as connected').toBe(2);
		await eventually(() => ledger.acknowledged.length >= ackedAtDrop + 50, '50 more commands after the drop');
		await writers.stop();
		const afterDrop = new Set(ledger.acknowledged.slice(ackedAtDrop).map((o) => o.record.id));
		expect(slow.seen.length, 'nothing was read while paused').toBe(seenWhenPaused);

		// It reads again: what was queued before the drop arrives, then the disconnection; nothing written after the drop.
		tcp.resume = resumeReading;
		tcp.resume();
		await eventually(() => !slow.connected, 'the slow screen to learn it was disconnected');
		const queued = slow.seen.slice(seenWhenPaused).flatMap((s) => (s.kind === 'delta' ? [s.delta] : []));
		expect(queued.filter((d) => afterDrop.has(d.id)).length, 'deltas queued for it after it was dropped').toBe(0);
		console.info(`[slow drill] dropped after ${ackedAtDrop} commands (~${Math.round((ackedAtDrop * 11.5) / 1024)} MiB of deltas); ${queued.length} had been queued for it`);

		step('it read what was queued');
		await slow.resume();
		await sentinel(ledger, desk, drill.screens);
		step('resumed and caught up');
		expect(await dropped()).toBe(1);
		expectExactlyOnce(ledger, await readThroughDb(runtime.database.db), drill.screens, { refusals: [] });
	});
});
