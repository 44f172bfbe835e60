import { describe, expect, it } from 'vitest';
import { viewerOf, type Actor, type Viewer } from '$lib/domain/actor';
import { ROLES, type Role } from '$lib/domain/roles';
import { Releasability, canSee, releasabilityLabel, roomsFor, roomsOf, type Releasability as R } from '$lib/domain/releasability';
import { deltaFor } from '$lib/server/realtime/deltas';
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
	const event = (releasableTo: R, previousReleasableTo: R | null = null): EventRow => ({
		seq: 7,
		at: new Date(),
		name: 'log-entry.updated',
		collection: 'log-entries',
		entityId: 'e1',
		op: 'upsert',
		record: { id: 'e1', releasableTo },
		releasableTo,
		previousReleasableTo,
		actorId: 'a',
		actorName: 'a',
		actorNation: 'FRA',
		idempotencyKey: null,
		requestHash: null
	});
	const partnerFra = viewerOf(actor('partner', 'FRA'));

	it('replays a change to those who may see it, and nothing to those who may not', () => {
		expect(deltaFor(event(['FRA']), partnerFra)).toMatchObject({ seq: 7, op: 'upsert', id: 'e1' });
		expect(deltaFor(event(['DEU']), partnerFra)).toBeNull();
	});

	it('replays a removal to those who lost sight of a narrowed record', () => {
		expect(deltaFor(event(['DEU'], 'coalition'), partnerFra)).toEqual({ seq: 7, collection: 'log-entries', op: 'remove', id: 'e1' });
	});

	it('never replays events of collections that are not on the screens (users)', () => {
		expect(deltaFor({ ...event('cell'), collection: 'users' }, viewerOf(actor('admin', 'FRA')))).toBeNull();
	});
});
