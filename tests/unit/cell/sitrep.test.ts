import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeSinceYesterday, markingFor, markingOf, openList, type Marked } from '$lib/domain/cell/sitrep';
import { emptyCategories, type TrendDay } from '$lib/domain/cell/trends';
import { canSee, type Releasability } from '$lib/domain/core/releasability';
import { viewerOf, type Actor } from '$lib/domain/identity/actor';
import type { Role } from '$lib/domain/identity/roles';
import { formatCountChange, formatEurChange, formatShareChange } from '$lib/client/format/figures';

const actor = (role: Role, nation: string): Actor => ({ id: `${role}-${nation}`, kind: 'user', username: role, displayName: role, role, nation });
const partnerDeu = viewerOf(actor('partner', 'DEU'));
const officer = viewerOf(actor('officer', 'FRA'));
const part = (releasableTo: Releasability, exercise = false): Marked => ({ releasableTo, exercise });

describe('the marking of a page', () => {
	it.each<[string, Marked[], string]>([
		['nothing restricts nothing', [], 'REL COALITION'],
		['coalition records only', [part('coalition'), part('coalition')], 'REL COALITION'],
		['anything cell-only makes it cell only', [part('coalition'), part(['DEU']), part('cell')], 'CELL ONLY'],
		['a record released to DEU among coalition ones', [part('coalition'), part(['DEU'])], 'REL DEU'],
		['who may see every part: DEU, POL and DEU, FRA leave DEU', [part(['DEU', 'POL']), part(['DEU', 'FRA'])], 'REL DEU'],
		['a list shared by every part stays a list', [part(['DEU', 'POL']), part('coalition'), part(['DEU', 'POL'])], 'REL DEU, POL'],
		['parts released to different nations only the cell may see together', [part(['POL']), part(['FRA'])], 'CELL ONLY']
	])('%s', (_, parts, label) => {
		expect(markingOf(parts).label).toBe(label);
	});

	it('says EXERCISE when any part is exercise data, and only then', () => {
		expect(markingOf([part('coalition'), part(['DEU'], true)]).exercise).toBe(true);
		expect(markingOf([part('coalition'), part(['DEU'])]).exercise).toBe(false);
	});

	it('is never wider than any part: whoever may see the page may see every part of it', () => {
		const releasability = fc.oneof(fc.constantFrom<Releasability>('cell', 'coalition'), fc.subarray(['DEU', 'FRA', 'POL', 'USA'], { minLength: 1 }).map((codes) => codes.sort()));
		fc.assert(
			fc.property(fc.array(releasability, { maxLength: 8 }), (markings) => {
				const page = markingOf(markings.map((m) => part(m))).releasableTo;
				for (const nation of ['DEU', 'FRA', 'POL', 'USA']) {
					const reader = viewerOf(actor('partner', nation));
					if (canSee(reader, page)) for (const m of markings) expect(canSee(reader, m), `${nation} sees ${JSON.stringify(page)} but not ${JSON.stringify(m)}`).toBe(true);
				}
			})
		);
	});

	it('marks what a partner is given for that partner, and refuses content the reader may not see', () => {
		expect(markingFor(partnerDeu, [part('coalition'), part(['DEU', 'POL'])]).label).toBe('REL DEU, POL');
		expect(markingFor(officer, [part('cell')]).label).toBe('CELL ONLY');
		expect(() => markingFor(partnerDeu, [part('coalition'), part(['POL'])])).toThrow(/may not see/);
		expect(() => markingFor(partnerDeu, [part('cell')])).toThrow(/may not see/);
	});
});

const day = (date: string, reported: number, verified: number, pledgedEur: number, deliveredEur: number, readyShare: number | null): TrendDay => ({
	date,
	violations: { reported, verified, byCategory: { ...emptyCategories(), artillery: reported } },
	support: { pledgedEur, deliveredEur },
	forces: { readyShare }
});

describe('the change since yesterday', () => {
	it('is today minus yesterday for every figure the daily trends keep', () => {
		const change = changeSinceYesterday([day('2026-12-05', 7, 3, 1_000_000.1, 400_000, 0.5), day('2026-12-06', 4, 3, 1_250_000.3, 400_000, 0.75)], '2026-12-06');
		expect(change).toEqual({ reported: -3, verified: 0, pledgedEur: 250_000.2, deliveredEur: 0, readyShare: 0.25 });
		expect([formatCountChange(change.reported), formatCountChange(change.verified), formatEurChange(change.pledgedEur), formatShareChange(change.readyShare)]).toEqual(['−3', '±0', '+€250,000', '+25.0 pts']);
	});

	it('sums EUR in cents, so equal amounts show no change', () => {
		expect(changeSinceYesterday([day('2026-12-05', 0, 0, 0.3, 0.1, null), day('2026-12-06', 0, 0, 0.1 + 0.2, 0.1, null)], '2026-12-06').pledgedEur).toBe(0);
	});

	it('is unknown (—) where a day has no figure: no units yesterday, or a day missing', () => {
		expect(changeSinceYesterday([day('2026-12-05', 1, 0, 0, 0, null), day('2026-12-06', 2, 0, 0, 0, 0.5)], '2026-12-06').readyShare).toBeNull();
		const missing = changeSinceYesterday([day('2026-12-06', 2, 0, 0, 0, 0.5)], '2026-12-06');
		expect(Object.values(missing).every((v) => v === null)).toBe(true);
		expect(formatCountChange(missing.reported)).toBe('—');
	});

	it('compares the right days across a month end', () => {
		expect(changeSinceYesterday([day('2026-11-30', 5, 0, 0, 0, null), day('2026-12-01', 6, 0, 0, 0, null)], '2026-12-01').reported).toBe(1);
	});
});

describe('open items', () => {
	it('are counted in full and listed up to the shown number', () => {
		expect(openList([1, 2, 3, 4], 2)).toEqual({ total: 4, items: [1, 2] });
		expect(openList([], 2)).toEqual({ total: 0, items: [] });
	});
});
