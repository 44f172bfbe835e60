import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import { z } from 'zod';
import { fieldsByColumn, ImportQuery, type CsvLayout, type CsvRow, type RowOutcome } from '../core/csv-import';
import { Releasability } from '../core/releasability';
import { CreatePledge, type Channel, type PledgeCategory } from './pledges';

/**
 * Pledges arrive in bulk in the layout of the Kiel Institute's Ukraine Support Tracker ("Bilateral
 * Assistance, MAIN DATA"), one row per sub-activity. Only military aid is a pledge here; financial
 * and humanitarian rows are skipped and counted. README → "Importing pledges (Kiel Institute tracker)".
 */

countries.registerLocale(en);

/** The tracker's columns this import reads (lower case: headers are matched without regard to case). */
export const KIEL_COLUMNS = [
	'donor',
	'announcement_date',
	'aid_type_general',
	'aid_type_specific',
	'measure',
	'item_type',
	'item',
	'item_numb',
	'tot_sub_activity_value_eur',
	'source'
] as const;
export const KIEL_REQUIRED = ['donor', 'announcement_date', 'aid_type_general', 'measure'] as const;
/** The tracker holds every aid type: a file may be long, most of it skipped. */
export const KIEL_MAX_ROWS = 50_000;
export const PLEDGE_IMPORT_MAX_ROWS = 5000;

/** A pledge import as one command: every row or none, each row a pledge as `pledges.create` takes it. */
export const ImportPledges = z.strictObject({
	rows: z.array(CreatePledge).min(1).max(PLEDGE_IMPORT_MAX_ROWS),
	/** For every row that does not say otherwise. */
	releasableTo: Releasability.optional(),
	exercise: z.boolean().optional()
});
export type ImportPledges = z.infer<typeof ImportPledges>;

/** `POST /api/v1/pledges/import?releasableTo=coalition` (or `cell`, or `DEU,POL`): who sees the imported pledges; the cell by default. */
export const PledgeImportQuery = ImportQuery.extend({
	releasableTo: z
		.string()
		.regex(/^(cell|coalition|[A-Z]{3}(,[A-Z]{3})*)$/, 'cell, coalition, or alpha-3 codes separated by commas (e.g. DEU,POL)')
		.optional()
});

/** The query's marking as the command takes it. */
export function releasabilityOfQuery(value: string | undefined): Releasability | undefined {
	if (value === undefined || value === 'cell' || value === 'coalition') return value;
	return value.split(',');
}

// The tracker's spelling, for messages: the officer looks for the column as the file names it.
const VALUE_COLUMN = 'tot_sub_activity_value_EUR';

/** Donors in the tracker that are institutions, not nations: a pledge's donor is a nation (DESIGN.md). */
const INSTITUTIONS = new Set(['eu (commission and council)', 'eu institutions', 'european union', 'european commission', 'european investment bank', 'european peace facility']);

/** Names the tracker uses that i18n-iso-countries does not know (its English names and aliases cover the rest). */
const DONOR_ALIASES: Readonly<Record<string, string>> = { 'slovak republic': 'SVK' };

/** A donor's alpha-3 code from the tracker's English name, or why there is none. */
export function donorCodeOf(name: string): { code: string } | { error: string } {
	const trimmed = name.trim();
	if (!trimmed) return { error: 'Required: the donor nation' };
	const key = trimmed.toLowerCase();
	if (INSTITUTIONS.has(key)) return { error: `${trimmed} is not a nation: a pledge's donor is one nation (remove the row, or record it under the nation that pledged)` };
	// getSimpleAlpha3Code folds diacritics too ("Turkiye" for "Türkiye").
	const code = DONOR_ALIASES[key] ?? countries.getAlpha3Code(trimmed, 'en') ?? countries.getSimpleAlpha3Code(trimmed, 'en');
	return code ? { code } : { error: `No nation is called "${trimmed}" (English names, e.g. Germany, United States)` };
}

const isRealDay = (year: number, month: number, day: number) => {
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The announcement day. The tracker writes YYYY-MM-DD (spreadsheet exports may add a midnight
 * time); DD/MM/YYYY and DD.MM.YYYY are read day first, as the tracker's European sources write
 * them; a month alone (YYYY-MM) is read as its first day, with a warning.
 */
export function announcedOnOf(value: string): { day: string; warning?: string } | { error: string } {
	const text = value.trim();
	if (!text) return { error: 'Required: the day the pledge was announced' };
	let parts: [number, number, number] | undefined;
	let warning: string | undefined;
	const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(text);
	const dayFirst = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
	const month = /^(\d{4})-(\d{2})$/.exec(text);
	if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
	else if (dayFirst) parts = [Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1])];
	else if (month) {
		parts = [Number(month[1]), Number(month[2]), 1];
		warning = 'Only a month was given: read as its first day';
	}
	if (!parts) return { error: 'A date as YYYY-MM-DD, DD/MM/YYYY or YYYY-MM' };
	const [year, monthOfYear, day] = parts;
	if (!isRealDay(year, monthOfYear, day)) return { error: dayFirst ? 'No such day (dates with / or . are read day first: DD/MM/YYYY)' : 'No such day' };
	return { day: `${year}-${pad(monthOfYear)}-${pad(day)}`, ...(warning && { warning }) };
}

