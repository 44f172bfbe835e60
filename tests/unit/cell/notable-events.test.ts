import { describe, expect, it } from 'vitest';
import { chronologically, kindOfEvent, LARGE_DELIVERY_EUR, namesFrom, NOTABLE_KINDS, notableOf, releasabilityShowing, type LoggedEvent } from '$lib/domain/cell/notable-events';
import type { Releasability } from '$lib/domain/core/releasability';

const names = namesFrom(
	[
		{ id: 'pokrovsk', name: 'Pokrovsk', releasableTo: 'coalition' },
		{ id: 'siversk', name: 'Siversk', releasableTo: ['DEU', 'POL'] }
	],
	[
		{ id: 'p1', title: 'Shells for the front', releasableTo: 'coalition' },
		{ id: 'p2', title: 'Quiet line', releasableTo: ['DEU'] }
	]
);
const logged = (name: string, loggedStatus: string | null = null, seq = 10): LoggedEvent => ({ seq, at: '2026-12-06T09:30:00.000Z', name, loggedStatus });
const record = (fields: Record<string, unknown>, releasableTo: Releasability = 'coalition') => ({ id: 'r1', releasableTo, exercise: false, ...fields });

const report = (severity: string, sectorId: string | null = 'pokrovsk') => record({ severity, category: 'artillery', sectorId, observedAt: '2026-12-04T22:10:00.000Z', status: 'verified' });
const delivery = (valueEur: number | null, status = 'delivered') => record({ status, valueEur, deliveredOn: '2026-12-05', donor: 'DEU', category: 'air-defence', hub: 'Rzeszów' });

describe('notable events', () => {
	it('points out a violation verified as high or critical, on the day it was observed, from the record as the reader sees it', () => {
		const critical = notableOf(logged('violations.verified'), report('critical'), names);
		expect(critical).toMatchObject({ kind: 'severe-violation', day: '2026-12-04', title: 'Critical violation verified', detail: 'Critical violation verified: Artillery, Pokrovsk', link: '/ceasefire/r1', releasableTo: 'coalition' });
		expect(notableOf(logged('violations.verified'), report('high', 'hidden-sector'), names)?.detail).toBe('High-severity violation verified: Artillery');
		expect(notableOf(logged('violations.verified'), report('medium'), names)).toBeNull();
		expect(notableOf(logged('violations.verified'), report('low'), names)).toBeNull();
	});

	it('points out a delivery of €50 m or more that arrived, on its day of arrival', () => {
		expect(notableOf(logged('deliveries.delivered'), delivery(LARGE_DELIVERY_EUR), names)).toMatchObject({ kind: 'large-delivery', day: '2026-12-05', detail: 'Delivery of €50.0 m from DEU: Air defence, at Rzeszów' });
		expect(notableOf(logged('deliveries.delivered'), delivery(LARGE_DELIVERY_EUR - 0.01), names)).toBeNull();
		expect(notableOf(logged('deliveries.delivered'), delivery(null), names)).toBeNull();
	});

	it('counts a delivery created as already delivered, but not the creation of one that arrived later', () => {
		expect(notableOf(logged('deliveries.created', 'delivered'), delivery(90_000_000), names)?.kind).toBe('large-delivery');
		expect(notableOf(logged('deliveries.created', 'planned'), delivery(90_000_000), names)).toBeNull();
	});

	it('tells each step of an activation, on the day it was logged, saying when it is an exercise', () => {
		const activation = record({ scenario: 'Drill: armour across the line', exercise: true, state: 'active' });
		expect(notableOf(logged('activations.declared'), activation, names)).toMatchObject({ kind: 'activation', day: '2026-12-06', title: 'Activation declared (exercise)', detail: 'Activation declared (exercise): Drill: armour across the line', exercise: true });
		expect(notableOf(logged('activations.stood-down'), { ...activation, exercise: false }, names)?.title).toBe('Activation stood down');
	});

	it('is marked for who may see the names it shows too: the sector a report names, the programme a milestone belongs to', () => {
		// A report released to the coalition, in a sector released to DEU and POL: its line names the sector, so it is theirs only.
		expect(notableOf(logged('violations.verified'), report('critical', 'siversk'), names)).toMatchObject({ detail: 'Critical violation verified: Artillery, Siversk', releasableTo: ['DEU', 'POL'] });
		expect(notableOf(logged('violations.verified'), { ...report('critical', 'siversk'), releasableTo: ['DEU', 'FRA'] }, names)?.releasableTo).toEqual(['DEU']);
		// A sector the reader may not see is not named, and restricts nothing.
		expect(notableOf(logged('violations.verified'), report('critical', 'hidden-sector'), names)?.releasableTo).toBe('coalition');
		expect(notableOf(logged('milestones.completed'), record({ title: 'Line 2 running', programmeId: 'p2', doneOn: '2026-12-01' }), names)?.releasableTo).toEqual(['DEU']);
		expect(releasabilityShowing('coalition', [null, { name: 'x', releasableTo: 'cell' }])).toBe('cell');
	});

	it('tells a milestone reached with its programme, on the day it was done', () => {
		expect(notableOf(logged('milestones.completed'), record({ title: 'Line 2 running', programmeId: 'p1', doneOn: '2026-12-01' }), names)).toMatchObject({ day: '2026-12-01', detail: 'Milestone reached: Line 2 running (Shells for the front)' });
	});

	it('carries the releasability the record has now, not the one it was logged with', () => {
		expect(notableOf(logged('violations.verified'), { ...report('critical'), releasableTo: ['DEU'] }, names)?.releasableTo).toEqual(['DEU']);
	});

	it('knows the kinds by event name, the most important first, and nothing else', () => {
		expect(NOTABLE_KINDS).toEqual(['activation', 'severe-violation', 'large-delivery', 'milestone']);
		expect(kindOfEvent('activations.confirmed')).toBe('activation');
		expect(kindOfEvent('violations.reported')).toBeNull();
		expect(notableOf(logged('violations.reported'), report('critical'), names)).toBeNull();
	});

	it('lists oldest first by the day they belong to', () => {
		const a = notableOf(logged('milestones.completed', null, 3), record({ title: 'A', programmeId: 'p1', doneOn: '2026-12-03' }), names)!;
		const b = notableOf(logged('violations.verified', null, 9), report('critical'), names)!;
		const c = notableOf(logged('milestones.completed', null, 5), record({ title: 'C', programmeId: 'p1', doneOn: '2026-12-03' }), names)!;
		expect([c, a, b].sort(chronologically).map((e) => e.seq)).toEqual([3, 5, 9]);
	});
});
