import { listRecords } from '$lib/server/collections/registry';
import { deliveriesCollection, pledgesCollection } from '$lib/server/collections/support';
import { readRecordPage } from '$lib/server/http/record-page';
import { supportActions } from '$lib/server/http/support-actions';
import { recordHistory } from '$lib/server/reads/audit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { record: pledge, ...rest } = await readRecordPage(event, pledgesCollection, 'pledge', async (ctx, pledge, canReadHistory) => {
		const deliveries = await listRecords(ctx, deliveriesCollection, { pledge: pledge.id });
		const deliveryHistory = canReadHistory ? Object.fromEntries(await Promise.all(deliveries.map(async (d) => [d.id, await recordHistory(ctx.db, ctx.viewer, 'deliveries', d.id)] as const))) : {};
		return { deliveries, deliveryHistory };
	});
	return { pledge, ...rest };
};

export const actions: Actions = supportActions;
