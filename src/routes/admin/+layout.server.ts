import { requireAdmin } from './guard';
import type { LayoutServerLoad } from './$types';

/** The admin area is for the admin role only; each page's reads and commands check again on their own. */
export const load: LayoutServerLoad = (event) => {
	requireAdmin(event);
	return {};
};
