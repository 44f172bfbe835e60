import { describe, expect, it } from 'vitest';
import { isDrawable, unitSymbol } from '$lib/client/forces/symbols';
import { DOMAIN_SYMBOL_SETS, sidcProblem } from '$lib/domain/forces/sidc';
import { CreateUnit } from '$lib/domain/forces/units';

/** Known codes: a friendly mechanised infantry battalion, a friendly fighter, a friendly frigate. */
const INFANTRY = '10031000151211000000';
const FIGHTER = '10030100001101040000';
const FRIGATE = '10033000001202040000';

describe('symbol codes (APP-6D / 2525D SIDC) as they arrive', () => {
	it.each([INFANTRY, FIGHTER, FRIGATE])('accepts %s', (sidc) => {
		expect(sidcProblem(sidc)).toBeNull();
	});

	it.each([
		['1003100015121100000', '20 digits, not 19'],
		['100310001512110000000', '20 digits, not 21'],
		['1003100015121100000X', 'Digits only (a 20-digit APP-6D / 2525D code)'],
		['SFGPUCI----D', 'Digits only (a 20-digit APP-6D / 2525D code)'],
		['99031000151211000000', 'Unknown version 99 (digits 1–2: 10 for APP-6D / 2525D)'],
		['10731000151211000000', 'Unknown context 7 (digit 3: 0 reality, 1 exercise, 2 simulation)'],
		['10091000151211000000', 'Unknown standard identity 9 (digit 4: 0–6)'],
		['10039900151211000000', 'Unknown symbol set 99 (digits 5–6, e.g. 10 land unit, 01 air, 30 sea surface)'],
		['10031090151211000000', 'Unknown status 9 (digit 7: 0–5)']
	])('refuses %s: %s', (sidc, message) => {
		expect(sidcProblem(sidc)).toBe(message);
	});

	it("refuses a symbol of another domain than the unit's, on the sidc field", () => {
		const unit = { name: '1st Fighter Squadron', nation: 'NOR', domain: 'air', sidc: INFANTRY, mission: 'air-policing', readiness: 'C1' };
		expect(CreateUnit.safeParse(unit).error?.issues[0]).toMatchObject({ path: ['sidc'], message: "The symbol set (digits 5–6) does not match the unit's domain" });
		expect(CreateUnit.safeParse({ ...unit, sidc: FIGHTER }).success).toBe(true);
	});
});

describe('drawing a unit with milsymbol (APP-6D only)', () => {
	it.each([
		// APP-6D's friendly frames: a rectangle on land, an open arc in the air, a circle at sea.
		[INFANTRY, 'land', '<path d="M25,50 l150,0 0,100 -150,0 z"'],
		[FIGHTER, 'air', '<path d="M 155,150 C 155,50 115,30 100,30 85,30 45,50 45,150"'],
		[FRIGATE, 'sea', '<circle cx="100" cy="100" r="60"']
	])('draws %s (%s) as well-formed, non-empty SVG with the friendly frame of its domain', (sidc, _domain, frame) => {
		const drawn = unitSymbol({ sidc, name: '1 Bn', readiness: 'C2' });
		expect(drawn.svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		expect(drawn.svg).toMatch(/<\/svg>$/);
		expect(drawn.width).toBeGreaterThan(20);
		expect(drawn.height).toBeGreaterThan(20);
		// Friendly units are drawn in APP-6's friendly blue fill (rgb(128,224,255)).
		expect(drawn.svg).toContain('rgb(128,224,255)');
		expect(drawn.svg).toContain('C2');
		expect(drawn.svg).toContain(frame);
		expect(isDrawable(sidc)).toBe(true);
	});

	it('draws a hostile land unit in a red diamond', () => {
		const { svg } = unitSymbol({ sidc: '10061000151211000000', name: 'OPFOR' });
		expect(svg).toContain('<path d="M 100,28 L172,100 100,172 28,100 100,28 Z"');
		expect(svg).toContain('rgb(255,128,128)');
	});

	it('puts a hostile-looking name in the SVG as text, never as markup', () => {
		const { svg } = unitSymbol({ sidc: INFANTRY, name: '<script>alert(1)</script>' });
		expect(svg).not.toContain('<script>');
		expect(svg).toContain('&lt;script&gt;');
	});

	it('knows a code its icon tables do not have', () => {
		expect(isDrawable('10031000999999000000')).toBe(false);
	});

	it.each(Object.entries(DOMAIN_SYMBOL_SETS).flatMap(([domain, sets]) => sets.map((set) => [set, domain])))(
		'draws symbol set %s, which a unit of the %s domain may have: its icon table is loaded',
		(set) => {
			expect(isDrawable(`1003${set}00001100000000`)).toBe(true);
		}
	);

	it('leaves out the symbol sets no unit may have (control measures, space, activities): smaller bundle', () => {
		for (const set of ['25', '05', '40']) expect(isDrawable(`1003${set}00001100000000`)).toBe(false);
	});
});
