import { describe, expect, it } from 'vitest';
import { landingFor, safeNext } from '$lib/domain/identity/landing';

describe('where each role lands', () => {
	it('sends the wall to the wall, leadership to the trends, every desk to the overview', () => {
		expect(landingFor('wall')).toBe('/wall');
		expect(landingFor('leadership')).toBe('/trends');
		for (const role of ['admin', 'officer', 'commission', 'partner'] as const) expect(landingFor(role)).toBe('/');
	});

	it('follows a same-site ?next= and nothing else', () => {
		expect(safeNext('/support?donor=DEU')).toBe('/support?donor=DEU');
		for (const elsewhere of ['https://evil.example/', '//evil.example', '/\\evil.example', '', null]) expect(safeNext(elsewhere)).toBeNull();
	});
});
