import http from 'node:http';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '$lib/domain/core/errors';
import type { LogEntry } from '$lib/domain/cell/watch-log';
import { ADMIN_PASSWORD, describeEachBackend, createBackend, type Backend } from '../support/backends';
import { Screen } from '../support/screen';
import { signIn, startServerProcess, tearDown, type ServerProcess } from '../support/server-process';

/**
 * The external contract over HTTP, against one production server (`node --import tsx server.ts`)
 * on each backend.
 */

const MAX_BODY_BYTES = 256 * 1024;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let backend: Backend | undefined;
let server: ServerProcess | undefined;
let cookie = '';
const screens: Screen[] = [];

function url(path: string): string {
	return `${server!.url}${path}`;
}

/** Anything that looks like a stack frame, a source path or a driver message. */
function expectNoStackTrace(text: string): void {
	expect(text).not.toMatch(/\n\s*at\s/);
	expect(text).not.toMatch(/\bat .+:\d+:\d+/);
	expect(text).not.toMatch(/node_modules|\/work\/|\.ts:\d+|\.js:\d+|Failed query/);
}

/** Checks the error contract `{ error: { code, message, fields? } }` and returns the error. */
async function expectError(response: Response, status: number, code: ErrorBody['code']): Promise<ErrorBody> {
	const text = await response.text();
	expectNoStackTrace(text);
	expect(response.status, text).toBe(status);
	expect(response.headers.get('content-type')).toMatch(/^application\/json/);
	const body = JSON.parse(text) as { error: ErrorBody };
	expect(Object.keys(body)).toEqual(['error']);
	expect(body.error.code).toBe(code);
	expect(typeof body.error.message).toBe('string');
	expect(body.error.message.length).toBeGreaterThan(0);
	return body.error;
}

function postEntry(body: string | unknown, headers: Record<string, string> = {}): Promise<Response> {
	return fetch(url('/api/v1/log-entries'), {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie, ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}

async function listEntries(): Promise<LogEntry[]> {
	const response = await fetch(url('/api/v1/log-entries'), { headers: { cookie } });
	expect(response.status).toBe(200);
	return (await response.json()) as LogEntry[];
}

async function createEntry(text: string): Promise<{ entry: LogEntry; seq: number }> {
	const response = await postEntry({ text });
	expect(response.status, await response.clone().text()).toBe(201);
	return { entry: (await response.json()) as LogEntry, seq: Number(response.headers.get('x-watchfloor-seq')) };
}

interface RawOptions {
	/** Send without Content-Length (Transfer-Encoding: chunked). */
	chunked?: boolean;
	/** Default: a connection of its own, so an answer sent before the body was read cannot disturb fetch's pool. */
	agent?: http.Agent | false;
	headers?: Record<string, string>;
}

/** A request through node:http, for what fetch cannot do: choose the connection, stream a body without its length. */
function rawRequest(method: string, path: string, body: string | undefined, options: RawOptions = {}): Promise<Response> {
	return new Promise((resolve, reject) => {
		const headers: Record<string, string> = { cookie, ...(options.headers ?? {}) };
		if (body !== undefined) {
			headers['content-type'] ??= 'application/json';
			if (!options.chunked) headers['content-length'] = String(Buffer.byteLength(body));
		}
		let answered = false;
		const request = http.request(url(path), { method, headers, agent: options.agent ?? false }, (response) => {
			answered = true;
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				const responseHeaders = new Headers();
				for (const [name, value] of Object.entries(response.headers)) {
					if (typeof value === 'string') responseHeaders.set(name, value);
				}
				resolve(new Response(Buffer.concat(chunks), { status: response.statusCode, headers: responseHeaders }));
			});
		});
		// The server may answer and stop reading before the whole body is sent: only errors before an answer count.
		request.on('error', (error) => {
			if (!answered) reject(error);
		});
		if (body === undefined) return void request.end();
		const bytes = Buffer.from(body);
		const step = options.chunked ? 16 * 1024 : bytes.length;
		for (let i = 0; i < bytes.length; i += step) request.write(bytes.subarray(i, i + step));
		request.end();
	});
}

function rawPost(path: string, body: string, options: RawOptions = {}): Promise<Response> {
	return rawRequest('POST', path, body, options);
}

function openScreen(options: { cookie?: string } = {}): Screen {
	const screen = new Screen(server!.url, options);
	screens.push(screen);
	return screen;
}

