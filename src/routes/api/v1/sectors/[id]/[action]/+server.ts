import { json } from '@sveltejs/kit';
import { AppError } from '$lib/domain/core/errors';
import { api, idempotencyKey, readJsonBody } from '$lib/server/http/api';
import { getRuntime } from '$lib/server/runtime';

const COMMANDS: Record<string, string> = { 'check-in': 'sectors.check-in', override: 'sectors.override', 'clear-override': 'sectors.clear-override' };

/** `check-in` (monitors report, all quiet), `override` `{ status, reason, expiresInHours }`, `clear-override`. */
export const POST = api(async ({ locals, params, request }) => {
	const type = COMMANDS[params.action ?? ''];
	if (!type) throw new AppError('not_found', 'No such sector action');
	const runtime = await getRuntime();
	const body = request.headers.get('content-length') === '0' || !request.headers.get('content-type') ? {} : await readJsonBody(request);
	const payload = { ...(body as object), id: params.id };
	const result = await runtime.execute(locals.actor, { type, id: idempotencyKey(request), payload });
	return json(result.record);
});
