import { describe, expect, it } from 'vitest';
import { thrown } from '../../support/thrown';
import {
	CreateDelivery,
	DELIVERY_STATUSES,
	DELIVERY_WORKFLOW,
	StepDelivery,
	daysToDeliver,
	isOverdue,
	measureDelivery,
	stepStatus,
	type DeliveryAction,
	type DeliveryStatus
} from '$lib/domain/support/deliveries';
import { CreatePledge } from '$lib/domain/support/pledges';

/**
 * The delivery workflow written out by hand from the wave-2 contract (planned → contracted →
 * in-transit → delivered; cancelled from any but delivered), not derived from the workflow table.
 */
const LEGAL: Record<DeliveryStatus, Partial<Record<DeliveryAction, DeliveryStatus>>> = {
	planned: { contract: 'contracted', cancel: 'cancelled' },
	contracted: { dispatch: 'in-transit', cancel: 'cancelled' },
	'in-transit': { deliver: 'delivered', cancel: 'cancelled' },
	delivered: {},
	cancelled: {}
};
const MATRIX = DELIVERY_STATUSES.flatMap((status) => DELIVERY_WORKFLOW.actions.map((action) => ({ status, action, to: LEGAL[status][action] ?? null })));

describe('delivery workflow: every status × every action', () => {
	it('covers 5 statuses × 4 actions with 6 legal steps', () => {
		expect(MATRIX).toHaveLength(20);
		expect(MATRIX.filter((m) => m.to)).toHaveLength(6);
	});

	it.each(MATRIX.filter((m) => m.to))('$status --$action--> $to', ({ status, action, to }) => {
		expect(stepStatus(status, action)).toBe(to);
	});

	it.each(MATRIX.filter((m) => !m.to))('$status --$action--> conflict naming $status', ({ status, action }) => {
		const error = thrown(() => stepStatus(status, action));
		expect(error.code).toBe('conflict');
		expect(error.fields).toEqual({ status: [status] });
	});

	it('logs the steps as deliveries.contracted / dispatched / delivered / cancelled, each needing deliveries.step', () => {
		expect(Object.values(DELIVERY_WORKFLOW.steps).map((s) => [s.past, s.permission])).toEqual([
			['contracted', 'deliveries.step'],
			['dispatched', 'deliveries.step'],
			['delivered', 'deliveries.step'],
			['cancelled', 'deliveries.step']
		]);
	});

	it('needs a reason to cancel, and none for the other steps', () => {
		const id = '00000000-0000-4000-8000-000000000001';
		expect(StepDelivery.safeParse({ id, action: 'cancel' }).error?.issues[0]).toMatchObject({ path: ['reason'], message: 'A cancellation needs a reason' });
		expect(StepDelivery.safeParse({ id, action: 'cancel', reason: 'Stocks needed at home' }).success).toBe(true);
		expect(StepDelivery.safeParse({ id, action: 'deliver', on: '2026-03-01' }).success).toBe(true);
		expect(StepDelivery.safeParse({ id, action: 'deliver', on: '2026-02-30' }).success).toBe(false);
	});
});

