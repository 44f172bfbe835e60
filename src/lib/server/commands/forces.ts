import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AppError } from '$lib/domain/core/errors';
import { DEFAULT_RELEASABILITY } from '$lib/domain/core/releasability';
import { checkContribution } from '$lib/domain/identity/contribution';
import { DOMAIN_SYMBOL_SETS } from '$lib/domain/forces/sidc';
import { brigadesCollection, unitsCollection } from '../collections/forces';
import { brigades, units } from '../db/schema';
import { changed, defineCommand } from './command';
import { rowOf } from './load';

/** Guarantee 3: the Multinational Force's units and their readiness, and Ukraine's brigades in regeneration. */

const unitOf = rowOf(units, 'unit');

/** A unit a nation contributes, with its symbol (checked against its domain) and its readiness as reported now. */
export const createUnit = defineCommand({
	type: 'units.create',
	action: 'units.create',
	async apply(tx, actor, input) {
		const now = new Date();
		const [row] = await tx
			.insert(units)
			.values({
				id: randomUUID(),
				name: input.name,
				nation: input.nation,
				domain: input.domain,
				sidc: input.sidc,
				lat: input.location?.lat ?? null,
				lon: input.location?.lon ?? null,
				mission: input.mission,
				readiness: input.readiness,
				noticeToMoveHours: input.noticeToMoveHours ?? null,
				readinessChangedAt: now,
				lastReport: { reason: 'Registered', by: actor.displayName, at: now.toISOString() },
				exercise: input.exercise ?? false,
				releasableTo: input.releasableTo ?? DEFAULT_RELEASABILITY
			})
			.returning();
		return changed(unitsCollection, 'created', row!);
	}
});

/** Name, symbol, place, mission or releasability; those who lose sight of it get a removal. */
export const updateUnit = defineCommand({
	type: 'units.update',
	action: 'units.update',
	load: unitOf,
	async apply(tx, _actor, input, { target: unit }) {
		const { id: _id, location, ...set } = input;
		if (set.sidc && !(DOMAIN_SYMBOL_SETS[unit.domain] as readonly string[]).includes(set.sidc.slice(4, 6))) {
			throw new AppError('validation', "The symbol does not match the unit's domain", { sidc: [`The symbol set (digits 5–6) does not match the unit's domain (${unit.domain})`] });
		}
		const [row] = await tx
			.update(units)
			.set({ ...set, ...(location !== undefined && { lat: location?.lat ?? null, lon: location?.lon ?? null }) })
			.where(eq(units.id, unit.id))
			.returning();
		return changed(unitsCollection, 'updated', row!, { was: unit, previousReleasableTo: unit.releasableTo });
	}
});

/**
 * A readiness report: the level, the notice to move and why, by whom and when. A partner reports for
 * its own nation's units only (403 otherwise); the history is the unit's readiness over time.
 */
export const reportReadiness = defineCommand({
	type: 'units.readiness',
	action: 'units.readiness',
	load: unitOf,
	async apply(tx, actor, input, { target: unit }) {
		checkContribution(actor, unit.nation);
		const now = new Date();
		const [row] = await tx
			.update(units)
			.set({
				readiness: input.readiness,
				...(input.noticeToMoveHours !== undefined && { noticeToMoveHours: input.noticeToMoveHours }),
				readinessChangedAt: now,
				lastReport: { reason: input.reason, by: actor.displayName, at: now.toISOString() }
			})
			.where(eq(units.id, unit.id))
			.returning();
		return changed(unitsCollection, 'readiness-reported', row!, { was: unit });
	}
});

export const createBrigade = defineCommand({
	type: 'brigades.create',
	action: 'brigades.manage',
	async apply(tx, _actor, input) {
		const [row] = await tx
			.insert(brigades)
			.values({
				id: randomUUID(),
				name: input.name,
				stage: input.stage ?? 'forming',
				progress: input.progress ?? 0,
				plannedCertifiedOn: input.plannedCertifiedOn,
				exercise: input.exercise ?? false,
				releasableTo: input.releasableTo ?? DEFAULT_RELEASABILITY
			})
			.returning();
		return changed(brigadesCollection, 'created', row!);
	}
});

/** A new stage starts at 0 % unless the report says how far it is. */
export const updateBrigade = defineCommand({
	type: 'brigades.update',
	action: 'brigades.manage',
	load: rowOf(brigades, 'brigade'),
	async apply(tx, _actor, input, { target: brigade }) {
		const { id: _id, ...set } = input;
		const newStage = set.stage !== undefined && set.stage !== brigade.stage;
		const [row] = await tx
			.update(brigades)
			.set({ ...set, ...(newStage && set.progress === undefined && { progress: 0 }) })
			.where(eq(brigades.id, brigade.id))
			.returning();
		return changed(brigadesCollection, newStage ? 'stage-changed' : 'updated', row!, { previousReleasableTo: brigade.releasableTo });
	}
});
