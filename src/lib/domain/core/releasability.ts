import { z } from 'zod';
import { NationCode } from './nations';
import type { Viewer } from '../identity/actor';

/**
 * Who may see a record: the cell's own staff only, every coalition nation, or the listed nations
 * (the cell's staff always see everything).
 */
export const Releasability = z.union([
	z.literal('cell'),
	z.literal('coalition'),
	// overwrite, not transform: the same type after as before, so the schema is also the record's shape on the wire (OpenAPI).
	z.array(NationCode).min(1).max(60).overwrite((codes) => [...new Set(codes)].sort())
]);
export type Releasability = 'cell' | 'coalition' | string[];

export const DEFAULT_RELEASABILITY: Releasability = 'cell';

/** The single visibility rule; rooms and replay filtering are both derived from it. */
export function canSee(viewer: Viewer, releasableTo: Releasability): boolean {
	switch (viewer.audience.kind) {
		case 'cell':
			return true;
		case 'nation':
			return releasableTo === 'coalition' || (Array.isArray(releasableTo) && releasableTo.includes(viewer.audience.nation));
		case 'none':
			return false;
	}
}

export const CELL_ROOM = 'cell';
export const PARTNERS_ROOM = 'partners';
export const nationRoom = (nation: string) => `nation:${nation}`;

/** Socket.IO rooms whose members may see a record with this releasability. */
export function roomsFor(releasableTo: Releasability): string[] {
	if (releasableTo === 'cell') return [CELL_ROOM];
	if (releasableTo === 'coalition') return [CELL_ROOM, PARTNERS_ROOM];
	return [CELL_ROOM, ...releasableTo.map(nationRoom)];
}

/** Rooms a viewer's sockets join; must agree with canSee (tested). */
export function roomsOf(viewer: Viewer): string[] {
	switch (viewer.audience.kind) {
		case 'cell':
			return [CELL_ROOM];
		case 'nation':
			return [PARTNERS_ROOM, nationRoom(viewer.audience.nation)];
		case 'none':
			return [];
	}
}

/** Short marking shown on every record, e.g. `REL FRA, DEU`. */
export function releasabilityLabel(releasableTo: Releasability): string {
	if (releasableTo === 'cell') return 'CELL ONLY';
	if (releasableTo === 'coalition') return 'REL COALITION';
	return `REL ${releasableTo.join(', ')}`;
}

/** Who may see both: what a record that mentions another may show in full (references.ts). */
export function intersect(a: Releasability, b: Releasability): Releasability {
	if (a === 'cell' || b === 'cell') return 'cell';
	if (a === 'coalition') return b;
	if (b === 'coalition') return a;
	const both = a.filter((nation) => b.includes(nation));
	return both.length ? both : 'cell';
}

/** Nation lists are kept sorted (the schema sorts them), so equal markings compare equal. */
export function sameReleasability(a: Releasability, b: Releasability): boolean {
	return a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((nation, i) => nation === b[i]));
}
