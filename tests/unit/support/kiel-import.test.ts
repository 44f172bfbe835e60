import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { CsvRow } from '$lib/domain/core/csv-import';
import { previewCsv } from '$lib/domain/core/csv-preview';
import { AppError } from '$lib/domain/core/errors';
import { KIEL_LAYOUT, PLEDGE_IMPORT_MAX_ROWS, announcedOnOf, categoryOf, channelOf, donorCodeOf, figureOf, mapKielRow, pledgeImport } from '$lib/domain/support/kiel-import';
import type { CreatePledge, PledgeCategory } from '$lib/domain/support/pledges';
import { thrown } from '../../support/thrown';

const FIXTURE = readFileSync(path.join(import.meta.dirname, '../../fixtures/kiel-tracker-sample.csv'), 'utf8');

/** A good military row of the tracker; tests change one cell at a time. */
const ROW: CsvRow = {
	donor: 'Germany',
	announcement_date: '2023-03-15',
	aid_type_general: 'Military',
	aid_type_specific: 'Weapons and equipment',
	measure: 'Commitment',
	item_type: 'Tanks',
	item: 'Leopard 2A6',
	item_numb: '18',
	tot_sub_activity_value_eur: '415000000',
	source: 'https://www.bundesregierung.de/'
};

function pledgeOf(row: CsvRow): CreatePledge {
	const outcome = mapKielRow(row);
	if (!('payload' in outcome)) throw new Error(`expected a pledge, got ${JSON.stringify(outcome)}`);
	return outcome.payload;
}
function problemsOf(row: CsvRow): Record<string, string[]> {
	const outcome = mapKielRow(row);
	if (!('fields' in outcome)) throw new Error(`expected errors, got ${JSON.stringify(outcome)}`);
	return outcome.fields;
}

describe('the fixture file, in the tracker layout', () => {
	const { summary, payloads } = previewCsv(FIXTURE, KIEL_LAYOUT);

	it('imports the military rows and skips the others, counted by their aid type', () => {
		expect(summary).toMatchObject({ rows: 12, valid: 9, errors: [], skipped: { Humanitarian: 1, Financial: 2 } });
		// The EU's row is financial: skipped before its donor (not a nation) is looked at.
		expect(payloads.map((p) => p.donor)).toEqual(['USA', 'DEU', 'GBR', 'CZE', 'KOR', 'TUR', 'POL', 'NOR', 'DNK']);
	});

	it('names the columns it does not read, and warns by row where it assumed or dropped something', () => {
		expect(summary.unknownColumns).toEqual(['id', 'explanation', 'reporting_currency']);
		expect(summary.warnings).toEqual([
			{ row: 4, fields: { source: ['Not a web address (http or https): imported without a source'] } },
			{ row: 5, fields: { announcement_date: ['Only a month was given: read as its first day'] } }
		]);
	});

	it('maps every column of a row to the pledge', () => {
		expect(payloads[1]).toEqual({
			donor: 'DEU',
			announcedOn: '2023-03-15',
			measure: 'commitment',
			category: 'armoured-vehicles',
			item: 'Leopard 2A6',
			quantity: 18,
			valueEur: 415_000_000,
			valuation: 'reported',
			channel: 'stockpile',
			source: 'https://www.bundesregierung.de/breg-de/themen/krieg-in-der-ukraine'
		});
		expect(payloads.map((p) => p.category)).toEqual([
			'air-defence',
			'armoured-vehicles',
			'artillery',
			'ammunition',
			'engineering-and-fortification',
			'aviation-and-drones',
			'financing',
			'other',
			'aviation-and-drones'
		]);
		expect(payloads.map((p) => p.channel)).toEqual(['stockpile', 'stockpile', 'stockpile', 'stockpile', 'stockpile', 'stockpile', 'financing', 'procurement', 'stockpile']);
		expect(payloads.map((p) => [p.quantity, p.valueEur])).toEqual([
			[4, 23_500_000],
			[18, 415_000_000],
			[30, 96_410_000.46],
			[null, 12_000_000],
			[10, 8_000_000],
			[6, null],
			[null, 50_000_000],
			[5000, 2_500_000],
			[19, null]
		]);
		expect(payloads[3]!.announcedOn).toBe('2022-11-01');
		expect(payloads[2]!.source).toBeNull();
	});

	it('reads the same file with `;`, a byte-order mark, upper-case headers and padded cells', () => {
		const [header, ...rows] = Papa.parse<string[]>(FIXTURE.trim()).data;
		// Padded cells; quoted where a cell holds a comma ("415,000,000"), as spreadsheets write them.
		const line = (cells: string[]) => cells.map((cell) => (cell.includes(',') ? `"${cell}"` : ` ${cell} `)).join(';');
		const again = previewCsv(`\uFEFF${line(header!.map((h) => h.toUpperCase()))}\r\n${rows.map(line).join('\r\n')}\r\n`, KIEL_LAYOUT);
		expect(again.summary).toMatchObject({ rows: 12, valid: 9, errors: [], skipped: { Humanitarian: 1, Financial: 2 } });
		expect(again.payloads).toEqual(payloads);
	});
});

