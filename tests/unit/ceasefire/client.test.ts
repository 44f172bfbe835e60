import { describe, expect, it } from 'vitest';
import type { Alert } from '$lib/domain/cell/alerts';
import type { Violation } from '$lib/domain/ceasefire/violations';
import type { Sector } from '$lib/domain/ceasefire/sectors';
import {
	DEFAULT_FILTERS,
	NO_SECTOR,
	exportHref,
	filterViolations,
	filtersFromQuery,
	filtersToQuery,
	windowStart
} from '$lib/client/ceasefire/filters';
import { elapsed } from '$lib/client/format/elapsed';
import { markerLook, northToSouth, reportGroup, sectorAt, sectorBounds, shapePath } from '$lib/client/ceasefire/geo';
import { stepProblem, stepsFor } from '$lib/client/ceasefire/workflow';
import { newAlertIds, splitAlerts } from '$lib/client/ceasefire/alerts';
import { errorOf, importUrl } from '$lib/client/csv-upload';
import { rowIssueText } from '$lib/domain/core/csv-import';
import { hasExerciseData } from '$lib/client/exercise';

const NOW = new Date('2026-01-10T12:00:00Z');

function report(overrides: Partial<Violation> = {}): Violation {
	return {
		id: crypto.randomUUID(),
		observedAt: '2026-01-10T10:00:00Z',
		lat: 48.2,
		lon: 37.0,
		sectorId: 'south',
		category: 'artillery',
		source: 'uav',
		severity: 'medium',
		killed: 0,
		wounded: 0,
		description: 'x',
		status: 'reported',
		responsibleParty: null,
		finding: null,
		lastStep: null,
		reportedBy: 'A',
		reportedAt: '2026-01-10T10:01:00Z',
		updatedAt: '2026-01-10T10:01:00Z',
		exercise: false,
		releasableTo: 'cell',
		...overrides
	};
}

const SQUARE = (id: string, west: number, south: number, east: number, north: number): Sector => ({
	id,
	name: id.toUpperCase(),
	geometry: { type: 'Polygon', coordinates: [[[west, north], [east, north], [east, south], [west, south], [west, north]]] },
	lastCheckInAt: null,
	override: null,
	exercise: false,
	releasableTo: 'cell'
});

describe('filters', () => {
	const reports = [
		report({ id: 'a', observedAt: '2026-01-10T11:00:00Z', category: 'drone' }),
		report({ id: 'b', observedAt: '2026-01-08T11:00:00Z', status: 'verified' }),
		report({ id: 'c', observedAt: '2025-12-01T11:00:00Z', sectorId: null }),
		report({ id: 'd', observedAt: 'garbage' })
	];

	it('keeps the time window, newest first, and drops unreadable times', () => {
		expect(filterViolations(reports, { ...DEFAULT_FILTERS, window: '24h' }, NOW).map((r) => r.id)).toEqual(['a']);
		expect(filterViolations(reports, { ...DEFAULT_FILTERS, window: '7d' }, NOW).map((r) => r.id)).toEqual(['a', 'b']);
		expect(filterViolations(reports, { ...DEFAULT_FILTERS, window: 'all' }, NOW).map((r) => r.id)).toEqual(['a', 'b', 'c']);
	});

	it('filters by category, status and sector, including outside every sector', () => {
		const all = { ...DEFAULT_FILTERS, window: 'all' as const };
		expect(filterViolations(reports, { ...all, category: 'drone' }, NOW).map((r) => r.id)).toEqual(['a']);
		expect(filterViolations(reports, { ...all, status: 'verified' }, NOW).map((r) => r.id)).toEqual(['b']);
		expect(filterViolations(reports, { ...all, sector: NO_SECTOR }, NOW).map((r) => r.id)).toEqual(['c']);
		expect(filterViolations(reports, { ...all, sector: 'south' }, NOW).map((r) => r.id)).toEqual(['a', 'b']);
	});

	it('builds export links with the same filters, from rounded to the minute', () => {
		const now = new Date('2026-01-10T12:00:42.123Z');
		expect(windowStart('24h', now)?.toISOString()).toBe('2026-01-09T12:00:42.123Z');
		expect(exportHref('csv', { window: '24h', category: 'drone', status: '', sector: 'south' }, now)).toBe(
			'/api/v1/violations.csv?from=2026-01-09T12%3A00%3A00.000Z&category=drone&sector=south'
		);
		expect(exportHref('geojson', { ...DEFAULT_FILTERS, window: 'all' }, now)).toBe('/api/v1/violations.geojson');
		// "Outside every sector" is the API's sector=none, so the export holds exactly what the list shows.
		expect(exportHref('csv', { window: 'all', category: '', status: '', sector: NO_SECTOR }, now)).toBe('/api/v1/violations.csv?sector=none');
	});

	it('reads filters from a URL, refusing what it does not know, and writes only what differs from the default', () => {
		const parsed = filtersFromQuery(new URLSearchParams('window=30d&category=mortar&status=bogus&sector=Bad Sector'));
		expect(parsed).toEqual({ window: '30d', category: 'mortar', status: '', sector: '' });
		expect(filtersFromQuery(new URLSearchParams('window=1y'))).toEqual(DEFAULT_FILTERS);
		expect(filtersToQuery(DEFAULT_FILTERS).toString()).toBe('');
		expect(filtersFromQuery(filtersToQuery(parsed))).toEqual(parsed);
	});

	it('says how long ago, at the precision a wall needs', () => {
		const t = NOW.getTime();
		expect(elapsed(t - 65_000, t)).toBe('1 min 05 s');
		expect(elapsed(t - (3 * 3600 + 12 * 60) * 1000, t)).toBe('3 h 12 min');
		expect(elapsed(t - (2 * 86400 + 4 * 3600) * 1000, t)).toBe('2 d 4 h');
		expect(elapsed(t + 5000, t)).toBe('0 min 00 s');
	});
});

