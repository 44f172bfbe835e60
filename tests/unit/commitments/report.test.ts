import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '$lib/domain/cell/audit';
import type { Commitment, CommitmentResponse } from '$lib/domain/commitments/commitments';
import { answersInHistory, currentAnswer, lastAnswers } from '$lib/domain/commitments/report';

const response = (activationId: string, status: CommitmentResponse['status'], at: string, by: string | null = null, note: string | null = null): CommitmentResponse => ({ activationId, status, note, at, by });

let seq = 0;
/** One history entry changing `response` (and perhaps other fields) from before to after. */
const event = (name: string, before: CommitmentResponse | null, after: CommitmentResponse | null, extra: AuditEntry['changes'] = []): AuditEntry => ({
	seq: ++seq,
	at: after?.at ?? '2026-06-01T00:00:00.000Z',
	name,
	collection: 'commitments',
	entityId: 'c1',
	actorId: 'a',
	actorName: 'someone',
	actorNation: 'FRA',
	changes: [...(before === after ? [] : [{ field: 'response', before, after }]), ...extra]
});

const DEU: Pick<Commitment, 'id' | 'nation' | 'type'> = { id: 'c1', nation: 'DEU', type: 'military' };

describe('a drill’s report from a commitment’s history', () => {
	// Newest first, as the history read gives it: asked in a0, answered; asked again in a1, answered twice.
	const asked0 = response('a0', 'requested', '2026-05-01T10:00:00.000Z');
	const ack0 = response('a0', 'acknowledged', '2026-05-01T10:03:00.000Z', 'Partner DEU');
	const asked1 = response('a1', 'requested', '2026-06-01T10:00:00.000Z');
	const ack1 = response('a1', 'acknowledged', '2026-06-01T10:05:00.000Z', 'Partner DEU', 'Battery alerted');
	const done1 = response('a1', 'completed', '2026-06-01T12:00:00.000Z', 'Officer Duval');
	const history = [
		event('commitments.responded', ack1, done1),
		event('commitments.responded', asked1, ack1),
		event('commitments.status-changed', asked1, asked1, [{ field: 'status', before: 'agreed', after: 'in-force' }]),
		event('commitments.response-requested', ack0, asked1),
		event('commitments.responded', asked0, ack0),
		event('commitments.response-requested', null, asked0),
		event('commitments.created', null, null, [{ field: 'text', before: null, after: 'Two batteries' }])
	];

	it('picks the steps of that activation only, oldest first, with who answered, when and the note', () => {
		expect(answersInHistory(DEU, history, 'a1')).toEqual([
			{ commitmentId: 'c1', nation: 'DEU', type: 'military', status: 'requested', note: null, at: asked1.at, by: null },
			{ commitmentId: 'c1', nation: 'DEU', type: 'military', status: 'acknowledged', note: 'Battery alerted', at: ack1.at, by: 'Partner DEU' },
			{ commitmentId: 'c1', nation: 'DEU', type: 'military', status: 'completed', note: null, at: done1.at, by: 'Officer Duval' }
		]);
		expect(answersInHistory(DEU, history, 'a0').map((e) => e.status)).toEqual(['requested', 'acknowledged']);
		expect(answersInHistory(DEU, history, 'other')).toEqual([]);
	});

	it('keeps each commitment’s last step, and reads the current answer when history may not be read', () => {
		const entries = [...answersInHistory(DEU, history, 'a1'), ...answersInHistory({ ...DEU, id: 'c2', nation: 'POL' }, [event('commitments.response-requested', null, asked1)], 'a1')];
		expect(lastAnswers(entries).map((e) => [e.commitmentId, e.status])).toEqual([
			['c1', 'completed'],
			['c2', 'requested']
		]);
		const commitment: Commitment = { ...DEU, text: 'Two batteries', status: 'in-force', response: ack1, lastChange: null, exercise: false, releasableTo: 'coalition' };
		expect(currentAnswer(commitment, 'a1')).toMatchObject({ status: 'acknowledged', by: 'Partner DEU', note: 'Battery alerted' });
		// A later drill replaced the answer on the record: for this one, nothing to show without history.
		expect(currentAnswer(commitment, 'a0')).toBeNull();
	});
});
