import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '$lib/domain/cell/audit';
import type { DepotRequest } from '$lib/domain/support/depot-requests';
import { describeEachBackend } from '../../support/backends';
import { useServer, type CeasefireServer } from '../../support/ceasefire/server';
import { DEU, OFFICER, OFFICER_AND_PARTNERS, POL } from '../../support/people';
import { expectAnswer } from '../../support/http';
import type { Screen } from '../../support/screen';

/**
 * Depot access requests (guarantee 2, wave-2 contract) against one production server per backend:
 * created over REST and the socket, listed, exported as CSV, read, granted or refused once with a
 * reason, answered only by the depot's own nation among the partners, hidden from those it is not
 * released to, with every transition in the history and on the live screens.
 */

const PATH = '/api/v1/depot-requests';

const nonce = () => randomUUID().slice(0, 8);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describeEachBackend('depot requests on %s', (backendName) => {
	let server: CeasefireServer;
	let officerScreen: Screen;
	let deuScreen: Screen;
	let polScreen: Screen;

	/** A fresh request to a German depot, by the officer over REST. */
	async function requestAccess(body: Record<string, unknown> = {}): Promise<DepotRequest> {
		const answer = await server.as(OFFICER).post(PATH, { nation: 'DEU', depot: 'Depot Pfungstadt', item: `155 mm rounds ${nonce()}`, releasableTo: ['DEU'], ...body });
		expectAnswer(answer, 201, `POST ${PATH}`);
		return answer.body as DepotRequest;
	}

	const answer = (username: string, id: string, action: string, body: Record<string, unknown> = { reason: `test: ${action}` }) => server.as(username).post(`${PATH}/${id}/${action}`, body);

	async function listed(username: string): Promise<DepotRequest[]> {
		const list = await server.as(username).get(PATH);
		expectAnswer(list, 200, `GET ${PATH} as ${username}`);
		return list.body as DepotRequest[];
	}

	useServer(
		backendName,
		OFFICER_AND_PARTNERS,
		async (started) => {
			server = started;
			[officerScreen, deuScreen, polScreen] = await Promise.all([server.screen(OFFICER), server.screen(DEU), server.screen(POL)]);
		}
	);

	it('is in the OpenAPI document, as the registry describes it', async () => {
		expect(await server.apiPaths(/^\/api\/v1\/depot-requests/)).toEqual([PATH, `${PATH}.csv`, `${PATH}/{id}`, `${PATH}/{id}/grant`, `${PATH}/{id}/history`, `${PATH}/{id}/refuse`]);
	});

	it('creates a request over REST: requested, unanswered, as the catalog says', async () => {
		const requestedAt = daysAgo(2);
		const post = await server.as(OFFICER).post(PATH, { nation: 'DEU', depot: 'Depot Pfungstadt', item: 'Leopard 1 spare parts', purpose: 'Repair of 12 tanks', requestedAt, releasableTo: ['DEU'], exercise: true });
		expectAnswer(post, 201, `POST ${PATH}`);
		expect(Number(post.headers.get('x-watchfloor-seq'))).toBeGreaterThan(0);
		expect(post.body).toEqual({
			id: expect.any(String),
			nation: 'DEU',
			depot: 'Depot Pfungstadt',
			item: 'Leopard 1 spare parts',
			purpose: 'Repair of 12 tanks',
			status: 'requested',
			requestedAt,
			respondedAt: null,
			responseDays: null,
			reason: null,
			exercise: true,
			releasableTo: ['DEU']
		});
		const got = await server.as(OFFICER).get(`${PATH}/${post.body.id}`);
		expectAnswer(got, 200, 'GET one');
		expect(got.body).toEqual(post.body);
	});

	it('creates a request over the socket command depot-requests.create, by the depot nation’s partner', async () => {
		const ack = await deuScreen.command('depot-requests.create', { nation: 'DEU', depot: 'Depot Ulmen', item: 'Bridging equipment', releasableTo: 'coalition' });
		expect(ack).toMatchObject({ ok: true, seq: expect.any(Number), record: { nation: 'DEU', depot: 'Depot Ulmen', status: 'requested', releasableTo: 'coalition' } });
		if (!ack.ok) return;
		expect((await listed(OFFICER)).map((r) => r.id)).toContain(ack.record!.id);
	});

	it('refuses what does not fit the schema: unknown fields, a nation by name, no depot (400, nothing written)', async () => {
		const before = (await listed(OFFICER)).length;
		for (const body of [
			{ nation: 'DEU', depot: 'D', item: 'I', status: 'granted' },
			{ nation: 'Germany', depot: 'D', item: 'I' },
			{ nation: 'DEU', item: 'I' }
		]) {
			expectAnswer(await server.as(OFFICER).post(PATH, body), 400, JSON.stringify(body));
		}
		expect((await listed(OFFICER)).length).toBe(before);
	});

	it('exports the list as CSV, with the marking, every text cell formula-safe', async () => {
		const request = await requestAccess({ depot: '=HYPERLINK("http://evil.example","x")', purpose: '@SUM(A1)', releasableTo: 'coalition' });
		const csv = await server.as(OFFICER).get(`${PATH}.csv`);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="depot-requests\.csv"/);
		const parsed = Papa.parse<Record<string, string>>(csv.text, { header: true, skipEmptyLines: true });
		expect(parsed.meta.fields).toEqual(['id', 'nation', 'depot', 'item', 'purpose', 'status', 'requestedAt', 'respondedAt', 'responseDays', 'reason', 'exercise', 'releasability']);
		const row = parsed.data.find((r) => r.id === request.id)!;
		expect(row).toMatchObject({ nation: 'DEU', depot: `'${request.depot}`, purpose: "'@SUM(A1)", status: 'requested', releasability: 'REL COALITION' });
		expect(parsed.data.map((r) => r.id).sort()).toEqual((await listed(OFFICER)).map((r) => r.id).sort());
	});

	it('grants with a reason: status, response time and reason recorded; a second answer is 409', async () => {
		const request = await requestAccess({ requestedAt: daysAgo(3) });
		const granted = await answer(DEU, request.id, 'grant', { reason: 'Stocks available from 1 February' });
		expectAnswer(granted, 200, 'grant');
		expect(granted.body).toMatchObject({ id: request.id, status: 'granted', reason: 'Stocks available from 1 February' });
		expect(Date.parse(granted.body.respondedAt)).toBeGreaterThan(Date.now() - 60_000);
		expect(granted.body.responseDays).toBeCloseTo(3, 1);
		for (const action of ['grant', 'refuse']) {
			const again = await answer(OFFICER, request.id, action);
			expectAnswer(again, 409, `${action} a granted request`);
			expect(again.body.error.fields).toEqual({ status: ['granted'] });
		}
		expect((await server.as(OFFICER).get(`${PATH}/${request.id}`)).body).toEqual(granted.body);
	});

	it('refuses with a reason, over the socket command depot-requests.answer; refused is final too', async () => {
		const request = await requestAccess();
		const ack = await officerScreen.command('depot-requests.answer', { id: request.id, action: 'refuse', reason: 'Depot under inspection' });
		expect(ack).toMatchObject({ ok: true, record: { id: request.id, status: 'refused', reason: 'Depot under inspection', responseDays: 0 } });
		expectAnswer(await answer(DEU, request.id, 'grant'), 409, 'grant a refused request');
	});

	it('needs a reason to answer, and knows only grant and refuse', async () => {
		const request = await requestAccess();
		expectAnswer(await answer(OFFICER, request.id, 'grant', {}), 400, 'grant without a reason');
		expectAnswer(await answer(OFFICER, request.id, 'grant', { reason: '  ' }), 400, 'grant with a blank reason');
		expectAnswer(await answer(OFFICER, request.id, 'approve'), 404, 'unknown action');
		expect((await server.as(OFFICER).get(`${PATH}/${request.id}`)).body.status).toBe('requested');
	});

	describe('nation-scoped contribution', () => {
		it('a partner of another nation may not answer (403) nor record a request for that nation (403)', async () => {
			const request = await requestAccess({ releasableTo: 'coalition' });
			expectAnswer(await answer(POL, request.id, 'grant'), 403, 'POL grants a German depot');
			expectAnswer(await answer(POL, request.id, 'refuse'), 403, 'POL refuses a German depot');
			expect((await server.as(OFFICER).get(`${PATH}/${request.id}`)).body.status).toBe('requested');
			const before = (await listed(OFFICER)).length;
			expectAnswer(await server.as(POL).post(PATH, { nation: 'DEU', depot: 'D', item: 'I', releasableTo: 'coalition' }), 403, 'POL records for DEU');
			const ack = await polScreen.command('depot-requests.create', { nation: 'DEU', depot: 'D', item: 'I', releasableTo: 'coalition' });
			expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
			expect((await listed(OFFICER)).length).toBe(before);
		});

		it('what a partner writes must be releasable to its own nation (400), which a new record is not by default', async () => {
			const before = (await listed(OFFICER)).length;
			for (const releasableTo of [undefined, 'cell', ['POL']]) {
				const post = await server.as(DEU).post(PATH, { nation: 'DEU', depot: 'D', item: 'I', ...(releasableTo && { releasableTo }) });
				expectAnswer(post, 400, `DEU writes releasable to ${JSON.stringify(releasableTo)}`);
				expect(Object.keys(post.body.error.fields)).toEqual(['releasableTo']);
			}
			expect((await listed(OFFICER)).length).toBe(before);
			const own = await server.as(DEU).post(PATH, { nation: 'DEU', depot: 'D', item: 'I', releasableTo: ['DEU', 'POL'] });
			expectAnswer(own, 201, 'DEU writes releasable to DEU and POL');
		});

		it('the depot nation’s partner answers its own; the cell answers any', async () => {
			const deu = await requestAccess();
			expectAnswer(await answer(DEU, deu.id, 'refuse'), 200, 'DEU refuses its own');
			const pol = await requestAccess({ nation: 'POL', releasableTo: ['POL'] });
			expectAnswer(await answer(OFFICER, pol.id, 'grant'), 200, 'the officer grants for POL');
		});
	});

	it('a partner of another nation does not see a request not released to it: not listed, not found, not in the CSV', async () => {
		const request = await requestAccess({ releasableTo: ['DEU'] });
		expect((await listed(DEU)).map((r) => r.id)).toContain(request.id);
		expect((await listed(POL)).map((r) => r.id)).not.toContain(request.id);
		expectAnswer(await server.as(POL).get(`${PATH}/${request.id}`), 404, 'POL reads a DEU-only request');
		expect((await server.as(POL).get(`${PATH}.csv`)).text).not.toContain(request.id);
		// Answering what it may not see is "not found", exactly as a request that does not exist.
		expectAnswer(await answer(POL, request.id, 'grant'), 404, 'POL answers a DEU-only request');
		expectAnswer(await answer(POL, randomUUID(), 'grant'), 404, 'POL answers nothing');
		for (const r of await listed(POL)) expect(r.releasableTo === 'coalition' || (r.releasableTo as string[]).includes('POL'), r.id).toBe(true);
	});

	it('the history shows each transition: who, when and why', async () => {
		const request = await requestAccess();
		const granted = await answer(DEU, request.id, 'grant', { reason: 'Access for two inspectors' });
		expectAnswer(granted, 200, 'grant');
		const history = await server.as(OFFICER).get(`${PATH}/${request.id}/history`);
		expectAnswer(history, 200, 'history');
		const items = history.body.items as AuditEntry[];
		expect(items.map((e) => e.name)).toEqual(['depot-requests.granted', 'depot-requests.created']);
		const [grant, created] = items;
		expect(grant).toMatchObject({ collection: 'depot-requests', entityId: request.id, actorName: server.person(DEU).displayName, actorNation: 'DEU' });
		expect(Date.parse(grant!.at)).toBeGreaterThan(Date.now() - 60_000);
		expect(grant!.changes).toEqual(
			expect.arrayContaining([
				{ field: 'status', before: 'requested', after: 'granted' },
				{ field: 'reason', before: null, after: 'Access for two inspectors' },
				{ field: 'respondedAt', before: null, after: granted.body.respondedAt }
			])
		);
		expect(created).toMatchObject({ actorName: server.person(OFFICER).displayName });
		// The history needs history.read beyond seeing the record, which partners do not have.
		expectAnswer(await server.as(DEU).get(`${PATH}/${request.id}/history`), 403, 'a partner reads the history');
	});

	it('live screens get the deltas they may see, and a new screen the snapshot', async () => {
		const released = await requestAccess({ releasableTo: ['DEU'] });
		const granted = await answer(OFFICER, released.id, 'grant');
		expectAnswer(granted, 200, 'grant');
		const seq = Number(granted.headers.get('x-watchfloor-seq'));
		const upserts = (screen: Screen) => screen.deltas.filter((d) => d.collection === 'depot-requests' && d.id === released.id);
		for (const screen of [officerScreen, deuScreen]) {
			await screen.until((s) => upserts(s).some((d) => d.seq === seq), 'the grant delta');
			expect(upserts(screen).map((d) => [d.op, d.op === 'upsert' ? d.record.status : null])).toEqual([
				['upsert', 'requested'],
				['upsert', 'granted']
			]);
		}
		await server.barrier(OFFICER, polScreen);
		expect(upserts(polScreen)).toEqual([]);

		const fresh = await server.screen(DEU);
		const snapshot = fresh.snapshots[0]!.data['depot-requests']!;
		expect(snapshot.find((r) => r.id === released.id)).toEqual(granted.body);
		const later = await requestAccess({ releasableTo: 'coalition' });
		const polSnapshot = (await server.screen(POL)).snapshots[0]!.data['depot-requests']!;
		expect(polSnapshot.map((r) => r.id)).not.toContain(released.id);
		expect(polSnapshot.map((r) => r.id)).toContain(later.id);
	});
});
