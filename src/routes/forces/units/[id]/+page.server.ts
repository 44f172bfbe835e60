import { unitsCollection } from '$lib/server/collections/forces';
import { readRecordPage } from '$lib/server/http/record-page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { record: unit, ...rest } = await readRecordPage(event, unitsCollection, 'unit');
	return { unit, ...rest };
};
