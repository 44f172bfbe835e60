import type { SectorGeometry } from '$lib/domain/ceasefire/sectors';

/**
 * Monitoring sectors along the line of contact, drawn roughly from public maps (lon, lat).
 * Coarse on purpose: they place reports in a sector, they are not a survey.
 */
export const LINE_OF_CONTACT: { id: string; name: string; geometry: SectorGeometry }[] = [
	{
		id: 'kharkiv-north',
		name: 'Kharkiv North (Vovchansk–Kupiansk)',
		geometry: { type: 'Polygon', coordinates: [[[36.55, 50.45], [37.35, 50.40], [37.95, 49.95], [37.95, 49.60], [37.45, 49.60], [36.95, 50.05], [36.55, 50.20], [36.55, 50.45]]] }
	},
	{
		id: 'lyman-siversk',
		name: 'Lyman–Siversk',
		geometry: { type: 'Polygon', coordinates: [[[37.45, 49.60], [37.95, 49.60], [38.45, 49.10], [38.40, 48.75], [37.55, 48.75], [37.35, 49.15], [37.45, 49.60]]] }
	},
	{
		id: 'bakhmut-toretsk',
		name: 'Bakhmut–Toretsk',
		geometry: { type: 'Polygon', coordinates: [[[37.55, 48.75], [38.40, 48.75], [38.30, 48.30], [37.55, 48.30], [37.55, 48.75]]] }
	},
	{
		id: 'pokrovsk',
		name: 'Pokrovsk',
		geometry: { type: 'Polygon', coordinates: [[[36.85, 48.60], [37.55, 48.60], [37.55, 48.00], [36.85, 48.00], [36.85, 48.60]]] }
	},
	{
		id: 'velyka-novosilka',
		name: 'Velyka Novosilka',
		geometry: { type: 'Polygon', coordinates: [[[36.35, 48.00], [37.55, 48.00], [37.40, 47.60], [36.35, 47.60], [36.35, 48.00]]] }
	},
	{
		id: 'zaporizhzhia',
		name: 'Zaporizhzhia (Huliaipole–Orikhiv)',
		geometry: { type: 'Polygon', coordinates: [[[35.15, 47.85], [36.35, 47.85], [36.35, 47.35], [35.15, 47.25], [35.15, 47.85]]] }
	},
	{
		id: 'kherson-dnipro',
		name: 'Kherson (Dnipro river)',
		geometry: { type: 'Polygon', coordinates: [[[32.00, 46.75], [33.40, 47.05], [34.30, 47.60], [35.15, 47.60], [35.15, 47.25], [34.20, 47.20], [33.30, 46.60], [32.00, 46.35], [32.00, 46.75]]] }
	}
];

/** The mean of a sector's corners: inside these convex-ish shapes, a place to put a report. */
export function centreOf(sector: { geometry: SectorGeometry }): { lat: number; lon: number } {
	const ring = sector.geometry.coordinates[0] as number[][];
	return { lon: ring.reduce((s, p) => s + p[0]!, 0) / ring.length, lat: ring.reduce((s, p) => s + p[1]!, 0) / ring.length };
}
