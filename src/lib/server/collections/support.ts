import { desc } from 'drizzle-orm';
import { DEPOT_REQUEST_WORKFLOW, type DepotRequest } from '$lib/domain/support/depot-requests';
import { depotRequests } from '../db/schema';
import { CSV_CONTENT_TYPE, csvOf } from '../http/exports';
import { presentDepotRequest } from '../presenters';
import { defineCollection, workflowActions } from './registry';

/** Guarantee 2: support for Ukraine's armed forces. */

export const depotRequestsCollection = defineCollection<DepotRequest>({
	name: 'depot-requests',
	noun: 'depot request',
	table: depotRequests,
	idColumn: depotRequests.id,
	releasableColumn: depotRequests.releasableTo,
	present: presentDepotRequest,
	order: [desc(depotRequests.requestedAt)],
	read: 'records.read',
	history: 'history.read',
	exports: {
		csv: {
			contentType: CSV_CONTENT_TYPE,
			fileName: 'depot-requests.csv',
			render: csvOf<DepotRequest>(['id', 'nation', 'depot', 'item', 'purpose', 'status', 'requestedAt', 'respondedAt', 'responseDays', 'reason', 'exercise'])
		}
	},
	/** `{ nation, depot, item, purpose?, requestedAt?, releasableTo?, exercise? }`; a partner: its own nation's depots, releasable to it. */
	create: { type: 'depot-requests.create' },
	/** `grant | refuse` with `{ reason }`; an answered request is 409, another nation's (a partner) 403. */
	actions: workflowActions('depot-requests.answer', DEPOT_REQUEST_WORKFLOW.actions)
});
