import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Sector, SectorStatus } from '$lib/domain/ceasefire/sectors';
import { CATEGORIES, CONFIRMED, OPEN_INVESTIGATION, type Violation } from '$lib/domain/ceasefire/violations';
import type { TrendDay } from '$lib/domain/cell/trends';
import { utcDay } from '$lib/domain/core/dates';
import { DOMAINS, type Unit } from '$lib/domain/forces/units';
import { LINE_OF_CONTACT } from '$lib/server/seed/line-of-contact';
import type { Delivery } from '$lib/domain/support/deliveries';
import type { Pledge } from '$lib/domain/support/pledges';
import { describeEachBackend } from '../../support/backends';
import { REPO_ROOT, baseEnv } from '../../support/build';
import { PLACES, REPORT_DEFAULTS, useServer, type CeasefireServer } from '../../support/ceasefire/server';
import { expectAnswer } from '../../support/http';

/**
 * Leadership's trends (DESIGN.md → Trends) against one production server per backend: after random
 * commands — reports in sectors and outside, their verification or rejection, sectors' check-ins,
 * pledges and deliveries, units of every domain and readiness reports, releasability widened and
 * narrowed — `GET /api/v1/trends` gives, for the cell and for a partner, what a recount of the
 * records that viewer may read gives, day by day: in the contract's shape exactly by default, with
 * sector status and readiness by domain when asked; and on Postgres the rollups
 * `npm run rollups:rebuild` recomputes from the event log are the rollups the writes kept.
 */

const OFFICER = 'tr-officer';
const DEU = 'tr-partner-deu';
const DAY = 86_400_000;
const day = (offset: number) => utcDay(new Date(Date.now() + offset * DAY));
const FROM = -12;

const releasability = fc.constantFrom<unknown>('cell', 'coalition', ['DEU'], ['POL'], ['DEU', 'POL']);
/** The sectors, released in turn to the coalition, to DEU, to the cell and to POL: a partner of DEU sees some. */
const SECTOR_RELEASABILITY: unknown[] = ['coalition', ['DEU'], 'cell', ['POL']];
const command = fc.oneof(
	fc.record({
		kind: fc.constant('report' as const),
		daysAgo: fc.integer({ min: 0, max: 10 }),
		place: fc.constantFrom(...(Object.keys(PLACES) as (keyof typeof PLACES)[])),
		category: fc.constantFrom(...CATEGORIES),
		releasableTo: releasability,
		outcome: fc.constantFrom('open' as const, 'verify' as const, 'reject' as const)
	}),
	fc.record({ kind: fc.constant('check-in' as const), index: fc.nat() }),
	fc.record({ kind: fc.constant('release report' as const), index: fc.nat(), releasableTo: releasability }),
	fc.record({
		kind: fc.constant('pledge' as const),
		daysAgo: fc.integer({ min: 0, max: 20 }),
		cents: fc.integer({ min: 1, max: 100_000_000 }),
		releasableTo: releasability,
		deliveredDaysAgo: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
		/** Recorded as arrived, or dispatched and then stepped to arrived, or cancelled on its way. */
		arrival: fc.constantFrom('recorded' as const, 'stepped' as const, 'cancelled' as const)
	}),
	fc.record({ kind: fc.constant('unit' as const), domain: fc.constantFrom(...DOMAINS), readiness: fc.constantFrom('C1', 'C2', 'C3', 'C5'), releasableTo: releasability }),
	fc.record({ kind: fc.constant('readiness' as const), index: fc.nat(), readiness: fc.constantFrom('C1', 'C4') })
);
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;
/** Exercise context, friend, each domain's own symbol set. */
const SIDC = { land: '10031000151211000000', air: '10030100001101000000', sea: '10033000001201000000' } as const;

