import { getRuntime } from '$lib/server/runtime';

export const GET = async () => {
	const { registry } = (await getRuntime()).metrics;
	return new Response(await registry.metrics(), { headers: { 'Content-Type': registry.contentType } });
};
