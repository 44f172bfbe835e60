import type { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Logger } from '../logger';

/**
 * Joins the processes of a cluster for room-wide operations (fetchSockets, disconnecting a
 * revoked credential's sockets everywhere). Deltas do not go through it: each process tails the
 * Postgres log and serves its own sockets, which keeps every screen in commit order.
 */
export async function attachRedisAdapter(io: Server, url: string, prefix: string, logger: Logger): Promise<() => Promise<void>> {
	const pub = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 2000) } });
	const sub = pub.duplicate();
	for (const client of [pub, sub]) client.on('error', (err) => logger.warn({ err }, 'socket.io redis adapter connection error'));
	await Promise.all([pub.connect(), sub.connect()]);
	io.adapter(createAdapter(pub, sub, { key: `${prefix}socket.io` }));
	return async () => {
		await Promise.allSettled([pub.quit(), sub.quit()]);
	};
}
