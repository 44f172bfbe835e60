import { json } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';

export const GET = async () => {
	const { ready, checks } = await (await getRuntime()).readiness();
	return json({ status: ready ? 'ready' : 'not ready', checks }, { status: ready ? 200 : 503 });
};
