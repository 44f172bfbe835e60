import { describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS, REQUIRED_COLUMNS, categoryOf, mapImportRow, severityOf } from '$lib/domain/ceasefire/import';
import type { Category, CreateViolation } from '$lib/domain/ceasefire/violations';

/** A good ACLED-like row; tests change one cell at a time. */
const ROW = {
	event_date: '2026-01-06',
	event_type: 'Explosions/Remote violence',
	sub_event_type: 'Air/drone strike',
	actor1: 'Unidentified Armed Group',
	admin1: 'Donetsk',
	location: 'Pokrovsk',
	latitude: '48.2833',
	longitude: '37.1833',
	fatalities: '0',
	notes: 'FPV drone hit a vehicle near the checkpoint',
	source: 'UAV'
};

function mapped(row: Record<string, string | undefined>, options?: { exercise?: boolean }): CreateViolation {
	const result = mapImportRow(row, options);
	if (!('payload' in result)) throw new Error(`expected a report, got ${JSON.stringify(result)}`);
	return result.payload;
}
function errors(row: Record<string, string | undefined>): Record<string, string[]> {
	const result = mapImportRow(row);
	if (!('fields' in result)) throw new Error(`expected errors, got ${JSON.stringify(result)}`);
	return result.fields;
}

describe('CSV columns', () => {
	it('are ACLED-like, and only the date and the place are required', () => {
		expect(IMPORT_COLUMNS).toEqual(['event_date', 'event_type', 'sub_event_type', 'actor1', 'admin1', 'location', 'latitude', 'longitude', 'fatalities', 'notes', 'source']);
		expect(REQUIRED_COLUMNS).toEqual(['event_date', 'latitude', 'longitude']);
	});
});

describe('categoryOf: the first pattern found in "event_type sub_event_type" decides', () => {
	it.each([
		// One per pattern, as the words appear in exports.
		['Explosions/Remote violence', 'Mortar fire', 'mortar'],
		['', 'mortar', 'mortar'],
		['Explosions/Remote violence', 'Missile attack', 'missile'],
		['Explosions/Remote violence', 'Air/drone strike', 'drone'],
		['UAV incursion', '', 'drone'],
		['Explosions/Remote violence', 'Shelling', 'artillery'],
		['Artillery', '', 'artillery'],
		['Strategic developments', 'Armour build-up', 'armour-movement'],
		['Strategic developments', 'Armor column', 'armour-movement'],
		['Strategic developments', 'Tank movement', 'armour-movement'],
		['Naval incident', '', 'sea-incident'],
		['Incident at sea', '', 'sea-incident'],
		['Air incident', '', 'air-incident'],
		['Battles', 'Armed clash', 'small-arms'],
		['Small arms fire', '', 'small-arms'],
		['Battle', '', 'small-arms'],
		// Case does not matter.
		['BATTLES', 'ARMED CLASH', 'small-arms'],
		['explosions', 'DRONE STRIKE', 'drone'],
		// Nothing known: other.
		['Protests', 'Peaceful protest', 'other'],
		['Strategic developments', 'Looting/property destruction', 'other'],
		['', '', 'other']
	] as [string, string, Category][])('%j + %j → %s', (eventType, subEventType, category) => {
		expect(categoryOf(eventType, subEventType)).toBe(category);
	});

	it.each([
		// Order decides when several words appear.
		['Mortar and artillery shelling', '', 'mortar'],
		['Missile and drone attack', '', 'missile'],
		['Drone-dropped mortar round', '', 'mortar'],
		['Drone attack on an armoured vehicle', '', 'drone'],
		['Artillery fire on a tank', '', 'artillery'],
		['Tank fire from the sea', '', 'armour-movement'],
		['Naval drone', '', 'drone'],
		['Sea', 'Air', 'sea-incident'],
		['Air', 'Battle', 'air-incident']
	] as [string, string, Category][])('%j: %s comes first', (eventType, subEventType, category) => {
		expect(categoryOf(eventType, subEventType)).toBe(category);
	});
});

