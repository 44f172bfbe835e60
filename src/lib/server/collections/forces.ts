import { asc } from 'drizzle-orm';
import type { Brigade } from '$lib/domain/forces/brigades';
import type { Unit } from '$lib/domain/forces/units';
import { brigades, units } from '../db/schema';
import { CSV_CONTENT_TYPE, GEOJSON_CONTENT_TYPE, csvOf, unitsGeoJson } from '../http/exports';
import { presentBrigade, presentUnit } from '../presenters';
import { defineCollection } from './registry';

/** Guarantee 3: the Multinational Force's units and the regeneration of Ukraine's brigades. */

export const unitsCollection = defineCollection<Unit>({
	name: 'units',
	noun: 'unit',
	table: units,
	idColumn: units.id,
	releasableColumn: units.releasableTo,
	present: presentUnit,
	order: [asc(units.nation), asc(units.name), asc(units.id)],
	read: 'records.read',
	history: 'history.read',
	exports: {
		csv: {
			contentType: CSV_CONTENT_TYPE,
			fileName: 'units.csv',
			render: csvOf<Unit>(['id', 'name', 'nation', 'domain', 'sidc', 'mission', 'readiness', 'noticeToMoveHours', 'readinessChangedAt', 'exercise'])
		},
		geojson: { contentType: GEOJSON_CONTENT_TYPE, render: (items) => JSON.stringify(unitsGeoJson(items)) }
	},
	/** `{ name, nation, domain, sidc, location?, mission, readiness, noticeToMoveHours?, releasableTo? }` */
	create: { type: 'units.create' },
	/** `{ name?, sidc?, location?, mission?, releasableTo? }`; readiness has its own report. */
	update: { type: 'units.update' },
	actions: {
		/** `{ readiness, noticeToMoveHours?, reason }`: a partner for its own nation's units. */
		readiness: { type: 'units.readiness' }
	}
});

export const brigadesCollection = defineCollection<Brigade>({
	name: 'brigades',
	noun: 'brigade',
	table: brigades,
	idColumn: brigades.id,
	releasableColumn: brigades.releasableTo,
	present: presentBrigade,
	order: [asc(brigades.plannedCertifiedOn), asc(brigades.id)],
	read: 'records.read',
	history: 'history.read',
	exports: {
		csv: { contentType: CSV_CONTENT_TYPE, fileName: 'brigades.csv', render: csvOf<Brigade>(['id', 'name', 'stage', 'progress', 'plannedCertifiedOn', 'behindSchedule', 'exercise']) }
	},
	/** `{ name, stage?, progress?, plannedCertifiedOn, releasableTo? }` */
	create: { type: 'brigades.create' },
	/** `{ stage?, progress?, plannedCertifiedOn?, releasableTo? }` */
	update: { type: 'brigades.update' }
});
