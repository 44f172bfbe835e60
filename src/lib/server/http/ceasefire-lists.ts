import { json } from '@sveltejs/kit';
import { viewerOf } from '$lib/domain/identity/actor';
import { ViolationFilter } from '$lib/domain/ceasefire/violations';
import { parseOrThrow } from '$lib/domain/core/validation';
import { listSectors, listViolations } from '../reads/ceasefire';
import { getRuntime } from '../runtime';
import { api, permitted, queryOf } from './api';
import { CSV_HEADERS, GEOJSON_HEADERS, sectorsGeoJson, violationsCsv, violationsGeoJson } from './exports';

type Format = 'json' | 'csv' | 'geojson';

/** GET /api/v1/violations[.csv|.geojson]: one filter, one releasability rule, three formats. */
export function violationsList(format: Format) {
	return api(async ({ locals, url }) => {
		const actor = permitted(locals.actor, 'records.read');
		const filter = parseOrThrow(ViolationFilter, queryOf(url));
		const items = await listViolations((await getRuntime()).database.db, viewerOf(actor), filter);
		if (format === 'csv') return new Response(violationsCsv(items), { headers: { ...CSV_HEADERS, 'Content-Disposition': 'attachment; filename="violations.csv"' } });
		if (format === 'geojson') return new Response(JSON.stringify(violationsGeoJson(items)), { headers: GEOJSON_HEADERS });
		return json(items);
	});
}

/** GET /api/v1/sectors[.geojson], each with its derived status as this viewer's data makes it. */
export function sectorsList(format: Exclude<Format, 'csv'>) {
	return api(async ({ locals }) => {
		const actor = permitted(locals.actor, 'records.read');
		const runtime = await getRuntime();
		const viewer = viewerOf(actor);
		const kpis = runtime.ceasefireFor(viewer);
		const items = (await listSectors(runtime.database.db, viewer)).map((sector) => {
			const derived = kpis?.sectors[sector.id];
			return { ...sector, status: derived?.status ?? 'unknown', statusReason: derived?.reason ?? '' };
		});
		if (format === 'geojson') return new Response(JSON.stringify(sectorsGeoJson(items)), { headers: GEOJSON_HEADERS });
		return json(items);
	});
}
