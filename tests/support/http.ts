import { Agent } from 'undici';
import { expect } from 'vitest';
import type { ErrorBody } from '$lib/domain/core/errors';
import { ERROR_STATUS } from '$lib/domain/core/errors';

/** One HTTP answer, read once: status, parsed JSON body (or null) and the raw text. */
export interface Answer {
	status: number;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
	text: string;
	headers: Headers;
}

export interface Credentials {
	/** `wf_session=<token>`, as signIn returns it. */
	cookie?: string;
	/** An API token's secret, sent as `Authorization: Bearer <secret>`. */
	bearer?: string;
}

/** One connection pool per local address a test sends from. */
const agents = new Map<string, Agent>();
function sendingFrom(address: string): Agent {
	let agent = agents.get(address);
	if (!agent) agents.set(address, (agent = new Agent({ localAddress: address })));
	return agent;
}

/**
 * A JSON request to a running server, as a partner system or a script would send it; `rawBody`
 * (a CSV upload, say) goes as it is, with the content type the caller puts in `headers`. `from`
 * is the local address to send from: any of 127.0.0.0/8 reaches a server on 127.0.0.1, which
 * then sees another client address without trusting any header.
 */
export async function request(
	baseUrl: string,
	method: string,
	path: string,
	options: Credentials & { body?: unknown; rawBody?: string; headers?: Record<string, string>; from?: string } = {}
): Promise<Answer> {
	const headers: Record<string, string> = { ...(options.headers ?? {}) };
	if (options.cookie) headers.cookie = options.cookie;
	if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
	if (options.body !== undefined) headers['content-type'] ??= 'application/json';
	const response = await fetch(`${baseUrl}${path}`, {
		method,
		headers,
		body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
		...(options.from && { dispatcher: sendingFrom(options.from) })
	});
	const text = await response.text();
	let body: unknown = null;
	try {
		body = text ? JSON.parse(text) : null;
	} catch {
		body = null;
	}
	return { status: response.status, body, text, headers: response.headers };
}

/** The code the error contract pairs with a status (401 → unauthenticated, 403 → forbidden, …). */
export function codeOf(status: number): ErrorBody['code'] | undefined {
	return (Object.entries(ERROR_STATUS) as [ErrorBody['code'], number][]).find(([code, s]) => s === status && code !== 'idempotency_mismatch')?.[0];
}

/** Asserts the status, and for an error the contract `{ error: { code, message } }` with the matching code. */
export function expectAnswer(answer: Answer, status: number, what = ''): void {
	expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBe(status);
	if (status >= 400) {
		expect(answer.body?.error?.code, `${what}: error code`).toBe(codeOf(status));
		expect(typeof answer.body?.error?.message, `${what}: error message`).toBe('string');
	}
}

/** GET a JSON endpoint: status and body. */
export async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
	const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
	return { status: response.status, body: await response.json().catch(() => null) };
}
