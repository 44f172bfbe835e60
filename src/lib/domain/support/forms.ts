import type { z } from 'zod';
import type { ErrorBody } from '../core/errors';
import { choiceFromForm, choiceProblem, releasabilityOf, type ReleasabilityChoice } from '../core/releasability-form';
import type { CreateDelivery, StepDelivery } from './deliveries';
import type { CreatePledge } from './pledges';

/**
 * The support forms' fields as the commands' payloads. A plain post (the form action) and an
 * enhanced one (the page reads the same form element) go through these same functions, so both
 * send the server exactly the same thing; the command's schema then judges it.
 */

export const PLEDGE_FIELDS = ['donor', 'announcedOn', 'measure', 'category', 'item', 'quantity', 'unit', 'valueEur', 'valuation', 'channel', 'source'] as const;
export const DELIVERY_FIELDS = ['pledgeId', 'quantity', 'valueEur', 'hub', 'expectedOn', 'status', 'deliveredOn'] as const;
export const STEP_FIELDS = ['id', 'action', 'reason', 'on'] as const;

export type FormValues<F extends string> = Record<F, string>;

/** What a form asked for, or why it cannot be sent as it is; `values` (and a releasability `choice`) always echo what was typed. */
export type FromForm<P, F extends string> = ({ ok: true; payload: P } | { ok: false; error: ErrorBody }) & { values: FormValues<F>; choice?: ReleasabilityChoice };

/** Each field as typed, bounded (a hostile post cannot make the page echo megabytes back). */
export function formValues<F extends string>(form: FormData, fields: readonly F[], max = 2000): FormValues<F> {
	return Object.fromEntries(fields.map((name) => [name, String(form.get(name) ?? '').slice(0, max)])) as FormValues<F>;
}

/** Left empty: the field is not sent, and the command's default applies. */
const given = (value: string): string | undefined => (value.trim() === '' ? undefined : value);

const NUMBER = /^\d+(\.\d+)?$/;

/** A number as people type it in a form ("1 500 000.50"); anything else is a message for the field. */
function numberOf(value: string, fields: Record<string, string[]>, name: string): number | undefined {
	const compact = value.replace(/[\s_\u00a0\u202f]/g, '');
	if (compact === '') return undefined;
	if (NUMBER.test(compact)) return Number(compact);
	fields[name] = ['A number, e.g. 1500000.50 (a dot before the cents)'];
	return undefined;
}

function invalid<F extends string>(fields: Record<string, string[]>, values: FormValues<F>) {
	return { ok: false as const, error: { code: 'validation' as const, message: 'The input is not valid', fields }, values };
}

export type PledgeValues = FormValues<(typeof PLEDGE_FIELDS)[number]>;

/** `pledges.create` from the pledge form, with the releasability picker's choice. */
export function pledgeFromForm(form: FormData): FromForm<z.input<typeof CreatePledge>, (typeof PLEDGE_FIELDS)[number]> {
	const values = formValues(form, PLEDGE_FIELDS);
	const choice = choiceFromForm(form);
	const fields: Record<string, string[]> = {};
	const quantity = numberOf(values.quantity, fields, 'quantity');
	const valueEur = numberOf(values.valueEur, fields, 'valueEur');
	const problem = choiceProblem(choice);
	if (problem) fields.releasableTo = [problem];
	if (Object.keys(fields).length) return { ...invalid(fields, values), choice };
	const payload = {
		donor: values.donor,
		announcedOn: values.announcedOn,
		measure: values.measure,
		category: values.category,
		item: values.item,
		quantity,
		unit: given(values.unit),
		valueEur,
		valuation: given(values.valuation),
		channel: values.channel,
		source: given(values.source),
		releasableTo: releasabilityOf(choice)
	} as z.input<typeof CreatePledge>;
	return { ok: true, payload, values, choice };
}

/** `deliveries.create` from the delivery form. A delivery day belongs to an arrived delivery only: the form shows it only then. */
export function deliveryFromForm(form: FormData): FromForm<z.input<typeof CreateDelivery>, (typeof DELIVERY_FIELDS)[number]> {
	const values = formValues(form, DELIVERY_FIELDS);
	const fields: Record<string, string[]> = {};
	const quantity = numberOf(values.quantity, fields, 'quantity');
	const valueEur = numberOf(values.valueEur, fields, 'valueEur');
	if (Object.keys(fields).length) return invalid(fields, values);
	const status = given(values.status);
	const payload = {
		pledgeId: values.pledgeId,
		quantity,
		valueEur,
		hub: given(values.hub),
		expectedOn: given(values.expectedOn),
		status,
		deliveredOn: status === 'delivered' ? given(values.deliveredOn) : undefined
	} as z.input<typeof CreateDelivery>;
	return { ok: true, payload, values };
}

/** `deliveries.step` from a step form: the step's name comes with the form, the day and the reason as typed. */
export function stepFromForm(form: FormData): FromForm<z.input<typeof StepDelivery>, (typeof STEP_FIELDS)[number]> {
	const values = formValues(form, STEP_FIELDS);
	const payload = { id: values.id, action: values.action, reason: given(values.reason), on: given(values.on) } as z.input<typeof StepDelivery>;
	return { ok: true, payload, values };
}