describe('severityOf: deaths make a report critical or high; heavy weapons medium', () => {
	it.each([
		['artillery', 0, 'medium'],
		['missile', 0, 'medium'],
		['drone', 0, 'medium'],
		['mortar', 0, 'low'],
		['small-arms', 0, 'low'],
		['other', 0, 'low'],
		['small-arms', 1, 'high'],
		['artillery', 4, 'high'],
		['other', 5, 'critical'],
		['mortar', 120, 'critical']
	] as const)('%s with %i dead → %s', (category, fatalities, severity) => {
		expect(severityOf(category, fatalities)).toBe(severity);
	});

	it.each([
		['low', 10, 'low'],
		[' Critical ', 0, 'critical'],
		['HIGH', 0, 'high'],
		['medium', 7, 'medium']
	] as const)('a stated severity %j wins (%i dead → %s)', (given, fatalities, severity) => {
		expect(severityOf('other', fatalities, given)).toBe(severity);
	});

	it.each(['severe', '', '  ', 'none'])('an unknown stated severity %j falls back to the rule', (given) => {
		expect(severityOf('other', 5, given)).toBe('critical');
		expect(severityOf('artillery', 0, given)).toBe('medium');
	});
});

describe('mapImportRow: one CSV row → one report', () => {
	it('maps a good row', () => {
		expect(mapped(ROW)).toEqual({
			observedAt: '2026-01-06T12:00:00.000Z',
			lat: 48.2833,
			lon: 37.1833,
			category: 'drone',
			source: 'uav',
			severity: 'medium',
			killed: 0,
			description: 'FPV drone hit a vehicle near the checkpoint — Actor: Unidentified Armed Group — Pokrovsk, Donetsk'
		});
	});

	it('reads a bare date as noon UTC of that day, and keeps a full timestamp (in UTC)', () => {
		expect(mapped({ ...ROW, event_date: '2025-12-31' }).observedAt).toBe('2025-12-31T12:00:00.000Z');
		expect(mapped({ ...ROW, event_date: ' 2024-02-29 ' }).observedAt).toBe('2024-02-29T12:00:00.000Z');
		expect(mapped({ ...ROW, event_date: '2026-01-06T03:04:05Z' }).observedAt).toBe('2026-01-06T03:04:05.000Z');
		expect(mapped({ ...ROW, event_date: '2026-01-06T01:00:00+02:00' }).observedAt).toBe('2026-01-05T23:00:00.000Z');
	});

	it('derives the severity from the fatalities, unless the row states one', () => {
		expect(mapped({ ...ROW, fatalities: '2' })).toMatchObject({ killed: 2, severity: 'high' });
		expect(mapped({ ...ROW, fatalities: '5' })).toMatchObject({ killed: 5, severity: 'critical' });
		expect(mapped({ ...ROW, fatalities: '' })).toMatchObject({ killed: 0, severity: 'medium' });
		expect(mapped({ ...ROW, fatalities: undefined })).toMatchObject({ killed: 0, severity: 'medium' });
		expect(mapped({ ...ROW, fatalities: '9', severity: 'low' } as Record<string, string>)).toMatchObject({ killed: 9, severity: 'low' });
	});

	it.each([
		['ground patrol', 'ground-patrol'],
		['Ground_Patrol', 'ground-patrol'],
		['satellite', 'satellite'],
		['SENSOR', 'sensor'],
		['Partner report', 'partner-report'],
		['Kyiv Independent', 'partner-report'],
		['', 'partner-report']
	])('takes source %j as %s', (source, slug) => {
		expect(mapped({ ...ROW, source }).source).toBe(slug);
	});

	it('writes a description from what the row has, or says it was imported', () => {
		expect(mapped({ ...ROW, actor1: '', admin1: '', location: '' }).description).toBe('FPV drone hit a vehicle near the checkpoint');
		expect(mapped({ ...ROW, notes: '', actor1: '', location: '' }).description).toBe('Donetsk');
		expect(mapped({ ...ROW, notes: '', actor1: '', location: '', admin1: '' }).description).toBe('Explosions/Remote violence (imported)');
	});

	it('marks rows of an exercise import as exercise, and others not at all', () => {
		expect(mapped(ROW, { exercise: true }).exercise).toBe(true);
		expect(mapped(ROW)).not.toHaveProperty('exercise');
	});

	describe('reports what is wrong under the CSV column names', () => {
		it.each([
			['latitude', { latitude: 'north' }],
			['latitude', { latitude: '' }],
			['latitude', { latitude: undefined }],
			['latitude', { latitude: '91' }],
			['latitude', { latitude: '-90.5' }],
			['longitude', { longitude: 'east' }],
			['longitude', { longitude: '' }],
			['longitude', { longitude: '180.01' }],
			['longitude', { longitude: '-181' }],
			['event_date', { event_date: 'yesterday' }],
			['event_date', { event_date: '' }],
			['event_date', { event_date: undefined }],
			['event_date', { event_date: '2026-13-01' }],
			// No such day: an error, not silently the 2nd of March.
			['event_date', { event_date: '2026-02-30' }],
			['event_date', { event_date: '2025-02-29' }],
			['event_date', { event_date: '2026-04-31T10:00:00Z' }],
			['event_date', { event_date: new Date(Date.now() + 86_400_000).toISOString() }],
			// Years 0–99 read back a century off (or not at all): refused, never shifted.
			['event_date', { event_date: '0049-06-01' }],
			['event_date', { event_date: '0026-12-06' }],
			['event_date', { event_date: '0000-01-01T00:00:00Z' }],
			// Date.parse would guess at these (6 January or 1 June? 1949 or 2049?): only ISO dates are read.
			['event_date', { event_date: '6/1/49' }],
			['event_date', { event_date: '06 January 2026' }],
			['fatalities', { fatalities: 'many' }],
			['fatalities', { fatalities: '-1' }],
			['fatalities', { fatalities: '1.5' }]
		] as [string, Record<string, string | undefined>][])('%s: %j', (column, change) => {
			const fields = errors({ ...ROW, ...change });
			expect(Object.keys(fields)).toEqual([column]);
			expect(fields[column]!.length).toBeGreaterThan(0);
			for (const message of fields[column]!) expect(typeof message).toBe('string');
		});

		it('lists every wrong cell of a row, and never the schema field names', () => {
			const fields = errors({ ...ROW, event_date: 'soon', latitude: 'x', longitude: '200', fatalities: 'n/a' });
			expect(Object.keys(fields).sort()).toEqual(['event_date', 'fatalities', 'latitude', 'longitude']);
			for (const internal of ['observedAt', 'lat', 'lon', 'killed']) expect(fields).not.toHaveProperty(internal);
		});

		it('says in plain words what to fix, once per problem', () => {
			const fields = errors({ ...ROW, event_date: 'soon', latitude: 'x', longitude: '200' });
			expect(fields).toEqual({
				event_date: ['Needs a UTC date and time, e.g. 2026-01-06T14:30:00Z'],
				latitude: ['Latitude needs a number in decimal degrees'],
				longitude: ['Longitude must be between -180 and 180']
			});
			expect(errors({ ...ROW, event_date: new Date(Date.now() + 86_400_000).toISOString() })).toEqual({ event_date: ['Observed in the future'] });
			expect(errors({ ...ROW, event_date: '0049-06-01' })).toEqual({ event_date: ['Observed before 2000: check the year'] });
		});

		it('accepts the edges of the world', () => {
			expect(mapped({ ...ROW, latitude: '-90', longitude: '180' })).toMatchObject({ lat: -90, lon: 180 });
			expect(mapped({ ...ROW, latitude: ' 90 ', longitude: '-180' })).toMatchObject({ lat: 90, lon: -180 });
		});
	});
});
