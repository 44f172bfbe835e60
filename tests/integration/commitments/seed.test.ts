import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { COMMITMENT_STATUSES, COMMITMENT_TYPES, type Commitment } from '$lib/domain/commitments/commitments';
import type { Activation } from '$lib/domain/commitments/activations';
import type { CommitmentsKpis } from '$lib/domain/commitments/kpis';
import type { CooperationKpis } from '$lib/domain/cooperation/kpis';
import type { Milestone } from '$lib/domain/cooperation/milestones';
import type { Programme } from '$lib/domain/cooperation/programmes';
import { utcDay } from '$lib/domain/core/dates';
import { seedCommitments } from '$lib/server/seed/commitments';
import { seedCooperation } from '$lib/server/seed/cooperation';
import { EXERCISE_CONTROL, random } from '$lib/server/seed/exercise-control';
import { createBackend, describeEachBackend, liveCaughtUp, startRuntime, type Backend, type RunningRuntime } from '../../support/backends';
import { Screen } from '../../support/screen';
import { userWithSession } from '../../support/users';

describeEachBackend('the exercise register and cooperation programmes on %s', (backendName) => {
	let backend: Backend;
	let server: RunningRuntime;
	let cell: Screen;
	let deu: Screen;
	const now = new Date();
	const records = async <T>(collection: string) => {
		await liveCaughtUp(server.runtime);
		return ((await server.runtime.live.snapshot()).data[collection] ?? []) as unknown as T[];
	};

	beforeAll(async () => {
		backend = await createBackend(backendName);
		server = await startRuntime(backend);
		// As the scenario runs them: commands of exercise control through the ordinary command kit.
		const act = (type: string, payload: unknown) => server.runtime.execute(EXERCISE_CONTROL, { type, id: randomUUID(), payload });
		await seedCommitments(act, random(20260108));
		await seedCooperation(act, random(20260109), now);
		const officer = await userWithSession(server.runtime, 'seed-officer', 'officer');
		const partner = await userWithSession(server.runtime, 'seed-partner-deu', 'partner', 'DEU');
		cell = new Screen(server.url, { cookie: officer.cookie });
		deu = new Screen(server.url, { cookie: partner.cookie });
		await Promise.all([cell.ready(), deu.ready()]);
	});
	afterAll(async () => {
		cell?.close();
		deu?.close();
		await server?.close();
		await backend?.dispose();
	});

	it('registers a dozen nations’ commitments of every type and status, mostly in force and released to the coalition, all exercise, with no drill started', async () => {
		const commitments = await records<Commitment>('commitments');
		expect(new Set(commitments.map((c) => c.nation)).size).toBe(12);
		expect(new Set(commitments.map((c) => c.type))).toEqual(new Set(COMMITMENT_TYPES));
		expect(new Set(commitments.map((c) => c.status))).toEqual(new Set(COMMITMENT_STATUSES));
		const inForce = commitments.filter((c) => c.status === 'in-force').length;
		expect(inForce).toBeGreaterThan(commitments.length / 2);
		expect(commitments.filter((c) => c.releasableTo === 'coalition').length).toBeGreaterThan(commitments.length / 2);
		expect(commitments.every((c) => c.exercise && c.response === null)).toBe(true);
		expect(await records<Activation>('activations')).toEqual([]);

		const kpis = cell.kpis.get('commitments') as unknown as CommitmentsKpis;
		expect(kpis).toMatchObject({ inForce, activation: null });
		for (const type of COMMITMENT_TYPES) expect(kpis.byType[type]).toBe(commitments.filter((c) => c.status === 'in-force' && c.type === type).length);
		// A partner's board counts only what is released to its nation.
		const forDeu = commitments.filter((c) => c.status === 'in-force' && (c.releasableTo === 'coalition' || (Array.isArray(c.releasableTo) && c.releasableTo.includes('DEU'))));
		expect((deu.kpis.get('commitments') as unknown as CommitmentsKpis).inForce).toBe(forDeu.length);
	});

	it('creates a training, a production and an intelligence programme; the production runs behind plan and one milestone is overdue', async () => {
		const programmes = await records<Programme>('programmes');
		expect(programmes.map((p) => p.kind).sort()).toEqual(['industrial-production', 'intelligence', 'training']);
		expect(programmes.every((p) => p.exercise && p.releasableTo === 'coalition')).toBe(true);
		const rounds = programmes.find((p) => p.kind === 'industrial-production')!;
		expect(rounds).toMatchObject({ instrument: 'ASAP', unit: '155 mm rounds' });
		expect(rounds.plan).toHaveLength(12);
		// Output for every past month of the plan, none for this month or later.
		const thisMonth = utcDay(now).slice(0, 7);
		expect(rounds.output.map((o) => o.month)).toEqual(rounds.plan.filter((p) => p.month < thisMonth).map((p) => p.month));

		const milestones = await records<Milestone>('milestones');
		expect(milestones.every((m) => m.exercise && m.releasableTo === 'coalition')).toBe(true);
		expect(milestones.filter((m) => m.doneOn !== null).length).toBeGreaterThan(0);

		for (const screen of [cell, deu]) {
			const kpis = screen.kpis.get('cooperation') as unknown as CooperationKpis;
			expect(kpis).toMatchObject({ programmes: 3, overdueMilestones: 1 });
			expect(Object.keys(kpis.production)).toEqual([rounds.id]);
			const { plannedToDate, actualToDate } = kpis.production[rounds.id]!;
			expect(actualToDate).toBeGreaterThan(0);
			expect(actualToDate).toBeLessThan(plannedToDate);
		}
	});
});
