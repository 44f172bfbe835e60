export const ROLES = ['admin', 'officer', 'commission', 'leadership', 'partner', 'wall'] as const;
export type Role = (typeof ROLES)[number];

/** The cell's own staff see every record whatever its releasability. */
const CELL_STAFF: ReadonlySet<Role> = new Set(['admin', 'officer', 'commission', 'leadership', 'wall']);
export const isCellStaff = (role: Role) => CELL_STAFF.has(role);

export const ACTIONS = ['log-entry.create', 'user.create'] as const;
export type Action = (typeof ACTIONS)[number];

/** Role × action: the one table to audit who may do what. */
export const PERMISSIONS: Record<Action, readonly Role[]> = {
	'log-entry.create': ['admin', 'officer', 'commission'],
	'user.create': ['admin']
};

export function allows(role: Role, action: Action): boolean {
	return PERMISSIONS[action].includes(role);
}
