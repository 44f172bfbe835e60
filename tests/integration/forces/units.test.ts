import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Brigade } from '$lib/domain/forces/brigades';
import type { Unit } from '$lib/domain/forces/units';
import { describeEachBackend } from '../../support/backends';
import { expectBroadcastEqualsRecount } from '../../support/boards';
import { useServer, type CeasefireServer } from '../../support/ceasefire/server';
import { day, DEU, OFFICER, OFFICER_AND_PARTNERS, POL } from '../../support/people';
import { expectAnswer } from '../../support/http';
import type { Screen } from '../../support/screen';

/**
 * Forces (guarantee 3, wave-2 contract) against one production server per backend: units with
 * checked symbol codes, readiness reported with a reason by the cell or by the unit's own nation,
 * the history as the unit's readiness over time, brigades behind schedule by date, and `kpis.forces`
 * on the cell's and a partner's screen equal to a recount of what each may read.
 */

const INFANTRY = '10031000151211000000';
const FIGHTER = '10030100001101040000';

describeEachBackend('forces on %s', (backendName) => {
	let server: CeasefireServer;
	let officerScreen: Screen;
	let deuScreen: Screen;

	const patch = (username: string, path: string, body: unknown) => server.call(server.person(username).cookie, 'PATCH', path, body);
	const readiness = (username: string, id: string, body: Record<string, unknown>) => server.as(username).post(`/api/v1/units/${id}/readiness`, body);
	async function unit(body: Record<string, unknown> = {}): Promise<Unit> {
		const answer = await server.as(OFFICER).post('/api/v1/units', { name: `Battlegroup ${crypto.randomUUID().slice(0, 4)}`, nation: 'DEU', domain: 'land', sidc: INFANTRY, mission: 'reassurance', readiness: 'C2', releasableTo: 'coalition', ...body });
		expectAnswer(answer, 201, 'POST /api/v1/units');
		return answer.body as Unit;
	}

	useServer(
		backendName,
		OFFICER_AND_PARTNERS,
		async (started) => {
			server = started;
			[officerScreen, deuScreen] = await Promise.all([server.screen(OFFICER), server.screen(DEU)]);
		}
	);

	it('are in the OpenAPI document, with the readiness report', async () => {
		expect(await server.apiPaths(/^\/api\/v1\/(units|brigades)/)).toEqual([
			'/api/v1/brigades',
			'/api/v1/brigades.csv',
			'/api/v1/brigades/{id}',
			'/api/v1/brigades/{id}/history',
			'/api/v1/units',
			'/api/v1/units.csv',
			'/api/v1/units.geojson',
			'/api/v1/units/{id}',
			'/api/v1/units/{id}/history',
			'/api/v1/units/{id}/readiness'
		]);
	});

	describe('units', () => {
		it('registers a unit with every field of the contract', async () => {
			const body = { name: 'Panzergrenadierbataillon 371', nation: 'DEU', domain: 'land', sidc: INFANTRY, location: { lat: 50.45, lon: 30.52 }, mission: 'training', readiness: 'C1', noticeToMoveHours: 48, releasableTo: ['DEU'] };
			const answer = await server.as(OFFICER).post('/api/v1/units', body);
			expectAnswer(answer, 201, 'POST /api/v1/units');
			expect(answer.body).toEqual({
				...body,
				id: expect.any(String),
				readinessChangedAt: expect.any(String),
				lastReport: { reason: 'Registered', by: expect.any(String), at: expect.any(String) },
				exercise: false
			});
			const geojson = await server.as(DEU).get('/api/v1/units.geojson');
			expect(geojson.body.features.find((f: { id: string }) => f.id === answer.body.id).geometry).toEqual({ type: 'Point', coordinates: [30.52, 50.45] });
		});

		it('refuses a symbol code that is not one, or not of its domain, with a field error', async () => {
			for (const [sidc, message] of [
				['1003100015121100000', '20 digits, not 19'],
				['SFGPUCI----D', 'Digits only (a 20-digit APP-6D / 2525D code)'],
				['10039900151211000000', 'Unknown symbol set 99 (digits 5–6, e.g. 10 land unit, 01 air, 30 sea surface)']
			]) {
				const answer = await server.as(OFFICER).post('/api/v1/units', { name: 'x', nation: 'DEU', domain: 'land', sidc, mission: 'reassurance', readiness: 'C1' });
				expectAnswer(answer, 400, sidc);
				expect(answer.body.error.fields).toEqual({ sidc: [message] });
			}
			const land = await unit();
			const wrongDomain = await patch(OFFICER, `/api/v1/units/${land.id}`, { sidc: FIGHTER });
			expectAnswer(wrongDomain, 400, 'an air symbol for a land unit');
			expect(wrongDomain.body.error.fields).toHaveProperty('sidc');
		});

		it('takes readiness reports with a reason, from the cell or the unit’s own nation, live, with the history as readiness over time', async () => {
			const u = await unit({ readiness: 'C3' });
			expectAnswer(await readiness(DEU, u.id, { readiness: 'C2' }), 400, 'no reason');
			const byDeu = await readiness(DEU, u.id, { readiness: 'C2', noticeToMoveHours: 72, reason: 'Spare parts arrived' });
			expectAnswer(byDeu, 200, 'DEU reports its own unit');
			expect(byDeu.body).toMatchObject({ readiness: 'C2', noticeToMoveHours: 72, lastReport: { reason: 'Spare parts arrived' } });
			await server.barrier(OFFICER, officerScreen);
			expect(officerScreen.deltas.findLast((d) => d.id === u.id)).toMatchObject({ collection: 'units', record: { readiness: 'C2' } });
			expectAnswer(await readiness(OFFICER, u.id, { readiness: 'C1', noticeToMoveHours: 24, reason: 'Exercise passed' }), 200, 'the officer');
			expectAnswer(await readiness(POL, u.id, { readiness: 'C4', reason: 'not mine' }), 403, 'POL for a German unit');

			const history = await server.history('units', u.id);
			expect(history.map((e) => e.name)).toEqual(['units.readiness-reported', 'units.readiness-reported', 'units.created']);
			const levels = (history as unknown as { changes: { field: string; before: unknown; after: unknown }[] }[]).map((e) => e.changes.find((c) => c.field === 'readiness'));
			expect(levels.map((c) => c && [c.before, c.after])).toEqual([
				['C2', 'C1'],
				['C3', 'C2'],
				[null, 'C3']
			]);
		});

		it('leaves registering and correcting units to the cell', async () => {
			const u = await unit();
			expectAnswer(await server.as(DEU).post('/api/v1/units', { name: 'mine', nation: 'DEU', domain: 'land', sidc: INFANTRY, mission: 'reassurance', readiness: 'C1', releasableTo: ['DEU'] }), 403, 'a partner registering');
			expectAnswer(await patch(DEU, `/api/v1/units/${u.id}`, { name: 'renamed' }), 403, 'a partner renaming');
			const hidden = await unit({ releasableTo: 'cell' });
			expectAnswer(await readiness(DEU, hidden.id, { readiness: 'C1', reason: 'x' }), 404, 'a unit DEU may not see');
		});
	});

	describe('brigades', () => {
		it('flags a brigade not certified by its planned day, and clears it when certified', async () => {
			const late = await server.as(OFFICER).post('/api/v1/brigades', { name: '155th Mechanised Brigade', stage: 'collective-training', progress: 60, plannedCertifiedOn: day(-3), releasableTo: 'coalition' });
			expectAnswer(late, 201, 'a late brigade');
			expect(late.body).toEqual({ id: expect.any(String), name: '155th Mechanised Brigade', stage: 'collective-training', progress: 60, plannedCertifiedOn: day(-3), behindSchedule: true, exercise: false, releasableTo: 'coalition' });
			const onTime = await server.as(OFFICER).post('/api/v1/brigades', { name: '156th Mechanised Brigade', plannedCertifiedOn: day(0), releasableTo: 'coalition' });
			expect(onTime.body).toMatchObject({ stage: 'forming', progress: 0, behindSchedule: false });
			const certified = await patch(OFFICER, `/api/v1/brigades/${late.body.id}`, { stage: 'certified' });
			expectAnswer(certified, 200, 'certify');
			expect(certified.body).toMatchObject({ stage: 'certified', progress: 0, behindSchedule: false });
			expect((await server.history('brigades', late.body.id)).map((e) => e.name)).toEqual(['brigades.stage-changed', 'brigades.created']);
			expectAnswer(await server.as(DEU).post('/api/v1/brigades', { name: 'x', plannedCertifiedOn: day(1) }), 403, 'a partner');
		});
	});

	it('broadcasts kpis.forces equal to a recount of what each screen may read, after random commands', async () => {
		const created: string[] = [];
		const releasability = fc.constantFrom<unknown>('cell', 'coalition', ['DEU'], ['POL'], ['DEU', 'POL']);
		const command = fc.oneof(
			fc.record({ kind: fc.constant('unit' as const), nation: fc.constantFrom('DEU', 'POL', 'FRA'), domain: fc.constantFrom('land', 'air'), readiness: fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5'), releasableTo: releasability }),
			fc.record({ kind: fc.constant('report' as const), by: fc.constantFrom(OFFICER, DEU, POL), unit: fc.nat(), readiness: fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5') }),
			fc.record({ kind: fc.constant('release' as const), unit: fc.nat(), releasableTo: releasability }),
			fc.record({ kind: fc.constant('brigade' as const), stage: fc.constantFrom('forming', 'collective-training', 'certified'), planned: fc.integer({ min: -5, max: 5 }), releasableTo: releasability })
		);
		async function run(c: typeof command extends fc.Arbitrary<infer T> ? T : never) {
			if (c.kind === 'unit') {
				const answer = await server.as(OFFICER).post('/api/v1/units', { name: 'recount', nation: c.nation, domain: c.domain, sidc: c.domain === 'air' ? FIGHTER : INFANTRY, mission: 'reassurance', readiness: c.readiness, releasableTo: c.releasableTo });
				if (answer.status === 201) created.push(answer.body.id);
			} else if (c.kind === 'report' && created.length) {
				await readiness(c.by, created[c.unit % created.length]!, { readiness: c.readiness, reason: 'recount' });
			} else if (c.kind === 'release' && created.length) {
				await patch(OFFICER, `/api/v1/units/${created[c.unit % created.length]}`, { releasableTo: c.releasableTo });
			} else if (c.kind === 'brigade') {
				await server.as(OFFICER).post('/api/v1/brigades', { name: 'recount', stage: c.stage, plannedCertifiedOn: day(c.planned), releasableTo: c.releasableTo });
			}
		}
		/** Written from the contract, over what the viewer's own lists hold. */
		async function recount(username: string) {
			const units = (await server.as(username).get('/api/v1/units')).body as Unit[];
			const brigades = (await server.as(username).get('/api/v1/brigades')).body as Brigade[];
			const levels = () => ({ C1: 0, C2: 0, C3: 0, C4: 0, C5: 0 });
			const byDomain = { air: levels(), sea: levels(), land: levels() };
			const byNation: Record<string, { units: number; ready: number }> = {};
			for (const u of units) {
				byDomain[u.domain][u.readiness]++;
				byNation[u.nation] ??= { units: 0, ready: 0 };
				byNation[u.nation]!.units++;
				if (u.readiness === 'C1' || u.readiness === 'C2') byNation[u.nation]!.ready++;
			}
			const ready = units.filter((u) => u.readiness === 'C1' || u.readiness === 'C2').length;
			const byStage = { forming: 0, 'individual-training': 0, 'collective-training': 0, certified: 0, deployed: 0 };
			for (const b of brigades) byStage[b.stage]++;
			return {
				units: units.length,
				readyShare: units.length ? ready / units.length : null,
				byDomain,
				byNation: Object.fromEntries(Object.entries(byNation).sort(([a], [b]) => (a < b ? -1 : 1))),
				brigades: { byStage, behindSchedule: brigades.filter((b) => b.behindSchedule).length }
			};
		}
		await fc.assert(
			fc.asyncProperty(fc.array(command, { minLength: 3, maxLength: 12 }), async (commands) => {
				for (const c of commands) await run(c);
				await expectBroadcastEqualsRecount(server, 'forces', [{ username: OFFICER, screen: officerScreen }, { username: DEU, screen: deuScreen }], recount);
			}),
			{ numRuns: 5 }
		);
	});
});
