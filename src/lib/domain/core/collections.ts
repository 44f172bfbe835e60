import type { Alert } from '../cell/alerts';
import type { Sector } from '../ceasefire/sectors';
import type { Violation } from '../ceasefire/violations';
import type { LogEntry } from '../cell/watch-log';

/** Collections that live on every screen: in the snapshot and as deltas. */
export interface LiveCollections {
	'log-entries': LogEntry;
	sectors: Sector;
	violations: Violation;
	alerts: Alert;
}
export type LiveCollection = keyof LiveCollections;
export const LIVE_COLLECTIONS: readonly LiveCollection[] = ['log-entries', 'sectors', 'violations', 'alerts'];

export function isLiveCollection(name: string): name is LiveCollection {
	return (LIVE_COLLECTIONS as readonly string[]).includes(name);
}
