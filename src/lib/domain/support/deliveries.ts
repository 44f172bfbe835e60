import { z } from 'zod';
import { CalendarDate, daysBetween } from '../core/dates';
import { AppError } from '../core/errors';
import { Eur, fromCents, toCents } from '../core/money';
import type { Releasability } from '../core/releasability';
import { plainText } from '../core/text';
import { advance, defineWorkflow } from '../core/workflow';
import type { Action } from '../identity/roles';
import type { Pledge, PledgeCategory } from './pledges';

/**
 * Guarantee 2: what actually moves towards Ukraine against a pledge. A delivery has no releasability
 * of its own: it is releasable exactly as its pledge and follows the pledge's changes.
 */

export const DELIVERY_STATUSES = ['planned', 'contracted', 'in-transit', 'delivered', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
	planned: 'Planned',
	contracted: 'Contracted',
	'in-transit': 'In transit',
	delivered: 'Delivered',
	cancelled: 'Cancelled'
};

/** Still on its way: what counts against the pledge besides what has arrived, and what can be overdue. */
export const OPEN_STATUSES: readonly DeliveryStatus[] = ['planned', 'contracted', 'in-transit'];

export interface DeliveryStep {
	action: DeliveryAction;
	reason: string | null;
	/** The day it happened, as the author says (a delivery is often recorded after it arrived). */
	on: string;
	by: string;
	at: string;
}

export interface Delivery {
	id: string;
	pledgeId: string;
	/** The pledge's donor and category, carried so every screen can group deliveries without the pledge. */
	donor: string;
	category: PledgeCategory;
	/** Pieces of the pledge's unit, or null when the pledge is not counted in pieces. */
	quantity: number | null;
	valueEur: number | null;
	status: DeliveryStatus;
	/** Where it is handed over (a logistics hub). */
	hub: string | null;
	expectedOn: string | null;
	deliveredOn: string | null;
	/** The pledge's announcedOn → deliveredOn, in days; null until delivered. */
	daysToDeliver: number | null;
	lastStep: DeliveryStep | null;
	exercise: boolean;
	releasableTo: Releasability;
}

export const DELIVERY_WORKFLOW = defineWorkflow<'contract' | 'dispatch' | 'deliver' | 'cancel', DeliveryStatus, Action>({
	contract: { from: ['planned'], to: 'contracted', permission: 'deliveries.step', past: 'contracted', label: 'Contracted', prompt: 'Which contract or order (optional)?' },
	dispatch: { from: ['contracted'], to: 'in-transit', permission: 'deliveries.step', past: 'dispatched', label: 'Dispatched', prompt: 'How does it travel (optional)?' },
	deliver: { from: ['in-transit'], to: 'delivered', permission: 'deliveries.step', past: 'delivered', label: 'Delivered', prompt: 'Who received it (optional)?' },
	cancel: { from: ['planned', 'contracted', 'in-transit'], to: 'cancelled', permission: 'deliveries.step', past: 'cancelled', label: 'Cancel', prompt: 'Why is it cancelled?' }
});
export type DeliveryAction = keyof typeof DELIVERY_WORKFLOW.steps;

const Quantity = z.number().int('A whole number').min(1, 'At least 1').max(1e9, 'Too large');

export const CreateDelivery = z.strictObject({
	pledgeId: z.uuid(),
	/** Required when the pledge is counted in pieces, refused when it is not. */
	quantity: Quantity.optional(),
	/** Pro rata of the pledge's value when left out and the pledge has a quantity and a value. */
	valueEur: Eur.optional(),
	hub: plainText(200).optional(),
	expectedOn: CalendarDate.optional(),
	/** Recording one that is already under way, or has arrived (then `deliveredOn`, today by default). */
	status: z.enum(['planned', 'contracted', 'in-transit', 'delivered']).optional(),
	deliveredOn: CalendarDate.optional()
});
export type CreateDelivery = z.infer<typeof CreateDelivery>;

export const UpdateDelivery = z
	.strictObject({
		id: z.uuid(),
		quantity: Quantity.optional(),
		valueEur: Eur.optional(),
		hub: plainText(200).nullable().optional(),
		expectedOn: CalendarDate.nullable().optional()
	})
	.refine((d) => Object.keys(d).length > 1, { message: 'Nothing to change', path: ['id'] });
export type UpdateDelivery = z.infer<typeof UpdateDelivery>;

export const StepDelivery = z
	.strictObject({
		id: z.uuid(),
		action: z.enum(DELIVERY_WORKFLOW.actions),
		reason: plainText(2000).optional(),
		/** The day the step happened; today by default. */
		on: CalendarDate.optional()
	})
	.refine((s) => s.action !== 'cancel' || s.reason !== undefined, { message: 'A cancellation needs a reason', path: ['reason'] });
export type StepDelivery = z.infer<typeof StepDelivery>;