describe('donorCodeOf: the tracker’s English names → alpha-3', () => {
	it.each([
		['United States', 'USA'],
		['United Kingdom', 'GBR'],
		['Czech Republic', 'CZE'],
		['Czechia', 'CZE'],
		['Republic of Korea', 'KOR'],
		['South Korea', 'KOR'],
		['Türkiye', 'TUR'],
		['Turkiye', 'TUR'],
		['Turkey', 'TUR'],
		['Slovak Republic', 'SVK'],
		['Netherlands', 'NLD'],
		['Taiwan', 'TWN'],
		['germany', 'DEU'],
		['  Norway ', 'NOR']
	])('%j → %s', (name, code) => {
		expect(donorCodeOf(name)).toEqual({ code });
	});

	it.each(['EU (Commission and Council)', 'European Peace Facility', 'European Investment Bank'])('%j is not a nation', (name) => {
		expect(donorCodeOf(name)).toEqual({ error: expect.stringMatching(/^.+ is not a nation/) });
	});

	it.each(['Atlantis', 'Korea', ''])('%j is no nation it knows', (name) => {
		expect(donorCodeOf(name)).toHaveProperty('error');
	});
});

describe('announcedOnOf: the announcement day', () => {
	it.each([
		['2023-03-15', { day: '2023-03-15' }],
		['2023-03-15 00:00:00', { day: '2023-03-15' }],
		['2024-02-29', { day: '2024-02-29' }],
		['15/03/2023', { day: '2023-03-15' }],
		['5/3/2023', { day: '2023-03-05' }],
		['15.03.2023', { day: '2023-03-15' }],
		// A month alone is its first day, and the row says so.
		['2022-11', { day: '2022-11-01', warning: 'Only a month was given: read as its first day' }],
		['', { error: 'Required: the day the pledge was announced' }],
		['March 2023', { error: 'A date as YYYY-MM-DD, DD/MM/YYYY or YYYY-MM' }],
		['2023/03/15', { error: 'A date as YYYY-MM-DD, DD/MM/YYYY or YYYY-MM' }],
		['2023-02-30', { error: 'No such day' }],
		['2023-13', { error: 'No such day' }],
		// Month first, as US sources write it: refused rather than guessed.
		['03/15/2023', { error: 'No such day (dates with / or . are read day first: DD/MM/YYYY)' }]
	])('%j → %j', (cell, outcome) => {
		expect(announcedOnOf(cell)).toEqual(outcome);
	});
});

describe('figureOf: quantities and values as spreadsheets write them', () => {
	it.each([
		['415000000', 415_000_000],
		['415,000,000', 415_000_000],
		['1,234,567.89', 1_234_567.89],
		['50 000 000', 50_000_000],
		['50\u00A0000\u00A0000', 50_000_000],
		['1.234.567,89', 1_234_567.89],
		['1234,5', 1234.5],
		['1.5', 1.5],
		['1.5e+08', 150_000_000],
		['€ 2,500', 2500],
		['2500 EUR', 2500],
		['-300', -300]
	])('%j → %d', (cell, value) => {
		expect(figureOf(cell)).toBe(value);
	});

	it.each(['', ' ', '.', '-', 'NA', 'n/a', undefined])('%j is no figure (null)', (cell) => {
		expect(figureOf(cell)).toBeNull();
	});

	it.each(['many', '12 tanks', '1,23,456', '1.2.3,4,5'])('%j is not a figure (NaN)', (cell) => {
		expect(figureOf(cell)).toBeNaN();
	});
});

