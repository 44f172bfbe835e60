import { fail, json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { ImportQuery, rowsRefused, type CsvLayout, type ImportSummary } from '$lib/domain/core/csv-import';
import { previewCsv } from '$lib/domain/core/csv-preview';
import type { CommandType } from '$lib/domain/core/commands';
import { AppError, statusOf, toErrorBody } from '$lib/domain/core/errors';
import { parseOrThrow } from '$lib/domain/core/validation';
import type { Actor } from '$lib/domain/identity/actor';
import type { Action } from '$lib/domain/identity/roles';
import { getRuntime } from '../runtime';
import { api, idempotencyKey, permitted, queryOf } from './api';

/**
 * Every CSV import shares one protocol, over REST (`POST /api/v1/<collection>/import`) and from a
 * page's form: a check answers the preview (rows, errors and warnings by row, skipped counts) and
 * writes nothing; a commit writes every row through one command, or none (400 naming the wrong
 * rows) when any row is wrong.
 */

const MAX_CSV_BYTES = 16 * 1024 * 1024;
const tooLarge = () => new AppError('payload_too_large', 'CSV files are limited to 16 MiB');

/** The CSV body as text, refused (413) past 16 MiB whether or not the client said its length. */
async function readCsv(request: Request): Promise<string> {
	if (Number(request.headers.get('content-length') ?? 0) > MAX_CSV_BYTES) throw tooLarge();
	let text: string;
	try {
		text = await request.text();
	} catch (error) {
		// adapter-node's BODY_SIZE_LIMIT refuses a larger body: that is a 413, not an internal error.
		if ((error as { status?: number }).status === 413) throw new AppError('payload_too_large', 'The file is larger than this server accepts');
		throw error;
	}
	if (Buffer.byteLength(text) > MAX_CSV_BYTES) throw tooLarge();
	return text;
}

/** One import: who may run it, the file's layout, and the one command that writes every row or none. */
export interface CsvImport<Payload> {
	/** Checked before the file is read; the command checks again, as every command does. */
	action: Action;
	layout: CsvLayout<Payload>;
	command: CommandType;
	payload(rows: Payload[]): unknown;
}

export type CsvImportOutcome = { checked: ImportSummary } | { imported: number; skipped: Record<string, number>; seq: number; replayed: boolean };

/** Checks a file (writing nothing), or commits it: every row, or none when any row is wrong. */
export async function runCsvImport<Payload>(
	actor: Actor | null,
	text: string,
	csv: CsvImport<Payload>,
	options: { dryRun: boolean; idempotencyKey: string | null }
): Promise<CsvImportOutcome> {
	permitted(actor, csv.action);
	const preview = previewCsv(text, csv.layout);
	if (options.dryRun) return { checked: preview.summary };
	if (preview.summary.errors.length) throw rowsRefused(preview.summary.errors);
	if (!preview.payloads.length) throw new AppError('validation', 'Nothing to import: every row was skipped');
	const result = await (await getRuntime()).execute(actor, { type: csv.command, id: options.idempotencyKey, payload: csv.payload(preview.payloads) });
	return { imported: preview.payloads.length, skipped: preview.summary.skipped, seq: result.seq, replayed: result.replayed };
}

/** `POST /api/v1/<collection>/import[?dryRun=true&exercise=true…]`: the query is ImportQuery or an extension of it. */
export function csvImportEndpoint<Query extends typeof ImportQuery, Payload>(route: {
	action: Action;
	query: Query;
	importOf(query: z.output<Query>): Omit<CsvImport<Payload>, 'action'>;
}) {
	return api(async ({ locals, request, url }: RequestEvent) => {
		permitted(locals.actor, route.action);
		const query = parseOrThrow(route.query, queryOf(url));
		const csv = { action: route.action, ...route.importOf(query) };
		const outcome = await runCsvImport(locals.actor, await readCsv(request), csv, { dryRun: query.dryRun === 'true', idempotencyKey: idempotencyKey(request) });
		if ('checked' in outcome) return json(outcome.checked);
		const { replayed, ...answer } = outcome;
		return json(answer, { status: replayed ? 200 : 201 });
	});
}

/**
 * The same from a page's form without scripts (multipart: `file`, `intent` = check | commit, and
 * the import's own fields): the check's preview, or the commit's result, comes back as the form's
 * data; a refusal with its error. Form actions run without the page's load: the role is checked here
 * first, before the file is read.
 */
export async function csvImportAction<Payload>(
	event: Pick<RequestEvent, 'request'> & { locals: { actor: Actor | null } },
	route: { action: Action; importOf(form: FormData): Omit<CsvImport<Payload>, 'action'> }
) {
	try {
		permitted(event.locals.actor, route.action);
		const form = await event.request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) throw new AppError('validation', 'Choose a CSV file', { file: ['Choose a CSV file'] });
		if (file.size > MAX_CSV_BYTES) throw tooLarge();
		const outcome = await runCsvImport(event.locals.actor, await file.text(), { action: route.action, ...route.importOf(form) }, {
			dryRun: form.get('intent') !== 'commit',
			idempotencyKey: String(form.get('idempotencyKey') ?? '') || null
		});
		return 'checked' in outcome ? { summary: outcome.checked } : { imported: outcome.imported, skipped: outcome.skipped };
	} catch (error) {
		const body = toErrorBody(error);
		return fail(statusOf(body), { error: body });
	}
}
