import Papa from 'papaparse';
import { DOMAINS, type Unit } from '$lib/domain/forces/units';
import type { TrendBreakdown, TrendDay } from '$lib/domain/cell/trends';
import { SECTOR_STATUSES, type DerivedSectorStatus, type Sector } from '$lib/domain/ceasefire/sectors';
import type { Category, Violation } from '$lib/domain/ceasefire/violations';
import { releasabilityLabel, type Releasability } from '$lib/domain/core/releasability';
import { FORMULA_START } from '$lib/domain/core/text';


/** A collection's CSV: these columns, then the marking as people read it, every text cell formula-safe. */
export function csvOf<R extends { releasableTo: Releasability }>(columns: readonly (keyof R & string)[]): (items: readonly R[]) => string {
	return (items) => {
		const rows = items.map((item) => [...columns.map((c) => item[c] ?? ''), releasabilityLabel(item.releasableTo)]);
		return Papa.unparse({ fields: [...columns, 'releasability'], data: rows }, { escapeFormulae: FORMULA_START });
	};
}

export const violationsCsv = csvOf<Violation>([
	'id', 'observedAt', 'lat', 'lon', 'sectorId', 'category', 'source', 'severity', 'killed', 'wounded', 'status', 'responsibleParty', 'finding', 'description', 'reportedBy', 'reportedAt', 'exercise'
]);

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

/** RFC 7946: the units that have a place, as Points with their symbol code and readiness. */
export function unitsGeoJson(items: readonly Unit[]) {
	return {
		type: 'FeatureCollection' as const,
		features: items
			.filter((unit) => unit.location)
			.map(({ location, ...properties }) => ({ type: 'Feature' as const, id: properties.id, geometry: { type: 'Point' as const, coordinates: [location!.lon, location!.lat] }, properties }))
	};
}

/**
 * One row a day: the figures of `GET /api/v1/trends` flattened, categories as columns; the breakdowns
 * asked for follow (`sectors_<status>`: sectors with that status; `readyShare_<domain>`).
 */
export function trendsCsv(days: readonly TrendDay[], include: readonly TrendBreakdown[] = []): string {
	const categories = Object.keys(days[0]?.violations.byCategory ?? {}) as Category[];
	const sectors = include.includes('sectors') ? SECTOR_STATUSES : [];
	const domains = include.includes('domains') ? DOMAINS : [];
	const rows = days.map((d) => [
		d.date,
		d.violations.reported,
		d.violations.verified,
		...categories.map((c) => d.violations.byCategory[c]),
		d.support.pledgedEur,
		d.support.deliveredEur,
		d.forces.readyShare ?? '',
		...sectors.map((s) => d.sectors?.[s] ?? ''),
		...domains.map((domain) => d.forces.byDomain?.[domain].readyShare ?? '')
	]);
	const fields = ['date', 'reported', 'verified', ...categories.map((c) => `reported_${c}`), 'pledgedEur', 'deliveredEur', 'readyShare', ...sectors.map((s) => `sectors_${s}`), ...domains.map((domain) => `readyShare_${domain}`)];
	return Papa.unparse({ fields, data: rows }, { escapeFormulae: FORMULA_START });
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const GEOJSON_CONTENT_TYPE = 'application/geo+json';
