import type { WallPanel, WallSettingsValues } from '$lib/domain/cell/wall-settings';

/** What the wall's stage shows now, and what comes next. */
export interface StageTurn {
	panel: WallPanel;
	/** 0-based place of `panel` in the rotation, of `count`. */
	index: number;
	count: number;
	/** The panel after this one; null when nothing rotates. */
	next: WallPanel | null;
	/** Until the next one, in ms; null when nothing rotates. */
	msLeft: number | null;
}

const STILL: StageTurn = Object.freeze({ panel: 'map', index: 0, count: 1, next: null, msLeft: null });

/**
 * The panel on the stage at `nowMs`. Turns are counted from the Unix epoch, not from when a wall
 * started: every wall in the room shows the same panel at the same time, and a wall that reloads
 * picks the rotation up where the others are. Rotation off (or nothing chosen) shows the map.
 */
export function stageAt(settings: WallSettingsValues, nowMs: number): StageTurn {
	const { panels } = settings;
	if (!settings.rotate || panels.length === 0) return STILL;
	if (panels.length === 1) return { panel: panels[0]!, index: 0, count: 1, next: null, msLeft: null };
	const period = settings.seconds * 1000;
	const turn = Math.floor(nowMs / period);
	const index = turn % panels.length;
	return { panel: panels[index]!, index, count: panels.length, next: panels[(index + 1) % panels.length]!, msLeft: period - (nowMs - turn * period) };
}
