import { describe, expect, it } from 'vitest';
import { chronologically, kindOfEvent, LARGE_DELIVERY_EUR, NOTABLE_KINDS, notableOf, type LoggedEvent, type NotableContext } from '$lib/domain/cell/notable-events';
import type { Releasability } from '$lib/domain/core/releasability';

const names: NotableContext = { sectorName: (id) => (id === 'pokrovsk' ? 'Pokrovsk' : null), programmeTitle: (id) => (id === 'p1' ? 'Shells for the front' : null) };
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
