import { createServer } from 'node:net';

/**
 * A port that was free a moment ago: listen on port 0, note the port, close. Its own module, with no
 * imports from vitest or the app, so the Playwright setup can use it as well as the integration tests.
 */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.unref();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
		});
	});
}
