import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const actor = locals.actor;
	return { actor: actor ? { username: actor.username, displayName: actor.displayName, role: actor.role, nation: actor.nation } : null };
};