describeEachBackend('the HTTP API on %s', (backendName) => {
	beforeAll(async () => {
		backend = await createBackend(backendName);
		server = await startServerProcess(backend.env);
		cookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);
	});

	afterAll(() => tearDown(screens.splice(0), server, backend));

	describe('health and readiness', () => {
		it('GET /healthz answers 200 with JSON status ok', async () => {
			const response = await fetch(url('/healthz'));
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toMatch(/^application\/json/);
			expect(await response.json()).toEqual({ status: 'ok' });
		});

		it('GET /readyz answers 200 with the database and live state checked', async () => {
			const response = await fetch(url('/readyz'));
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toMatch(/^application\/json/);
			expect(await response.json()).toEqual({ status: 'ready', checks: { database: 'ok', live: 'ok' } });
		});
	});

	describe('POST /api/v1/auth/login', () => {
		it('with the right password sets an HttpOnly, SameSite session cookie and names the user', async () => {
			const response = await fetch(url('/api/v1/auth/login'), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD })
			});
			expect(response.status).toBe(200);
			const [line, ...others] = response.headers.getSetCookie().filter((l) => l.startsWith('wf_session='));
			expect(others).toEqual([]);
			expect(line).toMatch(/^wf_session=[^;]{20,};/);
			expect(line).toMatch(/;\s*HttpOnly/i);
			expect(line).toMatch(/;\s*SameSite=(Lax|Strict)/i);
			expect(line).toMatch(/;\s*Path=\//i);
			const body = await response.json();
			expect(body.user).toMatchObject({ username: 'admin', role: 'admin' });
			expect(body.user).not.toHaveProperty('passwordHash');
			expect(body.expiresAt).toMatch(ISO_UTC);
		});

		it('with a wrong password answers 401 unauthenticated and sets no cookie', async () => {
			const response = await fetch(url('/api/v1/auth/login'), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ username: 'admin', password: 'not-the-password' })
			});
			expect(response.headers.getSetCookie()).toEqual([]);
			await expectError(response, 401, 'unauthenticated');
		});

		it('gives an unknown user exactly the same answer as a wrong password', async () => {
			const attempt = async (username: string) => {
				const response = await fetch(url('/api/v1/auth/login'), {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ username, password: 'not-the-password' })
				});
				return { status: response.status, body: await response.json(), cookies: response.headers.getSetCookie() };
			};
			const [wrongPassword, unknownUser] = await Promise.all([attempt('admin'), attempt('nobody-here')]);
			expect(unknownUser).toEqual(wrongPassword);
			expect(unknownUser.status).toBe(401);
		});
	});

	describe('POST /api/v1/log-entries', () => {
		it('without a session answers 401 with the error body and writes nothing', async () => {
			const before = await listEntries();
			const response = await fetch(url('/api/v1/log-entries'), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ text: 'Anonymous report' })
			});
			await expectError(response, 401, 'unauthenticated');
			expect(await listEntries()).toEqual(before);
		});

		it('GET without a session answers 401 with the error body', async () => {
			await expectError(await fetch(url('/api/v1/log-entries')), 401, 'unauthenticated');
		});

		it('with a session answers 201 with the stored record, in the author name, releasable to the cell', async () => {
			const response = await postEntry({ text: '  Patrol Bravo reports the sector quiet  ' });
			expect(response.status).toBe(201);
			expect(response.headers.get('content-type')).toMatch(/^application\/json/);
			expect(Number(response.headers.get('x-watchfloor-seq'))).toBeGreaterThan(0);
			const record = (await response.json()) as LogEntry;
			expect(record).toEqual({
				id: expect.any(String),
				text: 'Patrol Bravo reports the sector quiet',
				authorId: expect.any(String),
				authorName: 'Administrator',
				createdAt: expect.stringMatching(ISO_UTC),
				releasableTo: 'cell'
			});
			expect(new Date(record.createdAt).toISOString()).toBe(record.createdAt);
			expect((await listEntries()).filter((e) => e.id === record.id)).toEqual([record]);
		});

		it('applies a request retried with the same Idempotency-Key once and answers it with the same record', async () => {
			const key = `retry-${crypto.randomUUID()}`;
			const text = `Idempotent entry ${key}`;
			const first = await postEntry({ text }, { 'idempotency-key': key });
			expect(first.status).toBe(201);
			const second = await postEntry({ text }, { 'idempotency-key': key });
			expect(second.status).toBeLessThan(300);
			const [a, b] = [(await first.json()) as LogEntry, (await second.json()) as LogEntry];
			expect(b.id).toBe(a.id);
			expect(b).toEqual(a);
			expect(second.headers.get('x-watchfloor-seq')).toBe(first.headers.get('x-watchfloor-seq'));
			expect((await listEntries()).filter((e) => e.text === text)).toHaveLength(1);
		});

		it('refuses an Idempotency-Key reused with a different body with 409 and writes nothing', async () => {
			const key = `mismatch-${crypto.randomUUID()}`;
			expect((await postEntry({ text: `First use of ${key}` }, { 'idempotency-key': key })).status).toBe(201);
			const before = await listEntries();
			await expectError(await postEntry({ text: `Second use of ${key}` }, { 'idempotency-key': key }), 409, 'idempotency_mismatch');
			expect(await listEntries()).toEqual(before);
		});

		describe('refuses an invalid request with 400 and writes nothing', () => {
			// sameOrigin: send the server's own Origin, as SvelteKit refuses cross-site text/plain POSTs before the handler.
			const cases: { name: string; body: string | unknown; headers?: Record<string, string>; sameOrigin?: boolean; field?: string }[] = [
				{ name: 'a body that is not JSON', body: '{"text": "unterminated' },
				{ name: 'a JSON body that is not an object', body: '["text"]', field: '_' },
				{ name: 'an XML content type', body: JSON.stringify({ text: 'Sent as XML' }), headers: { 'content-type': 'application/xml' } },
				{
					name: 'a text/plain content type (same origin, so it passes the CSRF check)',
					body: JSON.stringify({ text: 'Sent as plain text' }),
					headers: { 'content-type': 'text/plain' },
					sameOrigin: true
				},
				{ name: 'a missing text', body: {}, field: 'text' },
				{ name: 'an empty text', body: { text: '' }, field: 'text' },
				{ name: 'a text of white space only', body: { text: ' \n\t ' }, field: 'text' },
				{ name: 'a text that is not a string', body: { text: 42 }, field: 'text' },
				{ name: 'a text over 4000 characters', body: { text: 'x'.repeat(4001) }, field: 'text' },
				{ name: 'an unknown releasability', body: { text: 'Narrow it', releasableTo: 'everyone' }, field: 'releasableTo' },
				{ name: 'an unknown extra field', body: { text: 'With a colour', colour: 'red' } },
				{ name: 'an Idempotency-Key under 8 characters', body: { text: 'Short key' }, headers: { 'idempotency-key': 'short' } }
			];
			for (const testCase of cases) {
				it(testCase.name, async () => {
					const before = await listEntries();
					const headers = { ...(testCase.headers ?? {}) };
					if (testCase.sameOrigin) headers.origin = server!.url;
					const error = await expectError(await postEntry(testCase.body, headers), 400, 'validation');
					if (testCase.field) expect(Object.keys(error.fields ?? {})).toContain(testCase.field);
					if (testCase.name.includes('extra field')) expect(JSON.stringify(error.fields)).toContain('colour');
					expect(await listEntries()).toEqual(before);
				});
			}
		});

		it('accepts a text of exactly 4000 characters', async () => {
			const { entry } = await createEntry('y'.repeat(4000));
			expect(entry.text).toHaveLength(4000);
		});

		it('refuses a body over 256 KiB with 413 and writes nothing', async () => {
			const before = await listEntries();
			const body = JSON.stringify({ text: 'z'.repeat(MAX_BODY_BYTES) });
			expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_BODY_BYTES);
			await expectError(await rawPost('/api/v1/log-entries', body), 413, 'payload_too_large');
			expect(await listEntries()).toEqual(before);
		});

		it('refuses a chunked body over 256 KiB (no Content-Length) with 413 and writes nothing', async () => {
			const before = await listEntries();
			const body = JSON.stringify({ text: 'z'.repeat(MAX_BODY_BYTES + 1024) });
			await expectError(await rawPost('/api/v1/log-entries', body, { chunked: true }), 413, 'payload_too_large');
			expect(await listEntries()).toEqual(before);
		});

		it('refuses a chunked body over the adapter limit (512 KiB) with 413 and writes nothing', async () => {
			const before = await listEntries();
			const body = JSON.stringify({ text: 'z'.repeat(600 * 1024) });
			await expectError(await rawPost('/api/v1/log-entries', body, { chunked: true }), 413, 'payload_too_large');
			expect(await listEntries()).toEqual(before);
		});

		it('keeps a kept-alive connection usable after refusing an oversized body', async () => {
			const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
			try {
				const body = JSON.stringify({ text: 'z'.repeat(MAX_BODY_BYTES) });
				expect((await rawPost('/api/v1/log-entries', body, { agent })).status).toBe(413);
				const next = await rawRequest('GET', '/healthz', undefined, { agent });
				expect(next.status).toBe(200);
			} finally {
				agent.destroy();
			}
		});

		it('refuses a text containing U+0000 (which Postgres cannot store) with 400 validation', async () => {
			const before = await listEntries();
			const error = await expectError(await postEntry({ text: 'Null \u0000 byte' }), 400, 'validation');
			expect(Object.keys(error.fields ?? {})).toContain('text');
			expect(await listEntries()).toEqual(before);
		});

		it('answers a text the database cannot store with the error contract, no stack trace and no entry', async () => {
			// Postgres refuses U+0000 in text columns; whatever the server answers, it must be clean.
			const before = await listEntries();
			const response = await postEntry({ text: 'Null \u0000 byte' });
			const text = await response.text();
			expectNoStackTrace(text);
			expect(response.status).toBeGreaterThanOrEqual(400);
			const body = JSON.parse(text) as { error: ErrorBody };
			expect(body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
			expect(body.error.message).not.toMatch(/insert|log_entries|0x00|encoding/i);
			expect(await listEntries()).toEqual(before);
		});
	});

	describe('GET /api/v1/log-entries', () => {
		it('lists the entries newest first', async () => {
			const written: string[] = [];
			for (const n of [1, 2, 3]) written.push((await createEntry(`Ordering check ${n} ${crypto.randomUUID()}`)).entry.id);
			const list = await listEntries();
			const positions = written.map((id) => list.findIndex((e) => e.id === id));
			expect(positions.every((p) => p >= 0)).toBe(true);
			expect([...positions].sort((a, b) => b - a)).toEqual(positions);
			expect(list.slice(0, 3).map((e) => e.id)).toEqual([...written].reverse());
			const times = list.map((e) => Date.parse(e.createdAt));
			expect([...times].sort((a, b) => b - a)).toEqual(times);
		});
	});

	describe('metrics', () => {
		it('are not served on the public port: GET /metrics answers 404 there', async () => {
			const response = await fetch(url('/metrics'));
			expect(response.status).toBe(404);
			expect(await response.text()).not.toMatch(/watchfloor_/);
		});

		it('answer nothing but GET /metrics on their own listener', async () => {
			expect((await fetch(`${server!.metricsUrl}/`)).status).toBe(404);
			expect((await fetch(`${server!.metricsUrl}/metrics`, { method: 'POST' })).status).toBe(404);
		});

		it('exposes the Watchfloor metrics in the Prometheus text format on their own listener', async () => {
			await createEntry('Counted by the metrics');
			const screen = openScreen({ cookie });
			await screen.ready();
			const response = await fetch(`${server!.metricsUrl}/metrics`);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
			const text = await response.text();
			expect(text).toMatch(/^# TYPE watchfloor_connected_sockets gauge$/m);
			expect(text).toMatch(/^# TYPE watchfloor_commands_total counter$/m);
			expect(text).toMatch(/^# TYPE watchfloor_events_broadcast_total counter$/m);
			expect(text).toMatch(/^# TYPE watchfloor_command_to_broadcast_seconds histogram$/m);
			const value = (pattern: RegExp) => Number(text.match(pattern)?.[1]);
			expect(value(/^watchfloor_connected_sockets (\d+)$/m)).toBeGreaterThanOrEqual(1);
			expect(value(/^watchfloor_commands_total\{type="log-entries\.create",outcome="ok"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
			expect(value(/^watchfloor_events_broadcast_total (\d+)$/m)).toBeGreaterThanOrEqual(1);
			expect(text).toMatch(/^watchfloor_command_to_broadcast_seconds_bucket\{le="\+Inf"\} \d+$/m);
			expect(text).toMatch(/^watchfloor_command_to_broadcast_seconds_count \d+$/m);
			screen.close();
		});

		it('observes the command-to-broadcast time of every command it broadcasts', async () => {
			const count = async () => {
				const text = await (await fetch(`${server!.metricsUrl}/metrics`)).text();
				return Number(text.match(/^watchfloor_command_to_broadcast_seconds_count (\d+)$/m)?.[1]);
			};
			const before = await count();
			await createEntry('Timed from command to broadcast (1)');
			await createEntry('Timed from command to broadcast (2)');
			// A REST answer waits for its broadcast 2 s at most: on a loaded machine the broadcast may come after it.
			await expect.poll(count, { timeout: 10_000 }).toBe(before + 2);
		});
	});

	describe('the /live socket', () => {
		it('gives an anonymous socket a snapshot with a numeric seq and no records, and no deltas when an entry is written', async () => {
			const { seq: existingSeq } = await createEntry('Written before the anonymous screen connects');
			const anonymous = openScreen();
			const officer = openScreen({ cookie });
			await Promise.all([anonymous.ready(), officer.ready()]);

			const [snapshot] = anonymous.snapshots;
			expect(typeof snapshot!.seq).toBe('number');
			expect(snapshot!.seq).toBeGreaterThanOrEqual(existingSeq);
			expect(Object.values(snapshot!.data).flat()).toEqual([]);
			expect(officer.snapshots[0]!.data['log-entries']!.length).toBeGreaterThan(0);

			const { entry } = await createEntry('Not for anonymous eyes');
			await officer.until((s) => s.deltas.some((d) => d.id === entry.id), 'the officer to get the delta');
			// The REST answer comes after the broadcast; a round trip on the anonymous socket drains anything sent before it.
			const ack = await anonymous.command('log-entries.create', { text: 'Anonymous attempt' });
			expect(ack).toEqual({ ok: false, error: expect.objectContaining({ code: 'unauthenticated' }) });
			expect(anonymous.deltas).toEqual([]);
			expect(anonymous.snapshots).toHaveLength(1);
		});

		it('refuses a cross-origin handshake, even with a valid session cookie', async () => {
			const socket = io(`${server!.url}/live`, {
				transports: ['websocket'],
				reconnection: false,
				forceNew: true,
				extraHeaders: { origin: 'http://evil.example', cookie }
			});
			let snapshots = 0;
			socket.on('snapshot', () => snapshots++);
			try {
				const outcome = await new Promise<string>((resolve) => {
					socket.once('connect', () => resolve('connected'));
					socket.once('connect_error', () => resolve('refused'));
				});
				expect(outcome).toBe('refused');
				expect(snapshots).toBe(0);
			} finally {
				socket.disconnect();
			}
		});

		it('accepts a handshake whose Origin is the server itself', async () => {
			const socket = io(`${server!.url}/live`, {
				transports: ['websocket'],
				reconnection: false,
				forceNew: true,
				extraHeaders: { origin: server!.url, cookie }
			});
			try {
				const snapshot = await new Promise<unknown>((resolve, reject) => {
					socket.once('snapshot', resolve);
					socket.once('connect_error', reject);
				});
				expect(snapshot).toHaveProperty('seq');
			} finally {
				socket.disconnect();
			}
		});
	});

	describe('the login page form (SvelteKit form action)', () => {
		const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

		it('signs in with a same-origin form post: 303 to where an admin starts (the overview) and the session cookie', async () => {
			const response = await fetch(url('/login'), {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server!.url, accept: 'text/html' },
				body: form({ username: 'admin', password: ADMIN_PASSWORD })
			});
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toBe('/');
			const line = response.headers.getSetCookie().find((l) => l.startsWith('wf_session='));
			expect(line).toMatch(/;\s*HttpOnly/i);
			expect(line).toMatch(/;\s*SameSite=(Lax|Strict)/i);

			const sessionCookie = line!.split(';')[0]!;
			const list = await fetch(url('/api/v1/log-entries'), { headers: { cookie: sessionCookie } });
			expect(list.status).toBe(200);
		});

		it('never redirects off-site after signing in, whatever `next` says', async () => {
			const response = await fetch(url('/login'), {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server!.url, accept: 'text/html' },
				body: form({ username: 'admin', password: ADMIN_PASSWORD, next: '//evil.example/phish' })
			});
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toBe('/');
		});

		it('refuses a cross-site form post without signing in', async () => {
			const response = await fetch(url('/login'), {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example', accept: 'text/html' },
				body: form({ username: 'admin', password: ADMIN_PASSWORD })
			});
			expect(response.status).toBe(403);
			expect(response.headers.getSetCookie().filter((l) => l.startsWith('wf_session='))).toEqual([]);
			expectNoStackTrace(await response.text());
		});

		it('does not sign in with a wrong password', async () => {
			const response = await fetch(url('/login'), {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server!.url, accept: 'text/html' },
				body: form({ username: 'admin', password: 'not-the-password' })
			});
			expect(response.status).not.toBe(303);
			expect(response.headers.getSetCookie().filter((l) => l.startsWith('wf_session='))).toEqual([]);
			expectNoStackTrace(await response.text());
		});
	});

	describe('errors', () => {
		it('an unknown API path answers 404 with the error contract', async () => {
			await expectError(await fetch(url('/api/v1/no-such-collection'), { headers: { cookie } }), 404, 'not_found');
		});
	});
});
