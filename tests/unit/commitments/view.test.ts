import { describe, expect, it } from 'vitest';
import type { Activation } from '$lib/domain/commitments/activations';
import { answersAfter, type Commitment, type CommitmentResponse, type ResponseStatus } from '$lib/domain/commitments/commitments';
import type { CommitmentsKpis } from '$lib/domain/commitments/kpis';
import { liveOrLoaded } from '$lib/client/live-source';
import {
	commitmentsKpisOf,
	CommitmentsView,
	drillRows,
	elapsedSince,
	mayAnswerFor,
	mayConfirm,
	openAnswers,
	registerByNation
} from '$lib/client/commitments/view.svelte';
import { feedEachTest, wire } from '../../support/live-connection';

const AT = '2026-06-01T10:00:00.000Z';

const answer = (activationId: string, status: ResponseStatus, by: string | null = status === 'requested' ? null : 'Partner'): CommitmentResponse => ({
	activationId,
	status,
	note: status === 'requested' ? null : `${status} note`,
	at: AT,
	by
});

function commitment(id: string, nation: string, fields: Partial<Commitment> = {}): Commitment {
	return { id, nation, type: 'military', text: `commitment ${id}`, status: 'in-force', response: null, lastChange: null, exercise: false, releasableTo: 'coalition', ...fields };
}

function activation(id: string, fields: Partial<Activation> = {}): Activation {
	return {
		id,
		scenario: 'Armed attack on the Kharkiv axis',
		exercise: false,
		state: 'active',
		declaredBy: 'Officer Duval',
		declaredAt: AT,
		confirmedBy: 'Officer Brandt',
		activatedAt: AT,
		stoodDownBy: null,
		stoodDownAt: null,
		releasableTo: 'coalition',
		...fields
	};
}

describe('the register', () => {
	it('groups commitments nation by nation in code order, each nation’s types in the fixed order, empty types left out', () => {
		const groups = registerByNation([
			commitment('c1', 'POL', { type: 'sanctions', text: 'Energy embargo' }),
			commitment('c2', 'DEU', { type: 'logistics', text: 'Rail corridor' }),
			commitment('c3', 'POL', { type: 'military', text: 'Two batteries' }),
			commitment('c4', 'DEU', { type: 'military', text: 'Fighter jets' }),
			commitment('c5', 'POL', { type: 'military', text: 'A battalion group' })
		]);
		expect(groups.map((g) => [g.nation, g.types.map((t) => [t.type, t.commitments.map((c) => c.id)])])).toEqual([
			['DEU', [['military', ['c4']], ['logistics', ['c2']]]],
			['POL', [['military', ['c5', 'c3']], ['sanctions', ['c1']]]]
		]);
		expect(registerByNation([])).toEqual([]);
	});
});

describe('the drill board rows', () => {
	const commitments = [
		commitment('deu-1', 'DEU', { response: answer('a1', 'acknowledged') }),
		commitment('deu-2', 'DEU', { type: 'logistics', response: answer('a1', 'completed') }),
		commitment('pol-1', 'POL', { response: answer('a1', 'requested') }),
		commitment('fra-1', 'FRA', { response: answer('a1', 'executing') }),
		commitment('fra-2', 'FRA', { type: 'sanctions', response: answer('a1', 'requested') }),
		commitment('est-1', 'EST', { response: answer('a1', 'requested') }),
		// Asked in an earlier drill, or never asked: not on this board.
		commitment('ita-1', 'ITA', { response: answer('a0', 'requested') }),
		commitment('gbr-1', 'GBR', { status: 'agreed' })
	];

	it('puts the silent nations first, then those with answers missing, then those that answered all; by code within each', () => {
		const rows = drillRows(commitments, 'a1');
		expect(rows.map((r) => [r.nation, r.silent, r.waiting])).toEqual([
			['EST', true, 1],
			['POL', true, 1],
			['FRA', false, 1],
			['DEU', false, 0]
		]);
	});

	it('lists each nation’s answers by type, with who answered, when and the note', () => {
		const fra = drillRows(commitments, 'a1').find((r) => r.nation === 'FRA')!;
		expect(fra.answers).toEqual([
			{ commitmentId: 'fra-1', type: 'military', text: 'commitment fra-1', status: 'executing', note: 'executing note', at: AT, by: 'Partner' },
			{ commitmentId: 'fra-2', type: 'sanctions', text: 'commitment fra-2', status: 'requested', note: null, at: AT, by: null }
		]);
		expect(drillRows(commitments, 'nothing')).toEqual([]);
	});

	it('counts the time since activation in hours, minutes and seconds, past a day too, never below zero', () => {
		expect(elapsedSince(AT, new Date('2026-06-01T10:00:00Z'))).toBe('00:00:00');
		expect(elapsedSince(AT, new Date('2026-06-01T11:02:03.900Z'))).toBe('01:02:03');
		expect(elapsedSince(AT, new Date('2026-06-03T10:00:59Z'))).toBe('48:00:59');
		// A screen whose clock is behind the server's.
		expect(elapsedSince(AT, new Date('2026-06-01T09:59:58Z'))).toBe('00:00:00');
	});
});

