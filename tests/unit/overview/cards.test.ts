import { describe, expect, it } from 'vitest';
import type { Alert } from '$lib/domain/cell/alerts';
import { ceasefireKpis } from '$lib/domain/ceasefire/kpis';
import { commitmentsKpis } from '$lib/domain/commitments/kpis';
import type { Activation } from '$lib/domain/commitments/activations';
import type { Commitment } from '$lib/domain/commitments/commitments';
import type { LiveKpis } from '$lib/domain/core/collections';
import { cooperationKpis } from '$lib/domain/cooperation/kpis';
import { forcesKpis } from '$lib/domain/forces/kpis';
import type { Readiness, Unit } from '$lib/domain/forces/units';
import { supportKpis } from '$lib/domain/support/kpis';
import { overviewCards, type GuaranteeCard } from '$lib/client/overview/cards';

const TODAY = '2026-03-10';
const NOW = new Date(`${TODAY}T12:00:00Z`);

const alert = (id: string, acknowledgedAt: string | null = null): Alert => ({
	id,
	violationId: `v-${id}`,
	title: 'Artillery, Sector North',
	severity: 'high',
	raisedAt: '2026-03-10T10:00:00Z',
	acknowledgedBy: acknowledgedAt ? 'officer' : null,
	acknowledgedAt,
	exercise: false,
	releasableTo: 'cell'
});

const unit = (id: string, domain: Unit['domain'], readiness: Readiness): Unit => ({
	id,
	name: `Unit ${id}`,
	nation: 'FRA',
	domain,
	sidc: '10031000151211000000',
	location: null,
	mission: 'reassurance',
	readiness,
	noticeToMoveHours: null,
	readinessChangedAt: '2026-03-01T00:00:00Z',
	lastReport: null,
	exercise: false,
	releasableTo: 'cell'
});

const commitment = (id: string, nation: string, response: Commitment['response']): Commitment => ({
	id,
	nation,
	type: 'military',
	text: 'Air defence battery',
	status: 'in-force',
	response,
	lastChange: null,
	exercise: true,
	releasableTo: 'coalition'
});

const drill: Activation = {
	id: 'a1',
	scenario: 'Exercise STEADFAST',
	exercise: true,
	state: 'active',
	declaredBy: 'officer',
	declaredAt: '2026-03-10T08:00:00Z',
	confirmedBy: null,
	activatedAt: '2026-03-10T08:00:00Z',
	stoodDownBy: null,
	stoodDownAt: null,
	releasableTo: 'coalition'
};

/** The KPI records as the live store holds them (a plain record of boards). */
type Kpis = { [K in keyof LiveKpis]: LiveKpis[K] };

/** Every board's figures, from a picture that needs attention everywhere. */
function busyKpis(): Kpis {
	const ceasefire = ceasefireKpis([], [], NOW);
	ceasefire.sectors = {
		north: { status: 'violated', reason: 'verified report', overridden: false },
		centre: { status: 'tense', reason: 'report', overridden: false },
		south: { status: 'holding', reason: 'quiet', overridden: false }
	};
	ceasefire.overall = 'violated';
	return {
		ceasefire,
		support: {
			...supportKpis([], [], TODAY),
			pledgedEur: 2_500_000_000,
			deliveredEur: 1_000_000_000,
			deliveredShare: 0.4,
			inTransit: 3,
			overdue: 2
		},
		forces: forcesKpis([unit('1', 'land', 'C1'), unit('2', 'land', 'C3'), unit('3', 'air', 'C4'), unit('4', 'sea', 'C4'), unit('5', 'sea', 'C2')], [], TODAY),
		commitments: commitmentsKpis(
			[
				commitment('c1', 'DEU', { activationId: 'a1', status: 'acknowledged', note: null, at: '2026-03-10T09:00:00Z', by: 'deu' }),
				commitment('c2', 'POL', { activationId: 'a1', status: 'requested', note: null, at: '2026-03-10T08:00:00Z', by: 'officer' }),
				commitment('c3', 'FRA', { activationId: 'a1', status: 'requested', note: null, at: '2026-03-10T08:00:00Z', by: 'officer' })
			],
			[drill]
		),
		cooperation: cooperationKpis(
			[
				{ id: 'p1', kind: 'industrial-production', title: 'Shells', nations: ['DEU'], instrument: 'ASAP', unit: 'rounds', plan: [{ month: '2026-03', quantity: 100 }], output: [{ month: '2026-03', quantity: 40 }], exercise: false, releasableTo: 'cell' },
				{ id: 'p2', kind: 'training', title: 'Pilots', nations: ['FRA'], instrument: null, unit: 'pilots', plan: [{ month: '2026-02', quantity: 4 }], output: [{ month: '2026-02', quantity: 5 }], exercise: false, releasableTo: 'cell' }
			],
			[{ id: 'm1', programmeId: 'p1', title: 'Line 2', dueOn: '2026-03-01', doneOn: null, exercise: false, releasableTo: 'cell' }],
			TODAY
		)
	};
}

