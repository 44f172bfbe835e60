import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_PASSWORD, availableBackends, createBackend, type Backend, type BackendName } from '../support/backends';
import { Screen } from '../support/screen';
import { metric, signIn, startServerProcess, tearDown, type ServerProcess } from '../support/server-process';

/**
 * Requests that arrive too slowly (slow-header and slow-body attacks) are cut by the production
 * server, without cutting the long-lived Socket.IO connections or normal requests. The server runs
 * with a 1 s headers timeout and a 2 s request timeout, logging at debug so that every line it
 * writes about a cut request can be checked.
 */

const preferred: BackendName = availableBackends().includes('postgres+redis') ? 'postgres+redis' : 'pglite+memory';
/** Generous beside the 1–2 s timeouts (plus Node's 1 s check), yet far below Node's own defaults. */
const CUT_WITHIN_MS = 15_000;

let backend: Backend | undefined;
let server: ServerProcess | undefined;
let cookie = '';
const screens: Screen[] = [];

beforeAll(async () => {
	backend = await createBackend(preferred);
	server = await startServerProcess({
		...backend.env,
		WATCHFLOOR_HEADERS_TIMEOUT_SECONDS: '1',
		WATCHFLOOR_REQUEST_TIMEOUT_SECONDS: '2',
		LOG_LEVEL: 'debug'
	});
	cookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);
});

afterAll(() => tearDown(screens, server, backend));

interface RawConnection {
	/** Everything the server wrote back so far. */
	received(): string;
	/** Resolves once the connection is closed (by the server, in these tests). */
	closed: Promise<void>;
	write(text: string): void;
}

/** A bare TCP connection to the server, to send a request as slowly as an attacker would. */
async function connect(): Promise<RawConnection> {
	const socket = net.connect(server!.port, '127.0.0.1');
	let received = '';
	socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
	// A reset is one way for the server to close it.
	socket.on('error', () => {});
	const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('error', reject);
	});
	return { received: () => received, closed, write: (text) => void (socket.destroyed || socket.write(text)) };
}

/** Sends a request's head, then its body a byte every 100 ms, until the server closes the connection. */
async function trickleBody(path: string, headers: Record<string, string>): Promise<RawConnection> {
	const connection = await connect();
	const head = Object.entries({ Host: `127.0.0.1:${server!.port}`, 'Content-Length': '100000', ...headers })
		.map(([name, value]) => `${name}: ${value}\r\n`)
		.join('');
	connection.write(`POST ${path} HTTP/1.1\r\n${head}\r\n`);
	const drip = setInterval(() => connection.write('a'), 100);
	void connection.closed.then(() => clearInterval(drip));
	return connection;
}

/** The server's log lines (pino JSON) about a request path. */
function logLinesAbout(path: string): { level: number; msg: string }[] {
	return server!
		.logs()
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.map((line) => JSON.parse(line) as { level: number; msg: string; path?: string })
		.filter((line) => line.path === path);
}

const PINO_ERROR = 50;

describe(`slow requests are cut (${preferred})`, () => {
	it(
		'closes a connection that sends a request line and one header, then nothing, with 408',
		async () => {
			const timedOut = () => metric(server!.metricsUrl, 'watchfloor_http_requests_timed_out_total');
			const before = await timedOut();
			const connection = await connect();
			connection.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
			await connection.closed;
			expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
			// Operators see such cuts counted, not logged one by one.
			expect(await timedOut()).toBe(before + 1);
		},
		CUT_WITHIN_MS
	);

	it(
		'closes a connection that trickles its headers in',
		async () => {
			const connection = await connect();
			connection.write('GET /healthz HTTP/1.1\r\n');
			const drip = setInterval(() => connection.write('X-Drip: a\r\n'), 100);
			await connection.closed.finally(() => clearInterval(drip));
			expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
		},
		CUT_WITHIN_MS
	);

	it.each([
		{ what: 'a JSON body (REST sign-in)', path: '/api/v1/auth/login', headers: { 'Content-Type': 'application/json' } },
		{ what: 'a form body (the sign-in page)', path: '/login', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }
	])(
		'cuts $what that trickles in, and logs that below error level',
		async ({ path, headers }) => {
			const connection = await trickleBody(path, { Origin: server!.url, ...headers });
			await connection.closed;
			expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
			// The route saw its body fail: it says so, once, in a line that cannot flood an error log.
			await vi.waitFor(() => expect(logLinesAbout(path)).not.toEqual([]), { timeout: 10_000 });
			expect(logLinesAbout(path).filter((line) => line.level >= PINO_ERROR)).toEqual([]);
		},
		CUT_WITHIN_MS
	);
});

describe(`what is not cut (${preferred})`, () => {
	it('still answers normal requests', async () => {
		expect((await fetch(`${server!.url}/healthz`)).status).toBe(200);
		const created = await fetch(`${server!.url}/api/v1/log-entries`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({ text: 'Written within the time limits' })
		});
		expect(created.status, await created.clone().text()).toBe(201);
		expect((await fetch(`${server!.url}/api/v1/log-entries`, { headers: { cookie } })).status).toBe(200);
	});

	it(
		'keeps a live screen connected across several request timeouts, still sending it deltas',
		async () => {
			const screen = new Screen(server!.url, { cookie });
			screens.push(screen);
			await screen.ready();
			// Three slow requests cut one after another: the screen's connection outlives three request timeouts.
			for (let i = 0; i < 3; i++) await (await trickleBody('/api/v1/auth/login', { 'Content-Type': 'application/json' })).closed;
			const response = await fetch(`${server!.url}/api/v1/log-entries`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({ text: 'Seen live after the slow requests were cut' })
			});
			expect(response.status).toBe(201);
			const { id } = (await response.json()) as { id: string };
			await screen.until((s) => s.deltas.some((delta) => delta.id === id), 'the delta of the new entry');
			expect(screen.disconnects).toEqual([]);
			expect(screen.socket.connected).toBe(true);
		},
		CUT_WITHIN_MS * 3
	);
});
