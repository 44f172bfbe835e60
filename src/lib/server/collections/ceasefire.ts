import { asc, desc } from 'drizzle-orm';
import { ACTIONS, ViolationFilter, type Violation } from '$lib/domain/ceasefire/violations';
import type { DerivedSectorStatus, Sector } from '$lib/domain/ceasefire/sectors';
import { sectors, violations } from '../db/schema';
import { CSV_CONTENT_TYPE, GEOJSON_CONTENT_TYPE, sectorsGeoJson, violationsCsv, violationsGeoJson } from '../http/exports';
import { presentSector, presentViolation } from '../presenters';
import { getViolation, listSectors, listViolations } from '../reads/ceasefire';
import { ceasefireBoard } from '../realtime/boards/ceasefire';
import { defineCollection, workflowActions } from './registry';

/** Guarantee 1: the sectors of the line of contact and the violation reports of the monitoring mechanism. */

type SectorWithStatus = Sector & { status: DerivedSectorStatus['status']; statusReason: string };

export const sectorsCollection = defineCollection<Sector | SectorWithStatus>({
	name: 'sectors',
	noun: 'sector',
	table: sectors,
	idColumn: sectors.id,
	releasableColumn: sectors.releasableTo,
	present: presentSector,
	order: [asc(sectors.id)],
	idPattern: /^[a-z0-9-]{1,40}$/,
	read: 'records.read',
	history: 'history.read',
	/** Each with its derived status, as this viewer's data makes it. */
	async list(ctx) {
		const kpis = ctx.kpis(ceasefireBoard);
		return (await listSectors(ctx.db, ctx.viewer)).map((sector) => {
			const derived = kpis?.sectors[sector.id];
			return { ...sector, status: derived?.status ?? 'unknown', statusReason: derived?.reason ?? '' };
		});
	},
	exports: { geojson: { contentType: GEOJSON_CONTENT_TYPE, render: (items) => JSON.stringify(sectorsGeoJson(items as SectorWithStatus[])) } },
	/** `{ id, name, geometry (GeoJSON Polygon | MultiPolygon), releasableTo? }` */
	create: { type: 'sectors.create' },
	actions: {
		/** Monitors report all quiet. */
		'check-in': { type: 'sectors.check-in' },
		/** `{ status, reason, expiresInHours }` */
		override: { type: 'sectors.override' },
		'clear-override': { type: 'sectors.clear-override' }
	}
});

export const violationsCollection = defineCollection<Violation, typeof ViolationFilter>({
	name: 'violations',
	noun: 'report',
	table: violations,
	idColumn: violations.id,
	releasableColumn: violations.releasableTo,
	present: presentViolation,
	order: [desc(violations.observedAt)],
	read: 'records.read',
	history: 'history.read',
	/** Filters `from, to, category, status, sector`: one filter, one releasability rule, every format. */
	query: ViolationFilter,
	list: (ctx, filter) => listViolations(ctx.db, ctx.viewer, filter),
	get: (ctx, id) => getViolation(ctx.db, ctx.viewer, id),
	exports: {
		csv: { contentType: CSV_CONTENT_TYPE, fileName: 'violations.csv', render: violationsCsv },
		geojson: { contentType: GEOJSON_CONTENT_TYPE, render: (items) => JSON.stringify(violationsGeoJson(items)) }
	},
	/** `{ observedAt, lat, lon, category, source, severity, killed?, wounded?, description, releasableTo? }` */
	create: { type: 'violations.report' },
	/** `{ releasableTo }`; the report's alert follows it. */
	update: { type: 'violations.update' },
	/** A workflow step: `{ reason, expectedStatus?, responsibleParty?, finding? }`; an illegal or stale step is 409. */
	actions: workflowActions('violations.step', ACTIONS)
});
