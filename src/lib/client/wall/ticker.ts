import { CATEGORY_LABELS as VIOLATION_CATEGORY_LABELS, STATUS_LABELS as VIOLATION_STATUS_LABELS } from '$lib/domain/ceasefire/violations';
import { ACTIVATION_STATE_LABELS } from '$lib/domain/commitments/activations';
import { COMMITMENT_STATUS_LABELS, COMMITMENT_TYPE_LABELS, RESPONSE_STATUS_LABELS } from '$lib/domain/commitments/commitments';
import { collectionLabel, isLiveCollection, type LiveCollection, type LiveCollections } from '$lib/domain/core/collections';
import type { Delta } from '$lib/domain/core/protocol';
import { BRIGADE_STAGE_LABELS } from '$lib/domain/forces/brigades';
import { DELIVERY_STATUS_LABELS } from '$lib/domain/support/deliveries';
import { DEPOT_REQUEST_STATUS_LABELS } from '$lib/domain/support/depot-requests';
import { FORTIFICATION_KIND_LABELS } from '$lib/domain/support/fortifications';
import { nationName } from '../format/nations';
import { isoUtc } from '../format/dtg';

/** One line of the wall's ticker: what changed, in words, and when the wall learnt of it. */
export interface TickerItem {
	/** The delta's seq: unique, and newest is highest. */
	key: number;
	at: string;
	/** "Violation report", "Unit": the collection as people call it. */
	kind: string;
	text: string;
}

/** What a record's line needs beyond the record: the names of the sectors this screen may see. */
export interface TickerContext {
	sectorName(id: string | null): string | null;
}

/** The longest text a line shows: a log entry can be pages long, a ticker line is read in passing. */
const MAX_TEXT = 140;

type Describe = { [C in LiveCollection]: (record: LiveCollections[C], context: TickerContext) => string };

/** Plain text per collection (it is only ever rendered as text), from the record's own fields. */
const DESCRIBE: Describe = {
	'log-entries': (entry) => `${entry.authorName}: ${entry.text}`,
	sectors: (sector) => `Sector ${sector.name}`,
	violations: (report, { sectorName }) =>
		`${VIOLATION_CATEGORY_LABELS[report.category]} · ${sectorName(report.sectorId) ?? 'outside every sector'} · ${report.severity} · ${VIOLATION_STATUS_LABELS[report.status].toLowerCase()}`,
	alerts: (alert) => (alert.acknowledgedBy ? `Acknowledged by ${alert.acknowledgedBy}: ${alert.title}` : `${alert.severity.toUpperCase()}: ${alert.title}`),
	handovers: (handover) => (handover.acknowledgedBy ? `Watch taken over by ${handover.acknowledgedBy} from ${handover.handedBy}` : `Watch handed over by ${handover.handedBy}`),
	settings: (settings) => (settings.rotate ? `Walls rotate: ${settings.panels.length} panels, ${settings.seconds} s each` : 'Walls stop rotating: the map stays'),
	'depot-requests': (request) => `${nationName(request.nation)} · ${request.depot}: ${request.item} — ${DEPOT_REQUEST_STATUS_LABELS[request.status].toLowerCase()}`,
	pledges: (pledge) => `${nationName(pledge.donor)} pledges ${pledge.item}`,
	deliveries: (delivery) => `${nationName(delivery.donor)} delivery ${DELIVERY_STATUS_LABELS[delivery.status].toLowerCase()}${delivery.hub ? ` · ${delivery.hub}` : ''}`,
	fortifications: (work, { sectorName }) => `${FORTIFICATION_KIND_LABELS[work.kind]} · ${sectorName(work.sectorId) ?? 'a sector'}: ${work.built} of ${work.planned} ${work.unit} built`,
	units: (unit) => `${unit.name} (${unit.nation}) at ${unit.readiness}`,
	brigades: (brigade) => `${brigade.name}: ${BRIGADE_STAGE_LABELS[brigade.stage].toLowerCase()}, ${brigade.progress} %`,
	commitments: (commitment) =>
		`${nationName(commitment.nation)} · ${COMMITMENT_TYPE_LABELS[commitment.type]}: ${
			commitment.response ? `answer ${RESPONSE_STATUS_LABELS[commitment.response.status].toLowerCase()}` : COMMITMENT_STATUS_LABELS[commitment.status].toLowerCase()
		}`,
	activations: (activation) => `${activation.exercise ? 'EXERCISE' : 'REAL'} activation ${ACTIVATION_STATE_LABELS[activation.state].toLowerCase()}: ${activation.scenario}`,
	programmes: (programme) => `Programme ${programme.title}`,
	milestones: (milestone) => `Milestone ${milestone.doneOn ? `done ${milestone.doneOn}` : `due ${milestone.dueOn}`}: ${milestone.title}`
};

/** A record from a newer server (a status this build has no label for) still gets a line, if a vaguer one. */
function described(collection: LiveCollection, record: unknown, context: TickerContext): string {
	try {
		return (DESCRIBE[collection] as (record: unknown, context: TickerContext) => string)(record, context);
	} catch {
		return 'changed';
	}
}

function shortened(text: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 1)}…` : line;
}

/**
 * The ticker lines for a batch of deltas, newest first. KPI deltas are figures, not events, and a
 * collection this build does not know has no words: both are left out (neither is a live collection).
 */
export function tickerItems(deltas: readonly Delta[], context: TickerContext, at: Date): TickerItem[] {
	const items: TickerItem[] = [];
	for (const delta of deltas) {
		if (!isLiveCollection(delta.collection)) continue;
		const text = delta.op === 'upsert' ? described(delta.collection, delta.record, context) : 'withdrawn from this screen';
		items.push({ key: delta.seq, at: isoUtc(at), kind: collectionLabel(delta.collection), text: shortened(text) });
	}
	return items.reverse();
}

/** The newest `max` lines: the fresh ones on top of what was shown. */
export function newestLines(shown: readonly TickerItem[], fresh: readonly TickerItem[], max: number): TickerItem[] {
	return [...fresh, ...shown].slice(0, max);
}
