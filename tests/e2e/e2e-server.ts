import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../support/free-port';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
// Generous: seeding the exercise scenario on a loaded two-core machine has taken over 90 s.
const READY_TIMEOUT_MS = 180_000;

export interface E2eServer {
	baseURL: string;
	/** The password of `admin`, made on first start. */
	password: string;
	stop(): Promise<void>;
	/** Ends the process and starts it again on the same port and database (an outage and its end, as screens see it). */
	kill(): Promise<void>;
	restart(): Promise<void>;
}

async function waitForReady(baseUrl: string, child: ChildProcess): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	let last = 'no answer yet';
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before it was ready`);
		try {
			const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
			if (res.status === 200) return;
			last = `GET /readyz → ${res.status}`;
		} catch (error) {
			last = error instanceof Error ? error.message : String(error);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`server not ready within ${READY_TIMEOUT_MS} ms (${last})`);
}

function stopProcess(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
		child.once('exit', () => {
			clearTimeout(kill);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

/**
 * Starts the built production server (server.ts over build/) on a free port with a fresh embedded
 * database, logging to tests/e2e/artifacts/<logName>. `demo`: seeded with the exercise scenario,
 * held still (no simulator), so screenshots show the same picture every run.
 */
export async function startE2eServer({ demo, logName }: { demo: boolean; logName: string }): Promise<E2eServer> {
	await mkdir(ARTIFACTS, { recursive: true });
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'watchfloor-e2e-'));
	// The metrics listener too: several of these servers run at once, beside other test runs.
	const [port, metricsPort] = (await freePorts(2)) as [number, number];
	const baseURL = `http://127.0.0.1:${port}`;
	const password = `e2e-${crypto.randomUUID()}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'production',
		PORT: String(port),
		METRICS_PORT: String(metricsPort),
		WATCHFLOOR_DATA_DIR: dataDir,
		WATCHFLOOR_ADMIN_PASSWORD: password,
		WATCHFLOOR_DEMO: demo ? 'on' : 'off',
		WATCHFLOOR_SIMULATE_SECONDS: '0',
		WATCHFLOOR_INSECURE_COOKIES: '1'
	};
	// The embedded default: no external database or Redis, whatever the calling shell has set.
	delete env.DATABASE_URL;
	delete env.REDIS_URL;
	// Plain HTTP with no proxy in front: server.ts must work that out itself, as it does for `npm start`.
	delete env.ORIGIN;
	delete env.PROTOCOL_HEADER;
	// The bundled base map: the pages must load nothing from another origin.
	delete env.TILE_URL;

	const log = createWriteStream(path.join(ARTIFACTS, logName));
	const spawnServer = () => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout?.pipe(log, { end: false });
		child.stderr?.pipe(log, { end: false });
		return child;
	};
	let child = spawnServer();
	const stop = async () => {
		await stopProcess(child);
		log.end();
		await rm(dataDir, { recursive: true, force: true });
	};
	const ready = async () => {
		try {
			await waitForReady(baseURL, child);
		} catch (error) {
			await stop();
			throw new Error(`${(error as Error).message}; see tests/e2e/artifacts/${logName}`);
		}
	};
	await ready();
	return {
		baseURL,
		password,
		stop,
		kill: () => stopProcess(child),
		async restart() {
			await stopProcess(child);
			child = spawnServer();
			await ready();
		}
	};
}
