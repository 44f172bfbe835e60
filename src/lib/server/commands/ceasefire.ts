import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { ALERTING_SEVERITIES, CATEGORY_LABELS, CreateViolation, STEP_PERMISSION, VIOLATION_WORKFLOW, nextStatus } from '$lib/domain/ceasefire/violations';
import { AppError } from '$lib/domain/core/errors';
import { DEFAULT_RELEASABILITY, Releasability, intersect } from '$lib/domain/core/releasability';
import type { Actor } from '$lib/domain/identity/actor';
import { alertsCollection } from '../collections/cell';
import { sectorsCollection, violationsCollection } from '../collections/ceasefire';
import { insertRowsQuery, type FullRow } from '../db/bulk-insert';
import type { Tx } from '../db/client';
import { alerts, sectors, violations } from '../db/schema';
import { sectorAt, type SectorShape } from '../geo/sector-lookup';
import { changed, defineCommand, imported, type Change, type Defer } from './command';
import { rowOf } from './load';

/** Guarantee 1: the sectors of the line of contact, and violation reports through their verification workflow. */

const sectorOf = rowOf(sectors, 'sector');

/** Changes a sector (the command loaded and locked it) and logs the change as `sectors.<done>`. */
async function changeSector(tx: Tx, id: string, done: string, set: Partial<typeof sectors.$inferInsert>): Promise<Change> {
	const [row] = await tx.update(sectors).set(set).where(eq(sectors.id, id)).returning();
	return changed(sectorsCollection, done, row!);
}

/** A sector of the line of contact, with its geometry (GeoJSON, lon/lat). */
export const createSector = defineCommand({
	type: 'sectors.create',
	action: 'sectors.manage',
	async apply(tx, _actor, input) {
		const [taken] = await tx.select({ id: sectors.id }).from(sectors).where(eq(sectors.id, input.id));
		if (taken) throw new AppError('conflict', `Sector ${input.id} exists`, { id: ['Taken'] });
		const [row] = await tx
			.insert(sectors)
			.values({ id: input.id, name: input.name, geometry: input.geometry, exercise: input.exercise ?? false, releasableTo: input.releasableTo ?? DEFAULT_RELEASABILITY })
			.returning();
		return changed(sectorsCollection, 'created', row!);
	}
});

/** Monitors report on a sector (all quiet counts): without them its status turns unknown. */
export const checkInSector = defineCommand({
	type: 'sectors.check-in',
	action: 'sectors.manage',
	load: sectorOf,
	apply: (tx, _actor, input) => changeSector(tx, input.id, 'checked-in', { lastCheckInAt: new Date() })
});

/** An officer's judgement overrides the rules, with a reason, and always for a limited time. */
export const overrideSectorStatus = defineCommand({
	type: 'sectors.override',
	action: 'sectors.manage',
	load: sectorOf,
	apply(tx, actor, input) {
		const expiresAt = new Date(Date.now() + input.expiresInHours * 3600_000).toISOString();
		const override = { status: input.status, reason: input.reason, by: actor.displayName, expiresAt };
		return changeSector(tx, input.id, 'overridden', { override });
	}
});

export const clearSectorOverride = defineCommand({
	type: 'sectors.clear-override',
	action: 'sectors.manage',
	load: sectorOf,
	apply: (tx, _actor, input) => changeSector(tx, input.id, 'override-cleared', { override: null })
});

/** Each sector's shape, to place reports, its name, to say where in words (alert titles), and who may see it. */
function loadSectorShapes(tx: Tx): Promise<(SectorShape & { name: string; releasableTo: Releasability })[]> {
	return tx.select({ id: sectors.id, name: sectors.name, geometry: sectors.geometry, releasableTo: sectors.releasableTo }).from(sectors);
}

/**
 * An alert's title names the report's sector, so it is shown to whoever may see both the report and
 * that sector, and to no one else (a partner still sees the report, without the sector's id).
 */
function alertAudience(report: { releasableTo: Releasability }, sector: { releasableTo: Releasability } | undefined): Releasability {
	return sector ? intersect(report.releasableTo, sector.releasableTo) : report.releasableTo;
}

/** "HIGH: Artillery in Pokrovsk", "CRITICAL: Missile outside every sector": what an officer reads on every screen, so the sector by its name, not its id. */
export function alertTitle(report: { severity: string; category: keyof typeof CATEGORY_LABELS; sectorId: string | null }, sectorName: (id: string) => string | undefined): string {
	const where = report.sectorId ? ` in ${sectorName(report.sectorId) ?? `sector ${report.sectorId}`}` : ' outside every sector';
	return `${report.severity.toUpperCase()}: ${CATEGORY_LABELS[report.category]}${where}`;
}

