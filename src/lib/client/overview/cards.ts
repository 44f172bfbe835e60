import type { Alert } from '$lib/domain/cell/alerts';
import type { SectorStatus } from '$lib/domain/ceasefire/sectors';
import type { KpiBoardId, LiveKpis } from '$lib/domain/core/collections';
import { formatEur } from '$lib/domain/core/money';
import { READINESS_LEVELS, isReady } from '$lib/domain/forces/units';
import { dtg } from '../format/dtg';
import { kpisOf } from '../live-store';

/** How much an item asks of the reader: act now, look soon, or nothing to do. */
export type Tone = 'danger' | 'warn' | 'ok';

export interface CardFigure {
	label: string;
	value: string;
	detail?: string;
	/** The ceasefire's overall status, drawn as its status word rather than as plain text. */
	status?: SectorStatus;
}

export interface AttentionItem {
	tone: Tone;
	text: string;
}

/** One guarantee on the overview: its headline figures and what needs attention, or null figures while they are on their way. */
export interface GuaranteeCard {
	id: KpiBoardId;
	guarantee: number;
	title: string;
	href: string;
	figures: CardFigure[] | null;
	attention: AttentionItem[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const percent = (share: number) => `${Math.round(share * 100)} %`;
const NOT_READY = READINESS_LEVELS.filter((level) => !isReady(level));

function ceasefire(k: LiveKpis['ceasefire'], openAlerts: number): Pick<GuaranteeCard, 'figures' | 'attention'> {
	const statuses = Object.values(k.sectors).map((s) => s.status);
	const violated = statuses.filter((s) => s === 'violated').length;
	const tense = statuses.filter((s) => s === 'tense').length;
	const attention: AttentionItem[] = [
		openAlerts > 0 ? { tone: 'danger', text: plural(openAlerts, 'unacknowledged alert') } : { tone: 'ok', text: 'No unacknowledged alerts' }
	];
	if (violated > 0) attention.push({ tone: 'danger', text: `${plural(violated, 'sector')} violated` });
	if (tense > 0) attention.push({ tone: 'warn', text: `${plural(tense, 'sector')} tense` });
	return {
		figures: [
			{ label: 'Overall', value: k.overall, status: k.overall },
			{ label: 'Reports, 24 h', value: String(k.last24h.total), detail: `${k.last24h.verifiedTotal} verified` },
			{ label: 'Open investigations', value: String(k.openInvestigations), detail: plural(k.commissionCases, 'commission case') }
		],
		attention
	};
}

function support(k: LiveKpis['support']): Pick<GuaranteeCard, 'figures' | 'attention'> {
	return {
		figures: [
			{ label: 'Pledged', value: formatEur(k.pledgedEur) },
			{ label: 'Delivered', value: formatEur(k.deliveredEur), detail: `${percent(k.deliveredShare)} of pledged` },
			{ label: 'In transit', value: String(k.inTransit), detail: k.inTransit === 1 ? 'delivery' : 'deliveries' }
		],
		attention: [k.overdue > 0 ? { tone: 'danger', text: `${plural(k.overdue, 'delivery', 'deliveries')} overdue` } : { tone: 'ok', text: 'No delivery overdue' }]
	};
}

function forces(k: LiveKpis['forces']): Pick<GuaranteeCard, 'figures' | 'attention'> {
	const byLevel = NOT_READY.map((level) => ({ level, n: Object.values(k.byDomain).reduce((sum, domain) => sum + domain[level], 0) }));
	const notReady = byLevel.reduce((sum, { n }) => sum + n, 0);
	const brigades = Object.values(k.brigades.byStage).reduce((sum, n) => sum + n, 0);
	const attention: AttentionItem[] = [
		notReady > 0
			? { tone: 'warn', text: `${plural(notReady, 'unit')} not ready (${byLevel.map(({ level, n }) => `${level} ${n}`).join(' · ')})` }
			: { tone: 'ok', text: k.units > 0 ? 'Every unit ready (C1–C2)' : 'No units reported' }
	];
	if (k.brigades.behindSchedule > 0) attention.push({ tone: 'warn', text: `${plural(k.brigades.behindSchedule, 'brigade')} behind schedule` });
	return {
		figures: [
			{ label: 'Units', value: String(k.units) },
			{ label: 'Ready', value: k.readyShare === null ? '—' : percent(k.readyShare), detail: 'C1–C2' },
			{ label: 'Brigades', value: String(brigades), detail: 'in regeneration' }
		],
		attention
	};
}

function commitments(k: LiveKpis['commitments']): Pick<GuaranteeCard, 'figures' | 'attention'> {
	const a = k.activation;
	const answered = a ? a.acknowledged + a.executing + a.completed + a.declined : 0;
	let attention: AttentionItem;
	if (!a) attention = { tone: 'ok', text: 'No activation under way' };
	else if (a.state === 'pending-confirmation') attention = { tone: 'danger', text: `${a.exercise ? 'Exercise' : 'Real'} activation declared ${dtg(a.since)}, awaiting confirmation` };
	else {
		// A few silent nations by name; more are a count here, and a list on the drill board.
		const silent = a.silentNations.length === 0 ? '' : a.silentNations.length <= 3 ? `; silent: ${a.silentNations.join(', ')}` : `; ${a.silentNations.length} nations silent`;
		attention = { tone: a.exercise ? 'warn' : 'danger', text: `${a.exercise ? 'Exercise drill' : 'Activation'} active since ${dtg(a.since)}: ${answered} of ${answered + a.requested} answered${silent}` };
	}
	return {
		figures: [
			{ label: 'In force', value: String(k.inForce), detail: k.inForce === 1 ? 'commitment' : 'commitments' },
			{ label: 'Activation', value: a ? (a.state === 'active' ? 'Active' : 'Declared') : 'None', detail: a ? (a.exercise ? 'exercise' : 'real') : undefined }
		],
		attention: [attention]
	};
}

function cooperation(k: LiveKpis['cooperation']): Pick<GuaranteeCard, 'figures' | 'attention'> {
	const planned = Object.values(k.production).filter((p) => p.plannedToDate > 0);
	const onPlan = planned.filter((p) => p.actualToDate >= p.plannedToDate).length;
	return {
		figures: [
			{ label: 'Programmes', value: String(k.programmes) },
			{ label: 'On plan', value: planned.length ? `${onPlan} of ${planned.length}` : '—', detail: 'output to date' }
		],
		attention: [
			k.overdueMilestones > 0 ? { tone: 'warn', text: `${plural(k.overdueMilestones, 'milestone')} overdue` } : { tone: 'ok', text: 'No milestone overdue' }
		]
	};
}

/**
 * The overview's five cards, from the KPIs this viewer gets and the alerts it may see: the headline
 * figures of each guarantee, and what needs someone's attention first.
 */
export function overviewCards(kpis: Readonly<Record<string, unknown>>, alerts: readonly Alert[]): GuaranteeCard[] {
	const openAlerts = alerts.filter((alert) => !alert.acknowledgedAt).length;
	const card = <K extends KpiBoardId>(id: K, guarantee: number, title: string, read: (k: LiveKpis[K]) => Pick<GuaranteeCard, 'figures' | 'attention'>): GuaranteeCard => {
		const figures = kpisOf(kpis, id);
		return { id, guarantee, title, href: `/${id}`, ...(figures ? read(figures) : { figures: null, attention: [] }) };
	};
	return [
		card('ceasefire', 1, 'Ceasefire', (k) => ceasefire(k, openAlerts)),
		card('support', 2, 'Support', support),
		card('forces', 3, 'Forces', forces),
		card('commitments', 4, 'Commitments', commitments),
		card('cooperation', 5, 'Cooperation', cooperation)
	];
}
