import { eq } from 'drizzle-orm';
import { viewerOf, type Actor } from '$lib/domain/identity/actor';
import { CheckInSector, ClearSectorOverride, CreateSector, OverrideSectorStatus } from '$lib/domain/ceasefire/sectors';
import { AppError } from '$lib/domain/core/errors';
import { DEFAULT_RELEASABILITY } from '$lib/domain/core/releasability';
import type { Tx } from '../db/client';
import { sectors } from '../db/schema';
import { presentSector } from '../presenters';
import { defineCommand, type Change } from './command';
import { visibleOrNotFound } from './load';

function logged(name: string, row: typeof sectors.$inferSelect): Change {
	const record = presentSector(row);
	return { name, collection: 'sectors', entityId: record.id, op: 'upsert', record: { ...record }, releasableTo: record.releasableTo };
}

/** Locks a sector the actor may see, changes it, and logs the change under `name`. */
async function changeSector(tx: Tx, actor: Actor, id: string, name: string, set: Partial<typeof sectors.$inferInsert>): Promise<Change> {
	const [current] = await tx.select().from(sectors).where(eq(sectors.id, id)).for('update');
	const sector = visibleOrNotFound(current, viewerOf(actor), 'sector');
	const [row] = await tx.update(sectors).set(set).where(eq(sectors.id, sector.id)).returning();
	return logged(name, row!);
}

/** A sector of the line of contact, with its geometry (GeoJSON, lon/lat). */
export const createSector = defineCommand({
	type: 'sectors.create',
	action: 'sector.manage',
	schema: CreateSector,
	async apply(tx, _actor, input) {
		const [taken] = await tx.select({ id: sectors.id }).from(sectors).where(eq(sectors.id, input.id));
		if (taken) throw new AppError('conflict', `Sector ${input.id} exists`, { id: ['Taken'] });
		const [row] = await tx
			.insert(sectors)
			.values({ id: input.id, name: input.name, geometry: input.geometry, exercise: input.exercise ?? false, releasableTo: input.releasableTo ?? DEFAULT_RELEASABILITY })
			.returning();
		return logged('sector.created', row!);
	}
});

/** Monitors report on a sector (all quiet counts): without them its status turns unknown. */
export const checkInSector = defineCommand({
	type: 'sectors.check-in',
	action: 'sector.manage',
	schema: CheckInSector,
	apply: (tx, actor, input) => changeSector(tx, actor, input.id, 'sector.checked-in', { lastCheckInAt: new Date() })
});

/** An officer's judgement overrides the rules, with a reason, and always for a limited time. */
export const overrideSectorStatus = defineCommand({
	type: 'sectors.override',
	action: 'sector.manage',
	schema: OverrideSectorStatus,
	apply(tx, actor, input) {
		const expiresAt = new Date(Date.now() + input.expiresInHours * 3600_000).toISOString();
		const override = { status: input.status, reason: input.reason, by: actor.displayName, expiresAt };
		return changeSector(tx, actor, input.id, 'sector.overridden', { override });
	}
});

export const clearSectorOverride = defineCommand({
	type: 'sectors.clear-override',
	action: 'sector.manage',
	schema: ClearSectorOverride,
	apply: (tx, actor, input) => changeSector(tx, actor, input.id, 'sector.override-cleared', { override: null })
});
