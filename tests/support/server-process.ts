/** Production servers as the tests run them: each on a private copy of the build, stopped, signed in to. */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_PASSWORD, type Backend } from './backends';
import { REPO_ROOT, baseEnv, ensureBuilt, mtimeOf, withBuildLock } from './build';
import { freePorts } from './free-port';

const READY_TIMEOUT_MS = 60_000;
const KILL_AFTER_MS = 10_000;
const COPY_ATTEMPTS = 8;

/**
 * How long a file's beforeAll may take: waiting for the build lock (others build in this work
 * tree too), a build, and starting a server.
 */
export const SETUP_TIMEOUT_MS = 600_000;

/**
 * A private copy of build/ and server.ts for one server process, so that a `vite build` running
 * meanwhile (another terminal, another test run) cannot pull chunks from under a live server:
 * SvelteKit loads route chunks lazily. package.json comes along (it makes server.ts ESM),
 * node_modules is linked, and the working directory stays the repository root (./drizzle).
 */
async function snapshotBuild(buildDir = path.join(REPO_ROOT, 'build')): Promise<string> {
	const handler = path.join(buildDir, 'handler.js');
	for (let attempt = 1; ; attempt++) {
		const dir = mkdtempSync(path.join(tmpdir(), 'watchfloor-server-'));
		const before = mtimeOf(handler);
		try {
			cpSync(buildDir, path.join(dir, 'build'), { recursive: true });
			for (const file of ['server.ts', 'package.json']) copyFileSync(path.join(REPO_ROOT, file), path.join(dir, file));
			symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
			if (before !== 0 && mtimeOf(handler) === before && mtimeOf(path.join(dir, 'build', 'handler.js')) !== 0) return dir;
		} catch (error) {
			if (attempt >= COPY_ATTEMPTS) throw error;
		}
		rmSync(dir, { recursive: true, force: true });
		if (attempt >= COPY_ATTEMPTS) throw new Error('build/ kept changing while it was being copied (is a `vite build` running?)');
		// build/ was being rewritten by a concurrent build: wait for it to end (a build under the lock) and settle (one without).
		await withBuildLock(() => {});
		await new Promise((r) => setTimeout(r, 3000));
	}
}

export interface ServerProcess {
	/** `http://127.0.0.1:<port>`, also the origin a browser would send. */
	url: string;
	port: number;
	/** `http://127.0.0.1:<port>` of its own metrics listener (GET /metrics), a free port of its own. */
	metricsUrl: string;
	process: ChildProcess;
	/** Sends the signal (SIGTERM by default), SIGKILL after 10 s; resolves once the process has exited. */
	stop(signal?: NodeJS.Signals): Promise<void>;
	/** Everything the process wrote to stdout and stderr so far. */
	logs(): string;
}

