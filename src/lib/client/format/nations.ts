import countries from 'i18n-iso-countries';
// Only English is registered: the browser entry of i18n-iso-countries ships no locale, and all of them would bloat the bundle.
import en from 'i18n-iso-countries/langs/en.json';

countries.registerLocale(en);

export interface Nation {
	/** ISO 3166-1 alpha-3, upper case (what the server stores and releasability lists). */
	code: string;
	name: string;
}

/**
 * Short English names where the official one is long or politically worded in a way the cell
 * does not use on its screens; everything else is the library's official English name.
 */
const SHORT_NAMES: Readonly<Record<string, string>> = {
	USA: 'United States',
	GBR: 'United Kingdom',
	RUS: 'Russia',
	KOR: 'South Korea',
	PRK: 'North Korea',
	TWN: 'Taiwan',
	IRN: 'Iran',
	SYR: 'Syria',
	MDA: 'Moldova',
	VEN: 'Venezuela',
	BOL: 'Bolivia',
	TZA: 'Tanzania',
	FSM: 'Micronesia',
	LAO: 'Laos',
	VNM: 'Vietnam',
	PSE: 'Palestine',
	VAT: 'Holy See',
	COD: 'Congo (Democratic Republic)',
	COG: 'Congo (Republic)'
};

/** Every ISO 3166-1 country, sorted by English name. */
export const NATIONS: readonly Nation[] = Object.freeze(
	Object.keys(countries.getAlpha3Codes())
		.map((code) => ({ code, name: SHORT_NAMES[code] ?? countries.getName(code, 'en', { select: 'official' }) ?? code }))
		.sort((a, b) => a.name.localeCompare(b.name, 'en'))
);

const BY_CODE: ReadonlyMap<string, Nation> = new Map(NATIONS.map((n) => [n.code, n]));

export function isKnownNation(code: string): boolean {
	return BY_CODE.has(code);
}

/** The English name of an alpha-3 code; an unknown code (e.g. `XXX`) is shown as itself rather than hidden. */
export function nationName(code: string): string {
	return BY_CODE.get(code)?.name ?? code;
}

/** `Germany (DEU)`: the name to read, the code officers write on markings. */
export function nationLabel(code: string): string {
	const name = nationName(code);
	return name === code ? code : `${name} (${code})`;
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/**
 * Nations whose code or name matches what was typed: an exact code first, then names that start
 * with it, then names that contain it (so "ger" finds Germany before Algeria and Niger).
 */
export function searchNations(query: string, nations: readonly Nation[] = NATIONS): Nation[] {
	const q = fold(query.trim());
	if (!q) return [...nations];
	const rank = (n: Nation): number => {
		const name = fold(n.name);
		if (n.code.toLowerCase() === q) return 0;
		if (name.startsWith(q)) return 1;
		if (name.split(/[\s(,-]+/).some((word) => word.startsWith(q))) return 2;
		if (name.includes(q) || n.code.toLowerCase().startsWith(q)) return 3;
		return -1;
	};
	return nations
		.map((n) => ({ n, r: rank(n) }))
		.filter(({ r }) => r >= 0)
		.sort((a, b) => a.r - b.r)
		.map(({ n }) => n);
}
