import { describe, expect, it } from 'vitest';
import { isDrawable } from '$lib/client/forces/symbols';
import { DOMAIN_SYMBOL_SETS, sidcProblem } from '$lib/domain/forces/sidc';
import { CreateUnit } from '$lib/domain/forces/units';
import { EXERCISE_UNITS } from '$lib/server/seed/forces';

describe("the exercise's units", () => {
	it.each(EXERCISE_UNITS.map((unit) => [unit.name, unit] as const))('%s has a drawable APP-6D exercise code of its domain', (_name, unit) => {
		expect(sidcProblem(unit.sidc)).toBeNull();
		expect(isDrawable(unit.sidc)).toBe(true);
		expect(DOMAIN_SYMBOL_SETS[unit.domain]).toContain(unit.sidc.slice(4, 6));
		// Digit 3: exercise, so every map shows its "X".
		expect(unit.sidc[2]).toBe('1');
		expect(CreateUnit.safeParse({ ...unit, exercise: true }).success).toBe(true);
	});

	it('come from a dozen nations, across air, sea and land, mostly released to the coalition', () => {
		expect(EXERCISE_UNITS.length).toBeGreaterThanOrEqual(28);
		expect(new Set(EXERCISE_UNITS.map((u) => u.nation)).size).toBeGreaterThanOrEqual(12);
		expect(new Set(EXERCISE_UNITS.map((u) => u.domain))).toEqual(new Set(['air', 'sea', 'land']));
		const marking = (u: (typeof EXERCISE_UNITS)[number]) => (Array.isArray(u.releasableTo) ? 'nations' : u.releasableTo);
		const markings = EXERCISE_UNITS.map(marking);
		expect(markings.filter((m) => m === 'coalition').length).toBeGreaterThan(EXERCISE_UNITS.length / 2);
		expect(markings).toContain('cell');
		expect(markings).toContain('nations');
		expect(new Set(EXERCISE_UNITS.map((u) => u.readiness))).toEqual(new Set(['C1', 'C2', 'C3', 'C4', 'C5']));
	});

	it('stand in and around Ukraine: the Baltic states to the Black Sea, Poland to the Dnipro', () => {
		for (const unit of EXERCISE_UNITS) {
			expect(unit.location!.lat, unit.name).toBeGreaterThan(43);
			expect(unit.location!.lat, unit.name).toBeLessThan(60);
			expect(unit.location!.lon, unit.name).toBeGreaterThan(14);
			expect(unit.location!.lon, unit.name).toBeLessThan(35);
		}
		// Ships on the Black Sea coast and off Odesa, none in the Baltic.
		for (const ship of EXERCISE_UNITS.filter((u) => u.domain === 'sea')) expect(ship.location!.lon, ship.name).toBeGreaterThan(27.9);
	});
});
