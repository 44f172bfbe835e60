import { DELIVERY_WORKFLOW, type Delivery, type DeliveryAction } from '$lib/domain/support/deliveries';
import { allows, isCellStaff, type Role } from '$lib/domain/identity/roles';

/**
 * What this user may do on the support pages, so the pages offer only that. The server decides
 * anyway (PERMISSIONS, and checkContribution: a partner writes for its own nation only, 403 otherwise).
 */
export interface SupportRights {
	/** May record a pledge at all; `donors` says for whom. */
	pledge: boolean;
	/** Every nation (the cell's staff), or only this one (a partner). */
	donors: 'any' | string;
	/** May record deliveries against, and move the deliveries of, this donor's pledges. */
	deliverFor(donor: string): boolean;
	/** The steps open to this user on a delivery now, in workflow order. */
	stepsFor(delivery: Pick<Delivery, 'donor' | 'status'>): DeliveryAction[];
	history: boolean;
	/** Bulk import of pledges (its own page). */
	import: boolean;
}

export function supportRights(role: Role, nation: string): SupportRights {
	const forDonor = (donor: string) => isCellStaff(role) || donor === nation;
	return {
		pledge: allows(role, 'pledges.create'),
		donors: isCellStaff(role) ? 'any' : nation,
		deliverFor: (donor) => allows(role, 'deliveries.create') && forDonor(donor),
		stepsFor: (delivery) => (forDonor(delivery.donor) ? DELIVERY_WORKFLOW.available(delivery.status).filter((action) => allows(role, DELIVERY_WORKFLOW.steps[action].permission)) : []),
		history: allows(role, 'history.read'),
		import: allows(role, 'pledges.import')
	};
}