export function stepStatus(current: DeliveryStatus, action: DeliveryAction): DeliveryStatus {
	return advance(DELIVERY_WORKFLOW, action, current, { noun: 'delivery', statusLabel: (status) => DELIVERY_STATUS_LABELS[status] });
}

/** Not delivered nor cancelled, and expected before today: flagged wherever it is shown. */
export function isOverdue(delivery: Pick<Delivery, 'status' | 'expectedOn'>, today: string): boolean {
	return delivery.expectedOn !== null && delivery.expectedOn < today && OPEN_STATUSES.includes(delivery.status);
}

export function daysToDeliver(announcedOn: string, deliveredOn: string | null): number | null {
	return deliveredOn === null ? null : daysBetween(announcedOn, deliveredOn);
}

/** What a pledge's other deliveries (not cancelled) already take of it. */
export interface Committed {
	quantity: number;
	valueCents: number;
}

type Budget = Pick<Pledge, 'quantity' | 'unit' | 'valueEur'>;

/**
 * A delivery's quantity and value against its pledge: both in the pledge's terms (pieces only if the
 * pledge counts pieces, EUR only if it has a value), the value pro rata when not given, and never
 * past what is left of the pledge: 409 saying by how much.
 */
export function measureDelivery(pledge: Budget, committed: Committed, delivery: { quantity?: number | null; valueEur?: number | null }): { quantity: number | null; valueEur: number | null } {
	const fields: Record<string, string[]> = {};
	if (pledge.quantity === null && delivery.quantity != null) fields.quantity = ['The pledge is not counted in pieces: give a value in EUR only'];
	if (pledge.quantity !== null && delivery.quantity == null) fields.quantity = [`How many ${pledge.unit ?? 'pieces'} of the pledge's ${pledge.quantity}`];
	if (pledge.valueEur === null && delivery.valueEur != null) fields.valueEur = ['The pledge has no value in EUR, so its deliveries have none either'];
	if (pledge.quantity === null && pledge.valueEur !== null && delivery.valueEur == null) fields.valueEur = ['The pledge is counted in EUR: give the value'];
	if (Object.keys(fields).length) throw new AppError('validation', 'The delivery does not match its pledge', fields);

	const quantity = delivery.quantity ?? null;
	// In whole cents, as the column keeps it (37.019999999999996 from a partner's arithmetic is 37.02).
	let valueEur = delivery.valueEur == null ? null : fromCents(toCents(delivery.valueEur));
	if (valueEur === null && pledge.valueEur !== null && quantity !== null && pledge.quantity) {
		// Pro rata, but the last pieces take what is left of the value, so rounding never overshoots it.
		const proRata = Math.round((toCents(pledge.valueEur) * quantity) / pledge.quantity);
		valueEur = fromCents(Math.min(proRata, Math.max(0, toCents(pledge.valueEur) - committed.valueCents)));
	}

	const over: string[] = [];
	const conflict: Record<string, string[]> = {};
	if (pledge.quantity !== null && quantity !== null && committed.quantity + quantity > pledge.quantity) {
		const by = committed.quantity + quantity - pledge.quantity;
		const unit = pledge.unit ?? 'pieces';
		over.push(`its quantity by ${by} ${unit} (${pledge.quantity} pledged, ${committed.quantity} already in other deliveries)`);
		conflict.quantity = [`${by} ${unit} too many: at most ${Math.max(0, pledge.quantity - committed.quantity)}`];
	}
	if (pledge.valueEur !== null && valueEur !== null && committed.valueCents + toCents(valueEur) > toCents(pledge.valueEur)) {
		const by = fromCents(committed.valueCents + toCents(valueEur) - toCents(pledge.valueEur));
		over.push(`its value by ${formatEuros(by)} (${formatEuros(pledge.valueEur)} pledged, ${formatEuros(fromCents(committed.valueCents))} already in other deliveries)`);
		conflict.valueEur = [`${formatEuros(by)} too much: at most ${formatEuros(fromCents(Math.max(0, toCents(pledge.valueEur) - committed.valueCents)))}`];
	}
	if (over.length) throw new AppError('conflict', `This would take the pledge past ${over.join(' and ')}`, conflict);
	return { quantity, valueEur };
}

/** Exact to the cent, for a message that says by how much. */
function formatEuros(eur: number): string {
	return `€${eur.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The list's filters (`GET /api/v1/deliveries?pledge=&status=&overdue=true…`, also for `.csv`). */
export const DeliveryFilter = z.strictObject({
	pledge: z.uuid().optional(),
	donor: z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3 code, e.g. FRA').optional(),
	status: z.enum(DELIVERY_STATUSES).optional(),
	/** Only the overdue ones, as of today (UTC). */
	overdue: z.literal('true').optional(),
	limit: z.coerce.number().int().min(1).max(20_000).default(5000)
});
export type DeliveryFilter = z.infer<typeof DeliveryFilter>;
