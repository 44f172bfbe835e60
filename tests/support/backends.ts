import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, inject, vi } from 'vitest';
import postgres from 'postgres';
import { createClient } from 'redis';
import { readConfig, type Config } from '$lib/server/config';
import { createRuntime, type Runtime } from '$lib/server/runtime';
import { lastSeq } from '$lib/server/events';

export type BackendName = 'pglite+memory' | 'postgres+redis';

export interface Backend {
	name: BackendName;
	/** Environment for a runtime or a spawned server on this backend, with its own database and key prefix. */
	env: Record<string, string>;
	dispose(): Promise<void>;
}

const uniqueName = (kind: string) => `wf_test_${kind}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

/** A fresh Postgres database for one test file; dropped by dispose(). */
export async function createTestDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
	const name = uniqueName('db');
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database "${name}"`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async drop() {
			const again = postgres(adminUrl, { max: 1, onnotice: () => {} });
			await again.unsafe(`drop database if exists "${name}" with (force)`);
			await again.end();
		}
	};
}

/** Deletes every Redis key under a test prefix (never FLUSHDB: other runs may share the server). */
export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
	const client = createClient({ url: redisUrl });
	await client.connect();
	for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
		if (keys.length) await client.del(keys);
	}
	await client.quit();
}

/** The backends available on this machine: the embedded default always, the services when reachable. */
export function availableBackends(): BackendName[] {
	return inject('postgresUrl') && inject('redisUrl') ? ['pglite+memory', 'postgres+redis'] : ['pglite+memory'];
}

/**
 * One describe block per backend, `%s` in the title being its name. The services' block exists even
 * without them, skipped, so the test summary names it rather than it silently not being there.
 */
export function describeEachBackend(title: string, body: (name: BackendName) => void): void {
	const available = availableBackends();
	for (const name of ['pglite+memory', 'postgres+redis'] as const) describe.skipIf(!available.includes(name))(title.replace('%s', name), () => body(name));
}

export async function createBackend(name: BackendName): Promise<Backend> {
	if (name === 'pglite+memory') {
		// On disk rather than memory://, so a test can stop a server and start another on the same data.
		const dataDir = await mkdtemp(path.join(tmpdir(), 'wf-pglite-'));
		return { name, env: { WATCHFLOOR_DATA_DIR: dataDir }, dispose: () => rm(dataDir, { recursive: true, force: true }) };
	}
	const postgresUrl = inject('postgresUrl');
	const redisUrl = inject('redisUrl');
	if (!postgresUrl || !redisUrl) throw new Error('postgres+redis backend requested without the services');
	const database = await createTestDatabase(postgresUrl);
	const prefix = `${uniqueName('redis')}:`;
	return {
		name,
		env: { DATABASE_URL: database.url, REDIS_URL: redisUrl, WATCHFLOOR_REDIS_PREFIX: prefix },
		async dispose() {
			await database.drop();
			await deleteRedisPrefix(redisUrl, prefix);
		}
	};
}

export const ADMIN_PASSWORD = 'test-admin-password-123';

export interface RunningRuntime {
	runtime: Runtime;
	url: string;
	close(): Promise<void>;
}

/** A runtime with Socket.IO on an ephemeral port, in this process (no SvelteKit routes). */
export async function startRuntime(backend: Backend, extraEnv: Record<string, string> = {}): Promise<RunningRuntime> {
	const config: Config = readConfig({
		LOG_LEVEL: 'warn',
		WATCHFLOOR_DEMO: 'off',
		WATCHFLOOR_ADMIN_PASSWORD: ADMIN_PASSWORD,
		...backend.env,
		...extraEnv
	});
	const runtime = await createRuntime(config);
	const server: Server = createServer();
	await runtime.attach(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		runtime,
		url: `http://127.0.0.1:${port}`,
		async close() {
			await runtime.shutdown();
			server.closeAllConnections();
		}
	};
}

/** Live state follows the broadcast by a write (tailer.ts): resolves once it holds every event logged so far. */
export async function liveCaughtUp(runtime: Runtime): Promise<void> {
	const seq = await lastSeq(runtime.database.db);
	await vi.waitFor(
		async () => {
			const at = (await runtime.live.position())?.seq ?? 0;
			if (at < seq) throw new Error(`live state at seq ${at}, the log at ${seq}`);
		},
		{ timeout: 5000, interval: 10 }
	);
}