/** Cells the tracker (and spreadsheets) use for "no figure". */
const NO_FIGURE = new Set(['', '.', '-', '–', 'na', 'n/a', 'n.a.', 'nan']);

/**
 * A figure as spreadsheets write it: `1234567.5`, `1,234,567.5`, `1 234 567`, `1.234.567,5`,
 * `1234,5`, `1.5e+08`. One `.` is a decimal point; `,` followed by groups of three digits
 * separates thousands, otherwise it is a decimal comma. null for an empty cell, NaN for anything else.
 */
export function figureOf(value: string | undefined): number | null {
	const text = (value ?? '').trim().replace(/^€\s*|\s*(€|EUR)$/gi, '');
	if (NO_FIGURE.has(text.toLowerCase())) return null;
	const compact = text.replace(/[\s\u00A0\u202F'’_]/g, '');
	if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(compact)) return Number(compact);
	if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(compact)) return Number(compact.replace(/,/g, ''));
	if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(compact)) return Number(compact.replace(/\./g, '').replace(',', '.'));
	if (/^-?\d+,\d{1,2}$/.test(compact)) return Number(compact.replace(',', '.'));
	return NaN;
}

/**
 * The tracker's item types (and, failing those, its specific aid types and item names) → the
 * contract's categories. Checked in order, the first match decides: money is financing whatever it
 * buys; air defence before the missiles it fires; demining before mines; munitions before the
 * weapons that fire them; man-portable anti-tank weapons count as small arms (light weapons).
 */
export const CATEGORY_TABLE: readonly (readonly [RegExp, PledgeCategory])[] = [
	[/\b(financ\w*|funding|funds?|cash|grants?|loans?|budget support|credits?)\b/i, 'financing'],
	[/air[- ]?defen[cs]e|anti[- ]?(air|aircraft|drone)|counter[- ]?(uas|drone)|surface[- ]to[- ]air|\bsam\b|manpads|patriot|iris[- ]?t|nasams|stinger|gepard|\bhawk\b|crotale|samp\/?t|skynex|mistral|starstreak|aspide/i, 'air-defence'],
	[/engineer|fortif|de-?mining|mine[- ]?clear|bridg|barrier|trench|excavat|construction|sandbag/i, 'engineering-and-fortification'],
	[/ammunition|\bammo\b|munitions?|shells?\b|\brounds\b|cartridges|projectiles|grenades|\bmines\b|missiles?|\brockets\b|\bbombs\b|storm shadow|scalp|atacms|harpoon/i, 'ammunition'],
	[/artillery|howitzers?|mortars?|\bmlrs\b|rocket launch|multiple[- ]launch|himars|\bm270\b|mars ii|caesar|pzh ?2000|\bkrab\b|archer|zuzana|\bdana\b|\bm777\b|\bm109\b|\bl119\b|as-?90/i, 'artillery'],
	[/aircraft|aeroplanes?|airplanes?|\bjets?\b|fighters?\b|helicopters?|drones?|\buavs?\b|unmanned|aviation|f-16|mig-29|mirage|gripen|bayraktar|switchblade|phoenix ghost/i, 'aviation-and-drones'],
	[/(?<!anti[- ]?)\btanks?\b|armou?red|\bapcs?\b|\bifvs?\b|infantry fighting|personnel carriers?|\bmraps?\b|leopard|abrams|challenger|bradley|marder|cv ?90|stryker|\bm113\b|t-72|pt-91/i, 'armoured-vehicles'],
	[/small arms|light weapons|rifles?|pistols?|machine ?guns?|sniper|firearms|anti[- ]?tank|\batgms?\b|javelin|\bnlaw\b|panzerfaust|carl[- ]gustaf|\bat-?4\b|\brpgs?\b/i, 'small-arms'],
	[/training|simulators?/i, 'training-equipment']
];

const categoryIn = (text: string): PledgeCategory | undefined => CATEGORY_TABLE.find(([pattern]) => pattern.test(text))?.[1];

/** item_type decides; where the table knows none of its words, aid_type_specific and then the item's name may; otherwise `other`. */
export function categoryOf(itemType: string, aidTypeSpecific = '', item = ''): PledgeCategory {
	return categoryIn(itemType) ?? categoryIn(aidTypeSpecific) ?? categoryIn(item) ?? 'other';
}

/**
 * Money is financing. Equipment is from stockpiles unless the row says it is bought: procurement,
 * purchase, contracts, new production, or the US Ukraine Security Assistance Initiative (USAI, which
 * buys from industry, where Presidential Drawdown packages come from US stocks).
 */
