/**
 * APP-6D / MIL-STD-2525D symbol identification codes: 20 digits, checked field by field so that a
 * wrong code is refused with a reason people can act on, before any screen tries to draw it.
 */

/** Digits 1–2: the standard's version. 10 is 2525D / APP-6D; 11–13 its later changes (2525E). */
const VERSIONS = new Set(['10', '11', '12', '13']);
/** Digit 3: reality, exercise, simulation. */
const CONTEXTS = new Set(['0', '1', '2']);

/** Digits 5–6: the symbol sets of APP-6D / 2525D. */
export const SYMBOL_SETS: Readonly<Record<string, string>> = {
	'01': 'Air',
	'02': 'Air missile',
	'05': 'Space',
	'06': 'Space missile',
	'10': 'Land unit',
	'11': 'Land civilian unit/organisation',
	'15': 'Land equipment',
	'20': 'Land installation',
	'25': 'Control measure',
	'27': 'Dismounted individual',
	'30': 'Sea surface',
	'35': 'Sea subsurface',
	'36': 'Mine warfare',
	'40': 'Activities',
	'45': 'Atmospheric',
	'46': 'Oceanographic',
	'47': 'Meteorological space',
	'50': 'Signals intelligence – space',
	'51': 'Signals intelligence – air',
	'52': 'Signals intelligence – land',
	'53': 'Signals intelligence – surface',
	'54': 'Signals intelligence – subsurface',
	'60': 'Cyberspace'
};

/** Why a code is not a symbol, or null when it is one. */
export function sidcProblem(sidc: string): string | null {
	if (!/^\d+$/.test(sidc)) return 'Digits only (a 20-digit APP-6D / 2525D code)';
	if (sidc.length !== 20) return `20 digits, not ${sidc.length}`;
	if (!VERSIONS.has(sidc.slice(0, 2))) return `Unknown version ${sidc.slice(0, 2)} (digits 1–2: 10 for APP-6D / 2525D)`;
	if (!CONTEXTS.has(sidc[2]!)) return `Unknown context ${sidc[2]} (digit 3: 0 reality, 1 exercise, 2 simulation)`;
	if (sidc[3]! > '6') return `Unknown standard identity ${sidc[3]} (digit 4: 0–6)`;
	if (!SYMBOL_SETS[sidc.slice(4, 6)]) return `Unknown symbol set ${sidc.slice(4, 6)} (digits 5–6, e.g. 10 land unit, 01 air, 30 sea surface)`;
	if (sidc[6]! > '5') return `Unknown status ${sidc[6]} (digit 7: 0–5)`;
	return null;
}

/** The symbol set a unit of a domain is drawn from: a land unit is not an air track. */
export const DOMAIN_SYMBOL_SETS = {
	air: ['01', '02'],
	sea: ['30', '35', '36'],
	land: ['10', '11', '15', '20', '27']
} as const satisfies Record<string, readonly string[]>;
