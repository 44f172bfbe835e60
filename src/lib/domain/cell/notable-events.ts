import { ALERTING_SEVERITIES, CATEGORY_LABELS as VIOLATION_CATEGORY_LABELS, type Violation } from '../ceasefire/violations';
import type { Activation } from '../commitments/activations';
import { formatEur } from '../core/money';
import { intersect, type Releasability } from '../core/releasability';
import type { Milestone } from '../cooperation/milestones';
import type { Delivery } from '../support/deliveries';
import { CATEGORY_LABELS as PLEDGE_CATEGORY_LABELS } from '../support/pledges';

/**
 * The few events of the log leadership wants pointed out, on the trend charts' time axis and in the
 * SITREP: an activation declared, confirmed or stood down; a violation verified as severe; a large
 * delivery arriving; a cooperation milestone reached. Each is told from its record as the reader may
 * see it now, never from what was logged, so a record withdrawn from a reader since is not shown to it.
 */

export type NotableKind = 'activation' | 'severe-violation' | 'large-delivery' | 'milestone';

/** The logged events each kind is found among, the most important kind first. */
export const NOTABLE_EVENTS = {
	activation: ['activations.declared', 'activations.confirmed', 'activations.stood-down'],
	'severe-violation': ['violations.verified'],
	// A delivery recorded as already arrived is created delivered, with no step after.
	'large-delivery': ['deliveries.delivered', 'deliveries.created'],
	milestone: ['milestones.completed']
} as const satisfies Record<NotableKind, readonly string[]>;

/** In order of importance: a handful is taken from the first kinds first. */
export const NOTABLE_KINDS = Object.keys(NOTABLE_EVENTS) as NotableKind[];

/** A delivery worth pointing out, in EUR: about a battery of air defence or a few dozen armoured vehicles. */
export const LARGE_DELIVERY_EUR = 50_000_000;

/** The part of a logged event that selection reads. */
export interface LoggedEvent {
	seq: number;
	at: string;
	name: string;
	/** The status the record was logged with (a delivery created as delivered), if any. */
	loggedStatus: string | null;
}

export interface NotableEvent {
	seq: number;
	/** When it was logged. */
	at: string;
	/** The day it belongs to on a daily chart: when it happened (a report's observation, a delivery's arrival), which may be before it was logged. */
	day: string;
	kind: NotableKind;
	/** A few words: the chart's marker list. */
	title: string;
	/** What happened, in one line of plain text. */
	detail: string;
	link: string | null;
	releasableTo: Releasability;
	exercise: boolean;
}

/** A record another one names, as far as the reader may see it: its name, and who may see that name. */
export interface Named {
	name: string;
	releasableTo: Releasability;
}

/** The records events mention (a report's sector, a milestone's programme), as far as the reader may see them. */
export interface NotableContext {
	sector(id: string | null): Named | null;
	programme(id: string): Named | null;
}

/** The context from the sectors and programmes the reader may see. */
export function namesFrom(sectors: readonly { id: string; name: string; releasableTo: Releasability }[], programmes: readonly { id: string; title: string; releasableTo: Releasability }[]): NotableContext {
	const sectorsById = new Map(sectors.map((s) => [s.id, { name: s.name, releasableTo: s.releasableTo }]));
	const programmesById = new Map(programmes.map((p) => [p.id, { name: p.title, releasableTo: p.releasableTo }]));
	return { sector: (id) => (id ? (sectorsById.get(id) ?? null) : null), programme: (id) => programmesById.get(id) ?? null };
}

/**
 * Who may see a line that shows a record and the names of others it mentions: those who may see all
 * of them. A line carries this, not its record's releasability alone, so its marking covers the names.
 */
export function releasabilityShowing(releasableTo: Releasability, named: readonly (Named | null)[]): Releasability {
	return named.reduce<Releasability>((audience, other) => (other ? intersect(audience, other.releasableTo) : audience), releasableTo);
}

export const kindOfEvent = (name: string): NotableKind | null => NOTABLE_KINDS.find((kind) => (NOTABLE_EVENTS[kind] as readonly string[]).includes(name)) ?? null;

/** Oldest first: the order of a time axis and of a day's account. */
export const chronologically = (a: NotableEvent, b: NotableEvent) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.seq - b.seq);

const ACTIVATION_STEPS: Record<string, string> = {
	'activations.declared': 'Activation declared',
	'activations.confirmed': 'Activation confirmed',
	'activations.stood-down': 'Activation stood down'
};

/**
 * What a logged event says, told from its record as it is now (which the reader may see); null when it
 * is not notable: a violation verified that is not (or no longer) high or critical, a delivery under
 * €50 m or not delivered, a delivery's creation that was not as delivered.
 */
export function notableOf(event: LoggedEvent, record: Record<string, unknown> & { id: string; releasableTo: Releasability }, names: NotableContext): NotableEvent | null {
	const kind = kindOfEvent(event.name);
	if (!kind) return null;
	const exercise = record.exercise === true;
	const base = { seq: event.seq, at: event.at, kind, releasableTo: record.releasableTo, exercise };
	switch (kind) {
		case 'activation': {
			const activation = record as unknown as Activation;
			const title = `${ACTIVATION_STEPS[event.name]}${activation.exercise ? ' (exercise)' : ''}`;
			return { ...base, day: event.at.slice(0, 10), title, detail: `${title}: ${activation.scenario}`, link: null };
		}
		case 'severe-violation': {
			const report = record as unknown as Violation;
			if (!ALERTING_SEVERITIES.has(report.severity)) return null;
			const sector = names.sector(report.sectorId);
			const title = `${report.severity === 'critical' ? 'Critical' : 'High-severity'} violation verified`;
			const detail = `${title}: ${VIOLATION_CATEGORY_LABELS[report.category]}${sector ? `, ${sector.name}` : ''}`;
			return { ...base, releasableTo: releasabilityShowing(record.releasableTo, [sector]), day: report.observedAt.slice(0, 10), title, detail, link: `/ceasefire/${report.id}` };
		}
		case 'large-delivery': {
			const delivery = record as unknown as Delivery;
			if (event.name === 'deliveries.created' && event.loggedStatus !== 'delivered') return null;
			if (delivery.status !== 'delivered' || !delivery.deliveredOn || (delivery.valueEur ?? 0) < LARGE_DELIVERY_EUR) return null;
			const title = `Delivery of ${formatEur(delivery.valueEur)}`;
			const detail = `${title} from ${delivery.donor}: ${PLEDGE_CATEGORY_LABELS[delivery.category]}${delivery.hub ? `, at ${delivery.hub}` : ''}`;
			return { ...base, day: delivery.deliveredOn, title, detail, link: null };
		}
		case 'milestone': {
			const milestone = record as unknown as Milestone;
			if (!milestone.doneOn) return null;
			const programme = names.programme(milestone.programmeId);
			const detail = `Milestone reached: ${milestone.title}${programme ? ` (${programme.name})` : ''}`;
			return { ...base, releasableTo: releasabilityShowing(record.releasableTo, [programme]), day: milestone.doneOn, title: 'Milestone reached', detail, link: null };
		}
	}
}
