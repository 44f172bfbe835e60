import { z } from 'zod';
import { AppError } from '../core/errors';

/**
 * How the ops-room walls behave, set by an administrator and pushed live to every wall: whether the
 * wall's main stage rotates through some of its panels, and how long each stays. One record, id
 * `wall`, in the collection `settings`; until an administrator saves it, every wall uses the defaults.
 */

/** What the wall's main stage can show: the map, or one guarantee's (or the cell's) detail in full. */
export const WALL_PANELS = ['map', 'forces', 'support', 'commitments', 'cooperation', 'log'] as const;
export type WallPanel = (typeof WALL_PANELS)[number];
export const WALL_PANEL_LABELS: Record<WallPanel, string> = {
	map: 'Map',
	forces: 'Forces',
	support: 'Support',
	commitments: 'Commitments',
	cooperation: 'Cooperation',
	log: 'Watch log'
};
/** What each panel shows, for the administrator choosing them. */
export const WALL_PANEL_DESCRIPTIONS: Record<WallPanel, string> = {
	map: 'the line of contact: sector status and the last 7 days of reports',
	forces: 'readiness by nation, the brigades in regeneration',
	support: 'pledged and delivered by donor and by category',
	commitments: 'commitments in force by type and by nation',
	cooperation: 'production against plan, milestones ahead',
	log: 'the newest entries of the watch log'
};

export const WALL_SETTINGS_ID = 'wall';
export const MIN_ROTATION_SECONDS = 10;
export const MAX_ROTATION_SECONDS = 600;

export interface WallSettings {
	id: typeof WALL_SETTINGS_ID;
	/** Off: the stage shows the map. On: it shows `panels` in turn, `seconds` each. */
	rotate: boolean;
	/** In the wall's own order (WALL_PANELS), whatever order they were sent in. */
	panels: WallPanel[];
	seconds: number;
	/** Who saved them last, and when; null for the defaults nobody saved. */
	updatedBy: string | null;
	updatedAt: string | null;
	/** Every wall, the partners' too: which panels rotate reveals nothing. */
	releasableTo: 'coalition';
}

export const DEFAULT_WALL_SETTINGS: WallSettings = Object.freeze({
	id: WALL_SETTINGS_ID,
	rotate: false,
	panels: [...WALL_PANELS],
	seconds: 30,
	updatedBy: null,
	updatedAt: null,
	releasableTo: 'coalition'
});

/** Each field optional (a REST PATCH sends what changes); the id, when sent, can only name the wall's record. */
export const ChangeWallSettings = z.strictObject({
	id: z.literal(WALL_SETTINGS_ID, { error: 'The only settings record is "wall"' }).optional(),
	rotate: z.boolean().optional(),
	panels: z
		.array(z.enum(WALL_PANELS))
		.max(WALL_PANELS.length)
		.overwrite((panels) => WALL_PANELS.filter((panel) => panels.includes(panel)))
		.optional(),
	seconds: z
		.int({ error: `A whole number of seconds, ${MIN_ROTATION_SECONDS} to ${MAX_ROTATION_SECONDS}` })
		.min(MIN_ROTATION_SECONDS, `At least ${MIN_ROTATION_SECONDS} seconds: less cannot be read`)
		.max(MAX_ROTATION_SECONDS, `At most ${MAX_ROTATION_SECONDS} seconds`)
		.optional()
});
export type ChangeWallSettings = z.infer<typeof ChangeWallSettings>;

export type WallSettingsValues = Pick<WallSettings, 'rotate' | 'panels' | 'seconds'>;

/**
 * The settings after a change. Rotating needs a panel to rotate through: turning rotation on with
 * none chosen is refused rather than silently showing the map.
 */
export function changedWallSettings(current: WallSettingsValues, change: ChangeWallSettings): WallSettingsValues {
	const next = { rotate: change.rotate ?? current.rotate, panels: change.panels ?? current.panels, seconds: change.seconds ?? current.seconds };
	if (next.rotate && next.panels.length === 0) {
		const message = 'Choose at least one panel to rotate through, or turn rotation off';
		throw new AppError('validation', message, { panels: [message] });
	}
	return next;
}

/** The wall's settings as the live picture holds them, or the defaults before an administrator saved any. */
export function wallSettingsOf(records: readonly WallSettings[]): WallSettings {
	return records.find((record) => record.id === WALL_SETTINGS_ID) ?? DEFAULT_WALL_SETTINGS;
}
