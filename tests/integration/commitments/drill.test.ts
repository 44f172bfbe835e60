import { describe, expect, it } from 'vitest';
import { utcDay } from '$lib/domain/core/dates';
import type { Activation } from '$lib/domain/commitments/activations';
import type { Commitment } from '$lib/domain/commitments/commitments';
import type { CommitmentsKpis } from '$lib/domain/commitments/kpis';
import type { CooperationKpis } from '$lib/domain/cooperation/kpis';
import type { Milestone } from '$lib/domain/cooperation/milestones';
import type { Programme } from '$lib/domain/cooperation/programmes';
import { describeEachBackend } from '../../support/backends';
import { screenFigures } from '../../support/boards';
import { useServer, type CeasefireServer } from '../../support/ceasefire/server';
import { expectAnswer } from '../../support/http';
import type { Screen } from '../../support/screen';

/**
 * The activation drill (guarantee 4) and cooperation programmes (guarantee 5) against one
 * production server per backend: the two-person rule, one activation at a time, every nation's
 * answers counted once when they arrive at the same instant, nobody answering for another nation,
 * stand-down with the answers kept, and production and milestones by date.
 */

const OFFICER = 'cm-officer';
const OFFICER2 = 'cm-officer-2';
const DEU = 'cm-partner-deu';
const POL = 'cm-partner-pol';
const FRA = 'cm-partner-fra';
const day = (offset: number) => utcDay(new Date(Date.now() + offset * 86_400_000));

