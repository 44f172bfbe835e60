import type { LiveCollection, LiveCollections } from '$lib/domain/core/collections';
import type { LiveConnection } from './live.svelte';

/** The part of the live store a view reads: tests hand in a plain object. */
export type LiveSource = Pick<LiveConnection, 'records' | 'kpis'>;

/** What a page's load read on the server: the records of the collections it shows, and their KPIs by board. */
export interface LoadedPicture {
	records: { [C in LiveCollection]?: LiveCollections[C][] };
	kpis: Readonly<Record<string, unknown>>;
}

/**
 * The live store once its first snapshot is in; before that, and for good when scripts do not run,
 * the picture the page's load read, so the page shows the same either way and never an empty flash.
 */
export function liveOrLoaded(live: Pick<LiveConnection, 'records' | 'kpis' | 'ready'>, loaded: () => LoadedPicture): LiveSource {
	return {
		records<C extends LiveCollection>(collection: C): LiveCollections[C][] {
			return live.ready ? live.records(collection) : (loaded().records[collection] ?? []);
		},
		get kpis() {
			return live.ready ? live.kpis : loaded().kpis;
		}
	};
}
