/**
 * The production build the spawned servers run: build/ brought up to date under the lock every
 * build in this work tree takes (people, test files, the bench), at most once per worker.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: what is built, and where the production server starts from, as `npm start` does. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The lock every build in this work tree takes: `flock /tmp/wf-build.lock npx vite build`. */
export const BUILD_LOCK = '/tmp/wf-build.lock';

const HANDLER = path.join(REPO_ROOT, 'build', 'handler.js');
/** Inputs of `vite build` besides src/: a change in any of them also makes the build stale. */
const BUILD_INPUTS = ['svelte.config.js', 'vite.config.ts', 'package.json'];
const BUILD_ATTEMPTS = 3;

/** The test runner's environment, minus what would steer a build or a server away from the test's choices. */
export function baseEnv(): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value === undefined) continue;
		if (/^(WATCHFLOOR_|VITEST)/.test(key)) continue;
		if (['DATABASE_URL', 'REDIS_URL', 'PORT', 'HOST', 'METRICS_PORT', 'METRICS_HOST', 'ORIGIN', 'NODE_ENV', 'LOG_LEVEL', 'NODE_OPTIONS'].includes(key)) continue;
		env[key] = value;
	}
	return env;
}

export function mtimeOf(file: string): number {
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

/** Why build/ needs building, or null when build/handler.js is newer than every input. */
function staleness(): string | null {
	const handlerTime = mtimeOf(HANDLER);
	if (handlerTime === 0) return 'build/handler.js is missing';
	const sourceTime = Math.max(newestUnder(path.join(REPO_ROOT, 'src')), ...BUILD_INPUTS.map((f) => mtimeOf(path.join(REPO_ROOT, f))));
	return handlerTime < sourceTime ? 'build/handler.js is older than the sources' : null;
}

/** Runs a command from the repository root to its end; rejects with its output when it fails. */
function run(command: string, args: string[]): Promise<void> {
	const child = spawn(command, args, { cwd: REPO_ROOT, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (status, signal) => (status === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (exit ${status ?? signal}):\n${output.slice(-8000)}`))));
	});
}

/**
 * Runs `work` while holding the build lock, so that no one in this work tree rebuilds build/
 * meanwhile and no build of ours runs beside theirs. `whileWaiting` is called once when the lock
 * is not had within a second. Without flock on this machine, `work` runs unlocked.
 * Never call startServerProcess inside: it may wait for this same lock.
 */
export async function withBuildLock<T>(work: () => T | Promise<T>, whileWaiting?: () => void): Promise<T> {
	const holder = spawn('flock', [BUILD_LOCK, 'sh', '-c', 'echo locked; exec cat'], { stdio: ['pipe', 'pipe', 'inherit'] });
	const exited = new Promise<void>((resolve) => {
		holder.once('exit', () => resolve());
		holder.once('error', () => resolve());
	});
	const waiting = whileWaiting ? setTimeout(whileWaiting, 1000) : undefined;
	const locked = await new Promise<boolean>((resolve, reject) => {
		holder.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve(false) : reject(error)));
		holder.once('exit', (status) => reject(new Error(`flock ${BUILD_LOCK} exited (${status}) before taking the lock`)));
		holder.stdout!.setEncoding('utf8').once('data', () => resolve(true));
	}).finally(() => clearTimeout(waiting));
	if (!locked) console.warn(`[build] flock is not available: working on build/ without ${BUILD_LOCK}`);
	try {
		return await work();
	} finally {
		if (locked) {
			holder.stdin!.end();
			await exited;
		}
	}
}

let upToDate: Promise<void> | undefined;

/**
 * Brings build/ up to date: under the build lock, runs `vite build` when build/ is missing or
 * older than its inputs. Once per worker: later calls (servers started afterwards) only await the
 * first; a build that failed is tried again by the next call.
 */
export function ensureBuilt(): Promise<void> {
	upToDate ??= withBuildLock(buildIfStale, () => console.warn(`[build] waiting for ${BUILD_LOCK} (another build is running)…`)).catch((error: unknown) => {
		upToDate = undefined;
		throw error;
	});
	return upToDate;
}

/** `vite build` when build/ is stale; checked under the lock, so a build someone else just finished counts. */
async function buildIfStale(): Promise<void> {
	const why = staleness();
	if (!why) return;
	console.warn(`[build] ${why}: running \`npx vite build\` under ${BUILD_LOCK} (this takes a while)`);
	// .svelte-kit/ is shared with tools that take no lock (svelte-check, vite dev): a build they disturbed is tried again.
	for (let attempt = 1; ; attempt++) {
		try {
			await run('npx', ['vite', 'build', '--logLevel', 'warn']);
			if (mtimeOf(HANDLER) === 0) throw new Error('`npx vite build` wrote no build/handler.js');
			return;
		} catch (error) {
			if (attempt >= BUILD_ATTEMPTS) throw error;
		}
	}
}
