import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
const READY_TIMEOUT_MS = 90_000;

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
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

function stop(child: ChildProcess): Promise<void> {
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
 * database, and hands its URL and the admin password to the tests through the environment.
 */
export default async function globalSetup() {
	await mkdir(ARTIFACTS, { recursive: true });
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'watchfloor-e2e-'));
	const port = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const adminPassword = `e2e-${crypto.randomUUID()}`;

	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'production',
		PORT: String(port),
		WATCHFLOOR_DATA_DIR: dataDir,
		WATCHFLOOR_ADMIN_PASSWORD: adminPassword,
		WATCHFLOOR_DEMO: 'off',
		WATCHFLOOR_INSECURE_COOKIES: '1'
	};
	// The embedded default: no external database or Redis, whatever the calling shell has set.
	delete env.DATABASE_URL;
	delete env.REDIS_URL;
	// Plain HTTP with no proxy in front: server.ts must work that out itself, as it does for `npm start`.
	delete env.ORIGIN;
	delete env.PROTOCOL_HEADER;

	const log = createWriteStream(path.join(ARTIFACTS, 'server.log'));
	const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout?.pipe(log);
	child.stderr?.pipe(log);

	const teardown = async () => {
		await stop(child);
		log.end();
		await rm(dataDir, { recursive: true, force: true });
	};

	try {
		await waitForReady(baseUrl, child);
	} catch (error) {
		await teardown();
		throw new Error(`${(error as Error).message}; see tests/e2e/artifacts/server.log`);
	}

	process.env.E2E_BASE_URL = baseUrl;
	process.env.E2E_ADMIN_PASSWORD = adminPassword;
	return teardown;
}
