import { describe, expect, it } from 'vitest';
import { thrown } from '../../support/thrown';
import type { Releasability } from '$lib/domain/core/releasability';
import type { Actor } from '$lib/domain/identity/actor';
import { checkContribution } from '$lib/domain/identity/contribution';
import type { Role } from '$lib/domain/identity/roles';
import {
	AnswerDepotRequest,
	CreateDepotRequest,
	DEPOT_REQUEST_STATUSES,
	DEPOT_REQUEST_WORKFLOW,
	answeredStatus,
	responseDays,
	type DepotRequestAction,
	type DepotRequestStatus
} from '$lib/domain/support/depot-requests';

/**
 * The depot-request workflow, written out by hand from the wave-2 contract (requested → granted |
 * refused), not derived from the workflow table, so that a wrong table cannot pass by itself.
 */
const LEGAL: Record<DepotRequestStatus, Partial<Record<DepotRequestAction, DepotRequestStatus>>> = {
	requested: { grant: 'granted', refuse: 'refused' },
	granted: {},
	refused: {}
};
const MATRIX = DEPOT_REQUEST_STATUSES.flatMap((status) => DEPOT_REQUEST_WORKFLOW.actions.map((action) => ({ status, action, to: LEGAL[status][action] ?? null })));

describe('depot-request workflow: every status × every action', () => {
	it('covers 3 statuses × 2 actions with 2 legal steps', () => {
		expect(MATRIX).toHaveLength(6);
		expect(MATRIX.filter((m) => m.to)).toHaveLength(2);
	});

	it.each(MATRIX.filter((m) => m.to))('$status --$action--> $to', ({ status, action, to }) => {
		expect(answeredStatus(status, action)).toBe(to);
	});

	it.each(MATRIX.filter((m) => !m.to))('$status --$action--> conflict naming $status', ({ status, action }) => {
		const error = thrown(() => answeredStatus(status, action));
		expect(error.code).toBe('conflict');
		expect(error.fields).toEqual({ status: [status] });
		expect(error.message).toBe(`Cannot ${action} a request that is ${status}`);
	});

	it.each(DEPOT_REQUEST_STATUSES)('offers from %s exactly the legal steps', (status) => {
		expect(new Set(DEPOT_REQUEST_WORKFLOW.available(status))).toEqual(new Set(Object.keys(LEGAL[status])));
	});

	it('logs the answers as depot-requests.granted / .refused, each needing depot-requests.answer', () => {
		expect(DEPOT_REQUEST_WORKFLOW.steps.grant).toMatchObject({ past: 'granted', permission: 'depot-requests.answer' });
		expect(DEPOT_REQUEST_WORKFLOW.steps.refuse).toMatchObject({ past: 'refused', permission: 'depot-requests.answer' });
	});
});

describe('the answer and the request as they arrive', () => {
	const id = '00000000-0000-4000-8000-000000000001';
	it('an answer needs a known action and a reason', () => {
		expect(AnswerDepotRequest.safeParse({ id, action: 'grant', reason: 'Stocks available' }).success).toBe(true);
		expect(AnswerDepotRequest.safeParse({ id, action: 'grant' }).success).toBe(false);
		expect(AnswerDepotRequest.safeParse({ id, action: 'grant', reason: '   ' }).success).toBe(false);
		expect(AnswerDepotRequest.safeParse({ id, action: 'approve', reason: 'r' }).success).toBe(false);
		expect(AnswerDepotRequest.safeParse({ id, action: 'grant', reason: 'r', status: 'granted' }).success).toBe(false);
	});

	it('a request names the depot nation by alpha-3 and was made before now', () => {
		const base = { nation: 'DEU', depot: 'Depot Pfungstadt', item: '155 mm rounds' };
		expect(CreateDepotRequest.safeParse(base).success).toBe(true);
		expect(CreateDepotRequest.safeParse({ ...base, nation: 'Germany' }).success).toBe(false);
		expect(CreateDepotRequest.safeParse({ ...base, requestedAt: '2026-01-07T09:00:00Z' }).success).toBe(true);
		expect(CreateDepotRequest.safeParse({ ...base, requestedAt: new Date(Date.now() + 86_400_000).toISOString() }).success).toBe(false);
	});
});

describe('response time', () => {
	it('is null while requested, and in days to one decimal once answered', () => {
		const asked = new Date('2026-01-07T09:00:00Z');
		expect(responseDays(asked, null)).toBeNull();
		expect(responseDays(asked, new Date('2026-01-09T21:00:00Z'))).toBe(2.5);
		expect(responseDays(asked, new Date('2026-01-07T10:00:00Z'))).toBe(0);
		expect(responseDays(asked, new Date('2026-01-07T12:00:00Z'))).toBe(0.1);
	});
});

describe('nation-scoped contribution', () => {
	const actor = (role: Role, nation: string): Actor => ({ id: 'a', kind: 'user', username: 'u', displayName: 'U', role, nation });

	it('lets the cell write for any nation, whatever the releasability', () => {
		expect(() => checkContribution(actor('officer', 'FRA'), 'DEU', 'cell')).not.toThrow();
		expect(() => checkContribution(actor('admin', 'FRA'), 'POL', ['POL'])).not.toThrow();
	});

	it('lets a partner write for its own nation what its nation may see', () => {
		expect(() => checkContribution(actor('partner', 'DEU'), 'DEU', 'coalition')).not.toThrow();
		expect(() => checkContribution(actor('partner', 'DEU'), 'DEU', ['DEU', 'POL'])).not.toThrow();
		expect(() => checkContribution(actor('partner', 'DEU'), 'DEU')).not.toThrow();
	});

	it('refuses a partner acting for another nation (403) and one writing what its nation may not see (400)', () => {
		expect(thrown(() => checkContribution(actor('partner', 'DEU'), 'POL', 'coalition')).code).toBe('forbidden');
		const unseen: Releasability[] = ['cell', ['POL']];
		for (const releasableTo of unseen) {
			const error = thrown(() => checkContribution(actor('partner', 'DEU'), 'DEU', releasableTo));
			expect(error.code).toBe('validation');
			expect(Object.keys(error.fields ?? {})).toEqual(['releasableTo']);
		}
	});
});
