export const ROLES = ['admin', 'officer', 'commission', 'leadership', 'partner', 'wall'] as const;
export type Role = (typeof ROLES)[number];

/** The cell's own staff see every record whatever its releasability; partners see what is released to them. */
const CELL_STAFF: ReadonlySet<Role> = new Set(['admin', 'officer', 'commission', 'leadership', 'wall']);
export const isCellStaff = (role: Role) => CELL_STAFF.has(role);

export const ROLE_LABELS: Record<Role, string> = {
	admin: 'Administrator',
	officer: 'Watch officer',
	commission: 'Special commission',
	leadership: 'Leadership',
	partner: 'Partner nation',
	wall: 'Wall display'
};

/**
 * Role × action: the one table to audit who may do what. Reading a record additionally needs
 * releasability (canSee); this table says which kinds of thing a role may do at all.
 */
export const PERMISSIONS = {
	/** Follow the live picture and read lists (what is releasable to the viewer). */
	'records.read': ['admin', 'officer', 'commission', 'leadership', 'partner', 'wall'],
	'log-entries.create': ['admin', 'officer', 'commission'],
	/** Change a log entry's releasability (its text is history and stays). */
	'log-entries.update': ['admin', 'officer'],
	/** Hand the watch over (outgoing) and acknowledge it (incoming, another officer). */
	'handovers.manage': ['admin', 'officer'],
	/** Who changed what, per record. */
	'history.read': ['admin', 'officer', 'commission', 'leadership'],
	/** All changes by everyone, filterable by user, nation and time. */
	'audit.read': ['admin'],
	/** Report a ceasefire violation. */
	'violations.report': ['admin', 'officer', 'commission'],
	/** Begin verification, verify or reject, refer to the special commission. */
	'violations.verify': ['admin', 'officer'],
	/** The special commission's part: attribute responsibility, record the remedy. */
	'violations.attribute': ['admin', 'commission'],
	'violations.close': ['admin', 'officer', 'commission'],
	/** Import reports in bulk (CSV). */
	'violations.import': ['admin', 'officer'],
	/** Sectors: define them, record monitoring check-ins, override a status for a while. */
	'sectors.manage': ['admin', 'officer'],
	'alerts.acknowledge': ['admin', 'officer'],
	/** Support: record Ukraine's request for access to a donor's defence depot (a partner: its own nation's depots). */
	'depot-requests.create': ['admin', 'officer', 'partner'],
	/** Grant or refuse it (a partner: its own nation's). */
	'depot-requests.answer': ['admin', 'officer', 'partner'],
	/** Support: record and correct a donor's pledges (a partner: its own nation's, releasable to it). */
	'pledges.create': ['admin', 'officer', 'partner'],
	'pledges.update': ['admin', 'officer', 'partner'],
	/** Import pledges in bulk (the Kiel Institute's tracker layout). */
	'pledges.import': ['admin', 'officer'],
	/** Record a delivery against a pledge, correct it, and move it along (a partner: its own nation's). */
	'deliveries.create': ['admin', 'officer', 'partner'],
	'deliveries.update': ['admin', 'officer', 'partner'],
	'deliveries.step': ['admin', 'officer', 'partner'],
	/** Plan fortification work per sector and record what is built. */
	'fortifications.manage': ['admin', 'officer'],
	/** Forces: register the Multinational Force's units and correct them (name, symbol, place, mission, releasability). */
	'units.create': ['admin', 'officer'],
	'units.update': ['admin', 'officer'],
	/** Report a unit's readiness, with a reason (a partner: its own nation's units). */
	'units.readiness': ['admin', 'officer', 'partner'],
	/** Follow Ukraine's brigades through regeneration. */
	'brigades.manage': ['admin', 'officer'],
	/** Commitments: register them and move their status, with a reason. */
	'commitments.manage': ['admin', 'officer'],
	/** Answer an activation for a commitment (a partner: its own nation's). */
	'commitments.respond': ['admin', 'officer', 'partner'],
	/** Declare an armed attack, confirm another's declaration (never one's own), stand it down. */
	'activations.manage': ['admin', 'officer'],
	/** Cooperation: programmes, their monthly plan and output, and their milestones. */
	'programmes.manage': ['admin', 'officer'],
	/** How every wall behaves (which panels rotate, how long each shows): one setting for all, so the administrator's. */
	'settings.manage': ['admin'],
	'users.manage': ['admin'],
	'tokens.manage': ['admin']
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export function allows(role: Role, action: Action): boolean {
	return (PERMISSIONS[action] as readonly Role[]).includes(role);
}
