import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { point } from '@turf/helpers';
import type { SectorGeometry } from '$lib/domain/ceasefire/sectors';

export interface SectorShape {
	id: string;
	geometry: SectorGeometry;
}

/** The sector a place lies in (the first match; sectors do not overlap), or null outside all. */
export function sectorAt(lat: number, lon: number, candidates: readonly SectorShape[]): string | null {
	const here = point([lon, lat]);
	return candidates.find((s) => booleanPointInPolygon(here, s.geometry))?.id ?? null;
}
