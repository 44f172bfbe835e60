import type { Alert } from '../cell/alerts';
import type { CeasefireKpis } from '../ceasefire/kpis';
import type { Sector } from '../ceasefire/sectors';
import type { Violation } from '../ceasefire/violations';
import type { LogEntry } from '../cell/watch-log';
import type { Handover } from '../cell/handover';
import type { WallSettings } from '../cell/wall-settings';
import type { DepotRequest } from '../support/depot-requests';
import type { Delivery } from '../support/deliveries';
import type { Fortification } from '../support/fortifications';
import type { SupportKpis } from '../support/kpis';
import type { ForcesKpis } from '../forces/kpis';
import type { CommitmentsKpis } from '../commitments/kpis';
import type { CooperationKpis } from '../cooperation/kpis';
import type { Pledge } from '../support/pledges';
import type { Brigade } from '../forces/brigades';
import type { Unit } from '../forces/units';
import type { Activation } from '../commitments/activations';
import type { Commitment } from '../commitments/commitments';
import type { Milestone } from '../cooperation/milestones';
import type { Programme } from '../cooperation/programmes';

/**
 * What every part of the product knows of a collection, server and browser alike: how people call
 * it, where one of its records is shown, whether screens hold it live. The server's registry
 * (server/collections/) adds the table, reads, exports and commands.
 */
export interface CollectionInfo {
	/** One record, as a reader of the audit trail says it: "Violation report". */
	label: string;
	/** The page that shows one record, if there is one. */
	link: ((id: string) => string) | null;
	/** On every screen: in the snapshot and as deltas. */
	live: boolean;
}

export const COLLECTIONS = {
	'log-entries': { label: 'Log entry', link: (id) => `/log/${id}`, live: true },
	sectors: { label: 'Sector', link: null, live: true },
	violations: { label: 'Violation report', link: (id) => `/ceasefire/${id}`, live: true },
	alerts: { label: 'Alert', link: null, live: true },
	handovers: { label: 'Shift handover', link: () => '/log/handover', live: true },
	/** One record per kind of setting (`wall`): every screen follows them live. */
	settings: { label: 'Settings', link: (id) => `/admin/${id}`, live: true },
	'depot-requests': { label: 'Depot access request', link: null, live: true },
	pledges: { label: 'Pledge', link: (id) => `/support/pledges/${id}`, live: true },
	deliveries: { label: 'Delivery', link: null, live: true },
	fortifications: { label: 'Fortification', link: null, live: true },
	units: { label: 'Unit', link: (id) => `/forces/units/${id}`, live: true },
	brigades: { label: 'Brigade', link: null, live: true },
	commitments: { label: 'Commitment', link: null, live: true },
	activations: { label: 'Activation', link: (id) => `/commitments/activations/${id}`, live: true },
	programmes: { label: 'Programme', link: (id) => `/cooperation/${id}`, live: true },
	milestones: { label: 'Milestone', link: null, live: true },
	users: { label: 'User', link: (id) => `/admin/users/${id}`, live: false },
	tokens: { label: 'Token', link: null, live: false },
	/** A CSV import, logged once beside the reports it made. */
	imports: { label: 'Import', link: null, live: false }
} as const satisfies Record<string, CollectionInfo>;

export type CollectionName = keyof typeof COLLECTIONS;

export function isCollection(name: string): name is CollectionName {
	return Object.hasOwn(COLLECTIONS, name);
}

/** The record type of each collection that lives on every screen. */
export interface LiveCollections {
	'log-entries': LogEntry;
	sectors: Sector;
	violations: Violation;
	alerts: Alert;
	handovers: Handover;
	settings: WallSettings;
	'depot-requests': DepotRequest;
	pledges: Pledge;
	deliveries: Delivery;
	fortifications: Fortification;
	units: Unit;
	brigades: Brigade;
	commitments: Commitment;
	activations: Activation;
	programmes: Programme;
	milestones: Milestone;
}
export type LiveCollection = keyof LiveCollections;

/** The figures of each KPI board, by its record's id in the `kpis` collection (`snapshot.kpis.<id>`). */
export interface LiveKpis {
	ceasefire: CeasefireKpis;
	support: SupportKpis;
	forces: ForcesKpis;
	commitments: CommitmentsKpis;
	cooperation: CooperationKpis;
}
export type KpiBoardId = keyof LiveKpis;
export const LIVE_COLLECTIONS = (Object.keys(COLLECTIONS) as CollectionName[]).filter((name) => COLLECTIONS[name].live) as LiveCollection[];

export function isLiveCollection(name: string): name is LiveCollection {
	return isCollection(name) && COLLECTIONS[name].live;
}

/** "Violation report", or the name itself for a collection this build does not know (an older log). */
export function collectionLabel(name: string): string {
	return isCollection(name) ? COLLECTIONS[name].label : name;
}

/** Where a record is shown, or null. */
export function recordLink(collection: string, id: string): string | null {
	return isCollection(collection) ? (COLLECTIONS[collection].link?.(id) ?? null) : null;
}
