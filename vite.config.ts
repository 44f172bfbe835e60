/// <reference types="vitest/config" />
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * Socket.IO on vite's own HTTP server, so `vite dev` behaves like `server.ts` in production.
 * The realtime module is loaded through vite's SSR graph: the same instances SvelteKit's routes use.
 */
function watchfloorRealtime(): Plugin {
	return {
		name: 'watchfloor-realtime',
		async configureServer(server) {
			if (!server.httpServer) return;
			const httpServer = server.httpServer;
			const mod = await server.ssrLoadModule('/src/lib/server/runtime.ts');
			const runtime = await mod.getRuntime();
			runtime.attach(httpServer);
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), watchfloorRealtime()],
	server: { port: 3000 },
	test: {
		globalSetup: ['tests/support/global-setup.ts'],
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// Two cores: PGlite instances and spawned servers are heavy, so files run one at a time.
					fileParallelism: false
				}
			}
		]
	}
});
