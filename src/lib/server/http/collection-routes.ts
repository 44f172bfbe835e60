import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { AppError } from '$lib/domain/core/errors';
import { viewerOf, type Actor } from '$lib/domain/identity/actor';
import { collectionSpec } from '../collections';
import { getRecord, listRecords, routePayload, type CollectionSpec, type ReadContext, type RouteCommand } from '../collections/registry';
import type { CommandResult } from '../commands/execute';
import { getRuntime } from '../runtime';
import { api, idempotencyKey, permitted, queryOf, readJsonBody } from './api';

/**
 * The one set of REST routes every collection of the registry answers on:
 * `GET|POST /api/v1/<collection>` (and `.csv` / `.geojson` where it exports),
 * `GET|PATCH|DELETE /api/v1/<collection>/<id>`, `POST /api/v1/<collection>/<id>/<action>`.
 * Reads check the registry's permission and releasability; writes go through the command.
 */

const noEndpoint = () => new AppError('not_found', 'No such API endpoint');

/** `violations.csv` → the violations spec and the CSV format; an unknown name or format is 404. */
function collectionOf(segment: string | undefined): { spec: CollectionSpec; format: 'json' | 'csv' | 'geojson' } {
	const [, name, format] = /^([a-z-]{1,40})(?:\.(csv|geojson))?$/.exec(segment ?? '') ?? [];
	const spec = name ? collectionSpec(name) : undefined;
	if (!spec || (format && !spec.exports?.[format as 'csv' | 'geojson'])) throw noEndpoint();
	return { spec, format: (format as 'csv' | 'geojson' | undefined) ?? 'json' };
}

/** A path id of another shape than the collection's names nothing: 404 without asking the database. */
function idOf(spec: CollectionSpec, id: string | undefined): string {
	const valid = spec.idPattern ? spec.idPattern.test(id ?? '') : z.uuid().safeParse(id).success;
	if (!id || !valid) throw new AppError('not_found', `No such ${spec.noun}`);
	return id;
}

/** What this actor may read, as the API answers it: for the API and for pages' server loads alike. */
export async function readContext(actor: Actor): Promise<ReadContext> {
	const runtime = await getRuntime();
	const viewer = viewerOf(actor);
	return { db: runtime.database.db, viewer, kpis: (board) => runtime.kpis(viewer, board) };
}

/** A body is optional on actions (`check-in`, `acknowledge`); when there is one it is a JSON object. */
async function bodyOf(request: Request): Promise<Record<string, unknown>> {
	if (request.headers.get('content-length') === '0' || !request.headers.get('content-type')) return {};
	return (await readJsonBody(request)) as Record<string, unknown>;
}

/** Every write answers the same way: the record, and the seq at which screens get it. */
function answer(result: CommandResult, status: number, extra: Record<string, unknown> = {}): Response {
	return json({ ...result.record, ...extra }, { status, headers: { 'X-Watchfloor-Seq': String(result.seq) } });
}

async function run(event: RequestEvent, command: RouteCommand | undefined, id: string, action = ''): Promise<CommandResult> {
	if (!command) throw noEndpoint();
	const runtime = await getRuntime();
	const body = await bodyOf(event.request);
	return runtime.execute(event.locals.actor, { type: command.type, id: idempotencyKey(event.request), payload: routePayload(command, body, id, action) });
}

export const collectionRoutes = {
	GET: api(async ({ locals, params, url }) => {
		const { spec, format } = collectionOf(params.collection);
		const actor = permitted(locals.actor, spec.read);
		const items = await listRecords(await readContext(actor), spec, queryOf(url));
		if (format === 'json') return json(items);
		const exported = spec.exports![format]!;
		const headers: Record<string, string> = { 'Content-Type': exported.contentType };
		if (exported.fileName) headers['Content-Disposition'] = `attachment; filename="${exported.fileName}"`;
		return new Response(exported.render(items as never), { headers });
	}),
	POST: api(async (event) => {
		const { spec, format } = collectionOf(event.params.collection);
		if (format !== 'json') throw noEndpoint();
		const result = await run(event, spec.create, '');
		return answer(result, result.replayed ? 200 : 201, spec.created?.(result.record!, result.reply, event.url.origin));
	})
};

export const recordRoutes = {
	GET: api(async ({ locals, params }) => {
		const { spec } = collectionOf(params.collection);
		const actor = permitted(locals.actor, spec.read);
		return json(await getRecord(await readContext(actor), spec, idOf(spec, params.id)));
	}),
	PATCH: api(async (event) => {
		const { spec } = collectionOf(event.params.collection);
		return answer(await run(event, spec.update, idOf(spec, event.params.id)), 200);
	}),
	DELETE: api(async (event) => {
		const { spec } = collectionOf(event.params.collection);
		return answer(await run(event, spec.remove, idOf(spec, event.params.id)), 200);
	})
};

export const actionRoutes = {
	POST: api(async (event) => {
		const { spec } = collectionOf(event.params.collection);
		const action = event.params.action ?? '';
		const command = spec.actions && Object.hasOwn(spec.actions, action) ? spec.actions[action] : undefined;
		if (!command) throw new AppError('not_found', `No such action on ${spec.noun}s: ${action.slice(0, 40)}`);
		return answer(await run(event, command, idOf(spec, event.params.id), action), 200);
	})
};