/**
 * Inserts reports (and an alert for each severe one), one statement each, deferred to the
 * transaction's last flight; shared by a single report and a CSV import.
 */
export async function insertViolations(tx: Tx, actor: Actor, inputs: readonly CreateViolation[], defer: Defer): Promise<Change[]> {
	const shapes = await loadSectorShapes(tx);
	const sectorById = new Map(shapes.map((s) => [s.id, s]));
	const now = new Date();
	const reports = inputs.map((input): FullRow<typeof violations> => ({
		id: randomUUID(),
		observedAt: new Date(input.observedAt),
		lat: input.lat,
		lon: input.lon,
		sectorId: sectorAt(input.lat, input.lon, shapes),
		category: input.category,
		source: input.source,
		severity: input.severity,
		killed: input.killed ?? 0,
		wounded: input.wounded ?? 0,
		description: input.description,
		status: 'reported' as const,
		responsibleParty: null,
		finding: null,
		lastStep: null,
		reportedBy: actor.displayName,
		reportedAt: now,
		updatedAt: now,
		exercise: input.exercise ?? false,
		releasableTo: input.releasableTo ?? DEFAULT_RELEASABILITY
	}));
	const severe = reports.filter((report) => ALERTING_SEVERITIES.has(report.severity));
	const raised = severe.map((report): FullRow<typeof alerts> => ({
		id: randomUUID(),
		violationId: report.id,
		title: alertTitle(report, (id) => sectorById.get(id)?.name),
		severity: report.severity,
		raisedAt: now,
		acknowledgedBy: null,
		acknowledgedAt: null,
		exercise: report.exercise,
		releasableTo: alertAudience(report, report.sectorId ? sectorById.get(report.sectorId) : undefined)
	}));
	defer(insertRowsQuery(tx, violations, reports));
	if (raised.length) defer(insertRowsQuery(tx, alerts, raised));
	const alertOf = new Map(raised.map((alert) => [alert.violationId, alert]));
	const changes: Change[] = [];
	for (const row of reports) {
		changes.push(changed(violationsCollection, 'reported', row, { before: null }));
		const alert = alertOf.get(row.id);
		if (alert) changes.push(changed(alertsCollection, 'raised', alert));
	}
	return changes;
}

/** A report from the field: placed in its sector by geometry, severe ones raise an alert. */
export const reportViolation = defineCommand({
	type: 'violations.report',
	action: 'violations.report',
	apply: (tx, actor, input, { defer }) => insertViolations(tx, actor, [input], defer)
});

/** A CSV import: every row or none, in one transaction; logged as one import plus each report. */
export const importViolations = defineCommand({
	type: 'violations.import',
	action: 'violations.import',
	async apply(tx, actor, input, { defer }) {
		const reports = await insertViolations(tx, actor, input.rows, defer);
		return [imported('violations', actor, input.rows.length), ...reports];
	}
});

/**
 * One step of the verification workflow. The row is locked, so of two officers acting at once the
 * second sees the first's result and gets a conflict naming the current status.
 */
export const stepViolation = defineCommand({
	type: 'violations.step',
	action: (input) => STEP_PERMISSION[input.action],
	load: rowOf(violations, 'report'),
	async apply(tx, actor, input, { target: report }) {
		const status = nextStatus(report.status, input);
		const [row] = await tx
			.update(violations)
			.set({
				status,
				updatedAt: new Date(),
				lastStep: { action: input.action, reason: input.reason, by: actor.displayName, at: new Date().toISOString() },
				...(input.action === 'attribute' && { responsibleParty: input.responsibleParty, finding: input.finding })
			})
			.where(eq(violations.id, report.id))
			.returning();
		return changed(violationsCollection, VIOLATION_WORKFLOW.steps[input.action].past, row!, { was: report });
	}
});

/** Who may see a report (and its alert) changes together; those who lose sight get removals. */
export const updateViolation = defineCommand({
	type: 'violations.update',
	action: 'violations.verify',
	load: rowOf(violations, 'report'),
	async apply(tx, _actor, input, { target: report }) {
		const [row] = await tx.update(violations).set({ releasableTo: input.releasableTo, updatedAt: new Date() }).where(eq(violations.id, report.id)).returning();
		const changes = [changed(violationsCollection, 'updated', row!, { was: report, previousReleasableTo: report.releasableTo })];
		const [sector] = report.sectorId ? await tx.select({ releasableTo: sectors.releasableTo }).from(sectors).where(eq(sectors.id, report.sectorId)) : [];
		const alertNow = alertAudience(row!, sector);
		for (const alert of await tx.update(alerts).set({ releasableTo: alertNow }).where(eq(alerts.violationId, report.id)).returning()) {
			changes.push(changed(alertsCollection, 'updated', alert, { previousReleasableTo: alertAudience(report, sector) }));
		}
		return changes;
	}
});
