import { and, asc, eq, inArray } from 'drizzle-orm';
import { daysBetween, utcDay } from '$lib/domain/core/dates';
import type { Releasability } from '$lib/domain/core/releasability';
import { DELIVERY_WORKFLOW, OPEN_STATUSES, type DeliveryAction, type DeliveryStatus } from '$lib/domain/support/deliveries';
import type { FortificationKind, FortificationUnit } from '$lib/domain/support/fortifications';
import { PLEDGE_CATEGORIES, type Channel, type CreatePledge, type PledgeCategory } from '$lib/domain/support/pledges';
import type { Db } from '../db/client';
import { deliveries } from '../db/schema';
import type { Act, Random } from './exercise-control';
import { LINE_OF_CONTACT } from './line-of-contact';
/** What donors give, per category: the item, its unit, how many they pledge, about what one costs. */
import offers from './support-offers.json';

/**
 * Guarantee 2 in the exercise: a dozen donors' pledges over the last eighteen months, their
 * deliveries at every stage (partial, in transit, overdue, cancelled), depot requests, and the
 * fortification work in each sector. Fictional figures of a plausible size.
 */

const DONORS = ['DEU', 'GBR', 'USA', 'FRA', 'POL', 'NLD', 'DNK', 'SWE', 'NOR', 'CAN', 'ITA', 'ESP', 'FIN', 'CZE'] as const;

/** Something a donor may give, counted in `unit` at about `unitEur` apiece; financing has no pieces. */
type Offer = { item: string; unit: string; min: number; max: number; unitEur: number } | { item: string; minEur: number; maxEur: number };

const OFFERS: Record<PledgeCategory, Offer[]> = offers;

const HUBS = ['Rzeszów logistics hub', 'Lublin railhead', 'Suceava hub', 'Košice hub', 'Przemyśl transfer point'];

const LIAISON = 'Exercise: reported by the donor’s liaison officer';

const CANCEL_REASONS = ['Exercise: the donor kept the systems for its own air defence', 'Exercise: the supplier failed acceptance tests; a new contract replaces this one'];

/** How far back the pledges reach, in days (about eighteen months). */
const HISTORY_DAYS = 540;
const PLEDGES = 50;

/** 1,234 → 1,200; 37 → 37: how announcements round their figures. */
function roughly(n: number): number {
	const step = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
	return Math.max(1, Math.round(n / step) * step);
}

