import type { SectorStatus } from '../ceasefire/sectors';
import type { Category, Severity, ViolationStatus } from '../ceasefire/violations';
import type { ActivationFigures } from '../commitments/kpis';
import { fromCents, toCents } from '../core/money';
import { canSee, intersect, releasabilityLabel, type Releasability } from '../core/releasability';
import type { Domain, Readiness } from '../forces/units';
import type { Viewer } from '../identity/actor';
import type { DeliveryStatus } from '../support/deliveries';
import type { PledgeCategory } from '../support/pledges';
import type { NotableEvent } from './notable-events';
import type { TrendDay } from './trends';

/**
 * Leadership's daily summary (SITREP): the five guarantees' headline figures for one reader, what
 * changed since the day before, the notable events and the open items of the last 24 h, and the
 * marking of all of it.
 */

/** Anything the page shows, as far as its marking goes. */
export interface Marked {
	releasableTo: Releasability;
	exercise?: boolean;
}

export interface Marking {
	/** Who may see everything the content holds. */
	releasableTo: Releasability;
	/** `CELL ONLY`, `REL DEU`, `REL DEU, POL`, `REL COALITION`. */
	label: string;
	/** Exercise data is in it. */
	exercise: boolean;
}

/**
 * The marking of content made of these parts. The rule: the content may go only to those who may
 * see every part of it, so its releasability is the intersection of the parts' (`intersect`): any
 * cell-only part, or two parts released to different nations, make it CELL ONLY; parts released to
 * DEU and to the coalition make it REL DEU. A figure is a part for every record it counts. Content
 * with no parts restricts nothing: REL COALITION. EXERCISE when any part is exercise data.
 */
export function markingOf(parts: Iterable<Marked>): Marking {
	let releasableTo: Releasability = 'coalition';
	let exercise = false;
	for (const part of parts) {
		releasableTo = intersect(releasableTo, part.releasableTo);
		exercise ||= part.exercise === true;
	}
	return { releasableTo, label: releasabilityLabel(releasableTo), exercise };
}

/**
 * The marking of content drawn for this reader. Every part comes from a read filtered for the reader,
 * so the reader may always see the result; a marking the reader may not see means a part slipped
 * through unfiltered, and the page is refused rather than shown.
 */
export function markingFor(viewer: Viewer, parts: Iterable<Marked>): Marking {
	const all = [...parts];
	const marking = markingOf(all);
	if (!canSee(viewer, marking.releasableTo)) {
		// Markings only, no content: what the server log needs to find the read that let them through.
		const unseen = [...new Set(all.filter((part) => !canSee(viewer, part.releasableTo)).map((part) => JSON.stringify(part.releasableTo)))];
		throw new Error(`content marked ${marking.label} was drawn for a reader who may not see it (parts released to ${unseen.join(' ') || 'the reader, in no common list'})`);
	}
	return marking;
}

/** Today's figure minus yesterday's, from the daily trends; null where either day has none. */
export interface DailyChange {
	reported: number | null;
	verified: number | null;
	pledgedEur: number | null;
	deliveredEur: number | null;
	/** In shares (0.05 = five percentage points). */
	readyShare: number | null;
}

export const NO_CHANGE_KNOWN: DailyChange = { reported: null, verified: null, pledgedEur: null, deliveredEur: null, readyShare: null };

const DAY_MS = 86_400_000;

/**
 * The change since the day before, from the trends of yesterday and today (UTC days): the reports
 * observed today against those observed yesterday, and the levels (pledged, delivered, ready share)
 * at the end of today against the end of yesterday.
 */
export function changeSinceYesterday(days: readonly TrendDay[], today: string): DailyChange {
	const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
	const now = days.find((d) => d.date === today);
	const before = days.find((d) => d.date === yesterday);
	if (!now || !before) return NO_CHANGE_KNOWN;
	// In cents, so that €0.10 + €0.20 − €0.30 is nothing rather than 5.6e-17.
	const eur = (a: number, b: number) => fromCents(toCents(a) - toCents(b));
	return {
		reported: now.violations.reported - before.violations.reported,
		verified: now.violations.verified - before.violations.verified,
		pledgedEur: eur(now.support.pledgedEur, before.support.pledgedEur),
		deliveredEur: eur(now.support.deliveredEur, before.support.deliveredEur),
		readyShare: now.forces.readyShare === null || before.forces.readyShare === null ? null : now.forces.readyShare - before.forces.readyShare
	};
}

/** A list of open items: how many there are, and the first of them. */
export interface OpenList<T> {
	total: number;
	items: T[];
}

export function openList<T>(all: readonly T[], shown: number): OpenList<T> {
	return { total: all.length, items: all.slice(0, shown) };
}

interface Item {
	id: string;
	releasableTo: Releasability;
	exercise: boolean;
}

export interface OpenAlert extends Item {
	title: string;
	severity: Severity;
	raisedAt: string;
	violationId: string;
}

export interface AwaitingVerification extends Item {
	category: Category;
	severity: Severity;
	status: ViolationStatus;
	observedAt: string;
	/** Null outside every sector, or where the reader may not see the sector. */
	sectorName: string | null;
}

export interface OverdueDelivery extends Item {
	donor: string;
	category: PledgeCategory;
	status: DeliveryStatus;
	valueEur: number | null;
	quantity: number | null;
	expectedOn: string;
	hub: string | null;
}

export interface UnitNotReady extends Item {
	name: string;
	nation: string;
	domain: Domain;
	readiness: Readiness;
	readinessChangedAt: string;
}

export interface OverdueMilestone extends Item {
	title: string;
	programmeTitle: string | null;
	dueOn: string;
}

export interface ProgrammeProduction extends Item {
	title: string;
	unit: string | null;
	plannedToDate: number;
	actualToDate: number;
}

export interface Sitrep {
	/** When it was drawn, and the log's seq its figures are at: two copies with the same seq show the same. */
	drawnAt: string;
	seq: number;
	/** The start of the 24 h it covers (to drawnAt). */
	since: string;
	marking: Marking;
	ceasefire: {
		marking: Marking;
		overall: SectorStatus;
		sectors: number;
		violatedSectors: string[];
		reported24h: number;
		verified24h: number;
		openInvestigations: number;
		commissionCases: number;
		lastVerifiedAt: string | null;
	};
	support: {
		marking: Marking;
		pledgedEur: number;
		deliveredEur: number;
		deliveredShare: number;
		inTransit: number;
		overdue: number;
	};
	forces: {
		marking: Marking;
		units: number;
		readyShare: number | null;
		/** C4 and C5. */
		notReady: number;
		notReadyByDomain: Record<Domain, number>;
		brigadesBehindSchedule: number;
	};
	commitments: {
		marking: Marking;
		inForce: number;
		activation: (ActivationFigures & { scenario: string }) | null;
	};
	cooperation: {
		marking: Marking;
		programmes: number;
		overdueMilestones: number;
		production: ProgrammeProduction[];
	};
	change: DailyChange;
	events: { marking: Marking; items: NotableEvent[] };
	open: {
		marking: Marking;
		alerts: OpenList<OpenAlert>;
		awaitingVerification: OpenList<AwaitingVerification>;
		overdueDeliveries: OpenList<OverdueDelivery>;
		unitsNotReady: OpenList<UnitNotReady>;
		overdueMilestones: OpenList<OverdueMilestone>;
	};
}