describe('who may do what on the page', () => {
	const pending = activation('a1', { state: 'pending-confirmation', confirmedBy: null, activatedAt: null });

	it('offers the confirmation to an admin or officer other than the declarer, only while it awaits confirmation', () => {
		expect(mayConfirm({ role: 'officer', displayName: 'Officer Brandt' }, pending)).toBe(true);
		expect(mayConfirm({ role: 'admin', displayName: 'Administrator' }, pending)).toBe(true);
		expect(mayConfirm({ role: 'officer', displayName: 'Officer Duval' }, pending)).toBe(false);
		expect(mayConfirm({ role: 'partner', displayName: 'Partner' }, pending)).toBe(false);
		expect(mayConfirm({ role: 'leadership', displayName: 'Leader' }, pending)).toBe(false);
		expect(mayConfirm({ role: 'officer', displayName: 'Officer Brandt' }, activation('a1'))).toBe(false);
	});

	it('lets a partner answer for its own nation, an officer for any, and the other roles for none', () => {
		expect(mayAnswerFor({ role: 'partner', nation: 'DEU' }, 'DEU')).toBe(true);
		expect(mayAnswerFor({ role: 'partner', nation: 'DEU' }, 'POL')).toBe(false);
		expect(mayAnswerFor({ role: 'officer', nation: 'FRA' }, 'POL')).toBe(true);
		expect(mayAnswerFor({ role: 'commission', nation: 'FRA' }, 'POL')).toBe(false);
		expect(mayAnswerFor({ role: 'wall', nation: 'FRA' }, 'FRA')).toBe(false);
	});

	it('offers the answers still open, forward only, and nothing once completed or declined', () => {
		const commitments = [
			commitment('deu-1', 'DEU', { response: answer('a1', 'acknowledged') }),
			commitment('deu-2', 'DEU', { response: answer('a1', 'declined') }),
			commitment('deu-3', 'DEU', { response: answer('a0', 'requested') }),
			commitment('pol-1', 'POL', { response: answer('a1', 'requested') })
		];
		const forDeu = openAnswers(commitments, 'a1', { role: 'partner', nation: 'DEU' });
		expect(forDeu.map((o) => [o.commitment.id, o.choices])).toEqual([['deu-1', ['executing', 'completed', 'declined']]]);
		const forOfficer = openAnswers(commitments, 'a1', { role: 'officer', nation: 'FRA' });
		expect(forOfficer.map((o) => [o.commitment.id, o.choices])).toEqual([
			['deu-1', ['executing', 'completed', 'declined']],
			['pol-1', ['acknowledged', 'executing', 'completed', 'declined']]
		]);
		expect(answersAfter('executing')).toEqual(['completed', 'declined']);
		expect(answersAfter('completed')).toEqual([]);
	});
});

