import { afterAll, beforeAll, expect, it } from 'vitest';
import { utcDay } from '$lib/domain/core/dates';
import type { LiveCollections } from '$lib/domain/core/collections';
import { intersect, sameReleasability } from '$lib/domain/core/releasability';
import { isOverdue } from '$lib/domain/support/deliveries';
import { supportKpis, type SupportKpis } from '$lib/domain/support/kpis';
import { PLEDGE_CATEGORIES } from '$lib/domain/support/pledges';
import { seedExerciseScenario, startSimulator } from '$lib/server/seed/exercise-scenario';
import { LINE_OF_CONTACT } from '$lib/server/seed/line-of-contact';
import { createBackend, describeEachBackend, startRuntime, type Backend, type RunningRuntime } from '../../support/backends';
import { Screen } from '../../support/screen';
import { userWithSession } from '../../support/users';

/**
 * The exercise scenario's support picture (guarantee 2) as a cell screen receives it after the
 * seed: a dozen donors, about fifty pledges across the categories, deliveries at every stage,
 * depot requests and the fortifications of every sector, all marked exercise, and the KPIs they
 * make; then exercise control moving deliveries on.
 */

type Snapshot = { [K in keyof LiveCollections]: LiveCollections[K][] };

describeEachBackend('the exercise scenario’s support picture on %s', (backendName) => {
	let backend: Backend;
	let server: RunningRuntime;
	let cookie: string;
	const screens: Screen[] = [];
	let data: Snapshot;
	let kpis: SupportKpis;
	const today = utcDay(new Date());

	const execute: Parameters<typeof seedExerciseScenario>[1] = (actor, command) => server.runtime.execute(actor, command);

	async function cellScreen(): Promise<Screen> {
		const screen = new Screen(server.url, { cookie });
		screens.push(screen);
		await screen.ready();
		return screen;
	}

	beforeAll(async () => {
		backend = await createBackend(backendName);
		server = await startRuntime(backend);
		cookie = (await userWithSession(server.runtime, 'seed-officer', 'officer')).cookie;
		const started = performance.now();
		expect(await seedExerciseScenario(server.runtime.database.db, execute)).toBe(true);
		// Reported, not asserted: timings belong in the bench.
		console.info(`[exercise scenario] seeded on ${backendName} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
		const screen = await cellScreen();
		data = screen.snapshots[0]!.data as unknown as Snapshot;
		kpis = screen.snapshots[0]!.kpis.support as SupportKpis;
	}, 300_000);
	afterAll(async () => {
		screens.forEach((s) => s.close());
		await server?.close();
		await backend?.dispose();
	});

	it('seeds once: a second start finds the scenario there and adds nothing', async () => {
		expect(await seedExerciseScenario(server.runtime.database.db, execute)).toBe(false);
	});

	it('has a dozen donors and about fifty pledges in every category, with units, values in EUR and mixed releasability', () => {
		const { pledges } = data;
		expect(new Set(pledges.map((p) => p.donor)).size).toBeGreaterThanOrEqual(10);
		expect(pledges.length).toBeGreaterThanOrEqual(45);
		expect(pledges.length).toBeLessThanOrEqual(60);
		expect(new Set(pledges.map((p) => p.category))).toEqual(new Set(PLEDGE_CATEGORIES));
		for (const pledge of pledges.filter((p) => p.category !== 'financing')) expect(pledge.quantity !== null && pledge.unit !== null, pledge.item).toBe(true);
		expect(pledges.filter((p) => p.valueEur !== null).length).toBeGreaterThan(pledges.length / 2);
		// About eighteen months, none announced in the future.
		const announced = pledges.map((p) => p.announcedOn).sort();
		expect(announced.at(-1)! <= today).toBe(true);
		expect(announced[0]! < utcDay(new Date(Date.now() - 365 * 86_400_000))).toBe(true);
		expect(pledges.some((p) => p.releasableTo === 'coalition')).toBe(true);
		expect(pledges.some((p) => p.releasableTo === 'cell')).toBe(true);
		expect(pledges.some((p) => sameReleasability(p.releasableTo, [p.donor]))).toBe(true);
	});

	it('has deliveries at every stage: partial, in transit, overdue, delivered after the announcement, cancelled with a reason', () => {
		const { pledges, deliveries } = data;
		const pledgeOf = new Map(pledges.map((p) => [p.id, p]));
		expect(deliveries.some((d) => d.status === 'in-transit')).toBe(true);
		expect(deliveries.some((d) => isOverdue(d, today))).toBe(true);
		expect(pledges.some((p) => p.quantity !== null && p.deliveredQuantity > 0 && p.deliveredQuantity < p.quantity)).toBe(true);
		const delivered = deliveries.filter((d) => d.status === 'delivered');
		expect(delivered.length).toBeGreaterThan(0);
		for (const delivery of delivered) {
			expect(delivery.deliveredOn! >= pledgeOf.get(delivery.pledgeId)!.announcedOn).toBe(true);
			expect(delivery.deliveredOn! <= today).toBe(true);
		}
		const cancelled = deliveries.filter((d) => d.status === 'cancelled');
		expect(cancelled.length).toBeGreaterThanOrEqual(1);
		for (const delivery of cancelled) expect(delivery.lastStep?.reason).toMatch(/\w/);
		for (const delivery of deliveries) expect(delivery.releasableTo).toEqual(pledgeOf.get(delivery.pledgeId)!.releasableTo);
	});

	it('has depot requests, one answered, and the fortifications of every sector, never wider than the sector', () => {
		expect(data['depot-requests'].length).toBeGreaterThanOrEqual(1);
		expect(data['depot-requests'].some((r) => r.status !== 'requested' && r.responseDays !== null)).toBe(true);
		const sectors = new Map(data.sectors.map((s) => [s.id, s]));
		expect(new Set(data.fortifications.map((f) => f.sectorId))).toEqual(new Set(LINE_OF_CONTACT.map((s) => s.id)));
		for (const work of data.fortifications) {
			expect(work.built).toBeLessThanOrEqual(work.planned);
			expect(sameReleasability(intersect(work.releasableTo, sectors.get(work.sectorId)!.releasableTo), work.releasableTo)).toBe(true);
		}
	});

	it('marks every record of the scenario as exercise', () => {
		for (const collection of ['sectors', 'violations', 'alerts', 'depot-requests', 'pledges', 'deliveries', 'fortifications'] as const) {
			const records = data[collection] as { exercise: boolean }[];
			expect(records.length, collection).toBeGreaterThan(0);
			expect(records.filter((r) => !r.exercise), collection).toEqual([]);
		}
	});

	it('shows the cell consistent support KPIs: pledged above delivered above nothing, something overdue, as a recount says', () => {
		expect(kpis.pledgedEur).toBeGreaterThan(kpis.deliveredEur);
		expect(kpis.deliveredEur).toBeGreaterThan(0);
		expect(kpis.overdue).toBeGreaterThanOrEqual(1);
		expect(kpis.inTransit).toBeGreaterThanOrEqual(1);
		expect(kpis.medianDaysToDeliver).toBeGreaterThan(0);
		expect(Object.keys(kpis.byDonor).length).toBeGreaterThanOrEqual(10);
		expect(kpis).toMatchObject(supportKpis(data.pledges, data.deliveries, today));
	});

	it('moves on: exercise control steps an open delivery forward now and then, dated today', async () => {
		const screen = await cellScreen();
		const failures: unknown[] = [];
		const stop = startSimulator(server.runtime.database.db, execute, 20, (error) => failures.push(error), 42);
		try {
			await screen.until((s) => s.deltas.some((d) => d.collection === 'deliveries'), 'a delivery moved by the simulator', 20_000);
		} finally {
			stop();
		}
		expect(failures).toEqual([]);
		const delta = screen.deltas.find((d) => d.collection === 'deliveries')!;
		const before = data.deliveries.find((d) => d.id === delta.id)!;
		const after = delta.op === 'upsert' ? (delta.record as unknown as LiveCollections['deliveries']) : null;
		expect(after).toMatchObject({ lastStep: { by: 'Exercise control', on: today } });
		expect(['planned', 'contracted', 'in-transit']).toContain(before.status);
		expect({ planned: 'contracted', contracted: 'in-transit', 'in-transit': 'delivered' }[before.status as 'planned']).toBe(after!.status);
	});
});
