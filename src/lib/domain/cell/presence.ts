import { z } from 'zod';
import type { Actor } from '../identity/actor';
import { ROLES, type Role } from '../identity/roles';

/**
 * Who is connected now (DESIGN.md → Trends, presence): one record per connected screen, seen by the
 * cell's staff only. Not a logged collection: screens come and go by the thousand in a reconnect
 * storm, and the event log is the record of what was decided, not of who looked.
 */
export const PRESENCE_COLLECTION = 'presence';

export interface Presence {
	/** One per screen (socket), not per person: two tabs are two screens. */
	id: string;
	username: string;
	displayName: string;
	role: Role;
	nation: string;
	/** The page the screen shows (`/ceasefire`), or null when it is on none Watchfloor names. */
	view: View | null;
	/** The device's name when a device token signed the screen in (a wall), null for a person's browser. */
	device: string | null;
	/** When the screen connected, ISO 8601 UTC. */
	since: string;
	releasableTo: 'cell';
}

/** The pages a screen can be on, by the first segment of its path: a record's id says nothing more here. */
export const VIEWS = ['/', '/wall', '/ceasefire', '/support', '/forces', '/commitments', '/cooperation', '/trends', '/sitrep', '/log', '/admin'] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_LABELS: Record<View, string> = {
	'/': 'Overview',
	'/wall': 'Wall',
	'/ceasefire': 'Ceasefire',
	'/support': 'Support',
	'/forces': 'Forces',
	'/commitments': 'Commitments',
	'/cooperation': 'Cooperation',
	'/trends': 'Trends',
	'/sitrep': 'SITREP',
	'/log': 'Watch log',
	'/admin': 'Admin'
};

/** `/ceasefire/9b1…?x=1` → `/ceasefire`; a path outside the product's pages → null. */
export function viewOf(path: string): View | null {
	const first = `/${path.split(/[?#]/, 1)[0]!.split('/').filter(Boolean)[0] ?? ''}`;
	return (VIEWS as readonly string[]).includes(first) ? (first as View) : null;
}

/** A presence record as another node of the cluster announces it (checked like any input). */
export const PresenceRecord = z.strictObject({
	id: z.string().max(64),
	username: z.string().max(200),
	displayName: z.string().max(200),
	role: z.enum(ROLES),
	nation: z.string().max(3),
	view: z.enum(VIEWS).nullable(),
	device: z.string().max(200).nullable(),
	since: z.iso.datetime(),
	releasableTo: z.literal('cell')
});

/** A screen saying which page it shows (the `view` message, and the handshake's `view`). */
export const ViewReport = z.strictObject({ view: z.string().max(2048) });

export function presenceOf(id: string, actor: Actor, view: View | null, since: Date): Presence {
	return {
		id,
		username: actor.username,
		displayName: actor.displayName,
		role: actor.role,
		nation: actor.nation,
		view,
		device: actor.kind === 'token' ? actor.displayName : null,
		since: since.toISOString(),
		releasableTo: 'cell'
	};
}

/** "4 people on 6 screens, 1 wall": how many are watching, counted as people and as screens. */
export function onWatch(screens: readonly Presence[]): { people: number; screens: number; walls: number } {
	const people = new Set(screens.filter((s) => s.device === null).map((s) => s.username));
	return { people: people.size, screens: screens.length, walls: screens.filter((s) => s.role === 'wall').length };
}
