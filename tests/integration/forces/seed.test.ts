import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { viewerOf, type Actor } from '$lib/domain/identity/actor';
import type { Brigade } from '$lib/domain/forces/brigades';
import { READINESS_LEVELS, type Unit } from '$lib/domain/forces/units';
import { brigadesCollection, unitsCollection } from '$lib/server/collections/forces';
import { listRecords, type ReadContext } from '$lib/server/collections/registry';
import type { CommandResult } from '$lib/server/commands/execute';
import { forcesBoard } from '$lib/server/realtime/boards/forces';
import { EXERCISE_CONTROL, random } from '$lib/server/seed/exercise-control';
import { EXERCISE_UNITS, advanceForces, exerciseUnits, seedForces } from '$lib/server/seed/forces';
import { createBackend, describeEachBackend, startRuntime, type Backend, type RunningRuntime } from '../../support/backends';
import { userWithSession } from '../../support/users';

const NOW = new Date();

describeEachBackend('the forces exercise data on %s', (backendName) => {
	let backend: Backend;
	let server: RunningRuntime;
	let partner: Actor;
	// As the scenario calls it: every write by exercise control through the one write path.
	const act = (type: string, payload: unknown): Promise<CommandResult> => server.runtime.execute(EXERCISE_CONTROL, { type, id: randomUUID(), payload });
	const reader = (actor: Actor): ReadContext => ({ db: server.runtime.database.db, viewer: viewerOf(actor), kpis: (board) => server.runtime.kpis(viewerOf(actor), board) });
	const cell = () => reader(EXERCISE_CONTROL);

	beforeAll(async () => {
		backend = await createBackend(backendName);
		server = await startRuntime(backend);
		partner = (await userWithSession(server.runtime, 'seed-partner-deu', 'partner', 'DEU')).actor;
		await seedForces(act, random(20260106), NOW);
	});
	afterAll(async () => {
		await server?.close();
		await backend?.dispose();
	});

	it('registers every unit through the commands, as exercise data, with its symbol, place and marking', async () => {
		const units = await listRecords<Unit>(cell(), unitsCollection);
		expect(units).toHaveLength(EXERCISE_UNITS.length);
		expect(units.every((u) => u.exercise && u.location !== null)).toBe(true);
		for (const seed of EXERCISE_UNITS) {
			expect(units.find((u) => u.name === seed.name)).toMatchObject({ nation: seed.nation, domain: seed.domain, sidc: seed.sidc, readiness: seed.readiness, releasableTo: seed.releasableTo });
		}
		// Below C2, the history starts with a reason, not just "Registered".
		const notReady = units.filter((u) => READINESS_LEVELS.indexOf(u.readiness) > 1);
		expect(notReady.length).toBeGreaterThan(0);
		for (const u of notReady) expect(u.lastReport?.reason, u.name).not.toBe('Registered');
	});

	it('puts five brigades in the pipeline, one at each stage, one of them behind schedule', async () => {
		const brigades = await listRecords<Brigade>(cell(), brigadesCollection);
		expect(brigades.map((b) => b.stage).sort()).toEqual(['certified', 'collective-training', 'deployed', 'forming', 'individual-training']);
		expect(brigades.filter((b) => b.behindSchedule).map((b) => b.stage)).toEqual(['collective-training']);
		expect(brigades.every((b) => b.exercise)).toBe(true);
	});

	it('counts them on the board for the cell, and for a partner only what is released to its nation', async () => {
		// The board follows the log's tailer, a moment after the commits.
		await vi.waitFor(() => expect(server.runtime.kpis(viewerOf(EXERCISE_CONTROL), forcesBoard)?.units).toBe(EXERCISE_UNITS.length));
		const figures = server.runtime.kpis(viewerOf(EXERCISE_CONTROL), forcesBoard)!;
		expect(figures.brigades.behindSchedule).toBe(1);
		expect(Object.keys(figures.byNation).length).toBeGreaterThanOrEqual(12);

		const visibleToDeu = EXERCISE_UNITS.filter((u) => u.releasableTo === 'coalition' || (Array.isArray(u.releasableTo) && u.releasableTo.includes('DEU')));
		const partnerUnits = await listRecords<Unit>(reader(partner), unitsCollection);
		expect(partnerUnits.map((u) => u.name).sort()).toEqual(visibleToDeu.map((u) => u.name).sort());
		await vi.waitFor(() => expect(server.runtime.kpis(viewerOf(partner), forcesBoard)?.units).toBe(visibleToDeu.length));
	});

	it("moves one exercise unit's readiness a level for the simulator, with a reason and the notice to move of the new level", async () => {
		const before = await listRecords<Unit>(cell(), unitsCollection);
		await advanceForces(act, random(7), await exerciseUnits(server.runtime.database.db));
		const after = await listRecords<Unit>(cell(), unitsCollection);
		const moved = after.filter((u) => u.readiness !== before.find((b) => b.id === u.id)!.readiness);
		expect(moved).toHaveLength(1);
		const [unit] = moved;
		const was = before.find((b) => b.id === unit!.id)!;
		expect(Math.abs(READINESS_LEVELS.indexOf(unit!.readiness) - READINESS_LEVELS.indexOf(was.readiness))).toBe(1);
		expect(unit!.lastReport).toMatchObject({ by: 'Exercise control' });
		expect(unit!.lastReport!.reason.length).toBeGreaterThan(10);
		expect(Date.parse(unit!.readinessChangedAt)).toBeGreaterThan(Date.parse(was.readinessChangedAt));
		// A level at which nobody can say when the unit moves (reconstituting) carries no notice to move.
		expect(unit!.noticeToMoveHours === null).toBe(unit!.readiness === 'C5');
	});

	it('leaves real units alone, and does nothing without exercise units', async () => {
		const real = await act('units.create', { name: 'Real Battalion', nation: 'DEU', domain: 'land', sidc: '10031000161211020000', mission: 'reassurance', readiness: 'C2' });
		const candidates = await exerciseUnits(server.runtime.database.db);
		expect(candidates.map((u) => u.id)).not.toContain(real.record!.id);
		const before = await listRecords<Unit>(cell(), unitsCollection);
		await advanceForces(act, random(1), []);
		expect(await listRecords<Unit>(cell(), unitsCollection)).toEqual(before);
	});
});
