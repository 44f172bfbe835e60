import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Delivery } from '$lib/domain/support/deliveries';
import type { Pledge } from '$lib/domain/support/pledges';
import type { SupportKpis } from '$lib/domain/support/kpis';
import { describeEachBackend } from '../../support/backends';
import { useServer, type CeasefireServer } from '../../support/ceasefire/server';
import { day, DEU, OFFICER, OFFICER_AND_PARTNERS, POL } from '../../support/people';
import { expectAnswer, type Answer } from '../../support/http';
import type { Screen } from '../../support/screen';

/**
 * Pledges and deliveries (guarantee 2, wave-2 contract) against one production server per backend:
 * the quantity and value of a pledge never exceeded (also when deliveries race for its last pieces),
 * the delivery workflow with who, when and why in the history, donor nations writing their own and
 * nothing else, deliveries following their pledge's releasability, and the live KPIs.
 */

describeEachBackend('pledges and deliveries on %s', (backendName) => {
	let server: CeasefireServer;
	let officerScreen: Screen;
	let deuScreen: Screen;
	let polScreen: Screen;

	async function pledge(username: string, body: Record<string, unknown> = {}): Promise<Pledge> {
		const answer = await server.as(username).post('/api/v1/pledges', {
			donor: 'DEU',
			announcedOn: day(-60),
			measure: 'commitment',
			category: 'ammunition',
			item: `155 mm rounds ${randomUUID().slice(0, 6)}`,
			quantity: 100,
			unit: 'rounds',
			valueEur: 1_000_000,
			channel: 'stockpile',
			releasableTo: 'coalition',
			...body
		});
		expectAnswer(answer, 201, 'POST /api/v1/pledges');
		return answer.body as Pledge;
	}

	const deliver = (username: string, body: Record<string, unknown>): Promise<Answer> => server.as(username).post('/api/v1/deliveries', body);
	const step = (username: string, id: string, action: string, body: Record<string, unknown> = {}) => server.as(username).post(`/api/v1/deliveries/${id}/${action}`, body);
	const patch = (username: string, path: string, body: unknown) => server.call(username === 'admin' ? server.adminCookie : server.person(username).cookie, 'PATCH', path, body);
	const deliveriesOf = async (pledgeId: string) => (await server.as('admin').get(`/api/v1/deliveries?pledge=${pledgeId}`)).body as Delivery[];
	const getPledge = async (id: string) => (await server.as('admin').get(`/api/v1/pledges/${id}`)).body as Pledge;

	useServer(
		backendName,
		OFFICER_AND_PARTNERS,
		async (started) => {
			server = started;
			[officerScreen, deuScreen, polScreen] = await Promise.all([server.screen(OFFICER), server.screen(DEU), server.screen(POL)]);
		}
	);

	it('are in the OpenAPI document with every step', async () => {
		expect(await server.apiPaths(/^\/api\/v1\/(pledges|deliveries)/)).toEqual([
			'/api/v1/deliveries',
			'/api/v1/deliveries.csv',
			'/api/v1/deliveries/{id}',
			'/api/v1/deliveries/{id}/cancel',
			'/api/v1/deliveries/{id}/contract',
			'/api/v1/deliveries/{id}/deliver',
			'/api/v1/deliveries/{id}/dispatch',
			'/api/v1/deliveries/{id}/history',
			'/api/v1/pledges',
			'/api/v1/pledges.csv',
			'/api/v1/pledges/import',
			'/api/v1/pledges/{id}',
			'/api/v1/pledges/{id}/history'
		]);
	});

	it('answers and broadcasts a delivery exactly as it is stored, created and stepped (the row is written with the commit)', async () => {
		const { id: pledgeId } = await pledge(DEU, { quantity: 3, valueEur: 100, releasableTo: ['DEU'] });
		const stored = async (id: string) => (await server.as(DEU).get(`/api/v1/deliveries/${id}`)).body as Delivery;
		const seenBy = (screen: Screen, id: string) => screen.records('deliveries').find((record) => record.id === id);
		// A partner's machine sends a value from its own arithmetic; pro rata of €100 / 3 is €33.33.
		const priced = await deliver(DEU, { pledgeId, quantity: 1, valueEur: 12.34 * 3, hub: 'Rzeszów', expectedOn: day(3) });
		const proRata = await deliver(DEU, { pledgeId, quantity: 1 });
		for (const made of [priced, proRata]) expectAnswer(made, 201, 'a delivery');
		expect([priced.body.valueEur, proRata.body.valueEur]).toEqual([37.02, 33.33]);
		const contracted = await step(DEU, proRata.body.id, 'contract', { reason: 'framework contract 7' });
		expectAnswer(contracted, 200, 'contract');
		await server.barrier(OFFICER, officerScreen, deuScreen);
		for (const [id, answered] of [
			[priced.body.id, priced.body],
			[proRata.body.id, contracted.body]
		] as const) {
			const row = await stored(id);
			expect(answered, 'the answer').toEqual(row);
			expect(seenBy(deuScreen, id), "the donor's screen").toEqual(row);
			expect(seenBy(officerScreen, id), "the cell's screen").toEqual(row);
		}
	});

	it('records a pledge with every field of the contract, and shows it live to those it is released to', async () => {
		const body = {
			donor: 'DEU',
			announcedOn: '2026-01-06',
			measure: 'allocation',
			category: 'air-defence',
			item: 'IRIS-T SLM launchers',
			quantity: 4,
			unit: 'launchers',
			valueEur: 560_000_000.5,
			valuation: 'estimate',
			channel: 'procurement',
			source: 'https://example.org/announcement',
			releasableTo: ['DEU']
		};
		const answer = await server.as(OFFICER).post('/api/v1/pledges', body);
		expectAnswer(answer, 201, 'POST /api/v1/pledges');
		expect(Number(answer.headers.get('x-watchfloor-seq'))).toBeGreaterThan(0);
		expect(answer.body).toEqual({ ...body, id: expect.any(String), deliveredQuantity: 0, deliveredValueEur: 0, exercise: false });
		const id = answer.body.id as string;
		await server.barrier(OFFICER, officerScreen, deuScreen, polScreen);
		expect(deuScreen.deltas.some((d) => d.collection === 'pledges' && d.id === id)).toBe(true);
		expect(officerScreen.deltas.some((d) => d.collection === 'pledges' && d.id === id)).toBe(true);
		expect(polScreen.wire.some((frame) => frame.includes(id))).toBe(false);
		expectAnswer(await server.as(POL).get(`/api/v1/pledges/${id}`), 404, 'a pledge not released to POL');
	});

	describe('never past a pledge', () => {
		it('values a delivery pro rata, takes the last of a pledge, and refuses more with 409 saying by how much, writing nothing', async () => {
			const p = await pledge(OFFICER);
			const first = await deliver(OFFICER, { pledgeId: p.id, quantity: 60, hub: 'Rzeszów', expectedOn: day(10) });
			expectAnswer(first, 201, 'the first 60');
			expect(first.body).toMatchObject({ pledgeId: p.id, donor: 'DEU', category: 'ammunition', quantity: 60, valueEur: 600_000, status: 'planned', hub: 'Rzeszów', deliveredOn: null, releasableTo: 'coalition' });

			const historyBefore = await server.historyLength('pledges', p.id);
			const tooMany = await deliver(OFFICER, { pledgeId: p.id, quantity: 50 });
			expectAnswer(tooMany, 409, '50 more of 100 with 60 taken');
			expect(tooMany.body.error).toEqual({
				code: 'conflict',
				message: 'This would take the pledge past its quantity by 10 rounds (100 pledged, 60 already in other deliveries)',
				fields: { quantity: ['10 rounds too many: at most 40'] }
			});
			const tooDear = await deliver(OFFICER, { pledgeId: p.id, quantity: 40, valueEur: 400_000.01 });
			expectAnswer(tooDear, 409, 'a cent past the value');
			expect(tooDear.body.error.message).toBe('This would take the pledge past its value by €0.01 (€1,000,000.00 pledged, €600,000.00 already in other deliveries)');
			expect(await deliveriesOf(p.id)).toHaveLength(1);
			expect(await server.historyLength('pledges', p.id)).toBe(historyBefore);

			expectAnswer(await deliver(OFFICER, { pledgeId: p.id, quantity: 40 }), 201, 'the last 40');
			expectAnswer(await deliver(OFFICER, { pledgeId: p.id, quantity: 1 }), 409, 'one past the last');
			// A cancelled delivery gives its share back.
			const cancelled = await step(OFFICER, first.body.id, 'cancel', { reason: 'Stocks needed at home' });
			expectAnswer(cancelled, 200, 'cancel the first');
			expectAnswer(await deliver(OFFICER, { pledgeId: p.id, quantity: 60 }), 201, '60 again after the cancellation');
		});

		it('lets exactly one of several deliveries racing for the last of a pledge through, over REST and the socket', async () => {
			const p = await pledge(OFFICER, { quantity: 10, valueEur: 100 });
			expectAnswer(await deliver(OFFICER, { pledgeId: p.id, quantity: 8 }), 201, 'the first 8');
			const body = { pledgeId: p.id, quantity: 2 };
			const answers = await Promise.all([
				deliver(OFFICER, body),
				deliver(DEU, body),
				deliver('admin', body),
				officerScreen.command('deliveries.create', body),
				deuScreen.command('deliveries.create', body)
			]);
			const statuses = answers.map((a) => ('status' in a ? a.status : a.ok ? 201 : a.error.code === 'conflict' ? 409 : 0));
			expect(statuses.filter((s) => s === 201)).toHaveLength(1);
			expect(statuses.filter((s) => s === 409)).toHaveLength(4);
			const open = (await deliveriesOf(p.id)).filter((d) => d.status !== 'cancelled');
			expect(open.reduce((sum, d) => sum + d.quantity!, 0)).toBe(10);
			expect(open.reduce((sum, d) => sum + d.valueEur!, 0)).toBe(100);
		});

		it('keeps a pledge from shrinking below what its deliveries take', async () => {
			const p = await pledge(OFFICER, { quantity: 10, valueEur: 1000 });
			expectAnswer(await deliver(OFFICER, { pledgeId: p.id, quantity: 6 }), 201, '6 of 10');
			const shrink = await patch(OFFICER, `/api/v1/pledges/${p.id}`, { quantity: 5 });
			expectAnswer(shrink, 409, 'shrink below 6');
			expect(shrink.body.error.fields).toEqual({ quantity: ['Its deliveries already take 6'] });
			expectAnswer(await patch(OFFICER, `/api/v1/pledges/${p.id}`, { quantity: 6, valueEur: 600 }), 200, 'shrink to exactly what is taken');
		});
	});

	describe('the delivery workflow', () => {
		it('moves planned → contracted → in transit → delivered, with who, when, the day and why in the history, and adds to the pledge', async () => {
			const p = await pledge(OFFICER, { quantity: 10, valueEur: 1000 });
			const made = await deliver(DEU, { pledgeId: p.id, quantity: 4, expectedOn: day(5) });
			expectAnswer(made, 201, 'a delivery by the donor');
			const id = made.body.id as string;

			expectAnswer(await step(DEU, id, 'deliver'), 409, 'deliver a planned one');
			const contracted = await step(DEU, id, 'contract', { reason: 'Order 2026-17' });
			expectAnswer(contracted, 200, 'contract');
			expect(contracted.body).toMatchObject({ status: 'contracted', lastStep: { action: 'contract', reason: 'Order 2026-17', on: day(0), by: expect.any(String) } });
			expectAnswer(await step(OFFICER, id, 'dispatch'), 200, 'dispatch');
			const future = await step(OFFICER, id, 'deliver', { on: day(2) });
			expectAnswer(future, 400, 'delivered in the future');
			expect(future.body.error.fields).toHaveProperty('on');
			const delivered = await step(OFFICER, id, 'deliver', { on: day(-1), reason: 'Received at the hub' });
			expectAnswer(delivered, 200, 'deliver');
			expect(delivered.body).toMatchObject({ status: 'delivered', deliveredOn: day(-1), daysToDeliver: 59 });
			const cancelLate = await step(OFFICER, id, 'cancel', { reason: 'Too late' });
			expectAnswer(cancelLate, 409, 'cancel what arrived');
			expect(cancelLate.body.error.fields).toEqual({ status: ['delivered'] });

			expect(await getPledge(p.id)).toMatchObject({ deliveredQuantity: 4, deliveredValueEur: 400 });
			const history = await server.history('deliveries', id);
			expect(history.map((e) => e.name)).toEqual(['deliveries.delivered', 'deliveries.dispatched', 'deliveries.contracted', 'deliveries.created']);
			expect(history[0]).toMatchObject({ actorName: OFFICER, at: expect.any(String) });
			const changes = (history[0] as unknown as { changes: { field: string; before: unknown; after: unknown }[] }).changes;
			expect(changes).toContainEqual({ field: 'status', before: 'in-transit', after: 'delivered' });
			expect(changes.find((c) => c.field === 'lastStep')?.after).toMatchObject({ action: 'deliver', reason: 'Received at the hub', on: day(-1) });
			expect((await server.history('pledges', p.id)).map((e) => e.name)).toEqual(['pledges.delivery-received', 'pledges.created']);
		});

		it('needs a reason to cancel, and an arrival no earlier than the announcement', async () => {
			const p = await pledge(OFFICER, { announcedOn: day(-3) });
			const made = await deliver(OFFICER, { pledgeId: p.id, quantity: 1 });
			const noReason = await step(OFFICER, made.body.id, 'cancel', {});
			expectAnswer(noReason, 400, 'cancel without a reason');
			expect(noReason.body.error.fields).toEqual({ reason: ['A cancellation needs a reason'] });
			const early = await deliver(OFFICER, { pledgeId: p.id, quantity: 1, status: 'delivered', deliveredOn: day(-4) });
			expectAnswer(early, 400, 'arrived before the announcement');
			expect(early.body.error.fields).toHaveProperty('deliveredOn');
		});
	});

	describe('donor nations contribute their own', () => {
		it('lets a partner record and move its own nation’s pledges and deliveries, releasable to it', async () => {
			const own = await pledge(DEU, { donor: 'DEU', releasableTo: ['DEU'] });
			const made = await deliver(DEU, { pledgeId: own.id, quantity: 5 });
			expectAnswer(made, 201, 'its own delivery');
			expectAnswer(await step(DEU, made.body.id, 'contract'), 200, 'its own step');
			expectAnswer(await patch(DEU, `/api/v1/pledges/${own.id}`, { item: 'Corrected item name' }), 200, 'its own correction');
		});

		it('refuses another nation’s with 403, and what is not releasable to itself with 400', async () => {
			const forPol = await server.as(DEU).post('/api/v1/pledges', { donor: 'POL', announcedOn: day(-1), measure: 'commitment', category: 'other', item: 'x', quantity: 1, channel: 'stockpile', releasableTo: 'coalition' });
			expectAnswer(forPol, 403, 'DEU pledging for POL');
			const hidden = await server.as(DEU).post('/api/v1/pledges', { donor: 'DEU', announcedOn: day(-1), measure: 'commitment', category: 'other', item: 'x', quantity: 1, channel: 'stockpile', releasableTo: 'cell' });
			expectAnswer(hidden, 400, 'a DEU pledge not releasable to DEU');
			expect(hidden.body.error.fields).toHaveProperty('releasableTo');

			const polPledge = await pledge(POL, { donor: 'POL', releasableTo: 'coalition' });
			expectAnswer(await deliver(DEU, { pledgeId: polPledge.id, quantity: 1 }), 403, 'DEU delivering for POL');
			const polDelivery = await deliver(POL, { pledgeId: polPledge.id, quantity: 1 });
			expectAnswer(polDelivery, 201, 'POL delivering its own');
			expectAnswer(await step(DEU, polDelivery.body.id, 'contract'), 403, 'DEU moving POL’s delivery');
			expectAnswer(await patch(DEU, `/api/v1/pledges/${polPledge.id}`, { item: 'mine now' }), 403, 'DEU correcting POL’s pledge');
			const own = await pledge(DEU, { releasableTo: ['DEU'] });
			expectAnswer(await patch(DEU, `/api/v1/pledges/${own.id}`, { releasableTo: ['POL'] }), 400, 'DEU hiding its pledge from itself');
			const cellOnly = await pledge(OFFICER, { releasableTo: 'cell' });
			expectAnswer(await deliver(DEU, { pledgeId: cellOnly.id, quantity: 1 }), 404, 'a pledge DEU may not see');
		});
	});

	it('takes a pledge’s deliveries along when its releasability narrows: those who lose sight get removals', async () => {
		const p = await pledge(OFFICER, { releasableTo: ['DEU', 'POL'] });
		const made = await deliver(OFFICER, { pledgeId: p.id, quantity: 1 });
		await server.barrier(OFFICER, deuScreen, polScreen);
		expect(polScreen.deltas.some((d) => d.collection === 'deliveries' && d.id === made.body.id)).toBe(true);

		expectAnswer(await patch(OFFICER, `/api/v1/pledges/${p.id}`, { releasableTo: ['DEU'] }), 200, 'narrow to DEU');
		await server.barrier(OFFICER, deuScreen, polScreen);
		const removals = polScreen.deltas.filter((d) => d.op === 'remove' && (d.id === p.id || d.id === made.body.id)).map((d) => d.collection);
		expect(removals.sort()).toEqual(['deliveries', 'pledges']);
		expect(deuScreen.deltas.findLast((d) => d.id === made.body.id)).toMatchObject({ op: 'upsert', record: { releasableTo: ['DEU'] } });
		expectAnswer(await server.as(POL).get(`/api/v1/deliveries/${made.body.id}`), 404, 'the delivery for POL now');
	});

	it('flags overdue deliveries in the list and the KPIs, and exports filtered lists as formula-safe CSV', async () => {
		const p = await pledge(OFFICER, { item: '=HYPERLINK("http://evil")', releasableTo: ['DEU'] });
		const late = await deliver(OFFICER, { pledgeId: p.id, quantity: 1, expectedOn: day(-2) });
		expectAnswer(late, 201, 'a late delivery');
		const overdue = (await server.as(DEU).get('/api/v1/deliveries?overdue=true')).body as Delivery[];
		expect(overdue.map((d) => d.id)).toContain(late.body.id);
		expect(overdue.every((d) => d.expectedOn! < day(0) && d.status !== 'delivered' && d.status !== 'cancelled')).toBe(true);
		// KPIs follow the data deltas as their own delta, for each audience whose figures moved.
		await deuScreen.until((s) => ((s.kpis.get('support') as unknown as SupportKpis | undefined)?.overdue ?? 0) >= 1, 'DEU overdue KPI');

		const csv = await server.as(DEU).get('/api/v1/pledges.csv?donor=DEU');
		expectAnswer(csv, 200, 'pledges.csv');
		const rows = Papa.parse<Record<string, string>>(csv.text, { header: true, skipEmptyLines: true }).data;
		const row = rows.find((r) => r.id === p.id)!;
		expect(row.item).toBe('\'=HYPERLINK("http://evil")');
		expect(row.releasability).toBe('REL DEU');
		expect(rows.every((r) => r.donor === 'DEU')).toBe(true);
		const polCsv = await server.as(POL).get('/api/v1/pledges.csv');
		expect(polCsv.text).not.toContain(p.id);
	});

	it('publishes the KPIs of a busy floor at most once a second, and the last one holds every change', async () => {
		const published: number[] = [];
		const arrived = (delta: { collection: string; id: string }) => {
			if (delta.collection === 'kpis' && delta.id === 'support') published.push(performance.now());
		};
		officerScreen.socket.on('delta', arrived);
		// Six pledges over about two seconds: the support figures move all the while.
		for (let i = 0; i < 6; i++) {
			await pledge(OFFICER, { valueEur: 1_000 + i });
			await new Promise((resolve) => setTimeout(resolve, 300));
		}
		const pledged = (await server.as(OFFICER).get('/api/v1/pledges')).body as Pledge[];
		const total = pledged.reduce((sum, p) => sum + (p.valueEur ?? 0), 0);
		await officerScreen.until((s) => (s.kpis.get('support') as unknown as SupportKpis | undefined)?.pledgedEur === total, 'the cell’s pledgedEur with all six', 5_000);
		officerScreen.socket.off('delta', arrived);
		expect(published.length).toBeGreaterThanOrEqual(2);
		// A second apart when sent; allow for their trip to the screen.
		const gaps = published.slice(1).map((at, i) => Math.round(at - published[i]!));
		expect(Math.min(...gaps), `support KPI publications ${JSON.stringify(gaps)} ms apart`).toBeGreaterThanOrEqual(800);
	});
});
