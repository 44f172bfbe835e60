/**
 * Production entry: SvelteKit's handler and Socket.IO on one HTTP server.
 * Importing the handler runs SvelteKit's `init` hook, which creates the runtime (database, live
 * state, tailer); this file only adds the HTTP server, the sockets, the metrics listener and a graceful stop.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from './src/lib/server/runtime';

// Serving plain HTTP ourselves, with no ORIGIN or proxy header configured: tell SvelteKit the
// truth (adapter-node would assume https and refuse every form post as cross-site).
const PROTOCOL = 'x-watchfloor-protocol';
const servingPlainHttp = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (servingPlainHttp) process.env.PROTOCOL_HEADER = PROTOCOL;
// A 10,000-row CSV import is a few MiB; JSON bodies keep their own 256 KiB check.
process.env.BODY_SIZE_LIMIT ??= '16M';

// Built by `vite build`; a variable path keeps the type checker from requiring a build.
const handlerModule = './build/handler.js';
const { handler } = await import(handlerModule);
const runtime = await (globalThis as typeof globalThis & { [key: symbol]: Promise<Runtime> })[Symbol.for('watchfloor.runtime')]!;

let stopping = false;
const server = runtime.createHttpServer((req: IncomingMessage, res: ServerResponse) => {
	if (servingPlainHttp) req.headers[PROTOCOL] = 'http';
	// Stopping: no keep-alive, or closing the server would wait on clients that keep sending.
	if (stopping) res.setHeader('Connection', 'close');
	handler(req, res);
});
await runtime.attach(server);
// Before the public port: a metrics port already taken stops the start, loudly.
const metricsServer = await runtime.serveMetrics();

server.listen(runtime.config.port, runtime.config.host, () => {
	const metrics = metricsServer.address();
	runtime.logger.info({ port: runtime.config.port, metrics, database: runtime.database.kind, live: runtime.live.kind }, 'Watchfloor listening');
});

async function stop(signal: string) {
	if (stopping) return;
	stopping = true;
	server.closeIdleConnections();
	runtime.logger.info({ signal }, 'stopping: finishing commands in flight, sending screens elsewhere');
	const force = setTimeout(() => process.exit(1), 10_000).unref();
	try {
		await runtime.shutdown();
		server.closeAllConnections();
	} finally {
		clearTimeout(force);
		process.exit(0);
	}
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
