import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SECTOR_RULES,
	SECTOR_STATUSES,
	deriveSectorStatus,
	overallStatus,
	type Sector,
	type SectorRules,
	type SectorStatus
} from '$lib/domain/ceasefire/sectors';
import { STATUSES, type Violation, type ViolationStatus } from '$lib/domain/ceasefire/violations';
import { violationAt } from '../../support/ceasefire/violations';

const HOUR = 3600_000;
const NOW = new Date('2026-01-10T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const later = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

const report = (status: ViolationStatus, observedAgoMs: number, sectorId: string | null = 'pokrovsk'): Violation =>
	violationAt(NOW, { status, observedAt: ago(observedAgoMs), sectorId, source: 'ground-patrol' });

type SectorState = Pick<Sector, 'id' | 'lastCheckInAt' | 'override'>;
const sector = (over: Partial<SectorState> = {}): SectorState => ({ id: 'pokrovsk', lastCheckInAt: null, override: null, ...over });
/** A sector monitors checked in on a moment ago: holding unless reports say otherwise. */
const watched = (over: Partial<SectorState> = {}) => sector({ lastCheckInAt: ago(60_000), ...over });
const status = (s: SectorState, reports: Violation[], rules?: SectorRules) => deriveSectorStatus(s, reports, NOW, rules).status;

const { violatedForHours, tenseForHours, unknownAfterHours } = DEFAULT_SECTOR_RULES;

describe('sector status rules', () => {
	it('uses the documented defaults: violated 24 h, tense 12 h, unknown after 12 h', () => {
		expect(DEFAULT_SECTOR_RULES).toEqual({ violatedForHours: 24, tenseForHours: 12, unknownAfterHours: 12 });
	});

	// Which report statuses count, written out by hand: confirmed → violated, awaiting verification → tense.
	const EFFECT: Record<ViolationStatus, SectorStatus> = {
		reported: 'tense',
		'under-verification': 'tense',
		verified: 'violated',
		referred: 'violated',
		attributed: 'violated',
		remedied: 'violated',
		unfounded: 'holding',
		closed: 'holding'
	};
	it.each(STATUSES)('a fresh %s report in a watched sector makes it %s', (reportStatus) => {
		expect(status(watched(), [report(reportStatus, HOUR)])).toBe(EFFECT[reportStatus]);
	});

	describe('violated: a confirmed violation observed within violatedForHours', () => {
		it.each([
			['exactly at the limit', violatedForHours * HOUR, 'violated'],
			['1 ms inside', violatedForHours * HOUR - 1, 'violated'],
			['1 ms past', violatedForHours * HOUR + 1, 'holding'],
			['an hour past', (violatedForHours + 1) * HOUR, 'holding']
		] as const)('observed %s → %s', (_, age, expected) => {
			expect(status(watched(), [report('verified', age)])).toBe(expected);
		});

		it('says how many and over what window', () => {
			const derived = deriveSectorStatus(watched(), [report('verified', HOUR), report('referred', 2 * HOUR), report('verified', 30 * HOUR)], NOW);
			expect(derived).toEqual({ status: 'violated', reason: '2 confirmed violation(s) in the last 24 h', overridden: false });
		});
	});

	describe('tense: a report awaiting verification observed within tenseForHours', () => {
		it.each([
			['exactly at the limit', tenseForHours * HOUR, 'tense'],
			['1 ms inside', tenseForHours * HOUR - 1, 'tense'],
			['1 ms past', tenseForHours * HOUR + 1, 'holding']
		] as const)('observed %s → %s (sector checked in recently)', (_, age, expected) => {
			expect(status(watched(), [report('reported', age)])).toBe(expected);
			expect(status(watched(), [report('under-verification', age)])).toBe(expected);
		});
	});

	describe('unknown: no check-in and no report for longer than unknownAfterHours', () => {
		it.each([
			['exactly at the limit', unknownAfterHours * HOUR, 'holding'],
			['1 ms inside', unknownAfterHours * HOUR - 1, 'holding'],
			['1 ms past', unknownAfterHours * HOUR + 1, 'unknown']
		] as const)('last check-in %s → %s', (_, age, expected) => {
			expect(status(sector({ lastCheckInAt: ago(age) }), [])).toBe(expected);
		});

		it.each([
			['exactly at the limit', unknownAfterHours * HOUR, 'holding'],
			['1 ms past', unknownAfterHours * HOUR + 1, 'unknown']
		] as const)('last report (an unfounded one) %s → %s', (_, age, expected) => {
			expect(status(sector(), [report('unfounded', age)])).toBe(expected);
		});

		it('is unknown when never monitored', () => {
			expect(deriveSectorStatus(sector(), [], NOW)).toEqual({ status: 'unknown', reason: 'No monitoring report for over 12 h', overridden: false });
		});

		it('takes the later of the check-in and the newest report', () => {
			const oldCheckIn = sector({ lastCheckInAt: ago(20 * HOUR) });
			expect(status(oldCheckIn, [report('closed', 2 * HOUR)])).toBe('holding');
			expect(status(sector({ lastCheckInAt: ago(HOUR) }), [report('closed', 20 * HOUR)])).toBe('holding');
			expect(status(oldCheckIn, [report('closed', 13 * HOUR)])).toBe('unknown');
		});

		it('ignores reports in other sectors and outside every sector', () => {
			const elsewhere = [report('verified', HOUR, 'bakhmut-toretsk'), report('reported', HOUR, 'bakhmut-toretsk'), report('verified', HOUR, null)];
			expect(status(sector(), elsewhere)).toBe('unknown');
			expect(status(watched(), elsewhere)).toBe('holding');
		});
	});

	describe('precedence: violated > tense > unknown > holding', () => {
		it.each([
			['violated over tense', [report('verified', 20 * HOUR), report('reported', HOUR)], watched(), 'violated'],
			// The confirmed report is 20 h old and nothing else was heard since: still violated, not unknown.
			['violated over unknown', [report('verified', 20 * HOUR)], sector(), 'violated'],
			['tense over unknown', [report('reported', 12 * HOUR)], sector({ lastCheckInAt: ago(30 * HOUR) }), 'tense'],
			['unknown over holding', [report('closed', 13 * HOUR)], sector({ lastCheckInAt: ago(13 * HOUR) }), 'unknown'],
			['holding when monitored and quiet', [report('unfounded', HOUR)], watched(), 'holding']
		] as const)('%s', (_, reports, s, expected) => {
			expect(status(s, [...reports])).toBe(expected);
		});
	});

	describe("an officer's override", () => {
		const override = (statusSet: SectorStatus, expiresAt: string) => ({ status: statusSet, reason: 'Patrol pulled back', by: 'Officer One', expiresAt });

		it.each(SECTOR_STATUSES)('sets %s before it expires, whatever the reports say', (set) => {
			const derived = deriveSectorStatus(sector({ override: override(set, later(1)) }), [report('verified', HOUR)], NOW);
			expect(derived).toEqual({ status: set, reason: 'Set by Officer One: Patrol pulled back', overridden: true });
		});

		it.each([
			['exactly at expiry', 0],
			['1 ms after expiry', -1],
			['a day after expiry', -24 * HOUR]
		] as const)('gives way to the rules %s', (_, offset) => {
			const s = watched({ override: override('holding', later(offset)) });
			expect(deriveSectorStatus(s, [report('verified', HOUR)], NOW)).toMatchObject({ status: 'violated', overridden: false });
			expect(deriveSectorStatus(watched({ override: override('violated', later(offset)) }), [], NOW)).toMatchObject({ status: 'holding', overridden: false });
		});

		it('holds 1 ms before expiry', () => {
			expect(deriveSectorStatus(watched({ override: override('tense', later(1)) }), [], NOW)).toMatchObject({ status: 'tense', overridden: true });
		});
	});

	it('follows other rules when given them', () => {
		const rules: SectorRules = { violatedForHours: 2, tenseForHours: 1, unknownAfterHours: 3 };
		expect(status(watched(), [report('verified', 2 * HOUR)], rules)).toBe('violated');
		expect(status(watched(), [report('verified', 2 * HOUR + 1)], rules)).toBe('holding');
		expect(status(watched(), [report('reported', HOUR)], rules)).toBe('tense');
		expect(status(watched(), [report('reported', HOUR + 1)], rules)).toBe('holding');
		expect(status(sector({ lastCheckInAt: ago(3 * HOUR) }), [], rules)).toBe('holding');
		expect(status(sector({ lastCheckInAt: ago(3 * HOUR + 1) }), [], rules)).toBe('unknown');
	});
});

describe('overall status: the ceasefire is as bad as its worst sector', () => {
	it.each([
		[[], 'unknown'],
		[['holding'], 'holding'],
		[['holding', 'holding'], 'holding'],
		[['holding', 'unknown'], 'unknown'],
		[['unknown', 'holding', 'tense'], 'tense'],
		[['tense', 'violated', 'holding'], 'violated'],
		[['violated', 'unknown'], 'violated'],
		[['unknown', 'unknown'], 'unknown'],
		[['tense', 'unknown'], 'tense']
	] as [SectorStatus[], SectorStatus][])('%j → %s', (statuses, expected) => {
		expect(overallStatus(statuses)).toBe(expected);
	});

	it('does not depend on the order of the sectors', () => {
		const all: SectorStatus[] = ['holding', 'unknown', 'tense', 'violated'];
		for (let i = 0; i < all.length; i++) {
			const subset = all.slice(0, i + 1);
			expect(overallStatus([...subset].reverse())).toBe(overallStatus(subset));
			expect(overallStatus(subset)).toBe(all[i]);
		}
	});
});
