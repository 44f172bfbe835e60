import net from 'node:net';

export interface ServiceStatus {
	url: string | null;
	reason: string;
}

const POSTGRES_URL = process.env.WF_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.WF_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string, timeoutMs = 1500): Promise<string | null> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve) => {
		const socket = net.connect({ host: hostname, port: Number(port) });
		const done = (reason: string | null) => {
			socket.destroy();
			resolve(reason);
		};
		socket.setTimeout(timeoutMs, () => done(`no answer from ${hostname}:${port} within ${timeoutMs} ms`));
		socket.once('connect', () => done(null));
		socket.once('error', (e) => done(`${hostname}:${port}: ${e.message}`));
	});
}

export async function probeServices(): Promise<{ postgres: ServiceStatus; redis: ServiceStatus }> {
	const [pg, redis] = await Promise.all([reachable(POSTGRES_URL), reachable(REDIS_URL)]);
	return {
		postgres: pg ? { url: null, reason: pg } : { url: POSTGRES_URL, reason: 'reachable' },
		redis: redis ? { url: null, reason: redis } : { url: REDIS_URL, reason: 'reachable' }
	};
}