describe('commitments view over the live store', () => {
	const feed = feedEachTest();
	const { fire, delta } = feed;

	const KPIS: CommitmentsKpis = {
		inForce: 2,
		byType: { military: 2, intelligence: 0, logistics: 0, diplomatic: 0, sanctions: 0 },
		activation: { id: 'a1', exercise: false, state: 'active', since: AT, requested: 1, acknowledged: 1, executing: 0, completed: 0, declined: 0, silentNations: ['POL'] }
	};

	it('shows what the page’s load read until the snapshot arrives, then the live picture', () => {
		const loaded = { records: { commitments: [commitment('c1', 'DEU')], activations: [] }, kpis: {} };
		const view = new CommitmentsView(liveOrLoaded(feed.live, () => loaded));
		expect(view.register.map((g) => g.nation)).toEqual(['DEU']);
		expect(view.kpis).toBeNull();
		fire('snapshot', { seq: 1, epoch: 'e1', viewer: null, data: { commitments: [wire(commitment('c2', 'POL'))] }, kpis: { commitments: KPIS } });
		expect(view.register.map((g) => g.nation)).toEqual(['POL']);
		expect(view.kpis?.inForce).toBe(2);
	});

	it('follows a drill live: the board appears, its figures follow the answers, and once stood down it is a past drill', () => {
		const view = new CommitmentsView(feed.live);
		const deu = commitment('deu-1', 'DEU');
		const pol = commitment('pol-1', 'POL');
		fire('snapshot', {
			seq: 1,
			epoch: 'e1',
			viewer: null,
			data: { commitments: [wire(deu), wire(pol)], activations: [wire(activation('a0', { state: 'stood-down', declaredAt: '2026-05-01T00:00:00.000Z' }))] },
			kpis: { commitments: { ...KPIS, activation: null } }
		});
		expect(view.current).toBeNull();
		expect(view.figures).toBeNull();
		expect(view.past.map((a) => a.id)).toEqual(['a0']);

		delta({ seq: 2, collection: 'activations', op: 'upsert', id: 'a1', record: wire(activation('a1')) });
		delta({ seq: 3, collection: 'commitments', op: 'upsert', id: 'deu-1', record: wire({ ...deu, response: answer('a1', 'requested') }) });
		delta({ seq: 4, collection: 'commitments', op: 'upsert', id: 'pol-1', record: wire({ ...pol, response: answer('a1', 'requested') }) });
		expect(view.current?.id).toBe('a1');
		// The KPIs come a little after the records: meanwhile the figures are the same recount the board makes.
		expect(view.figures).toMatchObject({ id: 'a1', requested: 2, acknowledged: 0, silentNations: ['DEU', 'POL'] });
		expect(view.rows.map((r) => [r.nation, r.silent])).toEqual([
			['DEU', true],
			['POL', true]
		]);

		delta({ seq: 5, collection: 'commitments', op: 'upsert', id: 'deu-1', record: wire({ ...deu, response: answer('a1', 'acknowledged') }) });
		delta({ seq: 6, collection: 'kpis', op: 'upsert', id: 'commitments', record: { ...KPIS, id: 'commitments', releasableTo: 'cell' } });
		expect(view.figures).toMatchObject({ requested: 1, acknowledged: 1, silentNations: ['POL'] });
		expect(view.rows.map((r) => [r.nation, r.silent])).toEqual([
			['POL', true],
			['DEU', false]
		]);

		delta({ seq: 7, collection: 'activations', op: 'upsert', id: 'a1', record: wire(activation('a1', { state: 'stood-down', stoodDownAt: AT })) });
		expect(view.current).toBeNull();
		expect(view.rows).toEqual([]);
		expect(view.past.map((a) => a.id)).toEqual(['a1', 'a0']);
	});

	it('types the commitments KPIs, null until they arrive', () => {
		expect(commitmentsKpisOf({})).toBeNull();
		expect(commitmentsKpisOf({ commitments: KPIS })).toBe(KPIS);
	});
});
