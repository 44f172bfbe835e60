import type { CollectionName } from '$lib/domain/core/collections';
import { OPEN_INVESTIGATION } from '$lib/domain/ceasefire/violations';
import { namesFrom, releasabilityShowing } from '$lib/domain/cell/notable-events';
import { changeSinceYesterday, markingFor, markingOf, openList, type Marked, type Sitrep } from '$lib/domain/cell/sitrep';
import { utcDay } from '$lib/domain/core/dates';
import { isOverdueMilestone } from '$lib/domain/cooperation/milestones';
import { DOMAINS, type Domain } from '$lib/domain/forces/units';
import { alertsCollection } from '../collections/cell';
import { sectorsCollection, violationsCollection } from '../collections/ceasefire';
import { activationsCollection } from '../collections/commitments';
import { milestonesCollection, programmesCollection } from '../collections/cooperation';
import { unitsCollection } from '../collections/forces';
import { getRecord, listRecords, type ReadContext } from '../collections/registry';
import { deliveriesCollection } from '../collections/support';
import type { BoardDefinition } from '../realtime/boards/board';
import { ceasefireBoard } from '../realtime/boards/ceasefire';
import { commitmentsBoard } from '../realtime/boards/commitments';
import { cooperationBoard } from '../realtime/boards/cooperation';
import { forcesBoard } from '../realtime/boards/forces';
import { supportBoard } from '../realtime/boards/support';
import { countedIn } from './markings';
import { notableEvents } from './notable-events';
import { trendsFor } from './trends';

const DAY_MS = 86_400_000;
/** Items listed under each open item; the rest are counted. */
const SHOWN_ITEMS = 12;
const NOTABLE_EVENTS_SHOWN = 10;

function kpisOf<Figures extends object>(ctx: ReadContext, board: BoardDefinition<Figures>): Figures {
	const kpis = ctx.kpis(board);
	if (!kpis) throw new Error(`no ${board.id} figures for this reader`);
	return kpis;
}

/**
 * The SITREP for one reader at `now`: the live boards' figures for this reader (the same as every
 * screen shows it, at the log's seq `seq`), the change since yesterday from the daily trends, the
 * notable events logged in the 24 h before `now`, and the open items, every record read through the
 * registry as the reader may see it now. Each section is marked by what it holds; the page by all of it.
 */