describeEachBackend('trends on %s', (backendName) => {
	let server: CeasefireServer;
	const reports: string[] = [];
	const units: string[] = [];
	/** The days each sector was checked in on (today, as the commands run). */
	const checkedIn = new Map<string, Set<string>>();

	useServer(
		backendName,
		[
			{ username: OFFICER, role: 'officer' },
			{ username: DEU, role: 'partner', nation: 'DEU' }
		],
		async (started) => {
			server = started;
			for (const [i, sector] of LINE_OF_CONTACT.entries()) {
				expectAnswer(await server.as(OFFICER).post('/api/v1/sectors', { ...sector, releasableTo: SECTOR_RELEASABILITY[i % SECTOR_RELEASABILITY.length] }), 201, `sector ${sector.id}`);
			}
		}
	);

	const as = (username: string) => server.as(username);
	async function run(c: Command): Promise<void> {
		if (c.kind === 'report') {
			const observedAt = new Date(Date.now() - c.daysAgo * DAY - 60_000).toISOString();
			const made = await as(OFFICER).post('/api/v1/violations', { ...REPORT_DEFAULTS, ...PLACES[c.place], observedAt, category: c.category, severity: 'low', releasableTo: c.releasableTo });
			expectAnswer(made, 201, 'a report');
			reports.push(made.body.id);
			if (c.outcome !== 'open') {
				for (const action of ['begin-verification', c.outcome]) expectAnswer(await as(OFFICER).post(`/api/v1/violations/${made.body.id}/${action}`, { reason: 'trends' }), 200, action);
			}
		} else if (c.kind === 'check-in') {
			const sector = LINE_OF_CONTACT[c.index % LINE_OF_CONTACT.length]!.id;
			expectAnswer(await as(OFFICER).post(`/api/v1/sectors/${sector}/check-in`, {}), 200, 'a check-in');
			checkedIn.set(sector, (checkedIn.get(sector) ?? new Set()).add(day(0)));
		} else if (c.kind === 'release report' && reports.length) {
			await server.call(server.person(OFFICER).cookie, 'PATCH', `/api/v1/violations/${reports[c.index % reports.length]}`, { releasableTo: c.releasableTo });
		} else if (c.kind === 'pledge') {
			const pledge = await as(OFFICER).post('/api/v1/pledges', { donor: 'DEU', announcedOn: day(-c.daysAgo), measure: 'commitment', category: 'ammunition', item: 'trends', quantity: 10, valueEur: c.cents / 100, channel: 'stockpile', releasableTo: c.releasableTo });
			expectAnswer(pledge, 201, 'a pledge');
			if (c.deliveredDaysAgo !== undefined) {
				const deliveredOn = day(-Math.min(c.deliveredDaysAgo, c.daysAgo));
				if (c.arrival === 'recorded') {
					expectAnswer(await as(OFFICER).post('/api/v1/deliveries', { pledgeId: pledge.body.id, quantity: 4, status: 'delivered', deliveredOn }), 201, 'a delivery');
				} else {
					const delivery = await as(OFFICER).post('/api/v1/deliveries', { pledgeId: pledge.body.id, quantity: 4, status: 'in-transit' });
					expectAnswer(delivery, 201, 'a delivery on its way');
					const [action, body] = c.arrival === 'stepped' ? ['deliver', { on: deliveredOn }] : ['cancel', { reason: 'trends' }];
					expectAnswer(await as(OFFICER).post(`/api/v1/deliveries/${delivery.body.id}/${action}`, body), 200, `a delivery's ${action}`);
				}
			}
		} else if (c.kind === 'unit') {
			const unit = await as(OFFICER).post('/api/v1/units', { name: 'trends', nation: 'DEU', domain: c.domain, sidc: SIDC[c.domain], mission: 'training', readiness: c.readiness, releasableTo: c.releasableTo });
			expectAnswer(unit, 201, 'a unit');
			units.push(unit.body.id);
		} else if (c.kind === 'readiness' && units.length) {
			expectAnswer(await as(OFFICER).post(`/api/v1/units/${units[c.index % units.length]}/readiness`, { readiness: c.readiness, reason: 'trends' }), 200, 'a readiness report');
		}
	}

	/**
	 * Written from the contract, over the records this viewer's lists hold now; with `breakdowns`, the
	 * sectors it may see, each day's status by the rule the README gives, and readiness by domain.
	 */
	async function recount(username: string, breakdowns = false): Promise<TrendDay[]> {
		const list = async <T>(path: string) => (await as(username).get(path)).body as T[];
		const [violations, pledges, deliveries, unitList, sectors] = await Promise.all([
			list<Violation>('/api/v1/violations?limit=20000'),
			list<Pledge>('/api/v1/pledges?limit=20000'),
			list<Delivery>('/api/v1/deliveries?limit=20000'),
			list<Unit>('/api/v1/units'),
			list<Sector>('/api/v1/sectors')
		]);
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
			if (!breakdowns) continue;
			const today = days.at(-1)!;
			const existing = offset < 0 ? [] : unitList;
			today.forces.byDomain = Object.fromEntries(
				DOMAINS.map((domain) => {
					const inDomain = existing.filter((u) => u.domain === domain);
					const readyIn = inDomain.filter((u) => u.readiness === 'C1' || u.readiness === 'C2').length;
					return [domain, { units: inDomain.length, ready: readyIn, readyShare: inDomain.length ? readyIn / inDomain.length : null }];
				})
			) as NonNullable<TrendDay['forces']['byDomain']>;
			const statuses = sectors.map((sector): SectorStatus => {
				const there = observed.filter((v) => v.sectorId === sector.id);
				if (there.some((v) => CONFIRMED.has(v.status))) return 'violated';
				if (there.some((v) => OPEN_INVESTIGATION.has(v.status))) return 'tense';
				return there.length || checkedIn.get(sector.id)?.has(date) ? 'holding' : 'unknown';
			});
			today.sectors = { holding: 0, tense: 0, violated: 0, unknown: 0 };
			for (const status of statuses) today.sectors[status]++;
		}
		return days;
	}

	const trendsOf = async (username: string, include = '') => {
		const answer = await as(username).get(`/api/v1/trends?from=${day(FROM)}&to=${day(0)}${include && `&include=${include}`}`);
		expectAnswer(answer, 200, `trends for ${username}`);
		return answer.body.days as TrendDay[];
	};

	it('gives the cell and a partner, day by day, what a recount of what each may read gives, after any commands', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(command, { minLength: 3, maxLength: 10 }), async (commands) => {
				for (const c of commands) await run(c);
				for (const username of [OFFICER, DEU]) {
					expect(await trendsOf(username), `${username}'s trends`).toEqual(await recount(username));
					expect(await trendsOf(username, 'sectors,domains'), `${username}'s trends with breakdowns`).toEqual(await recount(username, true));
				}
			}),
			{
				numRuns: 5,
				// One known sequence among the random ones, so every run reaches a verified report, deliveries recorded and stepped, and a unit.
				examples: [
					[
						[
							{ kind: 'report', daysAgo: 1, place: (Object.keys(PLACES) as (keyof typeof PLACES)[])[0]!, category: CATEGORIES[0], releasableTo: 'coalition', outcome: 'verify' },
							{ kind: 'pledge', daysAgo: 3, cents: 5_000_000, releasableTo: 'coalition', deliveredDaysAgo: 1, arrival: 'recorded' },
							{ kind: 'pledge', daysAgo: 4, cents: 3_000_000, releasableTo: ['DEU'], deliveredDaysAgo: 2, arrival: 'stepped' },
							{ kind: 'unit', domain: 'land', readiness: 'C1', releasableTo: ['DEU'] }
						]
					]
				]
			}
		);
		const cell = await trendsOf(OFFICER);
		expect(cell.some((d) => d.violations.reported > 0)).toBe(true);
		expect(cell.at(-1)!.support.pledgedEur).toBeGreaterThan(0);
		// The partner's sectors are those released to DEU: fewer than the cell's, and some.
		const sectorsOf = async (username: string) => Object.values((await trendsOf(username, 'sectors')).at(-1)!.sectors!).reduce((a, b) => a + b, 0);
		expect(await sectorsOf(OFFICER)).toBe(LINE_OF_CONTACT.length);
		expect(await sectorsOf(DEU)).toBe(LINE_OF_CONTACT.filter((_, i) => ['coalition', 'DEU'].includes(String(SECTOR_RELEASABILITY[i % SECTOR_RELEASABILITY.length]))).length);
	});

	it("answers in the contract's shape exactly unless breakdowns are asked for, each only when asked", async () => {
		const keysOf = (d: TrendDay) => ({ day: Object.keys(d).sort(), violations: Object.keys(d.violations).sort(), support: Object.keys(d.support).sort(), forces: Object.keys(d.forces).sort() });
		const contract = { day: ['date', 'forces', 'support', 'violations'], violations: ['byCategory', 'reported', 'verified'], support: ['deliveredEur', 'pledgedEur'], forces: ['readyShare'] };
		for (const d of await trendsOf(DEU)) expect(keysOf(d)).toEqual(contract);
		expect(keysOf((await trendsOf(DEU, 'domains'))[0]!)).toEqual({ ...contract, forces: ['byDomain', 'readyShare'] });
		expect(keysOf((await trendsOf(DEU, 'sectors'))[0]!)).toEqual({ ...contract, day: ['date', 'forces', 'sectors', 'support', 'violations'] });
		const unknown = await as(DEU).get(`/api/v1/trends?include=units`);
		expectAnswer(unknown, 400, 'an unknown breakdown');
		expect(unknown.body.error.fields).toHaveProperty('include');
	});

	it('answers one row a day as CSV, refuses a range the wrong way round, and a stranger', async () => {
		const csv = await as(DEU).get(`/api/v1/trends.csv?from=${day(-2)}&to=${day(0)}`);
		expectAnswer(csv, 200, 'trends.csv');
		expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(4);
		expect(csv.text.split('\r\n')[0]).toMatch(/^date,reported,verified,reported_artillery,.*,readyShare$/);
		const wide = await as(DEU).get(`/api/v1/trends.csv?from=${day(-2)}&to=${day(0)}&include=sectors,domains`);
		expectAnswer(wide, 200, 'trends.csv with breakdowns');
		expect(wide.text.split('\r\n')[0]).toMatch(/,readyShare,sectors_holding,sectors_tense,sectors_violated,sectors_unknown,readyShare_air,readyShare_sea,readyShare_land$/);
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
		expect(await trendsOf(DEU, 'sectors,domains')).toEqual(await recount(DEU, true));
	});
});
