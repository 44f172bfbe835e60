import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD, type Backend } from './backends';
import { freePorts } from './free-port';

/** The repository root: the production server is started from here, as `npm start` does. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const HANDLER = path.join(REPO_ROOT, 'build', 'handler.js');
/** Inputs of `vite build` besides src/: a change in any of them also makes the build stale. */
const BUILD_INPUTS = ['svelte.config.js', 'vite.config.ts', 'package.json'];
const READY_TIMEOUT_MS = 60_000;
const KILL_AFTER_MS = 10_000;

function mtimeOf(file: string): number {
	try {
		return statSync(file).mtimeMs;
	} catch {
		return 0;
	}
}

/** The newest modification time of any file under a directory (0 when it does not exist). */
function newestUnder(dir: string): number {
	let newest = 0;
	let entries;
	try {
		entries = readdirSync(dir, { withFileTypes: true });
	} catch {
		return 0;
	}
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestUnder(full));
		else if (entry.isFile()) newest = Math.max(newest, mtimeOf(full));
	}
	return newest;
}

let built = false;

/**
 * Makes sure build/handler.js exists and is newer than every source file: runs `npx vite build`
 * (at most once per test file's worker) when it is missing or stale.
 */
export function ensureBuilt(): void {
	if (built) return;
	const handlerTime = mtimeOf(HANDLER);
	const sourceTime = Math.max(newestUnder(path.join(REPO_ROOT, 'src')), ...BUILD_INPUTS.map((f) => mtimeOf(path.join(REPO_ROOT, f))));
	if (handlerTime === 0 || handlerTime < sourceTime) {
		const why = handlerTime === 0 ? 'build/handler.js is missing' : 'build/handler.js is older than the sources';
		console.warn(`[server-process] ${why}: running \`npx vite build\` (this takes a while)`);
		const result = spawnSync('npx', ['vite', 'build'], { cwd: REPO_ROOT, encoding: 'utf8', env: baseEnv(), maxBuffer: 64 * 1024 * 1024 });
		if (result.status !== 0 || mtimeOf(HANDLER) === 0) {
			throw new Error(`\`npx vite build\` failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
		}
	}
	built = true;
}

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
			if (attempt >= 5) throw error;
		}
		rmSync(dir, { recursive: true, force: true });
		if (attempt >= 5) throw new Error('build/ kept changing while it was being copied (is a `vite build` running?)');
		// build/ was being rewritten by a concurrent build: wait for it to settle.
		await new Promise((r) => setTimeout(r, 3000));
	}
}

/** The test runner's environment, minus what would steer a build or a server away from the test's choices. */
function baseEnv(): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value === undefined) continue;
		if (/^(WATCHFLOOR_|VITEST)/.test(key)) continue;
		if (['DATABASE_URL', 'REDIS_URL', 'PORT', 'HOST', 'METRICS_PORT', 'METRICS_HOST', 'ORIGIN', 'NODE_ENV', 'LOG_LEVEL', 'NODE_OPTIONS'].includes(key)) continue;
		env[key] = value;
	}
	return env;
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
 * private copy of the build) on a free port, its metrics on another, with the given environment
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
	if (!options.buildDir) ensureBuilt();
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