describeEachBackend('commitments and cooperation on %s', (backendName) => {
	let server: CeasefireServer;
	let cell: Screen;
	let deu: Screen;
	let pol: Screen;

	const post = (username: string, path: string, body?: unknown) => server.as(username).post(path, body);
	async function commitment(nation: string, status = 'in-force', releasableTo: unknown = 'coalition'): Promise<Commitment> {
		const answer = await post(OFFICER, '/api/v1/commitments', { nation, type: 'military', text: `${nation} air defence battery within 72 h`, status, releasableTo });
		expectAnswer(answer, 201, `a commitment of ${nation}`);
		return answer.body as Commitment;
	}
	const commitmentNow = async (id: string) => (await server.as('admin').get(`/api/v1/commitments/${id}`)).body as Commitment;
	const kpis = (screen: Screen) => screenFigures(screen, 'commitments') as unknown as CommitmentsKpis;

	useServer(
		backendName,
		[
			{ username: OFFICER, role: 'officer' },
			{ username: OFFICER2, role: 'officer' },
			{ username: DEU, role: 'partner', nation: 'DEU' },
			{ username: POL, role: 'partner', nation: 'POL' },
			{ username: FRA, role: 'partner', nation: 'FRA' }
		],
		async (started) => {
			server = started;
			[cell, deu, pol] = await Promise.all([server.screen(OFFICER), server.screen(DEU), server.screen(POL)]);
		}
	);

	it('registers commitments with any status and moves them with a reason, recording who, when and why', async () => {
		const c = await commitment('ITA', 'proposed');
		expect(c).toMatchObject({ nation: 'ITA', type: 'military', status: 'proposed', response: null, releasableTo: 'coalition', lastChange: { status: 'proposed', reason: 'Registered' } });
		expectAnswer(await post(OFFICER, `/api/v1/commitments/${c.id}/status`, { status: 'agreed' }), 400, 'no reason');
		const agreed = await post(OFFICER, `/api/v1/commitments/${c.id}/status`, { status: 'agreed', reason: 'Signed in Rome' });
		expectAnswer(agreed, 200, 'agree');
		expect(agreed.body.lastChange).toMatchObject({ status: 'agreed', reason: 'Signed in Rome', by: expect.any(String), at: expect.any(String) });
		expectAnswer(await post(OFFICER, `/api/v1/commitments/${c.id}/status`, { status: 'agreed', reason: 'again' }), 409, 'the same status');
		expectAnswer(await post(DEU, `/api/v1/commitments/${c.id}/status`, { status: 'in-force', reason: 'x' }), 403, 'a partner');
		expect((await server.history('commitments', c.id)).map((e) => e.name)).toEqual(['commitments.status-changed', 'commitments.created']);
	});

	describe('the activation drill', () => {
		let drill: Activation;
		const inForce: Record<string, Commitment> = {};

		it('holds a real declaration for the cell until another officer confirms it; the declarer and partners cannot', async () => {
			for (const nation of ['DEU', 'POL', 'FRA']) inForce[nation] = await commitment(nation);
			const declared = await post(OFFICER, '/api/v1/activations', { scenario: 'Armed attack on the Kharkiv axis', exercise: false });
			expectAnswer(declared, 201, 'declare');
			drill = declared.body as Activation;
			expect(drill).toMatchObject({ state: 'pending-confirmation', exercise: false, declaredBy: expect.any(String), confirmedBy: null, activatedAt: null, releasableTo: 'cell' });
			await server.barrier(OFFICER, cell, deu);
			expect(deu.wire.some((frame) => frame.includes(drill.id))).toBe(false);
			expectAnswer(await server.as(DEU).get(`/api/v1/activations/${drill.id}`), 404, 'a partner reading a pending declaration');
			await cell.until((s) => (screenFigures(s, 'commitments') as unknown as CommitmentsKpis).activation?.state === 'pending-confirmation', 'the pending drill on the cell board');
			expect((await commitmentNow(inForce.DEU!.id)).response).toBeNull();

			expectAnswer(await post(OFFICER, `/api/v1/activations/${drill.id}/confirm`), 403, 'the declarer confirming');
			expectAnswer(await post(DEU, `/api/v1/activations/${drill.id}/confirm`), 403, 'a partner confirming');
			const second = await post(OFFICER2, '/api/v1/activations', { scenario: 'Another one', exercise: true });
			expectAnswer(second, 409, 'a second activation');
			expect(second.body.error.message).toMatch(/already under way/);

			const confirmed = await post(OFFICER2, `/api/v1/activations/${drill.id}/confirm`);
			expectAnswer(confirmed, 200, 'a second officer confirming');
			expect(confirmed.body).toMatchObject({ state: 'active', confirmedBy: expect.any(String), activatedAt: expect.any(String), releasableTo: 'coalition' });
			expectAnswer(await post('admin', `/api/v1/activations/${drill.id}/confirm`), 409, 'confirming twice');
			for (const nation of ['DEU', 'POL', 'FRA']) expect((await commitmentNow(inForce[nation]!.id)).response).toMatchObject({ activationId: drill.id, status: 'requested', by: null });
			await cell.until((s) => (screenFigures(s, 'commitments') as unknown as CommitmentsKpis).activation?.state === 'active', 'the active drill on the cell board');
			expect(kpis(cell).activation).toMatchObject({ id: drill.id, requested: 3, acknowledged: 0, silentNations: ['DEU', 'FRA', 'POL'] });
		});

		it('counts each nation’s answer once when they arrive at the same instant, and refuses a nation answering for another', async () => {
			const before = kpis(cell).activation!;
			const silentBefore = before.silentNations;
			const acks = await Promise.all([
				deu.command('commitments.respond', { id: inForce.DEU!.id, status: 'acknowledged', note: 'Battery alerted' }),
				pol.command('commitments.respond', { id: inForce.POL!.id, status: 'executing', note: 'Convoy moving' }),
				deu.command('commitments.respond', { id: inForce.POL!.id, status: 'declined', note: 'not ours' }),
				pol.command('commitments.respond', { id: inForce.DEU!.id, status: 'completed' })
			]);
			expect(acks.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(['ok', 'ok', 'forbidden', 'forbidden']);
			expect((await commitmentNow(inForce.DEU!.id)).response).toMatchObject({ status: 'acknowledged', note: 'Battery alerted', by: expect.any(String) });
			expect((await commitmentNow(inForce.POL!.id)).response).toMatchObject({ status: 'executing', note: 'Convoy moving' });
			expectAnswer(await post(DEU, `/api/v1/commitments/${inForce.DEU!.id}/respond`, { status: 'acknowledged' }), 409, 'answering the same again');

			await server.barrier(OFFICER, cell, deu, pol);
			await cell.until((s) => (screenFigures(s, 'commitments') as unknown as CommitmentsKpis).activation?.executing === before.executing + 1, 'the answers on the cell board');
			const after = kpis(cell).activation!;
			expect(after.requested).toBe(before.requested - 2);
			expect(after.acknowledged).toBe(before.acknowledged + 1);
			expect(after.executing).toBe(before.executing + 1);
			expect(after.declined).toBe(before.declined);
			// FRA stays silent; DEU and POL answered.
			expect(after.silentNations).toContain('FRA');
			expect(after.silentNations).not.toContain('DEU');
			expect(silentBefore).toContain('DEU');
			// A partner's board counts what it may see: DEU sees the coalition's commitments and the activation.
			await deu.until((s) => (screenFigures(s, 'commitments') as unknown as CommitmentsKpis).activation?.state === 'active', 'the drill on DEU’s board');
			expect(kpis(deu).activation).toMatchObject({ id: drill.id, exercise: false });
		});

		it('lets a cell officer answer for a nation, and stands the drill down keeping the answers as its report', async () => {
			expectAnswer(await post(OFFICER, `/api/v1/commitments/${inForce.FRA!.id}/respond`, { status: 'acknowledged', note: 'By phone from Paris' }), 200, 'the officer for FRA');
			const down = await post(OFFICER2, `/api/v1/activations/${drill.id}/stand-down`);
			expectAnswer(down, 200, 'stand down');
			expect(down.body).toMatchObject({ state: 'stood-down', stoodDownBy: expect.any(String), releasableTo: 'coalition' });
			expectAnswer(await post(DEU, `/api/v1/commitments/${inForce.DEU!.id}/respond`, { status: 'completed' }), 409, 'answering after stand-down');
			await cell.until((s) => (screenFigures(s, 'commitments') as unknown as CommitmentsKpis).activation === null, 'the board cleared');
			expect((await commitmentNow(inForce.FRA!.id)).response).toMatchObject({ activationId: drill.id, status: 'acknowledged', note: 'By phone from Paris' });
			expectAnswer(await server.as(DEU).get(`/api/v1/activations/${drill.id}`), 200, 'the drill stays readable');
			expectAnswer(await post(OFFICER, `/api/v1/activations/${drill.id}/stand-down`), 409, 'standing down twice');
		});

		it('makes an exercise active at once and asks every commitment in force, then allows a new one after stand-down', async () => {
			const exercise = await post(OFFICER, '/api/v1/activations', { scenario: 'EXERCISE Steadfast Shield', exercise: true });
			expectAnswer(exercise, 201, 'an exercise');
			expect(exercise.body).toMatchObject({ state: 'active', exercise: true, releasableTo: 'coalition' });
			expect((await commitmentNow(inForce.DEU!.id)).response).toMatchObject({ activationId: exercise.body.id, status: 'requested' });
			const late = await commitment('NLD');
			expect(late.response).toMatchObject({ activationId: exercise.body.id, status: 'requested' });
			expectAnswer(await post(OFFICER, `/api/v1/activations/${exercise.body.id}/stand-down`), 200, 'stand down the exercise');
		});
	});

	describe('cooperation', () => {
		it('records monthly output against plan, and flags a milestone not done by its day', async () => {
			const thisMonth = day(0).slice(0, 7);
			const lastMonth = utcDay(new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1))).slice(0, 7);
			const made = await post(OFFICER, '/api/v1/programmes', {
				kind: 'industrial-production',
				title: 'ASAP 155 mm',
				nations: ['POL', 'DEU', 'DEU'],
				instrument: 'ASAP',
				unit: '155 mm rounds',
				plan: [
					{ month: thisMonth, quantity: 2000 },
					{ month: lastMonth, quantity: 1000 }
				],
				releasableTo: ['DEU', 'POL']
			});
			expectAnswer(made, 201, 'a programme');
			const programme = made.body as Programme;
			expect(programme).toMatchObject({ nations: ['DEU', 'POL'], plan: [{ month: lastMonth }, { month: thisMonth }], output: [] });
			expectAnswer(await post(OFFICER, `/api/v1/programmes/${programme.id}/output`, { month: lastMonth, quantity: 700 }), 200, 'last month');
			expectAnswer(await post(OFFICER, `/api/v1/programmes/${programme.id}/output`, { month: lastMonth, quantity: 800 }), 200, 'last month corrected');
			expectAnswer(await post(OFFICER, '/api/v1/programmes/' + programme.id + '/output', { month: '2099-01', quantity: 1 }), 400, 'a month to come');
			expectAnswer(await post(DEU, `/api/v1/programmes/${programme.id}/output`, { month: lastMonth, quantity: 1 }), 403, 'a partner');

			const late = await post(OFFICER, '/api/v1/milestones', { programmeId: programme.id, title: 'Second line running', dueOn: day(-1) });
			expectAnswer(late, 201, 'a milestone due yesterday');
			expect(late.body).toMatchObject({ programmeId: programme.id, doneOn: null, releasableTo: ['DEU', 'POL'] });
			await server.barrier(OFFICER, deu);
			await deu.until((s) => {
				const k = screenFigures(s, 'cooperation') as unknown as CooperationKpis;
				return k.production?.[programme.id]?.actualToDate === 800 && k.overdueMilestones >= 1;
			}, 'DEU’s cooperation board');
			expect((screenFigures(deu, 'cooperation') as unknown as CooperationKpis).production[programme.id]).toEqual({ plannedToDate: 3000, actualToDate: 800 });

			const done = await post(OFFICER, `/api/v1/milestones/${late.body.id}/complete`, { on: day(0) });
			expectAnswer(done, 200, 'complete');
			expect((done.body as Milestone).doneOn).toBe(day(0));
			expectAnswer(await post(OFFICER, `/api/v1/milestones/${late.body.id}/complete`, {}), 409, 'complete twice');

			// Narrowing the programme takes its milestones along.
			expectAnswer(await server.call(server.person(OFFICER).cookie, 'PATCH', `/api/v1/programmes/${programme.id}`, { releasableTo: ['POL'] }), 200, 'narrow to POL');
			expectAnswer(await server.as(DEU).get(`/api/v1/milestones/${late.body.id}`), 404, 'the milestone for DEU now');
		});
	});
});