export function channelOf(category: PledgeCategory, text: string): Channel {
	if (category === 'financing') return 'financing';
	return /procur|purchas|contract|\busai\b|from industry|new production|newly (built|produced)/i.test(text) ? 'procurement' : 'stockpile';
}

const MEASURE_OF: Readonly<Record<string, CreatePledge['measure']>> = { commitment: 'commitment', allocation: 'allocation' };

/** The first http(s) address in the cell (the tracker sometimes lists several, or text around one). */
function sourceOf(cell: string): { url: string | null; warning?: string } {
	if (!cell) return { url: null };
	const url = cell.match(/https?:\/\/[^\s,;"'<>]+/i)?.[0] ?? null;
	if (url && CreatePledge.shape.source.safeParse(url).success) return { url };
	return { url: null, warning: 'Not a web address (http or https): imported without a source' };
}

const ITEM_MAX = 300;

/** Payload fields → the tracker's columns, for messages. */
const COLUMN_OF = { donor: 'donor', announcedOn: 'announcement_date', measure: 'measure', category: 'item_type', item: 'item', quantity: 'item_numb', valueEur: VALUE_COLUMN, source: 'source' } as const;

/** One tracker row → a pledge to create, a skip (not military aid), or what is wrong with it by column. */
export function mapKielRow(row: CsvRow): RowOutcome<CreatePledge> {
	const aidType = row.aid_type_general?.trim() ?? '';
	if (aidType.toLowerCase() !== 'military') return { skipped: aidType ? aidType.charAt(0).toUpperCase() + aidType.slice(1).toLowerCase() : '(no aid type)' };

	const problems: Record<string, string[]> = {};
	const warnings: Record<string, string[]> = {};
	const donor = donorCodeOf(row.donor ?? '');
	if ('error' in donor) problems.donor = [donor.error];
	const announced = announcedOnOf(row.announcement_date ?? '');
	if ('error' in announced) problems.announcement_date = [announced.error];
	else if (announced.warning) warnings.announcement_date = [announced.warning];
	const measure = MEASURE_OF[(row.measure ?? '').toLowerCase()];
	if (!measure) problems.measure = ['Commitment or Allocation'];
	const quantity = figureOf(row.item_numb);
	if (Number.isNaN(quantity)) problems.item_numb = ['A whole number, e.g. 12'];
	const value = figureOf(row.tot_sub_activity_value_eur);
	if (Number.isNaN(value)) problems[VALUE_COLUMN] = ['An amount in EUR, e.g. 1250000.50'];
	const source = sourceOf(row.source ?? '');
	if (source.warning) warnings.source = [source.warning];

	const itemType = row.item_type ?? '';
	const specific = row.aid_type_specific ?? '';
	const named = [row.item, itemType, specific].find(Boolean) ?? '';
	if (named.length > ITEM_MAX) warnings.item = [`Longer than ${ITEM_MAX} characters: shortened`];
	const category = categoryOf(itemType, specific, row.item ?? '');
	const candidate = {
		donor: 'code' in donor ? donor.code : '',
		announcedOn: 'day' in announced ? announced.day : '',
		measure: measure ?? 'commitment',
		category,
		item: named.length > ITEM_MAX ? `${named.slice(0, ITEM_MAX - 1)}…` : named,
		quantity: Number.isNaN(quantity) ? null : quantity,
		// The tracker converts other currencies into EUR: values come with fractions of a cent.
		valueEur: value === null || Number.isNaN(value) ? null : Math.round(value * 100) / 100,
		valuation: 'reported' as const,
		channel: channelOf(category, `${specific} ${itemType} ${row.item ?? ''}`),
		source: source.url
	};
	const parsed = CreatePledge.safeParse(candidate);
	if (parsed.success && !Object.keys(problems).length) return { payload: parsed.data, warnings };
	// The row's own reading comes first (it says what the tracker's cell should hold); the pledge's rules add the rest.
	const fields = parsed.success ? {} : fieldsByColumn(parsed.error, COLUMN_OF);
	return { fields: { ...fields, ...problems } };
}

/** The tracker's layout, as every CSV import is described. */
export const KIEL_LAYOUT: CsvLayout<CreatePledge> = {
	columns: KIEL_COLUMNS,
	required: KIEL_REQUIRED,
	maxRows: KIEL_MAX_ROWS,
	maxImported: PLEDGE_IMPORT_MAX_ROWS,
	mapRow: mapKielRow
};

/** The import as the CSV endpoint and the import page run it: the tracker's layout into one `pledges.import`. */
export function pledgeImport(options: { releasableTo?: Releasability; exercise?: boolean }) {
	return {
		layout: KIEL_LAYOUT,
		command: 'pledges.import' as const,
		payload: (rows: CreatePledge[]): ImportPledges => ({ rows, ...(options.releasableTo !== undefined && { releasableTo: options.releasableTo }), ...(options.exercise && { exercise: true }) })
	};
}