const dayOffset = (day: string, days: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

/** Mostly the whole coalition, some the cell only, some the donor alone (bilateral deliveries). */
function releasabilityOf(donor: string, rnd: Random): Releasability {
	const roll = rnd.next();
	if (roll < 0.6) return 'coalition';
	if (roll < 0.8) return 'cell';
	return [donor];
}

function plausiblePledge(i: number, rnd: Random, today: string): CreatePledge & { exercise: true } {
	const category = PLEDGE_CATEGORIES[i % PLEDGE_CATEGORIES.length]!;
	// Every donor at least once, then as the dice fall.
	const donor = i < DONORS.length ? DONORS[i]! : rnd.pick(DONORS);
	const offer = rnd.pick(OFFERS[category]);
	const announcedOn = dayOffset(today, -rnd.between(20, HISTORY_DAYS));
	const common = { donor, announcedOn, category, item: offer.item, measure: rnd.next() < 0.4 ? ('commitment' as const) : ('allocation' as const), exercise: true as const, releasableTo: releasabilityOf(donor, rnd) };
	if (!('unit' in offer)) return { ...common, valueEur: roughly(offer.minEur + rnd.next() * (offer.maxEur - offer.minEur)), valuation: 'reported', channel: 'financing' };
	const quantity = roughly(rnd.between(offer.min, offer.max));
	const channel: Channel = rnd.next() < 0.6 ? 'stockpile' : 'procurement';
	// Some donors do not say what their equipment is worth.
	const undisclosed = rnd.next() < 0.1;
	return {
		...common,
		quantity,
		unit: offer.unit,
		valueEur: undisclosed ? null : roughly(quantity * offer.unitEur),
		valuation: undisclosed ? 'reported' : channel === 'stockpile' ? 'estimate' : 'price-list',
		channel
	};
}

type Fate = 'planned' | 'contracted' | 'in-transit' | 'delivered';

/** The older the pledge, the further its deliveries got. */
function fateOf(age: number, rnd: Random): Fate {
	const roll = rnd.next() - age * 0.5;
	if (roll < 0.15) return 'delivered';
	if (roll < 0.45) return 'in-transit';
	if (roll < 0.7) return 'contracted';
	return 'planned';
}

/** Tranches of a pledge: a part of it (or all), in one to three deliveries. */
function tranches(total: number, rnd: Random): number[] {
	const share = Math.min(1, 0.4 + rnd.next() * 0.8);
	const planned = Math.max(1, Math.floor(total * share));
	const count = Math.min(planned, rnd.between(1, 3));
	const each = Math.floor(planned / count);
	return Array.from({ length: count }, (_, i) => (i === count - 1 ? planned - each * (count - 1) : each));
}

const STEPS_TO: Record<Fate, DeliveryAction[]> = {
	planned: [],
	contracted: ['contract'],
	'in-transit': ['contract', 'dispatch'],
	delivered: ['contract', 'dispatch', 'deliver']
};

/**
 * The days a delivery's steps happened, in days after the announcement: an arrival some time since,
 * an open one's last step in the last month; the steps before it a few weeks apart.
 */
function stepDays(span: number, fate: Fate, rnd: Random): number[] {
	const steps = STEPS_TO[fate].length;
	if (!steps) return [];
	const days = [fate === 'delivered' ? rnd.between(Math.round(span * 0.2), span) : span - rnd.between(0, Math.min(30, span))];
	while (days.length < steps) days.unshift(Math.max(0, days[0]! - rnd.between(3, 40)));
	return days;
}

/** One delivery through the workflow as it happened: created, then stepped on the days it was, as far as its fate takes it. */
async function deliver(act: Act, rnd: Random, pledge: { id: string; announcedOn: string; byValue: boolean }, amount: number, fate: Fate, today: string): Promise<string> {
	const days = stepDays(daysBetween(pledge.announcedOn, today), fate, rnd).map((d) => dayOffset(pledge.announcedOn, d));
	// Open ones are expected from a few weeks ago (overdue) to months ahead; arrived ones about when they came.
	const expectedOn = {
		planned: dayOffset(today, rnd.between(10, 180)),
		contracted: dayOffset(today, rnd.between(-30, 90)),
		'in-transit': dayOffset(today, rnd.between(-20, 25)),
		delivered: dayOffset(days.at(-1) ?? today, rnd.between(-7, 7))
	}[fate];
	const created = await act('deliveries.create', {
		pledgeId: pledge.id,
		...(pledge.byValue ? { valueEur: amount } : { quantity: amount }),
		hub: rnd.pick(HUBS),
		expectedOn
	});
	const id = created.record!.id;
	for (const [i, action] of STEPS_TO[fate].entries()) await act('deliveries.step', { id, action, on: days[i], reason: LIAISON });
	return id;
}

async function seedPledgesAndDeliveries(act: Act, rnd: Random, today: string): Promise<void> {
	const pledges = Array.from({ length: PLEDGES }, (_, i) => plausiblePledge(i, rnd, today)).sort((a, b) => a.announcedOn.localeCompare(b.announcedOn));
	const open: string[] = [];
	for (const input of pledges) {
		const { record } = await act('pledges.create', input);
		const byValue = input.quantity == null;
		const age = daysBetween(input.announcedOn, today) / HISTORY_DAYS;
		const total = byValue ? input.valueEur! : input.quantity!;
		for (const amount of tranches(total, rnd)) {
			const fate = fateOf(age, rnd);
			const id = await deliver(act, rnd, { id: record!.id, announcedOn: input.announcedOn, byValue }, amount, fate, today);
			if (fate !== 'delivered') open.push(id);
		}
	}
	// A donor or two changed its mind.
	for (const reason of CANCEL_REASONS) {
		const [id] = open.splice(rnd.between(0, open.length - 1), 1);
		if (id) await act('deliveries.step', { id, action: 'cancel', reason });
	}
}

async function seedDepotRequests(act: Act, now: Date): Promise<void> {
	const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
	const granted = await act('depot-requests.create', {
		nation: 'DEU',
		depot: 'Materiallager Pfungstadt',
		item: 'Leopard 1A5 spare parts: 40 engine packs and track sets',
		purpose: 'Repair of tanks returned from the Pokrovsk sector',
		requestedAt: daysAgo(26),
		releasableTo: ['DEU'],
		exercise: true
	});
	await act('depot-requests.answer', { id: granted.record!.id, action: 'grant', reason: 'Exercise: a Ukrainian inspection team may draw the parts by the end of the month' });
	await act('depot-requests.create', {
		nation: 'CZE',
		depot: 'Military depot Týniště nad Orlicí',
		item: '3,000 122 mm rockets for BM-21',
		purpose: 'Stock for the rocket artillery of the Bakhmut–Toretsk sector',
		requestedAt: daysAgo(6),
		releasableTo: 'coalition',
		exercise: true
	});
}

/** Lines in km, points in sites; command posts are the cell's business only. */
const WORKS: { kind: FortificationKind; unit: FortificationUnit; min: number; max: number }[] = [
	{ kind: 'trench-line', unit: 'km', min: 25, max: 60 },
	{ kind: 'anti-tank-ditch', unit: 'km', min: 10, max: 40 },
	{ kind: 'dragons-teeth', unit: 'km', min: 5, max: 20 },
	{ kind: 'minefield', unit: 'sites', min: 10, max: 40 },
	{ kind: 'shelter', unit: 'sites', min: 20, max: 80 },
	{ kind: 'command-post', unit: 'sites', min: 3, max: 8 }
];

/** Every sector digs a trench line and two other works, some reported again since. */
async function seedFortifications(act: Act, rnd: Random): Promise<void> {
	for (const sector of LINE_OF_CONTACT) {
		const others = WORKS.slice(1);
		const works = [WORKS[0]!, ...[0, 1].map(() => others.splice(rnd.between(0, others.length - 1), 1)[0]!)];
		for (const work of works) {
			const planned = rnd.between(work.min, work.max);
			const built = Math.round(planned * (0.2 + rnd.next() * 0.8));
			const { record } = await act('fortifications.create', {
				sectorId: sector.id,
				kind: work.kind,
				unit: work.unit,
				planned,
				built: Math.floor(built * 0.7),
				releasableTo: work.kind === 'command-post' ? 'cell' : 'coalition',
				exercise: true
			});
			if (rnd.next() < 0.5) await act('fortifications.update', { id: record!.id, built, notes: 'Exercise: progress reported by the sector engineer' });
		}
	}
}

/** Pledges with their deliveries, depot requests, and fortifications; after the sectors (fortifications need them). */
export async function seedSupport(act: Act, rnd: Random, now: Date): Promise<void> {
	await seedPledgesAndDeliveries(act, rnd, utcDay(now));
	await seedDepotRequests(act, now);
	await seedFortifications(act, rnd);
}

/** The step that takes a delivery forward from where it stands (cancelling is never the simulator's doing). */
function forward(status: DeliveryStatus): DeliveryAction | undefined {
	return DELIVERY_WORKFLOW.actions.find((action) => action !== 'cancel' && DELIVERY_WORKFLOW.steps[action].from.includes(status));
}

/** One move of the simulator: an open exercise delivery one step further, dated today. */
export async function advanceADelivery(db: Db, act: Act, rnd: Random): Promise<void> {
	const open = await db
		.select({ id: deliveries.id, status: deliveries.status })
		.from(deliveries)
		.where(and(eq(deliveries.exercise, true), inArray(deliveries.status, [...OPEN_STATUSES])))
		.orderBy(asc(deliveries.id));
	if (!open.length) return;
	const delivery = rnd.pick(open);
	const action = forward(delivery.status);
	if (action) await act('deliveries.step', { id: delivery.id, action, reason: LIAISON });
}
