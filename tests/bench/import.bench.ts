/**
 * `node --import tsx tests/bench/import.bench.ts`: the CSV import at its limit (10,000 rows),
 * against one production server. Not a test: nothing here asserts a time, it prints them.
 *
 * Settings (environment):
 *   BENCH_IMPORT_ROWS     rows in the file (default 10000, the import's limit)
 *   BENCH_IMPORT_BACKEND  postgres | pglite (default: postgres when reachable, else pglite)
 *   BENCH_BODY_SIZE_LIMIT passed to the server as BODY_SIZE_LIMIT (default: unset, i.e. the
 *                         server's 16M)
 *   BENCH_IMPORT_PROFILE  a directory: the server runs with `node --cpu-prof` and writes its profile
 *                         there on exit (summarize it with tests/bench/cpuprofile-top.ts)
 *
 * Prints: the file's size, the dry run's time, the commit's time (rows/s), when a cell screen
 * connected before the commit had every report's delta (and whether their seqs rose strictly),
 * and how long the imported reports take to list back.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LINE_OF_CONTACT, centreOf } from '$lib/server/seed/line-of-contact';
import { ADMIN_PASSWORD, createTestDatabase, deleteRedisPrefix } from '../support/backends';
import { Screen } from '../support/screen';
import { signIn, startServerProcess } from '../support/server-process';
import { probeServices } from '../support/services';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const HEADER = 'event_date,event_type,sub_event_type,actor1,admin1,location,latitude,longitude,fatalities,notes,source';
const KINDS = [
	['Explosions/Remote violence', 'Shelling/artillery/missile attack'],
	['Explosions/Remote violence', 'Air/drone strike'],
	['Battles', 'Armed clash'],
	['Strategic developments', 'Tank movement'],
	['Explosions/Remote violence', 'Remote explosive/landmine/IED']
];

/** A deterministic file: places spread over the sectors and behind the line, some deaths, dates over 90 days. */
function makeCsv(rows: number): string {
	const lines = [HEADER];
	const today = Date.now();
	for (let i = 0; i < rows; i++) {
		const sector = LINE_OF_CONTACT[i % LINE_OF_CONTACT.length]!;
		const { lat, lon } = centreOf(sector);
		const outside = i % 11 === 0;
		const [eventType, subEventType] = KINDS[i % KINDS.length]!;
		const date = new Date(today - (1 + (i % 90)) * 86_400_000).toISOString().slice(0, 10);
		const fatalities = i % 50 === 0 ? 6 : i % 13 === 0 ? 1 : 0;
		lines.push(
			[
				date,
				eventType,
				subEventType,
				'"Unidentified armed group"',
				'Donetsk',
				sector.name.replace(/[",]/g, ' '),
				(outside ? 50.45 : lat).toFixed(4),
				(outside ? 30.52 : lon).toFixed(4),
				fatalities,
				`"Bench row ${i}, imported"`,
				i % 3 === 0 ? 'UAV' : 'partner report'
			].join(',')
		);
	}
	return `${lines.join('\n')}\n`;
}

const ms = (start: number) => performance.now() - start;
const fmt = (n: number) => `${n.toFixed(0)} ms`;

async function main() {
	const services = await probeServices();
	const wanted = process.env.BENCH_IMPORT_BACKEND ?? (services.postgres.url && services.redis.url ? 'postgres' : 'pglite');
	const cleanups: (() => Promise<void>)[] = [];
	let env: Record<string, string>;
	if (wanted === 'postgres') {
		if (!services.postgres.url || !services.redis.url) throw new Error(`postgres backend wanted, but: ${services.postgres.reason}; ${services.redis.reason}`);
		const database = await createTestDatabase(services.postgres.url);
		const prefix = `wf_bench_import_${randomBytes(3).toString('hex')}:`;
		const redisUrl = services.redis.url;
		cleanups.push(() => database.drop(), () => deleteRedisPrefix(redisUrl, prefix));
		env = { DATABASE_URL: database.url, REDIS_URL: redisUrl, WATCHFLOOR_REDIS_PREFIX: prefix };
	} else {
		const dataDir = await mkdtemp(path.join(tmpdir(), 'wf-bench-import-'));
		cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
		env = { WATCHFLOOR_DATA_DIR: dataDir };
	}
	if (process.env.BENCH_BODY_SIZE_LIMIT) env.BODY_SIZE_LIMIT = process.env.BENCH_BODY_SIZE_LIMIT;

	console.log(`import bench: ${ROWS} rows, backend ${wanted}${env.BODY_SIZE_LIMIT ? `, BODY_SIZE_LIMIT=${env.BODY_SIZE_LIMIT}` : ''}`);
	const profileDir = process.env.BENCH_IMPORT_PROFILE;
	const server = await startServerProcess(env, profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] } : {});
	cleanups.unshift(() => server.stop());
	try {
		const cookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);
		for (const sector of LINE_OF_CONTACT) {
			const made = await fetch(`${server.url}/api/v1/sectors`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(sector) });
			if (made.status !== 201) throw new Error(`creating sector ${sector.id}: ${made.status} ${await made.text()}`);
		}
		const csv = makeCsv(ROWS);
		console.log(`file: ${(Buffer.byteLength(csv) / 1024).toFixed(0)} KiB`);
		const post = (query: string) => fetch(`${server.url}/api/v1/violations/import${query}`, { method: 'POST', headers: { cookie, 'content-type': 'text/csv' }, body: csv });

		const screen = new Screen(server.url, { cookie });
		cleanups.unshift(async () => screen.close());
		await screen.ready();
		const arrivals: { seq: number; at: number; collection: string }[] = [];
		screen.socket.on('delta', (delta: { seq: number; collection: string }) => arrivals.push({ seq: delta.seq, at: performance.now(), collection: delta.collection }));

		let start = performance.now();
		const dry = await post('?dryRun=true');
		const dryBody = await dry.text();
		const dryMs = ms(start);
		console.log(`dry run: ${dry.status} in ${fmt(dryMs)}${dry.status === 200 ? `, ${JSON.parse(dryBody).valid} valid rows` : `: ${dryBody.slice(0, 300)}`}`);

		start = performance.now();
		const commit = await post('');
		const commitBody = await commit.text();
		const commitMs = ms(start);
		console.log(`commit: ${commit.status} in ${fmt(commitMs)} (${((ROWS / commitMs) * 1000).toFixed(0)} rows/s)${commit.status === 201 ? '' : `: ${commitBody.slice(0, 300)}`}`);

		const count = (collection: string) => arrivals.filter((a) => a.collection === collection).length;
		await screen.until(() => count('violations') >= ROWS, `${ROWS} report deltas`, 120_000).catch((error: Error) => console.log(`WARNING: ${error.message}`));
		const rising = arrivals.every((a, i) => i === 0 || a.seq > arrivals[i - 1]!.seq);
		const last = arrivals.findLast((a) => a.collection === 'violations');
		console.log(
			`on screen: ${count('violations')} report, ${count('alerts')} alert, ${count('kpis')} KPI deltas; the last report ${last ? fmt(last.at - start) : '-'} after the commit was sent; seqs ${rising ? 'strictly rising' : 'NOT RISING'}`
		);

		start = performance.now();
		const list = await fetch(`${server.url}/api/v1/violations?limit=20000`, { headers: { cookie } });
		const listed = (await list.json()) as unknown[];
		console.log(`list back: ${listed.length} reports in ${fmt(ms(start))}`);
		if (commit.status === 201 && listed.length !== ROWS) console.log(`WARNING: ${ROWS} rows imported, ${listed.length} listed`);
		if (dry.status >= 500 || commit.status >= 500) console.log(`server log (tail):\n${server.logs().slice(-3000)}`);
	} finally {
		for (const cleanup of cleanups) await cleanup().catch((error) => console.error('cleanup failed:', error));
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	}
);