// Safety net: a test worker that exits without its afterAll must not leave servers or copies behind.
const running = new Map<ChildProcess, string>();
let exitHookInstalled = false;
function track(child: ChildProcess, dir: string) {
	running.set(child, dir);
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.once('exit', () => {
			for (const [c, d] of running) {
				c.kill('SIGKILL');
				rmSync(d, { recursive: true, force: true });
			}
		});
	}
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * Starts the production server (`node --import tsx server.ts`, from the repository root, on a
 * private copy of the build, brought up to date first) on a free port, its metrics on another, with the given environment
 * (a backend's env) and resolves once GET /readyz answers 200.
 */
export async function startServerProcess(
	env: Record<string, string> = {},
	options: {
		/** Extra flags for node itself (e.g. the bench's --cpu-prof), which NODE_OPTIONS may not carry. */
		nodeArgs?: string[];
		/** A frozen copy of build/ to run instead of the work tree's (the bench runs one build throughout). */
		buildDir?: string;
	} = {}
): Promise<ServerProcess> {
	if (!options.buildDir) await ensureBuilt();
	const [port, metricsPort] = (await freePorts(2)) as [number, number];
	const url = `http://127.0.0.1:${port}`;
	const dir = await snapshotBuild(options.buildDir);
	let output = '';
	const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(dir, 'server.ts')], {
		cwd: REPO_ROOT,
		env: {
			...baseEnv(),
			HOST: '127.0.0.1',
			PORT: String(port),
			METRICS_PORT: String(metricsPort),
			LOG_LEVEL: 'warn',
			WATCHFLOOR_ADMIN_PASSWORD: ADMIN_PASSWORD,
			WATCHFLOOR_DEMO: 'off',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	track(child, dir);
	child.once('exit', () => {
		running.delete(child);
		rmSync(dir, { recursive: true, force: true });
	});
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	const exit = new Promise<void>((resolve) => {
		if (exited(child)) resolve();
		else child.once('exit', () => resolve());
	});

	const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
		if (exited(child)) return;
		child.kill(signal);
		const force = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
		await exit;
		clearTimeout(force);
	};
	const handle: ServerProcess = { url, port, metricsUrl: `http://127.0.0.1:${metricsPort}`, process: child, stop, logs: () => output };

	try {
		await waitUntilReady(handle);
	} catch (error) {
		await stop('SIGKILL');
		throw error;
	}
	return handle;
}

async function waitUntilReady(server: ServerProcess): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	let last = 'no answer yet';
	while (Date.now() < deadline) {
		if (exited(server.process)) {
			const { exitCode, signalCode } = server.process;
			throw new Error(`the server exited (${exitCode ?? signalCode}) before it was ready; its output:\n${tail(server.logs())}`);
		}
		try {
			const response = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(5000) });
			if (response.status === 200) return;
			last = `${response.status} ${await response.text()}`;
		} catch (error) {
			last = error instanceof Error ? error.message : String(error);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`the server on ${server.url} was not ready within ${READY_TIMEOUT_MS / 1000} s (last: ${last}); its output:\n${tail(server.logs())}`);
}

function tail(text: string, max = 8000): string {
	return text.length > max ? `…${text.slice(-max)}` : text;
}

/** A suite's afterAll: its screens closed, its server stopped, its backend disposed even when the stop fails. */
export async function tearDown(screens: { close(): void }[], server: ServerProcess | undefined, backend: Backend | undefined): Promise<void> {
	for (const screen of screens) screen.close();
	try {
		await server?.stop();
	} finally {
		await backend?.dispose();
	}
}

/** Signs in over the REST API and returns the cookie to send back: `wf_session=<token>`. */
export async function signIn(url: string, username: string, password: string): Promise<string> {
	const response = await fetch(`${url}/api/v1/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password })
	});
	if (response.status !== 200) throw new Error(`sign-in as ${username} failed: ${response.status} ${await response.text()}`);
	const cookie = response.headers
		.getSetCookie()
		.map((line) => line.split(';')[0]!.trim())
		.find((pair) => pair.startsWith('wf_session='));
	if (!cookie) throw new Error(`sign-in as ${username} set no wf_session cookie`);
	return cookie;
}

/** A Prometheus sample from a server's metrics listener (summed over label sets when `labels` is not given). */
export async function metric(metricsUrl: string, name: string, labels?: Record<string, string>): Promise<number> {
	const text = await (await fetch(`${metricsUrl}/metrics`)).text();
	let total = 0;
	for (const line of text.split('\n')) {
		if (!line.startsWith(name)) continue;
		const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
		if (!match || match[1] !== name) continue;
		if (labels && !Object.entries(labels).every(([k, v]) => (match[2] ?? '').includes(`${k}="${v}"`))) continue;
		total += Number(match[3]);
	}
	return total;
}

/** Resident set size of a process in bytes, from /proc. */
export function rssOf(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
	if (!kb) throw new Error(`no VmRSS for ${pid}`);
	return Number(kb[1]) * 1024;
}