describe('geometry', () => {
	const sectors = [SQUARE('north', 37, 49, 38, 49.6), SQUARE('south', 36.4, 47.9, 37.6, 48.6)];

	it('places a point in the sector it falls in, or none', () => {
		expect(sectorAt(48.2, 37.0, sectors)?.id).toBe('south');
		expect(sectorAt(49.3, 37.5, sectors)?.id).toBe('north');
		expect(sectorAt(46.0, 30.0, sectors)).toBeNull();
		expect(sectorAt(Number.NaN, 37, sectors)).toBeNull();
	});

	it('knows multipolygons and survives a broken geometry', () => {
		const multi: Sector = { ...SQUARE('multi', 0, 0, 1, 1), geometry: { type: 'MultiPolygon', coordinates: [SQUARE('x', 0, 0, 1, 1).geometry.coordinates as number[][][], SQUARE('y', 5, 5, 6, 6).geometry.coordinates as number[][][]] } };
		const broken = { ...SQUARE('broken', 0, 0, 1, 1), geometry: { type: 'Polygon', coordinates: [] } } as unknown as Sector;
		expect(sectorAt(5.5, 5.5, [broken, multi])?.id).toBe('multi');
		expect(sectorBounds([multi])).toEqual([[0, 0], [6, 6]]);
		expect(sectorBounds([])).toBeNull();
	});

	it('orders sectors north to south', () => {
		expect(northToSouth([sectors[1]!, sectors[0]!]).map((s) => s.id)).toEqual(['north', 'south']);
	});

	it('tells severity by shape and size, status by colour and fill', () => {
		const shapes = (['low', 'medium', 'high', 'critical'] as const).map((s) => markerLook(s, 'reported'));
		expect(new Set(shapes.map((s) => s.shape)).size).toBe(4);
		expect(shapes.map((s) => s.size)).toEqual([...shapes.map((s) => s.size)].sort((a, b) => a - b));
		expect(markerLook('high', 'reported').fill).toBe('hollow');
		expect(markerLook('high', 'verified').fill).toBe('solid');
		expect(markerLook('high', 'closed').fill).toBe('faint');
		expect(reportGroup('under-verification')).toBe('open');
		expect(reportGroup('remedied')).toBe('confirmed');
		expect(reportGroup('unfounded')).toBe('settled');
		for (const look of shapes) expect(shapePath(look.shape)).toMatch(/^M[\d .LAZ-]+Z$/);
	});
});

describe('workflow', () => {
	it('offers the steps the role may take from the status', () => {
		expect(stepsFor('officer', 'reported')).toEqual(['begin-verification']);
		expect(stepsFor('officer', 'under-verification')).toEqual(['verify', 'reject']);
		expect(stepsFor('officer', 'verified')).toEqual(['refer']);
		expect(stepsFor('officer', 'referred')).toEqual([]);
		expect(stepsFor('commission', 'referred')).toEqual(['attribute']);
		expect(stepsFor('commission', 'attributed')).toEqual(['remedy', 'close']);
		expect(stepsFor('officer', 'attributed')).toEqual(['close']);
		expect(stepsFor('admin', 'unfounded')).toEqual(['close']);
		expect(stepsFor('partner', 'reported')).toEqual([]);
		expect(stepsFor('wall', 'under-verification')).toEqual([]);
		expect(stepsFor(null, 'reported')).toEqual([]);
	});

	it('turns a conflict into the status as it is now', () => {
		const shown = stepProblem({ code: 'conflict', message: 'x', fields: { status: ['referred'] } });
		expect(shown.currentStatus).toBe('referred');
		expect(shown.message).toContain('Referred to commission');
		expect(shown.message).toContain('Someone acted first');
		expect(stepProblem({ code: 'conflict', message: 'Already', fields: { status: ['weird'] } }).currentStatus).toBeNull();
		expect(stepProblem({ code: 'forbidden', message: 'No' }).message).toBe('No');
	});
});