export async function drawSitrep(ctx: ReadContext, seq: number, now = new Date()): Promise<Sitrep> {
	// Read together, before anything is awaited: the figures are those of the boards at `seq`.
	const ceasefire = kpisOf(ctx, ceasefireBoard);
	const support = kpisOf(ctx, supportBoard);
	const forces = kpisOf(ctx, forcesBoard);
	const commitments = kpisOf(ctx, commitmentsBoard);
	const cooperation = kpisOf(ctx, cooperationBoard);

	const today = utcDay(now);
	const yesterday = utcDay(new Date(now.getTime() - DAY_MS));
	const [counted, sectors, alerts, awaiting, overdueDeliveries, units, milestones, programmes, trends, events] = await Promise.all([
		Promise.all([ceasefireBoard, supportBoard, forcesBoard, commitmentsBoard, cooperationBoard].map((board) => countedIn(ctx, board.collections as CollectionName[]))),
		listRecords(ctx, sectorsCollection),
		listRecords(ctx, alertsCollection),
		Promise.all([...OPEN_INVESTIGATION].map((status) => listRecords(ctx, violationsCollection, { status }))).then((lists) => lists.flat().sort((a, b) => (a.observedAt < b.observedAt ? 1 : -1))),
		listRecords(ctx, deliveriesCollection, { overdue: 'true' }),
		listRecords(ctx, unitsCollection),
		listRecords(ctx, milestonesCollection),
		listRecords(ctx, programmesCollection),
		trendsFor(ctx.db, ctx.viewer, { from: yesterday, to: today }),
		notableEvents(ctx, { since: new Date(now.getTime() - DAY_MS), until: now }, NOTABLE_EVENTS_SHOWN)
	]);
	const [ceasefireParts, supportParts, forcesParts, commitmentsParts, cooperationParts] = counted as [Marked[], Marked[], Marked[], Marked[], Marked[]];
	const names = namesFrom(sectors, programmes);
	const programme = new Map(programmes.map((p) => [p.id, p]));
	const activation = commitments.activation ? await getRecord(ctx, activationsCollection, commitments.activation.id) : null;

	const open = {
		alerts: alerts.filter((a) => !a.acknowledgedAt).map(({ id, title, severity, raisedAt, violationId, releasableTo, exercise }) => ({ id, title, severity, raisedAt, violationId, releasableTo, exercise })),
		// A line that names a sector or a programme is as releasable as the name too (its marking must cover it).
		awaitingVerification: awaiting.map(({ id, category, severity, status, observedAt, sectorId, releasableTo, exercise }) => {
			const sector = names.sector(sectorId);
			return { id, category, severity, status, observedAt, sectorName: sector?.name ?? null, releasableTo: releasabilityShowing(releasableTo, [sector]), exercise };
		}),
		overdueDeliveries: overdueDeliveries.map(({ id, donor, category, status, valueEur, quantity, expectedOn, hub, releasableTo, exercise }) => ({ id, donor, category, status, valueEur, quantity, expectedOn: expectedOn!, hub, releasableTo, exercise })),
		unitsNotReady: units
			.filter((u) => u.readiness === 'C4' || u.readiness === 'C5')
			.map(({ id, name, nation, domain, readiness, readinessChangedAt, releasableTo, exercise }) => ({ id, name, nation, domain, readiness, readinessChangedAt, releasableTo, exercise })),
		overdueMilestones: milestones
			.filter((m) => isOverdueMilestone(m, today))
			.map(({ id, title, programmeId, dueOn, releasableTo, exercise }) => {
				const of = names.programme(programmeId);
				return { id, title, programmeTitle: of?.name ?? null, dueOn, releasableTo: releasabilityShowing(releasableTo, [of]), exercise };
			})
	};
	const openParts = Object.values(open).flat();
	const production = Object.entries(cooperation.production).flatMap(([id, figures]) => {
		const p = programme.get(id);
		return p ? [{ id, title: p.title, unit: p.unit, ...figures, releasableTo: p.releasableTo, exercise: p.exercise }] : [];
	});
	const notReadyByDomain = Object.fromEntries(DOMAINS.map((d) => [d, forces.byDomain[d].C4 + forces.byDomain[d].C5])) as Record<Domain, number>;

	const sections = {
		ceasefire: {
			marking: markingOf(ceasefireParts),
			overall: ceasefire.overall,
			sectors: Object.keys(ceasefire.sectors).length,
			violatedSectors: Object.entries(ceasefire.sectors)
				.filter(([, s]) => s.status === 'violated')
				.map(([id]) => names.sector(id)?.name ?? id),
			reported24h: ceasefire.last24h.total,
			verified24h: ceasefire.last24h.verifiedTotal,
			openInvestigations: ceasefire.openInvestigations,
			commissionCases: ceasefire.commissionCases,
			lastVerifiedAt: ceasefire.lastVerifiedAt
		},
		support: {
			marking: markingOf(supportParts),
			pledgedEur: support.pledgedEur,
			deliveredEur: support.deliveredEur,
			deliveredShare: support.deliveredShare,
			inTransit: support.inTransit,
			overdue: support.overdue
		},
		forces: {
			marking: markingOf(forcesParts),
			units: forces.units,
			readyShare: forces.readyShare,
			notReady: Object.values(notReadyByDomain).reduce((a, b) => a + b, 0),
			notReadyByDomain,
			brigadesBehindSchedule: forces.brigades.behindSchedule
		},
		commitments: {
			marking: markingOf(commitmentsParts),
			inForce: commitments.inForce,
			activation: commitments.activation && activation ? { ...commitments.activation, scenario: activation.scenario } : null
		},
		cooperation: {
			marking: markingOf(cooperationParts),
			programmes: cooperation.programmes,
			overdueMilestones: cooperation.overdueMilestones,
			production
		}
	};
	return {
		drawnAt: now.toISOString(),
		seq,
		since: new Date(now.getTime() - DAY_MS).toISOString(),
		// The trends' figures count violations, pledges, deliveries and units: records the sections' markings already count.
		marking: markingFor(ctx.viewer, [...ceasefireParts, ...supportParts, ...forcesParts, ...commitmentsParts, ...cooperationParts, ...events, ...openParts]),
		...sections,
		change: changeSinceYesterday(trends.days, today),
		// In the order they were logged: a day's account, not a chart's axis.
		events: { marking: markingOf(events), items: [...events].sort((a, b) => a.seq - b.seq) },
		open: {
			marking: markingOf(openParts),
			alerts: openList(open.alerts, SHOWN_ITEMS),
			awaitingVerification: openList(open.awaitingVerification, SHOWN_ITEMS),
			overdueDeliveries: openList(open.overdueDeliveries, SHOWN_ITEMS),
			unitsNotReady: openList(open.unitsNotReady, SHOWN_ITEMS),
			overdueMilestones: openList(open.overdueMilestones, SHOWN_ITEMS)
		}
	};
}
