import { json } from '@sveltejs/kit';
import { ImportQuery } from '$lib/domain/ceasefire/import';
import { AppError } from '$lib/domain/core/errors';
import { parseOrThrow } from '$lib/domain/core/validation';
import { api, idempotencyKey, permitted, queryOf } from '$lib/server/http/api';
import { previewImport } from '$lib/server/http/csv-import';
import { getRuntime } from '$lib/server/runtime';

/**
 * CSV with ACLED-like columns. `?dryRun=true` answers the preview (row count, row-by-row errors)
 * and writes nothing; without it every row is committed, or none when any row is wrong.
 */
export const POST = api(async ({ locals, request, url }) => {
	permitted(locals.actor, 'violations.import');
	const query = parseOrThrow(ImportQuery, queryOf(url));
	const preview = await previewImport(request, { exercise: query.exercise === 'true' });
	if (query.dryRun === 'true') return json(preview.summary);
	if (preview.summary.errors.length) {
		throw new AppError('validation', `${preview.summary.errors.length} row(s) are wrong; nothing was imported`, {
			rows: preview.summary.errors.slice(0, 50).map((e) => `row ${e.row}: ${Object.entries(e.fields).map(([k, v]) => `${k} ${v.join(', ')}`).join('; ')}`)
		});
	}
	const runtime = await getRuntime();
	const result = await runtime.execute(locals.actor, { type: 'violations.import', id: idempotencyKey(request), payload: { rows: preview.reports } });
	return json({ imported: preview.reports.length, seq: result.seq }, { status: result.replayed ? 200 : 201 });
});
