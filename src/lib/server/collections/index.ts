import { LIVE_COLLECTIONS, type LiveCollection } from '$lib/domain/core/collections';
import { alertsCollection, handoversCollection, logEntriesCollection, settingsCollection } from './cell';
import { sectorsCollection, violationsCollection } from './ceasefire';
import { activationsCollection, commitmentsCollection } from './commitments';
import { milestonesCollection, programmesCollection } from './cooperation';
import { brigadesCollection, unitsCollection } from './forces';
import { tokensCollection, usersCollection } from './identity';
import { deliveriesCollection, depotRequestsCollection, fortificationsCollection, pledgesCollection } from './support';
import type { CollectionSpec } from './registry';

/** Every collection with a table, by name: the REST routes, the rebuild and the history read from here. */
const REGISTRY: ReadonlyMap<string, CollectionSpec> = new Map(
	([logEntriesCollection, alertsCollection, handoversCollection, settingsCollection, usersCollection, tokensCollection, sectorsCollection, violationsCollection, depotRequestsCollection, pledgesCollection, deliveriesCollection, fortificationsCollection, unitsCollection, brigadesCollection, commitmentsCollection, activationsCollection, programmesCollection, milestonesCollection] as CollectionSpec[]).map((spec) => [spec.name, spec])
);

export function collectionSpec(name: string): CollectionSpec | undefined {
	return REGISTRY.get(name);
}

/** Every collection of the registry: what the REST routes answer for, and the OpenAPI document describes. */
export function collectionSpecs(): CollectionSpec[] {
	return [...REGISTRY.values()];
}

/** The specs of the collections on every screen, in the catalog's order. */
export function liveCollectionSpecs(): [LiveCollection, CollectionSpec][] {
	return LIVE_COLLECTIONS.map((name) => {
		const spec = REGISTRY.get(name);
		if (!spec) throw new Error(`the live collection ${name} has no registry entry`);
		return [name, spec];
	});
}