describe('categoryOf: the mapping table', () => {
	it.each([
		['Air defense systems', 'air-defence'],
		['Air defence', 'air-defence'],
		['MANPADS', 'air-defence'],
		['Anti-drone systems', 'air-defence'],
		['Artillery', 'artillery'],
		['Howitzers', 'artillery'],
		['MLRS', 'artillery'],
		['Ammunition', 'ammunition'],
		['Artillery shells', 'ammunition'],
		['Missiles', 'ammunition'],
		['Tanks', 'armoured-vehicles'],
		['Armoured vehicles', 'armoured-vehicles'],
		['Armored personnel carriers', 'armoured-vehicles'],
		['Infantry fighting vehicles', 'armoured-vehicles'],
		['Drones', 'aviation-and-drones'],
		['Helicopters', 'aviation-and-drones'],
		['Fighter jets', 'aviation-and-drones'],
		['Small arms', 'small-arms'],
		['Rifles', 'small-arms'],
		['Anti-tank weapons', 'small-arms'],
		['Demining equipment', 'engineering-and-fortification'],
		['Fortifications', 'engineering-and-fortification'],
		['Training', 'training-equipment'],
		['Funding', 'financing'],
		['Loan', 'financing'],
		// Order decides when a type names several things: the first match in the table.
		['Funding for artillery ammunition', 'financing'],
		['Air defence missiles', 'air-defence'],
		['Tank ammunition', 'ammunition'],
		['Anti-tank mines', 'ammunition'],
		['Mine clearing vehicles', 'engineering-and-fortification'],
		['Body armour', 'other']
	] as [string, PledgeCategory][])('item_type %j → %s', (itemType, category) => {
		expect(categoryOf(itemType)).toBe(category);
	});

	it('falls back to aid_type_specific, then to the item, then to other', () => {
		expect(categoryOf('Equipment', 'Military funding', 'Leopard 2A6')).toBe('financing');
		expect(categoryOf('Equipment', 'Weapons and equipment', 'Leopard 2A6')).toBe('armoured-vehicles');
		expect(categoryOf('', '', 'IRIS-T SLM')).toBe('air-defence');
		expect(categoryOf('Equipment', 'Weapons and equipment', 'Winter uniforms')).toBe('other');
		expect(categoryOf('Medical equipment')).toBe('other');
		expect(categoryOf('')).toBe('other');
	});
});

describe('channelOf', () => {
	it('money is financing; bought equipment is procurement; the rest comes from stockpiles', () => {
		expect(channelOf('financing', 'Funding from stocks')).toBe('financing');
		for (const text of ['Procurement of drones', 'purchased from industry', 'USAI package', 'new contract with Rheinmetall', 'newly produced shells']) {
			expect(channelOf('artillery', text), text).toBe('procurement');
		}
		for (const text of ['Presidential Drawdown package', 'From Bundeswehr stocks', '']) expect(channelOf('artillery', text), text).toBe('stockpile');
	});
});

