import type { TestProject } from 'vitest/node';
import { probeServices } from './services';

/**
 * Finds out once which real services this machine has. Suites that need one are skipped,
 * loudly, when it is missing; under CI=true a missing service fails the run instead.
 */
export default async function setup(project: TestProject) {
	const services = await probeServices();
	for (const [name, status] of Object.entries(services)) {
		if (!status.url) {
			const line = `[services] ${name} unavailable (${status.reason}): its integration suites are SKIPPED`;
			if (process.env.CI === 'true') throw new Error(`${line} — CI=true requires it`);
			console.warn(line);
		}
	}
	project.provide('postgresUrl', services.postgres.url);
	project.provide('redisUrl', services.redis.url);
}

declare module 'vitest' {
	export interface ProvidedContext {
		postgresUrl: string | null;
		redisUrl: string | null;
	}
}
