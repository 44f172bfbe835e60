import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { AppError, isAppError, statusOf, toErrorBody } from '$lib/domain/core/errors';
import { parseOrThrow } from '$lib/domain/core/validation';
import { getRuntime } from '../runtime';
import type { Logger } from '../logger';
import type { Actor } from '$lib/domain/identity/actor';
import { allows, type Action } from '$lib/domain/identity/roles';

const MAX_JSON_BYTES = 256 * 1024;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function tooLarge(): AppError {
	return new AppError('payload_too_large', `Bodies are limited to ${MAX_JSON_BYTES} bytes`);
}

/** The error contract over HTTP: `{ error: { code, message, fields? } }`, never a stack trace. */
export function errorResponse(error: unknown): Response {
	const body = toErrorBody(error);
	// An unread oversized body would otherwise be taken as the next request on a kept-alive connection.
	const headers: HeadersInit = body.code === 'payload_too_large' ? { Connection: 'close' } : {};
	return json({ error: body }, { status: statusOf(body), headers });
}

/**
 * Logs a request that failed unexpectedly. One whose client went away before its body had arrived
 * (abandoned, or cut by the request timeout) is no fault of ours, and anyone can cause it at will:
 * that is a debug line, not an error.
 */
export function logFailedRequest(logger: Logger, event: RequestEvent, error: unknown, message: string): void {
	if (event.request.signal.aborted) logger.debug({ err: error, path: event.url.pathname }, 'request abandoned: the client went away before its body had arrived');
	else logger.error({ err: error, path: event.url.pathname }, message);
}

/** Wraps an API handler so every thrown error leaves as the error contract (and is logged when unexpected). */
export function api(handler: (event: RequestEvent) => Promise<Response>) {
	return async (event: RequestEvent): Promise<Response> => {
		try {
			return await handler(event);
		} catch (error) {
			if (!isAppError(error)) logFailedRequest((await getRuntime()).logger, event, error, 'API request failed');
			return errorResponse(error);
		}
	};
}

/** Reads a JSON body and checks it against a schema. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
	const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (mediaType !== 'application/json') throw new AppError('validation', 'Send JSON (Content-Type: application/json)');
	if (Number(request.headers.get('content-length') ?? 0) > MAX_JSON_BYTES) throw tooLarge();
	let bytes: ArrayBuffer;
	try {
		bytes = await request.arrayBuffer();
	} catch (error) {
		// adapter-node's BODY_SIZE_LIMIT cuts off a streamed body that grows too large.
		if ((error as { status?: number }).status === 413) throw tooLarge();
		throw error;
	}
	if (bytes.byteLength > MAX_JSON_BYTES) throw tooLarge();
	let body: unknown;
	try {
		// Strict UTF-8 (RFC 8259): a lenient decoder would store U+FFFD in place of what was sent.
		body = JSON.parse(STRICT_UTF8.decode(bytes));
	} catch {
		throw new AppError('validation', 'The body is not valid JSON in UTF-8');
	}
	return parseOrThrow(schema, body);
}

/** Reads a JSON body without a schema, for commands whose schema lives in the command itself. */
export function readJsonBody(request: Request): Promise<unknown> {
	return readJson(request, z.unknown());
}

/** What an Idempotency-Key may be (also what the OpenAPI document says of it). */
export const IdempotencyKey = z.string().min(8).max(128);

/** The Idempotency-Key header, when a client sent one. */
export function idempotencyKey(request: Request): string | null {
	const key = request.headers.get('idempotency-key');
	if (key === null) return null;
	if (!IdempotencyKey.safeParse(key).success) throw new AppError('validation', 'Idempotency-Key must be 8 to 128 characters', { 'Idempotency-Key': ['8 to 128 characters'] });
	return key;
}

/** The signed-in actor, allowed to do `action`; reads check this, writes check it inside the command. */
export function permitted(actor: Actor | null, action: Action): Actor {
	if (!actor) throw new AppError('unauthenticated', 'Sign in first');
	if (!allows(actor.role, action)) throw new AppError('forbidden', `Your role may not ${action}`);
	return actor;
}

/** A path id that is not a UUID names nothing: answer 404 rather than asking the database. */
export function idParam(id: string | undefined): string {
	if (!id || !z.uuid().safeParse(id).success) throw new AppError('not_found', 'No such record');
	return id;
}

/** Query parameters as a plain object, for a schema to check. */
export function queryOf(url: URL): Record<string, string> {
	return Object.fromEntries(url.searchParams);
}
