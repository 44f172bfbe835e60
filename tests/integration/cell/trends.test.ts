import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CATEGORIES, CONFIRMED, type Violation } from '$lib/domain/ceasefire/violations';
import type { TrendDay } from '$lib/domain/cell/trends';
import { utcDay } from '$lib/domain/core/dates';
import type { Unit } from '$lib/domain/forces/units';
import type { Delivery } from '$lib/domain/support/deliveries';
import type { Pledge } from '$lib/domain/support/pledges';
import { describeEachBackend } from '../../support/backends';
import { REPO_ROOT, baseEnv } from '../../support/build';
import { PLACES, REPORT_DEFAULTS, useServer, type CeasefireServer } from '../../support/ceasefire/server';
import { expectAnswer } from '../../support/http';

/**
 * Leadership's trends (DESIGN.md → Trends) against one production server per backend: after random
 * commands — reports and their verification, pledges and deliveries, units and readiness reports,
 * releasability widened and narrowed — `GET /api/v1/trends` gives, for the cell and for a partner,
 * what a recount of the records that viewer may read gives, day by day; and on Postgres the rollups
 * `npm run rollups:rebuild` recomputes from the event log are the rollups the writes kept.
 */

const OFFICER = 'tr-officer';
const DEU = 'tr-partner-deu';
const DAY = 86_400_000;
const day = (offset: number) => utcDay(new Date(Date.now() + offset * DAY));
const FROM = -12;

const releasability = fc.constantFrom<unknown>('cell', 'coalition', ['DEU'], ['POL'], ['DEU', 'POL']);
const command = fc.oneof(
	fc.record({ kind: fc.constant('report' as const), daysAgo: fc.integer({ min: 0, max: 10 }), category: fc.constantFrom(...CATEGORIES), releasableTo: releasability, verify: fc.boolean() }),
	fc.record({ kind: fc.constant('release report' as const), index: fc.nat(), releasableTo: releasability }),
	fc.record({ kind: fc.constant('pledge' as const), daysAgo: fc.integer({ min: 0, max: 20 }), cents: fc.integer({ min: 1, max: 100_000_000 }), releasableTo: releasability, deliveredDaysAgo: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }) }),
	fc.record({ kind: fc.constant('unit' as const), readiness: fc.constantFrom('C1', 'C2', 'C3', 'C5'), releasableTo: releasability }),
	fc.record({ kind: fc.constant('readiness' as const), index: fc.nat(), readiness: fc.constantFrom('C1', 'C4') })
);
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

