import { describe, expect, it } from 'vitest';
import {
	ACTIONS,
	STATUSES,
	WorkflowStep,
	availableActions,
	nextStatus,
	type ViolationStatus,
	type WorkflowAction
} from '$lib/domain/ceasefire/violations';
import { thrown } from '../../support/thrown';

/**
 * The verification workflow, written out by hand from the issue and the design (not derived from
 * TRANSITIONS, so that a wrong table cannot pass by itself):
 * reported → under verification → verified | unfounded; verified → referred → attributed →
 * remedied → closed; unfounded reports and attributed cases may also be closed directly.
 */
const LEGAL: Record<ViolationStatus, Partial<Record<WorkflowAction, ViolationStatus>>> = {
	reported: { 'begin-verification': 'under-verification' },
	'under-verification': { verify: 'verified', reject: 'unfounded' },
	verified: { refer: 'referred' },
	unfounded: { close: 'closed' },
	referred: { attribute: 'attributed' },
	attributed: { remedy: 'remedied', close: 'closed' },
	remedied: { close: 'closed' },
	closed: {}
};

const ATTRIBUTION = { responsibleParty: 'Party A', finding: 'Crater analysis consistent with the report' };

/** Every status × every action, with what should happen. */
const MATRIX = STATUSES.flatMap((status) => ACTIONS.map((action) => ({ status, action, to: LEGAL[status][action] ?? null })));

describe('violation workflow: every status × every action', () => {
	it('covers the whole matrix (8 statuses × 7 actions) with 9 legal steps', () => {
		expect(MATRIX).toHaveLength(STATUSES.length * ACTIONS.length);
		expect(STATUSES).toHaveLength(8);
		expect(ACTIONS).toHaveLength(7);
		expect(MATRIX.filter((m) => m.to)).toHaveLength(9);
	});

	it.each(MATRIX.filter((m) => m.to))('$status --$action--> $to', ({ status, action, to }) => {
		expect(nextStatus(status, { action, ...ATTRIBUTION })).toBe(to);
		// The same with the status the actor saw.
		expect(nextStatus(status, { action, expectedStatus: status, ...ATTRIBUTION })).toBe(to);
	});

	it.each(MATRIX.filter((m) => !m.to))('$status --$action--> conflict naming $status', ({ status, action }) => {
		const error = thrown(() => nextStatus(status, { action, ...ATTRIBUTION }));
		expect(error.code).toBe('conflict');
		expect(error.fields).toEqual({ status: [status] });
		// Also when the actor's view is up to date: the step itself is illegal.
		const seen = thrown(() => nextStatus(status, { action, expectedStatus: status, ...ATTRIBUTION }));
		expect(seen.code).toBe('conflict');
		expect(seen.fields).toEqual({ status: [status] });
	});

	it.each(STATUSES)('offers from %s exactly the legal steps', (status) => {
		expect(new Set(availableActions(status))).toEqual(new Set(Object.keys(LEGAL[status])));
	});

	it('has no way out of closed, and reaches closed from every status', () => {
		expect(availableActions('closed')).toEqual([]);
		const reachable = (from: ViolationStatus, seen = new Set<ViolationStatus>()): Set<ViolationStatus> => {
			seen.add(from);
			for (const to of Object.values(LEGAL[from])) if (!seen.has(to!)) reachable(to!, seen);
			return seen;
		};
		for (const status of STATUSES) expect(reachable(status).has('closed'), status).toBe(true);
	});
});

describe('a stale view (expectedStatus) is refused', () => {
	// Every pair where the actor expected another status than the report has now, for each action.
	const STALE = STATUSES.flatMap((current) =>
		STATUSES.filter((expected) => expected !== current).flatMap((expected) => ACTIONS.map((action) => ({ current, expected, action })))
	);

	it.each(STALE.filter(({ expected, action }) => LEGAL[expected][action]))(
		'expected $expected, now $current: $action is a conflict naming $current',
		({ current, expected, action }) => {
			const error = thrown(() => nextStatus(current, { action, expectedStatus: expected, ...ATTRIBUTION }));
			expect(error.code).toBe('conflict');
			expect(error.fields).toEqual({ status: [current] });
			expect(error.message).toMatch(/someone acted on it first/);
		}
	);

	it('refuses every stale pair, even when the step would be legal from the current status', () => {
		for (const { current, expected, action } of STALE) {
			const error = thrown(() => nextStatus(current, { action, expectedStatus: expected, ...ATTRIBUTION }));
			expect(error.code, `${current}/${expected}/${action}`).toBe('conflict');
			expect(error.fields, `${current}/${expected}/${action}`).toEqual({ status: [current] });
		}
		// The two officers' race: both saw reported; the second finds it under verification.
		const second = thrown(() => nextStatus('under-verification', { action: 'begin-verification', expectedStatus: 'reported' }));
		expect(second.fields).toEqual({ status: ['under-verification'] });
	});
});

describe('attribution needs the responsible party and the finding', () => {
	it.each([
		{ given: {}, missing: ['responsibleParty', 'finding'] },
		{ given: { responsibleParty: 'Party A' }, missing: ['finding'] },
		{ given: { finding: 'Imagery' }, missing: ['responsibleParty'] },
		{ given: { responsibleParty: '', finding: '' }, missing: ['responsibleParty', 'finding'] }
	])('without $missing: a validation error naming exactly those fields', ({ given, missing }) => {
		const error = thrown(() => nextStatus('referred', { action: 'attribute', ...given }));
		expect(error.code).toBe('validation');
		expect(Object.keys(error.fields ?? {}).sort()).toEqual([...missing].sort());
	});

	it('with both, a referred case becomes attributed', () => {
		expect(nextStatus('referred', { action: 'attribute', expectedStatus: 'referred', ...ATTRIBUTION })).toBe('attributed');
	});

	it('other steps need neither', () => {
		expect(nextStatus('attributed', { action: 'remedy' })).toBe('remedied');
		expect(nextStatus('verified', { action: 'refer' })).toBe('referred');
	});
});

describe('the step as it arrives (WorkflowStep schema)', () => {
	const id = '00000000-0000-4000-8000-000000000001';
	it('takes an id, a known action, a reason, and optionally the expected status, party and finding', () => {
		expect(WorkflowStep.safeParse({ id, action: 'verify', reason: 'UAV imagery' }).success).toBe(true);
		expect(WorkflowStep.safeParse({ id, action: 'attribute', reason: 'r', expectedStatus: 'referred', ...ATTRIBUTION }).success).toBe(true);
	});

	it.each([
		['no reason', { id, action: 'verify' }],
		['an empty reason', { id, action: 'verify', reason: '' }],
		['an unknown action', { id, action: 'approve', reason: 'r' }],
		['an unknown expected status', { id, action: 'verify', reason: 'r', expectedStatus: 'pending' }],
		['a non-uuid id', { id: 'abc', action: 'verify', reason: 'r' }],
		['an unknown field', { id, action: 'verify', reason: 'r', status: 'verified' }]
	])('refuses %s', (_, body) => {
		expect(WorkflowStep.safeParse(body).success).toBe(false);
	});
});
