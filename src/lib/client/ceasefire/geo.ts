import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Sector, SectorStatus } from '$lib/domain/ceasefire/sectors';
import type { Severity, ViolationStatus } from '$lib/domain/ceasefire/violations';
import type { Bounds } from '$lib/client/map/bounds';

/**
 * The sector a point falls in, as the server will place the report (first match in the given
 * order), or null outside every sector. Shown in the report form before it is sent.
 */
export function sectorAt(lat: number, lon: number, sectors: readonly Pick<Sector, 'id' | 'name' | 'geometry'>[]): Pick<Sector, 'id' | 'name'> | null {
	if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
	for (const sector of sectors) {
		try {
			if (booleanPointInPolygon([lon, lat], sector.geometry)) return { id: sector.id, name: sector.name };
		} catch {
			// A malformed geometry places nothing; the server's own lookup has the last word anyway.
		}
	}
	return null;
}

/** [[south, west], [north, east]] around every sector, or null when there are none. */
export function sectorBounds(sectors: readonly Pick<Sector, 'geometry'>[]): Bounds | null {
	let south = Infinity, west = Infinity, north = -Infinity, east = -Infinity;
	for (const sector of sectors) {
		const rings = sector.geometry.type === 'Polygon' ? sector.geometry.coordinates : sector.geometry.coordinates.flat();
		for (const ring of rings) {
			for (const [lon, lat] of ring) {
				if (lon === undefined || lat === undefined) continue;
				south = Math.min(south, lat);
				north = Math.max(north, lat);
				west = Math.min(west, lon);
				east = Math.max(east, lon);
			}
		}
	}
	return Number.isFinite(south) ? [[south, west], [north, east]] : null;
}

/** Sector colours: the same words appear beside them everywhere, colour is never the only cue. */
export const SECTOR_STATUS_COLOURS: Record<SectorStatus, string> = {
	holding: '#3ee08f',
	tense: '#ffc23d',
	violated: '#ff5a5a',
	unknown: '#8a9bb0'
};

export const SECTOR_STATUS_LABELS: Record<SectorStatus, string> = {
	holding: 'Holding',
	tense: 'Tense',
	violated: 'Violated',
	unknown: 'Unknown (stale)'
};

/** Reports fall in three groups on the map: awaiting verification, confirmed, and set aside. */
export type ReportGroup = 'open' | 'confirmed' | 'settled';

export function reportGroup(status: ViolationStatus): ReportGroup {
	switch (status) {
		case 'reported':
		case 'under-verification':
			return 'open';
		case 'verified':
		case 'referred':
		case 'attributed':
		case 'remedied':
			return 'confirmed';
		default:
			return 'settled';
	}
}

export const REPORT_GROUP_LABELS: Record<ReportGroup, string> = {
	open: 'Awaiting verification',
	confirmed: 'Confirmed violation',
	settled: 'Unfounded or closed'
};

export const REPORT_GROUP_COLOURS: Record<ReportGroup, string> = { open: '#ffc23d', confirmed: '#ff5a5a', settled: '#9fb0c4' };

export type MarkerShape = 'circle' | 'diamond' | 'triangle' | 'star';

/** Severity reads from shape and size, status from colour and fill: either survives colour blindness. */
export const SEVERITY_SHAPES: Record<Severity, { shape: MarkerShape; size: number }> = {
	low: { shape: 'circle', size: 14 },
	medium: { shape: 'diamond', size: 18 },
	high: { shape: 'triangle', size: 24 },
	critical: { shape: 'star', size: 30 }
};

export interface MarkerLook {
	shape: MarkerShape;
	size: number;
	colour: string;
	/** Open reports are hollow (outline with a centre dot), confirmed ones solid, settled ones faint and dashed. */
	fill: 'hollow' | 'solid' | 'faint';
}

export function markerLook(severity: Severity, status: ViolationStatus): MarkerLook {
	const group = reportGroup(status);
	return { ...SEVERITY_SHAPES[severity], colour: REPORT_GROUP_COLOURS[group], fill: group === 'open' ? 'hollow' : group === 'confirmed' ? 'solid' : 'faint' };
}

/** SVG path data for a shape in a 0..100 box. */
export function shapePath(shape: MarkerShape): string {
	switch (shape) {
		case 'circle':
			return 'M50 8 A42 42 0 1 1 49.9 8 Z';
		case 'diamond':
			return 'M50 4 L96 50 L50 96 L4 50 Z';
		case 'triangle':
			return 'M50 6 L96 90 L4 90 Z';
		case 'star': {
			const points: string[] = [];
			for (let i = 0; i < 10; i++) {
				const r = i % 2 === 0 ? 47 : 21;
				const a = (Math.PI / 5) * i - Math.PI / 2;
				points.push(`${(50 + r * Math.cos(a)).toFixed(1)} ${(54 + r * Math.sin(a)).toFixed(1)}`);
			}
			return `M${points.join(' L')} Z`;
		}
	}
}

/** Sectors from north to south (their northernmost point), the way the line of contact is read. */
export function northToSouth<T extends Pick<Sector, 'id' | 'geometry'>>(sectors: readonly T[]): T[] {
	const north = (s: T) => sectorBounds([s])?.[1][0] ?? -Infinity;
	return [...sectors].sort((a, b) => north(b) - north(a) || a.id.localeCompare(b.id));
}

/** "Kherson (Dnipro river)" → "Kherson": for map labels and chips, where space is short; lists keep the full name in a title. */
export function shortSectorName(name: string): string {
	return name.replace(/\s*\([^)]*\)\s*$/, '') || name;
}

/**
 * Where a sector's label goes: beside the sector, off its reports. West of its north-west corner
 * by default (the line of contact runs north–south, the west side is open), else the next free
 * spot: south-west corner, middle of the west side, then the same on the east side.
 */
export function labelSpot(sector: Pick<Sector, 'id' | 'geometry'>, all: readonly Pick<Sector, 'id' | 'name' | 'geometry'>[]): { lat: number; lon: number; side: 'left' | 'right' } | null {
	const box = sectorBounds([sector]);
	if (!box) return null;
	const points = (sector.geometry.type === 'Polygon' ? sector.geometry.coordinates : sector.geometry.coordinates.flat()).flat();
	const [[south, west], [north, east]] = box;
	const edge = (lon: number) => points.filter((p) => Math.abs(p[0]! - lon) < 1e-9).map((p) => p[1]!);
	const westLats = edge(west);
	const eastLats = edge(east);
	const middle = (south + north) / 2;
	const others = all.filter((s) => s.id !== sector.id);
	const candidates: { lat: number; lon: number; side: 'left' | 'right' }[] = [
		{ lat: Math.max(...westLats), lon: west, side: 'left' },
		{ lat: Math.min(...westLats), lon: west, side: 'left' },
		{ lat: middle, lon: west, side: 'left' },
		{ lat: Math.max(...eastLats), lon: east, side: 'right' },
		{ lat: middle, lon: east, side: 'right' }
	];
	// Probe a little outside the sector, where the label will be drawn.
	const free = candidates.find((c) => sectorAt(c.lat, c.side === 'left' ? c.lon - 0.15 : c.lon + 0.15, others) === null);
	return free ?? candidates[2]!;
}
