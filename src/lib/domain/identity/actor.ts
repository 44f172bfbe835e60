import type { Role } from './roles';
import { isCellStaff } from './roles';

/** Who is acting or looking. Machines and wall devices are actors too (issued tokens). */
export interface Actor {
	id: string;
	/** `system`: the server's own writes (first admin, exercise control), not rate-limited. */
	kind: 'user' | 'token' | 'system';
	username: string;
	displayName: string;
	role: Role;
	nation: string;
}

export type Audience = { kind: 'cell' } | { kind: 'nation'; nation: string } | { kind: 'none' };

export interface Viewer {
	actor: Actor | null;
	audience: Audience;
}

export function viewerOf(actor: Actor | null): Viewer {
	if (!actor) return { actor: null, audience: { kind: 'none' } };
	if (isCellStaff(actor.role)) return { actor, audience: { kind: 'cell' } };
	return { actor, audience: { kind: 'nation', nation: actor.nation } };
}

/** The server itself, for writes it makes on start (the first admin account). */
export const SYSTEM_ACTOR: Actor = {
	id: '00000000-0000-0000-0000-000000000000',
	kind: 'system',
	username: 'system',
	displayName: 'Watchfloor',
	role: 'admin',
	nation: 'XXX'
};