describe('mapKielRow: one tracker row', () => {
	it('skips rows that are not military aid, by their aid type (any case, trimmed)', () => {
		expect(mapKielRow({ ...ROW, aid_type_general: 'Humanitarian' })).toEqual({ skipped: 'Humanitarian' });
		expect(mapKielRow({ ...ROW, aid_type_general: 'FINANCIAL' })).toEqual({ skipped: 'Financial' });
		expect(mapKielRow({ ...ROW, aid_type_general: '' })).toEqual({ skipped: '(no aid type)' });
		expect(pledgeOf({ ...ROW, aid_type_general: 'military' }).donor).toBe('DEU');
	});

	it('takes an empty quantity or value as none, rounds values to the cent, and names an item from the type when the item is empty', () => {
		expect(pledgeOf({ ...ROW, item_numb: '' })).toMatchObject({ quantity: null, valueEur: 415_000_000 });
		expect(pledgeOf({ ...ROW, tot_sub_activity_value_eur: '.' })).toMatchObject({ quantity: 18, valueEur: null });
		expect(pledgeOf({ ...ROW, tot_sub_activity_value_eur: '1234.5678' }).valueEur).toBe(1234.57);
		expect(pledgeOf({ ...ROW, item: '' }).item).toBe('Tanks');
		expect(pledgeOf({ ...ROW, measure: 'ALLOCATION' }).measure).toBe('allocation');
	});

	it('keeps the first web address of the source cell, and drops what is not one with a warning, not an error', () => {
		expect(pledgeOf({ ...ROW, source: 'Ministry: https://www.bmvg.de/a; https://www.bmvg.de/b' }).source).toBe('https://www.bmvg.de/a');
		for (const source of ['javascript:alert(1)', 'ftp://files.example.org/x', 'Government website']) {
			const outcome = mapKielRow({ ...ROW, source });
			expect(outcome, source).toMatchObject({ payload: { source: null }, warnings: { source: [expect.any(String)] } });
		}
		expect(mapKielRow({ ...ROW, source: '' })).toEqual({ payload: expect.objectContaining({ source: null }), warnings: {} });
	});

	it.each([
		['donor', { donor: 'EU (Commission and Council)' }, /not a nation/],
		['donor', { donor: 'Atlantis' }, /No nation is called "Atlantis"/],
		['announcement_date', { announcement_date: '31/02/2023' }, /No such day/],
		['announcement_date', { announcement_date: '' }, /Required/],
		['measure', { measure: 'Delivery' }, /Commitment or Allocation/],
		['item_numb', { item_numb: 'several' }, /A whole number/],
		['item_numb', { item_numb: '2.5' }, /whole number/i],
		['item_numb', { item_numb: '0' }, /At least 1/],
		['tot_sub_activity_value_EUR', { tot_sub_activity_value_eur: 'unknown' }, /An amount in EUR/],
		['tot_sub_activity_value_EUR', { tot_sub_activity_value_eur: '-300' }, /negative/],
		// Neither a quantity nor a value: nothing to measure deliveries against.
		['item_numb', { item_numb: '', tot_sub_activity_value_eur: '' }, /Give a quantity, a value in EUR, or both/]
	] as [string, CsvRow, RegExp][])('%s: %j', (column, change, message) => {
		const fields = problemsOf({ ...ROW, ...change });
		expect(Object.keys(fields)).toEqual([column]);
		expect(fields[column]!.join(' ')).toMatch(message);
	});

	it('lists every wrong cell of a row under the tracker’s column names', () => {
		const fields = problemsOf({ ...ROW, donor: 'Atlantis', announcement_date: 'soon', measure: '', tot_sub_activity_value_eur: 'n/k' });
		expect(Object.keys(fields).sort()).toEqual(['announcement_date', 'donor', 'measure', 'tot_sub_activity_value_EUR']);
	});

	it('numbers the wrong rows of a file as a spreadsheet does (header = row 1)', () => {
		const header = 'donor,announcement_date,aid_type_general,measure,item_type,item,item_numb,tot_sub_activity_value_EUR';
		const csv = [
			header,
			'Germany,2023-03-15,Military,Commitment,Tanks,Leopard 2A6,18,415000000',
			'France,2023-03-15,Humanitarian,Commitment,,,,',
			'European Peace Facility,2023-03-15,Military,Commitment,Ammunition,155 mm shells,,1000000000',
			'Poland,2023-02-30,Military,Allocation,Tanks,T-72,60,',
			'Spain,2023-04-01,Military,Allocation,Tanks,Leopard 2A4,6,'
		].join('\n');
		const { summary, payloads } = previewCsv(csv, KIEL_LAYOUT);
		expect(summary).toMatchObject({ rows: 5, valid: 2, skipped: { Humanitarian: 1 } });
		expect(summary.errors.map((e) => [e.row, Object.keys(e.fields)])).toEqual([
			[4, ['donor']],
			[5, ['announcement_date']]
		]);
		expect(payloads.map((p) => p.donor)).toEqual(['DEU', 'ESP']);
	});
});

describe('the file as a whole', () => {
	it('needs the donor, date, aid type and measure columns', () => {
		const error = thrown(() => previewCsv('donor,announcement_date,item\nGermany,2023-01-01,x\n', KIEL_LAYOUT));
		expect(error).toBeInstanceOf(AppError);
		expect((error as AppError).fields).toEqual({ columns: ['aid_type_general is required', 'measure is required'] });
	});

	it(`imports at most ${PLEDGE_IMPORT_MAX_ROWS} pledges at once, however many rows it skips`, () => {
		const header = 'donor,announcement_date,aid_type_general,measure,item,item_numb';
		const rows = (n: number, aid: string) => Array.from({ length: n }, () => `Germany,2023-03-15,${aid},Commitment,Leopard 2A6,1`);
		const skippedMostly = [header, ...rows(PLEDGE_IMPORT_MAX_ROWS, 'Military'), ...rows(3000, 'Financial')].join('\n');
		expect(previewCsv(skippedMostly, KIEL_LAYOUT).summary).toMatchObject({ valid: PLEDGE_IMPORT_MAX_ROWS, skipped: { Financial: 3000 } });
		const error = thrown(() => previewCsv([header, ...rows(PLEDGE_IMPORT_MAX_ROWS + 1, 'Military')].join('\n'), KIEL_LAYOUT));
		expect((error as AppError).message).toMatch(/At most 5000 rows to import at once \(this file has 5001\)/);
	});

	it('commits as one pledges.import, with the marking and exercise flag for every row', () => {
		const { payloads } = previewCsv(FIXTURE, KIEL_LAYOUT);
		expect(pledgeImport({}).payload(payloads)).toEqual({ rows: payloads });
		expect(pledgeImport({ releasableTo: ['DEU', 'POL'], exercise: true }).payload(payloads)).toEqual({ rows: payloads, releasableTo: ['DEU', 'POL'], exercise: true });
	});
});
