import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Delivery } from '$lib/domain/support/deliveries';
import type { Pledge } from '$lib/domain/support/pledges';
import type { SupportKpis } from '$lib/domain/support/kpis';
import { describeEachBackend } from '../../support/backends';
import { expectBroadcastEqualsRecount, screenFigures } from '../../support/boards';
import { useServer, type CeasefireServer } from '../../support/ceasefire/server';
import { DAY_MS, day, DEU, OFFICER, OFFICER_AND_PARTNERS, POL } from '../../support/people';
import type { Screen } from '../../support/screen';

/**
 * `kpis.support` as screens receive it, against a recount of what each screen may see: after any
 * random sequence of commands (by the cell and by donor nations, over REST and the socket, legal or
 * refused), the cell's and a partner nation's broadcast figures equal a recount made here from the
 * lists the database gives that viewer and, on Postgres, from SQL over the tables themselves.
 */

const releasability = fc.constantFrom<unknown>('cell', 'coalition', ['DEU'], ['POL'], ['DEU', 'POL']);
const command = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('pledge' as const),
			by: fc.constantFrom(OFFICER, DEU, POL),
			donor: fc.constantFrom('DEU', 'POL', 'USA'),
			category: fc.constantFrom('ammunition', 'air-defence', 'financing'),
			quantity: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
			valueEur: fc.option(fc.integer({ min: 1, max: 10_000_000 }).map((c) => c / 100), { nil: undefined }),
			announced: fc.integer({ min: -400, max: -1 }),
			releasableTo: releasability
		})
	},
	{
		weight: 5,
		arbitrary: fc.record({
			kind: fc.constant('delivery' as const),
			by: fc.constantFrom(OFFICER, DEU, POL),
			pledge: fc.nat(),
			quantity: fc.integer({ min: 1, max: 8 }),
			share: fc.integer({ min: 1, max: 60 }),
			status: fc.constantFrom('planned', 'contracted', 'in-transit', 'delivered'),
			expected: fc.option(fc.integer({ min: -30, max: 30 }), { nil: undefined }),
			overSocket: fc.boolean()
		})
	},
	{
		weight: 4,
		arbitrary: fc.record({
			kind: fc.constant('step' as const),
			by: fc.constantFrom(OFFICER, DEU),
			delivery: fc.nat(),
			action: fc.constantFrom('contract', 'dispatch', 'deliver', 'cancel')
		})
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), pledge: fc.nat(), releasableTo: releasability }) }
);

type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

