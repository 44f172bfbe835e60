import { createServer, type RequestListener, type Server } from 'node:http';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

export interface HttpLimits {
	/** From a request's first byte to the end of its headers. */
	headersTimeoutMs: number;
	/** From a request's first byte to the end of its body. */
	requestTimeoutMs: number;
}

/** Node checks those timeouts every 30 s by default, which would add up to 30 s to each. */
const TIMEOUT_CHECK_MS = 1000;

/**
 * An HTTP server that closes a connection whose request does not arrive in time, silent or
 * trickling (Node answers 408 when it can). Upgraded connections — Socket.IO's WebSockets — leave
 * Node's request bookkeeping, so they live as long as they like; long-polls are timed only while
 * their request arrives, not while they wait for an answer.
 */
export function createHttpServer(limits: HttpLimits, deps: { logger: Logger; metrics: Metrics }, listener: RequestListener): Server {
	const server = createServer(
		{ headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: TIMEOUT_CHECK_MS },
		listener
	);
	// Counted, and logged at debug only: anyone can open such connections by the thousand.
	server.on('connection', (socket) =>
		socket.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code !== 'ERR_HTTP_REQUEST_TIMEOUT') return;
			deps.metrics.requestsTimedOut.inc();
			deps.logger.debug({ remoteAddress: socket.remoteAddress }, 'closed a connection whose request did not arrive in time');
		})
	);
	return server;
}

/**
 * GET /metrics on a listener of its own (by default on the loopback interface only): the counts
 * describe who does what on the floor, which is nobody's business but the operators'.
 */
export function serveMetrics(
	address: { host: string; port: number },
	limits: HttpLimits,
	deps: { logger: Logger; metrics: Metrics }
): Promise<Server> {
	const { registry } = deps.metrics;
	const server = createHttpServer(limits, deps, (req, res) => {
		if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
			res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
			return;
		}
		registry.metrics().then(
			(text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
			(error: unknown) => {
				deps.logger.error({ err: error }, 'could not collect the metrics');
				res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error\n');
			}
		);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(address.port, address.host, () => {
			server.off('error', reject);
			resolve(server);
		});
	});
}