const cardOf = (cards: GuaranteeCard[], id: string) => cards.find((c) => c.id === id)!;
const words = (card: GuaranteeCard) => card.attention.map((a) => `${a.tone}: ${a.text}`);
const figure = (card: GuaranteeCard, label: string) => card.figures?.find((f) => f.label === label);

describe('the overview cards', () => {
	it('are the five guarantees in the declaration\'s order, each linking to its page', () => {
		const cards = overviewCards(busyKpis(), []);
		expect(cards.map((c) => [c.guarantee, c.title, c.href])).toEqual([
			[1, 'Ceasefire', '/ceasefire'],
			[2, 'Support', '/support'],
			[3, 'Forces', '/forces'],
			[4, 'Commitments', '/commitments'],
			[5, 'Cooperation', '/cooperation']
		]);
	});

	it('say what needs attention in words, each with its tone', () => {
		const cards = overviewCards(busyKpis(), [alert('1'), alert('2'), alert('3', '2026-03-10T11:00:00Z')]);
		expect(words(cardOf(cards, 'ceasefire'))).toEqual(['danger: 2 unacknowledged alerts', 'danger: 1 sector violated', 'warn: 1 sector tense']);
		expect(words(cardOf(cards, 'support'))).toEqual(['danger: 2 deliveries overdue']);
		expect(words(cardOf(cards, 'forces'))).toEqual(['warn: 3 units not ready (C3 1 · C4 2 · C5 0)']);
		expect(words(cardOf(cards, 'commitments'))).toEqual(['warn: Exercise drill active since 100800ZMAR26: 1 of 3 answered; silent: FRA, POL']);
		expect(words(cardOf(cards, 'cooperation'))).toEqual(['warn: 1 milestone overdue']);
	});

	it('carry the headline figures', () => {
		const cards = overviewCards(busyKpis(), []);
		expect(figure(cardOf(cards, 'ceasefire'), 'Overall')).toMatchObject({ status: 'violated' });
		expect(figure(cardOf(cards, 'support'), 'Delivered')).toEqual({ label: 'Delivered', value: '€1.00 bn', detail: '40 % of pledged' });
		expect(figure(cardOf(cards, 'forces'), 'Ready')?.value).toBe('40 %');
		expect(figure(cardOf(cards, 'commitments'), 'In force')?.value).toBe('3');
		expect(figure(cardOf(cards, 'cooperation'), 'On plan')?.value).toBe('1 of 2');
	});

	it('say so when nothing needs attention', () => {
		const kpis = busyKpis();
		kpis.ceasefire.sectors = {};
		kpis.support.overdue = 0;
		kpis.forces = forcesKpis([unit('1', 'land', 'C1')], [], TODAY);
		kpis.commitments = commitmentsKpis([], []);
		kpis.cooperation = cooperationKpis([], [], TODAY);
		const cards = overviewCards(kpis, [alert('1', '2026-03-10T11:00:00Z')]);
		expect(cards.flatMap(words)).toEqual([
			'ok: No unacknowledged alerts',
			'ok: No delivery overdue',
			'ok: Every unit ready (C1–C2)',
			'ok: No activation under way',
			'ok: No milestone overdue'
		]);
	});

	it('count the silent nations once there are more than a few to name', () => {
		const kpis = busyKpis();
		const asked = ['CAN', 'DEU', 'DNK', 'FRA', 'POL'].map((nation, i) => commitment(`c${i}`, nation, { activationId: 'a1', status: 'requested', note: null, at: '2026-03-10T08:00:00Z', by: 'officer' }));
		kpis.commitments = commitmentsKpis(asked, [drill]);
		expect(words(cardOf(overviewCards(kpis, []), 'commitments'))).toEqual(['warn: Exercise drill active since 100800ZMAR26: 0 of 5 answered; 5 nations silent']);
	});

	it('name a real activation awaiting confirmation as the most urgent thing', () => {
		const kpis = busyKpis();
		kpis.commitments = commitmentsKpis([], [{ ...drill, exercise: false, state: 'pending-confirmation', activatedAt: null }]);
		expect(words(cardOf(overviewCards(kpis, []), 'commitments'))).toEqual(['danger: Real activation declared 100800ZMAR26, awaiting confirmation']);
	});

	it('wait for a board whose figures have not come', () => {
		const { support } = busyKpis();
		const cards = overviewCards({ support }, []);
		expect(cards.filter((c) => c.figures === null).map((c) => c.id)).toEqual(['ceasefire', 'forces', 'commitments', 'cooperation']);
	});
});
