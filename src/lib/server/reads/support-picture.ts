import type { SupportKpis } from '$lib/domain/support/kpis';
import { sectorsCollection } from '../collections/ceasefire';
import { listRecords, type ReadContext } from '../collections/registry';
import { deliveriesCollection, depotRequestsCollection, fortificationsCollection, pledgesCollection } from '../collections/support';
import { supportBoard } from '../realtime/boards/support';

/**
 * What the support pages show before their live connection is up, and all they show without
 * scripts: the same records and figures the snapshot gives this viewer. One donor's, for its page.
 */
export async function supportPicture(ctx: ReadContext, donor?: string) {
	const byDonor: Record<string, string> = donor ? { donor } : {};
	const [pledges, deliveries] = await Promise.all([listRecords(ctx, pledgesCollection, byDonor), listRecords(ctx, deliveriesCollection, byDonor)]);
	const kpis: { support?: SupportKpis } = {};
	const figures = ctx.kpis(supportBoard);
	if (figures) kpis.support = figures;
	return { records: { pledges, deliveries }, kpis };
}

/** The cell's other support records (fortifications, depot requests), with the names of the sectors this viewer may see. */
export async function supportWorks(ctx: ReadContext) {
	const [fortifications, depotRequests, sectors] = await Promise.all([
		listRecords(ctx, fortificationsCollection),
		listRecords(ctx, depotRequestsCollection),
		listRecords(ctx, sectorsCollection)
	]);
	return { records: { fortifications, 'depot-requests': depotRequests }, sectorNames: Object.fromEntries(sectors.map((s) => [s.id, s.name])) };
}
