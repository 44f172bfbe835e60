import { z } from 'zod';
import { CalendarDate } from '../core/dates';
import { Eur } from '../core/money';
import { NationCode } from '../core/nations';
import { Releasability } from '../core/releasability';
import { plainText } from '../core/text';

/** Guarantee 2: what a donor nation announced it will give Ukraine's armed forces (DESIGN.md → Support). */

export const MEASURES = ['commitment', 'allocation'] as const;
export type Measure = (typeof MEASURES)[number];

export const PLEDGE_CATEGORIES = [
	'air-defence',
	'artillery',
	'ammunition',
	'armoured-vehicles',
	'aviation-and-drones',
	'small-arms',
	'engineering-and-fortification',
	'training-equipment',
	'financing',
	'other'
] as const;
export type PledgeCategory = (typeof PLEDGE_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<PledgeCategory, string> = {
	'air-defence': 'Air defence',
	artillery: 'Artillery',
	ammunition: 'Ammunition',
	'armoured-vehicles': 'Armoured vehicles',
	'aviation-and-drones': 'Aviation and drones',
	'small-arms': 'Small arms',
	'engineering-and-fortification': 'Engineering and fortification',
	'training-equipment': 'Training equipment',
	financing: 'Financing',
	other: 'Other'
};

export const VALUATIONS = ['reported', 'price-list', 'estimate'] as const;
export type Valuation = (typeof VALUATIONS)[number];

export const CHANNELS = ['stockpile', 'procurement', 'financing'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Pledge {
	id: string;
	/** The donor nation (ISO alpha-3): its partners record and move this pledge. */
	donor: string;
	announcedOn: string;
	measure: Measure;
	category: PledgeCategory;
	item: string;
	/** How many of `unit`; null for what is not counted in pieces (financing, a package). */
	quantity: number | null;
	unit: string | null;
	valueEur: number | null;
	valuation: Valuation;
	channel: Channel;
	/** Where the announcement can be read (URL), or null. */
	source: string | null;
	/** Summed over the pledge's delivered deliveries. */
	deliveredQuantity: number;
	deliveredValueEur: number;
	exercise: boolean;
	releasableTo: Releasability;
}

const Quantity = z.number().int('A whole number').min(1, 'At least 1').max(1e9, 'Too large');
/** A link people can follow; only http(s), so a `javascript:` URL never becomes one. */
const SourceUrl = z.url({ protocol: /^https?$/, error: 'A web address (http or https)' }).max(2000);

const pledgeFields = {
	announcedOn: CalendarDate,
	measure: z.enum(MEASURES),
	category: z.enum(PLEDGE_CATEGORIES),
	item: plainText(300),
	quantity: Quantity.nullable().optional(),
	unit: plainText(60).nullable().optional(),
	valueEur: Eur.nullable().optional(),
	valuation: z.enum(VALUATIONS).optional(),
	channel: z.enum(CHANNELS),
	source: SourceUrl.nullable().optional(),
	releasableTo: Releasability.optional()
};

/** A pledge needs something to measure deliveries against: a quantity, a value, or both. */
const measurable = (p: { quantity?: number | null; valueEur?: number | null }) => p.quantity != null || p.valueEur != null;
const MEASURABLE_MESSAGE = { message: 'Give a quantity, a value in EUR, or both', path: ['quantity'] };

export const CreatePledge = z
	.strictObject({ donor: NationCode, ...pledgeFields, exercise: z.boolean().optional() })
	.refine(measurable, MEASURABLE_MESSAGE);
export type CreatePledge = z.infer<typeof CreatePledge>;

/** Everything but the donor may be corrected (a partner cannot hand its pledge to another nation). */
export const UpdatePledge = z
	.strictObject({ id: z.uuid(), ...Object.fromEntries(Object.entries(pledgeFields).map(([k, v]) => [k, v.optional()])) } as {
		id: z.ZodUUID;
	} & { [K in keyof typeof pledgeFields]: z.ZodOptional<(typeof pledgeFields)[K]> })
	.refine((p) => Object.keys(p).length > 1, { message: 'Nothing to change', path: ['id'] });
export type UpdatePledge = z.infer<typeof UpdatePledge>;

/** `quantity`/`valueEur` of a pledge after an update: given ones replace, absent ones stay. */
export function measurableAfter(pledge: Pick<Pledge, 'quantity' | 'valueEur'>, update: UpdatePledge): boolean {
	return measurable({
		quantity: update.quantity !== undefined ? update.quantity : pledge.quantity,
		valueEur: update.valueEur !== undefined ? update.valueEur : pledge.valueEur
	});
}

/** The list's filters (`GET /api/v1/pledges?donor=&category=…`, also for `.csv`). */
export const PledgeFilter = z.strictObject({
	donor: NationCode.optional(),
	category: z.enum(PLEDGE_CATEGORIES).optional(),
	measure: z.enum(MEASURES).optional(),
	channel: z.enum(CHANNELS).optional(),
	/** Announced on or after / on or before. */
	from: CalendarDate.optional(),
	to: CalendarDate.optional(),
	limit: z.coerce.number().int().min(1).max(20_000).default(5000)
});
export type PledgeFilter = z.infer<typeof PledgeFilter>;
