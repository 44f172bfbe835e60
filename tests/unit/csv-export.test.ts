import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { violationsCsv } from '$lib/server/http/exports';
import { violationAt } from '../support/ceasefire/violations';

const NOW = new Date('2026-01-10T12:00:00Z');

/** The export of one report with this description and reporter, parsed back as a spreadsheet would read its cells. */
function exported(description: string, reportedBy = 'Officer'): Record<string, string> {
	const csv = violationsCsv([violationAt(NOW, { description, reportedBy, lat: -12.5, killed: 3 })]);
	const parsed = Papa.parse<Record<string, string>>(csv, { header: true });
	expect(parsed.errors).toEqual([]);
	return parsed.data[0]!;
}

describe('violationsCsv: no cell runs as a formula in a spreadsheet', () => {
	it.each([
		['=HYPERLINK("http://example.invalid")'],
		['+1+1'],
		['-2+3'],
		['@SUM(A1:A2)'],
		['\tcmd'],
		['\rcmd'],
		['|calc'],
		['＝HYPERLINK("http://example.invalid")'],
		['＋1＋1'],
		['－2＋3'],
		['＠SUM(A1:A2)']
	])('prefixes a text cell starting like %j with an apostrophe', (text) => {
		const row = exported(text, text);
		expect(row.description).toBe(`'${text}`);
		expect(row.reportedBy).toBe(`'${text}`);
	});

	it('leaves other text, and numbers (negative ones too), as they are', () => {
		const row = exported('Shelling near =the checkpoint', 'Ｏfficer');
		expect(row.description).toBe('Shelling near =the checkpoint');
		expect(row.reportedBy).toBe('Ｏfficer');
		expect(row.lat).toBe('-12.5');
		expect(row.killed).toBe('3');
	});
});
