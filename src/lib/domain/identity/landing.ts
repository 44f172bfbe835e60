import { ROLES, type Role } from './roles';

/**
 * Where each role's work is: a wall device shows the wall, leadership reads the trends, everyone
 * else (officers, the commission, admins, partners) starts from the overview of the five guarantees.
 */
export function landingFor(role: Role): string {
	if (role === 'wall') return '/wall';
	if (role === 'leadership') return '/trends';
	return '/';
}

/** The role a sign-in answer names, if it is one: a device page reads it from JSON. */
export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/** A same-site path from `?next=`, or null: a sign-in link must not bounce anyone to another site. */
export function safeNext(next: unknown): string | null {
	const path = typeof next === 'string' ? next : '';
	return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : null;
}
