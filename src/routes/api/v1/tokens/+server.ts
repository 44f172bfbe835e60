import { json } from '@sveltejs/kit';
import { api, idempotencyKey, permitted, readJsonBody } from '$lib/server/http/api';
import { listTokens } from '$lib/server/reads/accounts';
import { getRuntime } from '$lib/server/runtime';

export const GET = api(async ({ locals }) => {
	permitted(locals.actor, 'token.manage');
	return json(await listTokens((await getRuntime()).database.db));
});

/** `{ name, role, nation }` → the token, with its `secret` this once (and a device link for wall devices). */
export const POST = api(async ({ locals, request, url }) => {
	const runtime = await getRuntime();
	const payload = await readJsonBody(request);
	const result = await runtime.execute(locals.actor, { type: 'tokens.issue', id: idempotencyKey(request), payload });
	const secret = result.reply?.secret as string | undefined;
	const deviceLink = secret ? `${url.origin}/device#${secret}` : undefined;
	return json({ ...result.record, ...(secret && { secret, deviceLink }) }, { status: result.replayed ? 200 : 201 });
});
