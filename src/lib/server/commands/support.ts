import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DEFAULT_RELEASABILITY } from '$lib/domain/core/releasability';
import { checkContribution } from '$lib/domain/identity/contribution';
import { DEPOT_REQUEST_WORKFLOW, answeredStatus } from '$lib/domain/support/depot-requests';
import { depotRequestsCollection } from '../collections/support';
import { depotRequests } from '../db/schema';
import { changed, defineCommand } from './command';
import { rowOf } from './load';

/** Guarantee 2: support for Ukraine's armed forces, fed by the cell and by each donor nation for its own. */

/** A request to a nation's depot: a partner records only its own nation's, releasable to it. */
export const createDepotRequest = defineCommand({
	type: 'depot-requests.create',
	action: 'depot-requests.create',
	async apply(tx, actor, input) {
		const releasableTo = input.releasableTo ?? DEFAULT_RELEASABILITY;
		checkContribution(actor, input.nation, releasableTo);
		const [row] = await tx
			.insert(depotRequests)
			.values({
				id: randomUUID(),
				nation: input.nation,
				depot: input.depot,
				item: input.item,
				purpose: input.purpose ?? null,
				status: 'requested',
				requestedAt: input.requestedAt ? new Date(input.requestedAt) : new Date(),
				exercise: input.exercise ?? false,
				releasableTo
			})
			.returning();
		return changed(depotRequestsCollection, 'created', row!);
	}
});

/**
 * The depot's nation answers once, with a reason; the row is locked, so of two answers at once the
 * second gets a conflict naming the first's outcome.
 */
export const answerDepotRequest = defineCommand({
	type: 'depot-requests.answer',
	action: (input) => DEPOT_REQUEST_WORKFLOW.steps[input.action].permission,
	load: rowOf(depotRequests, 'depot request'),
	async apply(tx, actor, input, { target: request }) {
		checkContribution(actor, request.nation);
		const status = answeredStatus(request.status, input.action);
		const [row] = await tx.update(depotRequests).set({ status, respondedAt: new Date(), reason: input.reason }).where(eq(depotRequests.id, request.id)).returning();
		return changed(depotRequestsCollection, DEPOT_REQUEST_WORKFLOW.steps[input.action].past, row!);
	}
});
