import { describe, expect, it } from 'vitest';
import { stageAt } from '$lib/client/wall/rotation';
import type { WallPanel } from '$lib/domain/cell/wall-settings';

const on = (panels: WallPanel[], seconds = 30) => ({ rotate: true, panels, seconds });
const at = (seconds: number) => seconds * 1000;

describe('which panel the wall stage shows', () => {
	it('is the map while rotation is off, whatever panels are chosen', () => {
		expect(stageAt({ rotate: false, panels: ['forces', 'support'], seconds: 30 }, at(12_345))).toEqual({ panel: 'map', index: 0, count: 1, next: null, msLeft: null });
	});

	it('is the map when rotation is on with nothing to rotate through, and the one panel when one is chosen', () => {
		expect(stageAt(on([]), at(100)).panel).toBe('map');
		expect(stageAt(on(['support']), at(100))).toEqual({ panel: 'support', index: 0, count: 1, next: null, msLeft: null });
	});

	it('turns through the panels in order, `seconds` each, and starts again', () => {
		const settings = on(['map', 'forces', 'support'], 20);
		const turns = [0, 19, 20, 39, 40, 59, 60].map((s) => stageAt(settings, at(s)).panel);
		expect(turns).toEqual(['map', 'map', 'forces', 'forces', 'support', 'support', 'map']);
	});

	it('says what comes next and when', () => {
		expect(stageAt(on(['map', 'forces', 'support'], 20), at(47))).toEqual({ panel: 'support', index: 2, count: 3, next: 'map', msLeft: 13_000 });
	});

	it('counts from the epoch, so two walls (or one reloaded) show the same panel at the same moment', () => {
		const settings = on(['forces', 'support', 'commitments', 'cooperation'], 45);
		const now = Date.parse('2026-01-06T12:00:07Z');
		expect(stageAt(settings, now)).toEqual(stageAt({ ...settings, panels: [...settings.panels] }, now));
		expect(stageAt(settings, now).panel).toBe(settings.panels[Math.floor(now / 45_000) % 4]);
	});
});
