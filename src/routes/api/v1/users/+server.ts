import { json } from '@sveltejs/kit';
import { api, idempotencyKey, permitted, readJsonBody } from '$lib/server/http/api';
import { listUsers } from '$lib/server/reads/accounts';
import { getRuntime } from '$lib/server/runtime';

export const GET = api(async ({ locals }) => {
	permitted(locals.actor, 'user.manage');
	return json(await listUsers((await getRuntime()).database.db));
});

export const POST = api(async ({ locals, request }) => {
	const runtime = await getRuntime();
	const payload = await readJsonBody(request);
	const result = await runtime.execute(locals.actor, { type: 'users.create', id: idempotencyKey(request), payload });
	return json(result.record, { status: result.replayed ? 200 : 201 });
});
