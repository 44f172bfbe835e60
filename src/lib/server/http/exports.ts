import Papa from 'papaparse';
import type { DerivedSectorStatus, Sector } from '$lib/domain/ceasefire/sectors';
import type { Violation } from '$lib/domain/ceasefire/violations';
import { releasabilityLabel } from '$lib/domain/core/releasability';

const CSV_COLUMNS: (keyof Violation)[] = [
	'id', 'observedAt', 'lat', 'lon', 'sectorId', 'category', 'source', 'severity', 'killed', 'wounded', 'status', 'responsibleParty', 'finding', 'description', 'reportedBy', 'reportedAt', 'exercise'
];

/**
 * A text cell starting with one of these is a formula to some spreadsheet (OWASP's list, the
 * full-width forms that Excel and LibreOffice read as their ASCII twins, and `|` for DDE):
 * papaparse prefixes it with `'`, so it stays text.
 */
const FORMULA_START = /^[=+\-@\t\r|＝＋－＠]/;

export function violationsCsv(items: readonly Violation[]): string {
	const rows = items.map((v) => [...CSV_COLUMNS.map((c) => v[c] ?? ''), releasabilityLabel(v.releasableTo)]);
	return Papa.unparse({ fields: [...CSV_COLUMNS, 'releasability'], data: rows }, { escapeFormulae: FORMULA_START });
}

/** RFC 7946: a FeatureCollection of Points, [lon, lat], WGS 84, properties without the geometry fields. */
export function violationsGeoJson(items: readonly Violation[]) {
	return {
		type: 'FeatureCollection' as const,
		features: items.map(({ lat, lon, ...properties }) => ({
			type: 'Feature' as const,
			id: properties.id,
			geometry: { type: 'Point' as const, coordinates: [lon, lat] },
			properties
		}))
	};
}

export function sectorsGeoJson(items: readonly (Sector & { status: DerivedSectorStatus['status']; statusReason: string })[]) {
	return {
		type: 'FeatureCollection' as const,
		features: items.map(({ geometry, ...properties }) => ({ type: 'Feature' as const, id: properties.id, geometry, properties }))
	};
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const GEOJSON_CONTENT_TYPE = 'application/geo+json';
