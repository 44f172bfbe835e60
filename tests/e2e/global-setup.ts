import { startE2eServer } from './e2e-server';

/**
 * Starts the built production server on a free port with a fresh embedded database, and hands its
 * URL and the admin password to the tests through the environment.
 */
export default async function globalSetup() {
	const server = await startE2eServer({ demo: false, logName: 'server.log' });
	process.env.E2E_BASE_URL = server.baseURL;
	process.env.E2E_ADMIN_PASSWORD = server.password;
	return server.stop;
}
