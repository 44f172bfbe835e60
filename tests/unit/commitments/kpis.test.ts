import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBoardEqualsRecount, NATIONS } from '../../support/boards';
import { thrown } from '../../support/thrown';
import type { Releasability } from '$lib/domain/core/releasability';
import type { WireRecord } from '$lib/domain/core/protocol';
import { ACTIVATION_STATES, type Activation } from '$lib/domain/commitments/activations';
import { COMMITMENT_STATUSES, COMMITMENT_TYPES, RESPONSE_STATUSES, commitmentStatusChange, nextResponse, type Commitment } from '$lib/domain/commitments/commitments';
import { commitmentsKpis } from '$lib/domain/commitments/kpis';
import { commitmentsBoard } from '$lib/server/realtime/boards/commitments';

const AT = '2026-06-01T10:00:00.000Z';

function commitment(fields: Pick<Commitment, 'id' | 'nation' | 'type' | 'status' | 'response' | 'releasableTo'>): Commitment {
	return { text: 'commitment', lastChange: null, exercise: false, ...fields };
}
function activation(fields: Pick<Activation, 'id' | 'state' | 'releasableTo'> & Partial<Activation>): Activation {
	return { scenario: 'drill', exercise: true, declaredBy: 'Officer', declaredAt: AT, confirmedBy: null, activatedAt: AT, stoodDownBy: null, stoodDownAt: null, ...fields };
}
const answer = (activationId: string, status: Commitment['response'] extends infer R ? (R extends { status: infer S } ? S : never) : never) => ({ activationId, status, note: null, at: AT, by: status === 'requested' ? null : 'Partner' });

describe('commitments KPIs, counted by hand', () => {
	it('counts in-force commitments by type on every type, and the drill’s answers with the silent nations', () => {
		const commitments = [
			commitment({ id: 'c1', nation: 'FRA', type: 'military', status: 'in-force', response: answer('a1', 'acknowledged'), releasableTo: 'coalition' }),
			commitment({ id: 'c2', nation: 'GBR', type: 'military', status: 'in-force', response: answer('a1', 'requested'), releasableTo: 'coalition' }),
			commitment({ id: 'c3', nation: 'POL', type: 'logistics', status: 'in-force', response: answer('a1', 'requested'), releasableTo: 'coalition' }),
			commitment({ id: 'c4', nation: 'POL', type: 'sanctions', status: 'in-force', response: answer('a1', 'declined'), releasableTo: 'coalition' }),
			// Asked in an earlier drill: not counted in this one.
			commitment({ id: 'c5', nation: 'DEU', type: 'intelligence', status: 'in-force', response: answer('a0', 'requested'), releasableTo: 'coalition' }),
			commitment({ id: 'c6', nation: 'ITA', type: 'diplomatic', status: 'agreed', response: null, releasableTo: 'coalition' })
		];
		const activations = [activation({ id: 'a0', state: 'stood-down', releasableTo: 'coalition' }), activation({ id: 'a1', state: 'active', releasableTo: 'coalition' })];
		expect(commitmentsKpis(commitments, activations)).toEqual({
			inForce: 5,
			byType: { military: 2, intelligence: 1, logistics: 1, diplomatic: 0, sanctions: 1 },
			activation: { id: 'a1', exercise: true, state: 'active', since: AT, requested: 2, acknowledged: 1, executing: 0, completed: 0, declined: 1, silentNations: ['GBR', 'POL'] }
		});
		expect(commitmentsKpis(commitments, activations.slice(0, 1)).activation).toBeNull();
	});

	it('counts from the declaration while a real activation awaits confirmation', () => {
		const pending = activation({ id: 'a2', state: 'pending-confirmation', exercise: false, activatedAt: null, declaredAt: '2026-06-02T08:00:00.000Z', releasableTo: 'cell' });
		expect(commitmentsKpis([], [pending]).activation).toMatchObject({ state: 'pending-confirmation', since: '2026-06-02T08:00:00.000Z', requested: 0, silentNations: [] });
	});
});

describe('answers and statuses', () => {
	it('moves an answer forward only, skipping ahead if need be; completed and declined are final', () => {
		expect(nextResponse('requested', 'acknowledged')).toBe('acknowledged');
		expect(nextResponse('requested', 'executing')).toBe('executing');
		expect(nextResponse('executing', 'declined')).toBe('declined');
		for (const [from, to] of [
			['acknowledged', 'acknowledged'],
			['executing', 'acknowledged'],
			['completed', 'declined'],
			['declined', 'completed']
		] as const) {
			expect(thrown(() => nextResponse(from, to))).toMatchObject({ code: 'conflict', fields: { status: [from] } });
		}
	});

	it('changes a commitment’s status to any other, and refuses the same one', () => {
		expect(commitmentStatusChange('proposed', 'in-force')).toBe('in-force');
		expect(commitmentStatusChange('in-force', 'agreed')).toBe('agreed');
		expect(thrown(() => commitmentStatusChange('agreed', 'agreed'))).toMatchObject({ code: 'conflict', message: 'The commitment is already agreed' });
	});
});

const releasability: fc.Arbitrary<Releasability> = fc.oneof(fc.constant('cell' as const), fc.constant('coalition' as const), fc.subarray([...NATIONS], { minLength: 1 }).map((n) => n.sort()));

describe('the commitments board', () => {
	it('has, after any sequence of changes, the figures a full recount gives each audience', () => {
		assertBoardEqualsRecount({
			board: commitmentsBoard,
			start: new Date(AT),
			put: fc.oneof(
				fc
					.record({
						id: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6'),
						nation: fc.constantFrom(...NATIONS, 'USA'),
						type: fc.constantFrom(...COMMITMENT_TYPES),
						status: fc.constantFrom(...COMMITMENT_STATUSES),
						response: fc.option(fc.tuple(fc.constantFrom('a1', 'a2'), fc.constantFrom(...RESPONSE_STATUSES)).map(([a, s]) => answer(a, s)), { nil: null }),
						releasableTo: releasability
					})
					.map((fields) => ({ collection: 'commitments', record: commitment(fields) as unknown as WireRecord })),
				// One activation under way at most, as the commands guarantee: a1 may be anything, a2 only stood down.
				fc
					.record({ id: fc.constant('a1'), state: fc.constantFrom(...ACTIVATION_STATES), releasableTo: releasability })
					.map((fields) => ({ collection: 'activations', record: activation(fields) as unknown as WireRecord })),
				fc.record({ id: fc.constant('a2'), state: fc.constant('stood-down' as const), releasableTo: releasability }).map((fields) => ({ collection: 'activations', record: activation(fields) as unknown as WireRecord }))
			),
			recount: (visible) => commitmentsKpis(visible('commitments') as unknown as Commitment[], visible('activations') as unknown as Activation[])
		});
	});
});
