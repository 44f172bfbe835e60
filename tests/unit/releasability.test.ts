import { describe, expect, it } from 'vitest';
import { viewerOf, type Actor, type Viewer } from '$lib/domain/identity/actor';
import { ROLES, type Role } from '$lib/domain/identity/roles';
import { Releasability, canSee, intersect, releasabilityLabel, roomsFor, roomsOf, type Releasability as R } from '$lib/domain/core/releasability';
import { collapseGap } from '$lib/server/realtime/catch-up';
import type { EventRow } from '$lib/server/events';

const actor = (role: Role, nation: string): Actor => ({ id: `${role}-${nation}`, kind: 'user', username: role, displayName: role, role, nation });
const viewers: [string, Viewer][] = [
	...ROLES.flatMap((role) => (['FRA', 'DEU'] as const).map((n) => [`${role}/${n}`, viewerOf(actor(role, n))] as [string, Viewer])),
	['anonymous', viewerOf(null)]
];
const markings: R[] = ['cell', 'coalition', ['FRA'], ['DEU'], ['DEU', 'FRA'], ['POL']];

describe('releasability', () => {
	it('lets the cell staff see everything, and a partner only coalition records and those naming its nation', () => {
		const partnerFra = viewerOf(actor('partner', 'FRA'));
		expect(markings.map((m) => canSee(partnerFra, m))).toEqual([false, true, true, false, true, false]);
		for (const role of ['admin', 'officer', 'commission', 'leadership', 'wall'] as const) {
			expect(markings.every((m) => canSee(viewerOf(actor(role, 'DEU')), m))).toBe(true);
		}
		expect(markings.some((m) => canSee(viewerOf(null), m))).toBe(false);
	});

	it.each(viewers)('sends %s a broadcast exactly when it may see the record', (_, viewer) => {
		for (const marking of markings) {
			const reached = roomsFor(marking).some((room) => roomsOf(viewer).includes(room));
			expect(reached, JSON.stringify(marking)).toBe(canSee(viewer, marking));
		}
	});

	it('normalizes nation lists and refuses anything that is not cell, coalition or alpha-3 codes', () => {
		expect(Releasability.parse(['FRA', 'DEU', 'FRA'])).toEqual(['DEU', 'FRA']);
		for (const bad of ['everyone', [], ['fr'], ['FRANCE'], [1], null, { cell: true }]) {
			expect(Releasability.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
		}
	});

	it('labels every marking for display', () => {
		expect(releasabilityLabel('cell')).toBe('CELL ONLY');
		expect(releasabilityLabel('coalition')).toBe('REL COALITION');
		expect(releasabilityLabel(['DEU', 'FRA'])).toBe('REL DEU, FRA');
	});
});

describe('what a resuming screen is replayed', () => {
	let seq = 0;
	const event = (entityId: string, releasableTo: R, previousReleasableTo: R | null = null, text = `v${seq + 1}`): EventRow => ({
		seq: ++seq,
		at: new Date(),
		name: 'log-entries.updated',
		collection: 'log-entries',
		entityId,
		op: 'upsert',
		record: { id: entityId, text, releasableTo },
		releasableTo,
		previousReleasableTo,
		actorId: 'a',
		actorName: 'a',
		actorNation: 'FRA',
		idempotencyKey: null,
		requestHash: null
	});
	const partnerFra = viewerOf(actor('partner', 'FRA'));
	const noReferences = () => undefined;

	it('replays a change to those who may see it, and nothing to those who may not', () => {
		expect(collapseGap([event('e1', ['FRA'])], partnerFra, noReferences)).toMatchObject([{ op: 'upsert', id: 'e1' }]);
		expect(collapseGap([event('e1', ['DEU'])], partnerFra, noReferences)).toEqual([]);
	});

	it('replays a removal to those who lost sight of a narrowed record', () => {
		const narrowed = event('e1', ['DEU'], 'coalition');
		expect(collapseGap([narrowed], partnerFra, noReferences)).toEqual([{ seq: narrowed.seq, collection: 'log-entries', op: 'remove', id: 'e1' }]);
	});

	it('decides by the releasability a record has now: a version released then withdrawn is never replayed', () => {
		const released = event('e1', 'coalition', null, 'the released text');
		const withdrawn = event('e1', 'cell', 'coalition', 'the released text');
		const deltas = collapseGap([released, withdrawn], partnerFra, noReferences);
		expect(deltas).toEqual([{ seq: withdrawn.seq, collection: 'log-entries', op: 'remove', id: 'e1' }]);
		expect(JSON.stringify(deltas)).not.toContain('the released text');
	});

	it('sends each touched record once, as it is now, in seq order', () => {
		const rows = [event('a', 'coalition', null, 'first'), event('b', ['FRA']), event('a', 'coalition', null, 'second')];
		const deltas = collapseGap(rows, partnerFra, noReferences);
		expect(deltas.map((d) => [d.id, d.seq])).toEqual([
			['b', rows[1]!.seq],
			['a', rows[2]!.seq]
		]);
		expect(deltas[1]).toMatchObject({ op: 'upsert', record: { text: 'second' } });
	});

	it('sends nothing at all about a record the viewer never could see', () => {
		expect(collapseGap([event('e1', 'cell'), event('e1', ['DEU'], 'cell')], partnerFra, noReferences)).toEqual([]);
	});

	it('never replays events of collections that are not on the screens (users)', () => {
		expect(collapseGap([{ ...event('u1', 'cell'), collection: 'users' }], viewerOf(actor('admin', 'FRA')), noReferences)).toEqual([]);
	});

	it('withholds the sector of a report from a partner who may not see that sector', () => {
		const report: EventRow = { ...event('v1', 'coalition'), collection: 'violations', record: { id: 'v1', sectorId: 'S-POL', releasableTo: 'coalition' } };
		const sectorsReleasedTo = (collection: string, id: string): R | undefined => (collection === 'sectors' && id === 'S-POL' ? ['POL'] : undefined);
		expect(collapseGap([report], partnerFra, sectorsReleasedTo)[0]).toMatchObject({ op: 'upsert', record: { sectorId: null } });
		expect(collapseGap([report], viewerOf(actor('partner', 'POL')), sectorsReleasedTo)[0]).toMatchObject({ record: { sectorId: 'S-POL' } });
	});
});

describe('releasability of a record that names another', () => {
	it('is what both may be shown to', () => {
		expect(intersect('coalition', ['POL'])).toEqual(['POL']);
		expect(intersect(['DEU', 'POL'], ['FRA', 'POL'])).toEqual(['POL']);
		expect(intersect(['DEU'], ['POL'])).toBe('cell');
		expect(intersect('cell', 'coalition')).toBe('cell');
		expect(intersect('coalition', 'coalition')).toBe('coalition');
	});
});
