import { requireAdmin } from './guard';
import type { LayoutServerLoad } from './$types';

/**
 * The admin area is for the admin role only. SvelteKit runs a page's load beside this one, not
 * after it, so every admin page's load awaits parent() before it reads anything; form actions go
 * through adminActions. Each page's reads and commands check again on their own.
 */
export const load: LayoutServerLoad = (event) => {
	requireAdmin(event);
	return {};
};