describe('alerts', () => {
	const alert = (overrides: Partial<Alert>): Alert => ({
		id: crypto.randomUUID(),
		violationId: crypto.randomUUID(),
		title: 'HIGH: Artillery',
		severity: 'high',
		raisedAt: '2026-01-10T11:00:00Z',
		acknowledgedBy: null,
		acknowledgedAt: null,
		exercise: false,
		releasableTo: 'cell',
		...overrides
	});

	it('lists unacknowledged alerts worst and newest first, and recent acknowledgements', () => {
		const older = alert({ id: 'older', raisedAt: '2026-01-10T10:00:00Z' });
		const newer = alert({ id: 'newer' });
		const critical = alert({ id: 'critical', severity: 'critical', raisedAt: '2026-01-10T09:00:00Z' });
		const acked = alert({ id: 'acked', acknowledgedBy: 'Duval', acknowledgedAt: '2026-01-10T11:30:00Z' });
		const stale = alert({ id: 'stale', acknowledgedBy: 'Duval', acknowledgedAt: '2026-01-09T11:30:00Z' });
		const { open, acknowledged } = splitAlerts([older, acked, newer, stale, critical], NOW);
		expect(open.map((a) => a.id)).toEqual(['critical', 'newer', 'older']);
		expect(acknowledged.map((a) => a.id)).toEqual(['acked']);
	});

	it('announces only alerts that arrive after the first picture', () => {
		const a = alert({ id: 'a' });
		const b = alert({ id: 'b' });
		expect(newAlertIds(null, [a])).toEqual([]);
		expect(newAlertIds(new Set(['a']), [a, b])).toEqual(['b']);
		expect(newAlertIds(new Set(['a']), [a, { ...b, acknowledgedAt: NOW.toISOString() }])).toEqual([]);
	});
});

describe('import upload and exercise marking', () => {
	it('builds the import URL', () => {
		expect(importUrl('/api/v1/violations/import', { dryRun: true })).toBe('/api/v1/violations/import?dryRun=true');
		expect(importUrl('/api/v1/violations/import', { dryRun: false, exercise: true })).toBe('/api/v1/violations/import?exercise=true');
		expect(importUrl('/api/v1/violations/import', { dryRun: false })).toBe('/api/v1/violations/import');
		expect(importUrl('/api/v1/pledges/import', { dryRun: true, params: { releasableTo: 'DEU,POL' } })).toBe('/api/v1/pledges/import?releasableTo=DEU%2CPOL&dryRun=true');
	});

	it('reads the API error shape and makes one for anything else', () => {
		expect(errorOf(400, JSON.stringify({ error: { code: 'validation', message: 'Missing column(s): latitude' } })).message).toBe('Missing column(s): latitude');
		expect(errorOf(0, '').code).toBe('unavailable');
		expect(errorOf(413, '<html>').code).toBe('payload_too_large');
		expect(errorOf(502, '<html>').message).toBe('The server answered 502.');
		expect(rowIssueText({ row: 3, fields: { latitude: ['Too big'], notes: ['Required', 'Short'] } })).toBe('latitude: Too big; notes: Required, Short');
	});

	it('notices exercise records in any collection', () => {
		expect(hasExerciseData([[{ exercise: false }], []])).toBe(false);
		expect(hasExerciseData([[{}], [{ exercise: true }]])).toBe(true);
	});
});

describe('alert headlines and short names', async () => {
	const { alertHeadline } = await import('$lib/client/ceasefire/alerts');
	const { shortSectorName } = await import('$lib/client/ceasefire/geo');
	it('names the category and the sector by name, or falls back to the stored title', () => {
		const names: Record<string, string> = { south: 'Pokrovsk' };
		const label = (c: string) => c.toUpperCase();
		expect(alertHeadline({ title: 'HIGH: x' }, { category: 'drone', sectorId: 'south' }, (id) => names[id], label)).toBe('DRONE · Pokrovsk');
		expect(alertHeadline({ title: 'HIGH: x' }, { category: 'drone', sectorId: 'gone' }, (id) => names[id], label)).toBe('DRONE · gone');
		expect(alertHeadline({ title: 'HIGH: x' }, { category: 'drone', sectorId: null }, (id) => names[id], label)).toBe('DRONE · outside every sector');
		expect(alertHeadline({ title: 'HIGH: x' }, undefined, (id) => names[id], label)).toBe('HIGH: x');
	});
	it('shortens a sector name with a parenthesis', () => {
		expect(shortSectorName('Kherson (Dnipro river)')).toBe('Kherson');
		expect(shortSectorName('Pokrovsk')).toBe('Pokrovsk');
		expect(shortSectorName('(odd)')).toBe('(odd)');
	});
});

describe('sector labels', async () => {
	const { labelSpot } = await import('$lib/client/ceasefire/geo');
	const box = (id: string, west: number, south: number, east: number, north: number) => ({
		id,
		name: id,
		geometry: { type: 'Polygon' as const, coordinates: [[[west, north], [east, north], [east, south], [west, south], [west, north]]] }
	});
	it('goes west of the north-west corner when that is free', () => {
		const a = box('a', 37, 48, 38, 49);
		expect(labelSpot(a, [a])).toEqual({ lat: 49, lon: 37, side: 'left' });
	});
	it('moves east when a neighbour lies to the west', () => {
		const west = box('west', 35, 47, 37, 50);
		const a = box('a', 37, 48, 38, 49);
		expect(labelSpot(a, [west, a])).toEqual({ lat: 49, lon: 38, side: 'right' });
	});
});
