import { eq } from 'drizzle-orm';
import { viewerOf } from '$lib/domain/actor';
import { CheckInSector, ClearSectorOverride, CreateSector, OverrideSectorStatus } from '$lib/domain/ceasefire-sectors';
import { AppError } from '$lib/domain/errors';
import { DEFAULT_RELEASABILITY } from '$lib/domain/releasability';
import type { Tx } from '../db/client';
import { sectors } from '../db/schema';
import { presentSector } from '../presenters';
import { defineCommand, type Change } from './command';
import { visibleOrNotFound } from './load';

function logged(name: string, row: typeof sectors.$inferSelect): Change {
	const record = presentSector(row);
	return { name, collection: 'sectors', entityId: record.id, op: 'upsert', record: { ...record }, releasableTo: record.releasableTo };
}

async function lockSector(tx: Tx, id: string, actor: Parameters<typeof viewerOf>[0]) {
	const [row] = await tx.select().from(sectors).where(eq(sectors.id, id)).for('update');
	return visibleOrNotFound(row, viewerOf(actor), 'sector');
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
	async apply(tx, actor, input) {
		const sector = await lockSector(tx, input.id, actor);
		const [row] = await tx.update(sectors).set({ lastCheckInAt: new Date() }).where(eq(sectors.id, sector.id)).returning();
		return logged('sector.checked-in', row!);
	}
});

/** An officer's judgement overrides the rules, with a reason, and always for a limited time. */
export const overrideSectorStatus = defineCommand({
	type: 'sectors.override',
	action: 'sector.manage',
	schema: OverrideSectorStatus,
	async apply(tx, actor, input) {
		const sector = await lockSector(tx, input.id, actor);
		const expiresAt = new Date(Date.now() + input.expiresInHours * 3600_000).toISOString();
		const override = { status: input.status, reason: input.reason, by: actor.displayName, expiresAt };
		const [row] = await tx.update(sectors).set({ override }).where(eq(sectors.id, sector.id)).returning();
		return logged('sector.overridden', row!);
	}
});

export const clearSectorOverride = defineCommand({
	type: 'sectors.clear-override',
	action: 'sector.manage',
	schema: ClearSectorOverride,
	async apply(tx, actor, input) {
		const sector = await lockSector(tx, input.id, actor);
		const [row] = await tx.update(sectors).set({ override: null }).where(eq(sectors.id, sector.id)).returning();
		return logged('sector.override-cleared', row!);
	}
});