describeEachBackend('kpis.support against a recount on %s', (backendName) => {
	let server: CeasefireServer;
	let screens: { cell: Screen; deu: Screen };
	const pledges: Pledge[] = [];
	const deliveries: string[] = [];

	useServer(
		backendName,
		OFFICER_AND_PARTNERS,
		async (started) => {
			server = started;
			screens = { cell: await server.screen(OFFICER), deu: await server.screen(DEU) };
		}
	);

	async function run(c: Command): Promise<void> {
		if (c.kind === 'pledge') {
			const body = { donor: c.donor, announcedOn: day(c.announced), measure: 'commitment', category: c.category, item: 'recount', channel: 'stockpile', quantity: c.quantity, valueEur: c.valueEur, releasableTo: c.releasableTo };
			const answer = await server.as(c.by).post('/api/v1/pledges', body);
			if (answer.status === 201) pledges.push(answer.body as Pledge);
		} else if (c.kind === 'delivery' && pledges.length) {
			const p = pledges[c.pledge % pledges.length]!;
			const body = {
				pledgeId: p.id,
				...(p.quantity !== null ? { quantity: c.quantity } : { valueEur: Math.round((p.valueEur ?? 0) * c.share) / 100 }),
				status: c.status,
				...(c.expected !== undefined && { expectedOn: day(c.expected) })
			};
			const id = c.overSocket
				? await server.screen(c.by).then(async (s) => {
						const ack = await s.command('deliveries.create', body);
						s.close();
						return ack.ok ? ack.record.id : null;
					})
				: await server
						.as(c.by)
						.post('/api/v1/deliveries', body)
						.then((a) => (a.status === 201 ? (a.body.id as string) : null));
			if (id) deliveries.push(id);
		} else if (c.kind === 'step' && deliveries.length) {
			const id = deliveries[c.delivery % deliveries.length]!;
			await server.as(c.by).post(`/api/v1/deliveries/${id}/${c.action}`, { reason: 'recount test' });
		} else if (c.kind === 'release' && pledges.length) {
			const p = pledges[c.pledge % pledges.length]!;
			await server.call(server.person(OFFICER).cookie, 'PATCH', `/api/v1/pledges/${p.id}`, { releasableTo: c.releasableTo });
		}
	}

	/** Written here from the contract, not from the server's code: what a viewer's figures must be over what it may read. */
	async function recountFromLists(username: string): Promise<SupportKpis> {
		const visiblePledges = (await server.as(username).get('/api/v1/pledges?limit=20000')).body as Pledge[];
		const visibleDeliveries = (await server.as(username).get('/api/v1/deliveries?limit=20000')).body as Delivery[];
		const announced = new Map(visiblePledges.map((p) => [p.id, p.announcedOn]));
		const cents = (eur: number | null) => Math.round((eur ?? 0) * 100);
		const byDonor: Record<string, { pledgedEur: number; deliveredEur: number }> = {};
		const byCategory: Record<string, { pledgedEur: number; deliveredEur: number }> = {};
		const add = (into: typeof byDonor, key: string, pledged: number, delivered: number) => {
			const slot = (into[key] ??= { pledgedEur: 0, deliveredEur: 0 });
			slot.pledgedEur = (cents(slot.pledgedEur) + pledged) / 100;
			slot.deliveredEur = (cents(slot.deliveredEur) + delivered) / 100;
		};
		let pledged = 0;
		let delivered = 0;
		for (const p of visiblePledges) {
			pledged += cents(p.valueEur);
			add(byDonor, p.donor, cents(p.valueEur), 0);
			add(byCategory, p.category, cents(p.valueEur), 0);
		}
		const days: number[] = [];
		for (const d of visibleDeliveries.filter((x) => x.status === 'delivered')) {
			delivered += cents(d.valueEur);
			add(byDonor, d.donor, 0, cents(d.valueEur));
			add(byCategory, d.category, 0, cents(d.valueEur));
			days.push((Date.parse(d.deliveredOn!) - Date.parse(announced.get(d.pledgeId)!)) / DAY_MS);
		}
		days.sort((a, b) => a - b);
		const mid = days.length >> 1;
		const sortKeys = (o: typeof byDonor) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
		return {
			pledgedEur: pledged / 100,
			deliveredEur: delivered / 100,
			deliveredShare: pledged ? Math.min(1, delivered / pledged) : 0,
			inTransit: visibleDeliveries.filter((d) => d.status === 'in-transit').length,
			overdue: visibleDeliveries.filter((d) => d.expectedOn !== null && d.expectedOn < day(0) && ['planned', 'contracted', 'in-transit'].includes(d.status)).length,
			medianDaysToDeliver: days.length === 0 ? null : days.length % 2 ? days[mid]! : (days[mid - 1]! + days[mid]!) / 2,
			byDonor: sortKeys(byDonor),
			byCategory: sortKeys(byCategory)
		};
	}

	/** On Postgres: the headline sums straight from the tables, with the partner's releasability in SQL. */
	async function recountBySql(nation: string | null) {
		const sql = server.sql!;
		const visible = nation ? sql`(releasable_to = '"coalition"'::jsonb or releasable_to @> ${sql.json([nation])})` : sql`true`;
		const [p] = await sql<{ pledged: string }[]>`select coalesce(sum(value_eur), 0) as pledged from pledges where ${visible}`;
		const [d] = await sql<{ delivered: string; in_transit: string; overdue: string }[]>`
			select coalesce(sum(value_eur) filter (where status = 'delivered'), 0) as delivered,
				count(*) filter (where status = 'in-transit') as in_transit,
				count(*) filter (where status in ('planned', 'contracted', 'in-transit') and expected_on < (now() at time zone 'utc')::date) as overdue
			from deliveries where ${visible}`;
		return { pledgedEur: Number(p!.pledged), deliveredEur: Number(d!.delivered), inTransit: Number(d!.in_transit), overdue: Number(d!.overdue) };
	}

	it('broadcasts, after any sequence of commands, what a recount of each screen’s view gives: the cell’s and DEU’s', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(command, { minLength: 4, maxLength: 14 }), async (commands) => {
				for (const c of commands) await run(c);
				await expectBroadcastEqualsRecount(server, 'support', [{ username: OFFICER, screen: screens.cell }, { username: DEU, screen: screens.deu }], async (username) => {
					const expected = await recountFromLists(username);
					if (server.sql) {
						const sums = await recountBySql(username === DEU ? 'DEU' : null);
						expect(sums).toEqual({ pledgedEur: expected.pledgedEur, deliveredEur: expected.deliveredEur, inTransit: expected.inTransit, overdue: expected.overdue });
					}
					return expected;
				});
			}),
			{
				numRuns: 6,
				// One known sequence among the random ones, so every run reaches two donors and a delivery.
				examples: [
					[
						[
							{ kind: 'pledge', by: OFFICER, donor: 'DEU', category: 'ammunition', quantity: 5, valueEur: 1000, announced: -10, releasableTo: 'coalition' },
							{ kind: 'pledge', by: POL, donor: 'POL', category: 'financing', quantity: undefined, valueEur: 500, announced: -20, releasableTo: ['POL'] },
							{ kind: 'delivery', by: DEU, pledge: 0, quantity: 2, share: 10, status: 'delivered', expected: undefined, overSocket: true }
						]
					]
				]
			}
		);
		// The sequences did reach every kind of figure.
		const cell = screenFigures(screens.cell, 'support') as unknown as SupportKpis;
		expect(cell.pledgedEur).toBeGreaterThan(0);
		expect(Object.keys(cell.byDonor).length).toBeGreaterThan(1);
	});
});