describe('a delivery against its pledge', () => {
	const shells = { quantity: 100, unit: '155 mm rounds', valueEur: 1_000_000 };
	const none = { quantity: 0, valueCents: 0 };

	it('takes the value pro rata when it is not given', () => {
		expect(measureDelivery(shells, none, { quantity: 30 })).toEqual({ quantity: 30, valueEur: 300_000 });
		expect(measureDelivery({ quantity: 3, unit: null, valueEur: 100 }, none, { quantity: 1 })).toEqual({ quantity: 1, valueEur: 33.33 });
	});

	it('gives the last pieces what is left of the value, so rounding never overshoots the pledge', () => {
		// 0.05 over 2 pieces: each half rounds up to 0.03; the second gets the 0.02 left.
		const tiny = { quantity: 2, unit: null, valueEur: 0.05 };
		expect(measureDelivery(tiny, none, { quantity: 1 })).toEqual({ quantity: 1, valueEur: 0.03 });
		expect(measureDelivery(tiny, { quantity: 1, valueCents: 3 }, { quantity: 1 })).toEqual({ quantity: 1, valueEur: 0.02 });
	});

	it('takes the last of a pledge exactly', () => {
		expect(measureDelivery(shells, { quantity: 70, valueCents: 70_000_000 }, { quantity: 30 })).toEqual({ quantity: 30, valueEur: 300_000 });
	});

	it('refuses one that would go past the quantity with 409, saying by how much', () => {
		const error = thrown(() => measureDelivery(shells, { quantity: 95, valueCents: 0 }, { quantity: 10, valueEur: 0 }));
		expect(error.code).toBe('conflict');
		expect(error.message).toBe('This would take the pledge past its quantity by 5 155 mm rounds (100 pledged, 95 already in other deliveries)');
		expect(error.fields).toEqual({ quantity: ['5 155 mm rounds too many: at most 5'] });
	});

	it('refuses one that would go past the value with 409, saying by how much in EUR', () => {
		const error = thrown(() => measureDelivery(shells, { quantity: 10, valueCents: 90_000_000 }, { quantity: 10, valueEur: 100_000.5 }));
		expect(error.code).toBe('conflict');
		expect(error.message).toBe('This would take the pledge past its value by €0.50 (€1,000,000.00 pledged, €900,000.00 already in other deliveries)');
		expect(error.fields).toEqual({ valueEur: ['€0.50 too much: at most €100,000.00'] });
	});

	it('says both when both go past', () => {
		const error = thrown(() => measureDelivery(shells, { quantity: 100, valueCents: 100_000_000 }, { quantity: 1, valueEur: 1 }));
		expect(Object.keys(error.fields!)).toEqual(['quantity', 'valueEur']);
		expect(error.message).toContain('its quantity by 1 155 mm rounds');
		expect(error.message).toContain(' and its value by €1.00');
	});

	it('is counted in the pledge’s own terms: pieces only if it counts pieces, EUR only if it has a value', () => {
		const financing = { quantity: null, unit: null, valueEur: 5_000_000 };
		expect(measureDelivery(financing, none, { valueEur: 1_000_000 })).toEqual({ quantity: null, valueEur: 1_000_000 });
		expect(thrown(() => measureDelivery(financing, none, { quantity: 3, valueEur: 1 })).fields).toHaveProperty('quantity');
		expect(thrown(() => measureDelivery(financing, none, {})).fields).toHaveProperty('valueEur');
		const undisclosed = { quantity: 4, unit: 'launchers', valueEur: null };
		expect(measureDelivery(undisclosed, none, { quantity: 2 })).toEqual({ quantity: 2, valueEur: null });
		expect(thrown(() => measureDelivery(undisclosed, none, { quantity: 2, valueEur: 10 })).fields).toHaveProperty('valueEur');
		expect(thrown(() => measureDelivery(undisclosed, none, {})).fields).toEqual({ quantity: ["How many launchers of the pledge's 4"] });
	});
});

describe('dates of a delivery', () => {
	it('is overdue when open and expected before today, not on the day itself', () => {
		expect(isOverdue({ status: 'planned', expectedOn: '2026-03-01' }, '2026-03-02')).toBe(true);
		expect(isOverdue({ status: 'in-transit', expectedOn: '2026-03-01' }, '2026-03-01')).toBe(false);
		expect(isOverdue({ status: 'delivered', expectedOn: '2026-03-01' }, '2026-04-01')).toBe(false);
		expect(isOverdue({ status: 'cancelled', expectedOn: '2026-03-01' }, '2026-04-01')).toBe(false);
		expect(isOverdue({ status: 'contracted', expectedOn: null }, '2026-04-01')).toBe(false);
	});

	it('counts the days from announcement to delivery, across a leap day', () => {
		expect(daysToDeliver('2028-02-28', '2028-03-01')).toBe(2);
		expect(daysToDeliver('2026-01-06', null)).toBeNull();
	});
});

describe('what is accepted', () => {
	const pledge = { donor: 'DEU', announcedOn: '2026-01-06', measure: 'commitment', category: 'ammunition', item: '155 mm rounds', channel: 'stockpile' };

	it('a pledge needs a quantity or a value, and a link only over http(s)', () => {
		expect(CreatePledge.safeParse({ ...pledge, quantity: 1000 }).success).toBe(true);
		expect(CreatePledge.safeParse({ ...pledge, valueEur: 12.5 }).success).toBe(true);
		expect(CreatePledge.safeParse(pledge).error?.issues[0]?.message).toBe('Give a quantity, a value in EUR, or both');
		expect(CreatePledge.safeParse({ ...pledge, quantity: 1, source: 'javascript:alert(1)' }).success).toBe(false);
		expect(CreatePledge.safeParse({ ...pledge, quantity: 1, valueEur: 0.001 }).success).toBe(false);
		expect(CreatePledge.safeParse({ ...pledge, quantity: 1.5 }).success).toBe(false);
		expect(CreatePledge.safeParse({ ...pledge, quantity: 1, donor: 'Germany' }).success).toBe(false);
	});

	it('a delivery may be recorded as under way or arrived, never as cancelled', () => {
		const pledgeId = '00000000-0000-4000-8000-000000000001';
		expect(CreateDelivery.safeParse({ pledgeId, quantity: 1, status: 'delivered', deliveredOn: '2026-02-01' }).success).toBe(true);
		expect(CreateDelivery.safeParse({ pledgeId, quantity: 1, status: 'cancelled' }).success).toBe(false);
	});
});
