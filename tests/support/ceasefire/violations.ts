import type { Violation } from '$lib/domain/ceasefire/violations';

let made = 0;

/**
 * A violation report as the domain rules take it, observed, reported and updated at `now`: a
 * test states only the fields its rule reads. Ids are distinct UUIDs, in the order made.
 */
export function violationAt(now: Date, over: Partial<Violation> = {}): Violation {
	made++;
	return {
		id: `00000000-0000-4000-8000-${String(made).padStart(12, '0')}`,
		observedAt: now.toISOString(),
		lat: 48.3,
		lon: 37.2,
		sectorId: 'pokrovsk',
		category: 'artillery',
		source: 'uav',
		severity: 'medium',
		killed: 0,
		wounded: 0,
		description: 'test',
		status: 'reported',
		responsibleParty: null,
		finding: null,
		lastStep: null,
		reportedBy: 'test',
		reportedAt: now.toISOString(),
		updatedAt: now.toISOString(),
		exercise: false,
		releasableTo: 'cell',
		...over
	};
}
