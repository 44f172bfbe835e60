import { createServer, type Server } from 'node:net';

/**
 * `count` ports that were free a moment ago, all different: listen on port 0 that many times at
 * once, note the ports, close. Its own module, with no imports from vitest or the app, so the
 * Playwright setup can use it as well as the integration tests.
 */
export async function freePorts(count: number): Promise<number[]> {
	const probes: Server[] = [];
	try {
		return await Promise.all(
			Array.from(
				{ length: count },
				() =>
					new Promise<number>((resolve, reject) => {
						const probe = createServer();
						probes.push(probe);
						probe.unref();
						probe.once('error', reject);
						probe.listen(0, '127.0.0.1', () => {
							const address = probe.address();
							if (typeof address === 'object' && address) resolve(address.port);
							else reject(new Error('could not find a free port'));
						});
					})
			)
		);
	} finally {
		await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
	}
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
	const [port] = await freePorts(1);
	return port!;
}
