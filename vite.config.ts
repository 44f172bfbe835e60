/// <reference types="vitest/config" />
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import { checkFirstLoad } from './src/build/first-load-budget.ts';

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

/**
 * Prints what a partner's browser loads first, per budgeted page, and fails the build over budget
 * (src/build/first-load-budget.ts; README → Performance). Runs once SvelteKit has built the client,
 * which it does while writing the server build.
 */
function firstLoadBudget(): Plugin {
	let serverBuild = false;
	return {
		name: 'watchfloor-first-load-budget',
		apply: 'build',
		configResolved(config) {
			serverBuild = !!config.build.ssr;
		},
		writeBundle: {
			sequential: true,
			order: 'post',
			handler() {
				if (!serverBuild) return;
				const { lines, over } = checkFirstLoad();
				for (const line of lines) console.log(line);
				if (over.length) this.error(`First load over budget: ${over.join(', ')}. Load what these pages do not need at once with import(), or raise the budget in src/build/first-load-budget.ts with a reason.`);
			}
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), watchfloorRealtime(), firstLoadBudget()],
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
