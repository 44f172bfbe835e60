import { describe, expect, it } from 'vitest';
import { ChangeWallSettings, changedWallSettings, DEFAULT_WALL_SETTINGS, wallSettingsOf, WALL_PANELS } from '$lib/domain/cell/wall-settings';
import { isAppError } from '$lib/domain/core/errors';

describe('the wall settings', () => {
	it('default to no rotation over every panel, 30 s each, before anyone saved them', () => {
		expect(wallSettingsOf([])).toEqual(DEFAULT_WALL_SETTINGS);
		expect(DEFAULT_WALL_SETTINGS).toMatchObject({ rotate: false, panels: [...WALL_PANELS], seconds: 30 });
	});

	it("keep the panels in the wall's own order, whatever order they came in", () => {
		expect(ChangeWallSettings.parse({ panels: ['log', 'forces', 'map'] }).panels).toEqual(['map', 'forces', 'log']);
	});

	it('refuse seconds a wall cannot be read in, unknown panels and another record', () => {
		const problems = (input: unknown) => Object.keys(ChangeWallSettings.safeParse(input).error?.flatten().fieldErrors ?? {});
		expect(problems({ seconds: 5 })).toEqual(['seconds']);
		expect(problems({ seconds: 601 })).toEqual(['seconds']);
		expect(problems({ seconds: 12.5 })).toEqual(['seconds']);
		expect(problems({ panels: ['weather'] })).toEqual(['panels']);
		expect(problems({ id: 'desk' })).toEqual(['id']);
		expect(ChangeWallSettings.safeParse({ colour: 'red' }).success).toBe(false);
	});

	it('change only what is sent', () => {
		expect(changedWallSettings({ rotate: false, panels: ['map'], seconds: 30 }, { rotate: true })).toEqual({ rotate: true, panels: ['map'], seconds: 30 });
	});

	it('refuse rotating through nothing, on the panels field', () => {
		let refused: unknown;
		try {
			changedWallSettings({ rotate: true, panels: ['map'], seconds: 30 }, { panels: [] });
		} catch (error) {
			refused = error;
		}
		expect(isAppError(refused) && refused.code === 'validation' && refused.fields?.panels).toBeTruthy();
		expect(changedWallSettings({ rotate: true, panels: ['map'], seconds: 30 }, { rotate: false, panels: [] })).toEqual({ rotate: false, panels: [], seconds: 30 });
	});
});