describeEachBackend('trends on %s', (backendName) => {
	let server: CeasefireServer;
	const reports: string[] = [];
	const units: string[] = [];

	useServer(
		backendName,
		[
			{ username: OFFICER, role: 'officer' },
			{ username: DEU, role: 'partner', nation: 'DEU' }
		],
		async (started) => {
			server = started;
		}
	);

	const as = (username: string) => server.as(username);
	async function run(c: Command): Promise<void> {
		if (c.kind === 'report') {
			const observedAt = new Date(Date.now() - c.daysAgo * DAY - 60_000).toISOString();
			const made = await as(OFFICER).post('/api/v1/violations', { ...REPORT_DEFAULTS, ...PLACES.pokrovsk, observedAt, category: c.category, severity: 'low', releasableTo: c.releasableTo });
			expectAnswer(made, 201, 'a report');
			reports.push(made.body.id);
			if (c.verify) {
				for (const action of ['begin-verification', 'verify']) expectAnswer(await as(OFFICER).post(`/api/v1/violations/${made.body.id}/${action}`, { reason: 'trends' }), 200, action);
			}
		} else if (c.kind === 'release report' && reports.length) {
			await server.call(server.person(OFFICER).cookie, 'PATCH', `/api/v1/violations/${reports[c.index % reports.length]}`, { releasableTo: c.releasableTo });
		} else if (c.kind === 'pledge') {
			const pledge = await as(OFFICER).post('/api/v1/pledges', { donor: 'DEU', announcedOn: day(-c.daysAgo), measure: 'commitment', category: 'ammunition', item: 'trends', quantity: 10, valueEur: c.cents / 100, channel: 'stockpile', releasableTo: c.releasableTo });
			expectAnswer(pledge, 201, 'a pledge');
			if (c.deliveredDaysAgo !== undefined) {
				const deliveredOn = day(-Math.min(c.deliveredDaysAgo, c.daysAgo));
				expectAnswer(await as(OFFICER).post('/api/v1/deliveries', { pledgeId: pledge.body.id, quantity: 4, status: 'delivered', deliveredOn }), 201, 'a delivery');
			}
		} else if (c.kind === 'unit') {
			const unit = await as(OFFICER).post('/api/v1/units', { name: 'trends', nation: 'DEU', domain: 'land', sidc: '10031000151211000000', mission: 'training', readiness: c.readiness, releasableTo: c.releasableTo });
			expectAnswer(unit, 201, 'a unit');
			units.push(unit.body.id);
		} else if (c.kind === 'readiness' && units.length) {
			expectAnswer(await as(OFFICER).post(`/api/v1/units/${units[c.index % units.length]}/readiness`, { readiness: c.readiness, reason: 'trends' }), 200, 'a readiness report');
		}
	}

	/** Written from the contract, over the records this viewer's lists hold now. */
	async function recount(username: string): Promise<TrendDay[]> {
		const list = async <T>(path: string) => (await as(username).get(path)).body as T[];
		const [violations, pledges, deliveries, unitList] = await Promise.all([list<Violation>('/api/v1/violations?limit=20000'), list<Pledge>('/api/v1/pledges?limit=20000'), list<Delivery>('/api/v1/deliveries?limit=20000'), list<Unit>('/api/v1/units')]);
		const cents = (eur: number | null) => Math.round((eur ?? 0) * 100);
		const days: TrendDay[] = [];
		for (let offset = FROM; offset <= 0; offset++) {
			const date = day(offset);
			const observed = violations.filter((v) => v.observedAt.slice(0, 10) === date);
			const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, observed.filter((v) => v.category === c).length])) as TrendDay['violations']['byCategory'];
			const ready = unitList.filter((u) => u.readiness === 'C1' || u.readiness === 'C2').length;
			days.push({
				date,
				violations: { reported: observed.length, verified: observed.filter((v) => CONFIRMED.has(v.status)).length, byCategory },
				support: {
					pledgedEur: pledges.filter((p) => p.announcedOn <= date).reduce((sum, p) => sum + cents(p.valueEur), 0) / 100,
					deliveredEur: deliveries.filter((d) => d.status === 'delivered' && d.deliveredOn! <= date).reduce((sum, d) => sum + cents(d.valueEur), 0) / 100
				},
				// Every unit here was registered today: none existed at the end of an earlier day.
				forces: { readyShare: offset < 0 || unitList.length === 0 ? null : ready / unitList.length }
			});
		}
		return days;
	}

	const trendsOf = async (username: string) => {
		const answer = await as(username).get(`/api/v1/trends?from=${day(FROM)}&to=${day(0)}`);
		expectAnswer(answer, 200, `trends for ${username}`);
		return answer.body.days as TrendDay[];
	};

	it('gives the cell and a partner, day by day, what a recount of what each may read gives, after any commands', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(command, { minLength: 3, maxLength: 10 }), async (commands) => {
				for (const c of commands) await run(c);
				for (const username of [OFFICER, DEU]) expect(await trendsOf(username), `${username}'s trends`).toEqual(await recount(username));
			}),
			{ numRuns: 5 }
		);
		const cell = await trendsOf(OFFICER);
		expect(cell.some((d) => d.violations.reported > 0)).toBe(true);
		expect(cell.at(-1)!.support.pledgedEur).toBeGreaterThan(0);
	});

	it('answers one row a day as CSV, refuses a range the wrong way round, and a stranger', async () => {
		const csv = await as(DEU).get(`/api/v1/trends.csv?from=${day(-2)}&to=${day(0)}`);
		expectAnswer(csv, 200, 'trends.csv');
		expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(4);
		expect(csv.text.split('\r\n')[0]).toMatch(/^date,reported,verified,reported_artillery,/);
		const backwards = await as(OFFICER).get(`/api/v1/trends?from=${day(0)}&to=${day(-1)}`);
		expectAnswer(backwards, 400, 'from after to');
		expect(backwards.body.error.fields).toHaveProperty('from');
		expectAnswer(await server.call(undefined, 'GET', '/api/v1/trends'), 401, 'nobody signed in');
	});

	it('recomputes from the event log, with `npm run rollups:rebuild`, exactly the rollups the writes kept', async ({ skip }) => {
		// PGlite's files belong to the running server alone; the rebuild itself is the same code on both.
		if (!server.sql) skip('PGlite: one process at a time');
		const rows = () => server.sql!`select day::text, metric, key, releasable_key, value::text from rollups where value <> 0 order by 1, 2, 3, 4`;
		const kept = await rows();
		expect(kept.length).toBeGreaterThan(0);
		await server.sql!`update rollups set value = value + 1000`;
		const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'rollups:rebuild'], { cwd: REPO_ROOT, env: { ...baseEnv(), DATABASE_URL: server.backend.env.DATABASE_URL! } });
		expect(stdout).toMatch(/rollups rebuilt from \d+ events/);
		expect(await rows()).toEqual(kept);
		expect(await trendsOf(OFFICER)).toEqual(await recount(OFFICER));
	});
});
