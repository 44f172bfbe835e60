import { json } from '@sveltejs/kit';
import { viewerOf } from '$lib/domain/identity/actor';
import { api, permitted } from '$lib/server/http/api';
import { listAlerts } from '$lib/server/reads/ceasefire';
import { getRuntime } from '$lib/server/runtime';

export const GET = api(async ({ locals }) => {
	const actor = permitted(locals.actor, 'records.read');
	return json(await listAlerts((await getRuntime()).database.db, viewerOf(actor)));
});
