import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { createClient } from 'redis';
import { AppError } from '$lib/domain/core/errors';

export interface RateLimitSettings {
	/**
	 * Commands one actor may send per second, plus as many again once per 10 s: a desk whose
	 * commands bunch up behind a stalled network or server is not refused; a flood is (429).
	 */
	commandsPerSecond: number;
	/**
	 * Consecutive failed logins for one username from one address before that address may no
	 * longer try that username: an outsider's failures cannot lock the owner out from their own desk.
	 */
	loginFailures: number;
	lockoutMinutes: number;
	/** Login attempts from one address per 10 minutes, whoever they are for. */
	loginAttemptsPerIp: number;
	/**
	 * `resume` requests per 10 s from one socket, and from one actor's sockets together: a screen
	 * needs one after a gap; more are a loop or an attack, and each costs a catch-up.
	 */
	resumesPerSocket: number;
	resumesPerActor: number;
	/** `view` reports per 10 s from one socket: a person moves between pages, a loop does not stop. */
	viewsPerSocket: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
	commandsPerSecond: 30,
	loginFailures: 5,
	lockoutMinutes: 15,
	loginAttemptsPerIp: 100,
	resumesPerSocket: 5,
	resumesPerActor: 30,
	viewsPerSocket: 20
};

export interface RateLimits {
	/** Throws rate_limited when the actor is over its command budget. */
	command(actorId: string): Promise<void>;
	/** Throws rate_limited when the socket, or the actor's sockets together, asked to resume too often. */
	resume(socketId: string, actorKey: string): Promise<void>;
	/** Throws rate_limited when the socket reported its view too often. */
	view(socketId: string): Promise<void>;
	/** Throws rate_limited while the username is locked for this address or the address has tried too often. */
	beforeLogin(username: string, ip: string): Promise<void>;
	/** Throws rate_limited when the address has tried too often (device links: no account to lock). */
	beforeDeviceLogin(ip: string): Promise<void>;
	loginFailed(username: string, ip: string): Promise<void>;
	loginSucceeded(username: string, ip: string): Promise<void>;
	close(): Promise<void>;
}

const FLOOD_CUT_OFF_SECONDS = 60;
const CUT_OFF = 'Cut off for flooding commands';

function refused(result: unknown, message: string): never {
	if (result instanceof RateLimiterRes) {
		const seconds = Math.ceil(result.msBeforeNext / 1000);
		throw new AppError('rate_limited', `${message}; try again in ${seconds} s`);
	}
	throw result;
}

/**
 * Limits shared by every process of a cluster when Redis is there (each falls back to its own
 * memory while Redis is unreachable), else in this process's memory.
 */
export async function createRateLimits(settings: RateLimitSettings, redis?: { url: string; prefix: string }): Promise<RateLimits> {
	let client: ReturnType<typeof createClient> | undefined;
	if (redis) {
		client = createClient({ url: redis.url, disableOfflineQueue: true, socket: { reconnectStrategy: (n) => Math.min(n * 100, 2000) } });
		client.on('error', () => {});
		await client.connect().catch(() => {});
	}
	const make = (keyPrefix: string, points: number, duration: number, blockDuration = 0): RateLimiterAbstract => {
		const memory = new RateLimiterMemory({ keyPrefix, points, duration, blockDuration });
		return client
			? new RateLimiterRedis({ storeClient: client, useRedisPackage: true, keyPrefix: `${redis!.prefix}rl:${keyPrefix}`, points, duration, blockDuration, insuranceLimiter: memory })
			: memory;
	};
	const commands = new BurstyRateLimiter(make('cmd', settings.commandsPerSecond, 1), make('cmd-burst', settings.commandsPerSecond, 10));
	// Refusals counted per actor: one who keeps sending past the budget (twice its per-second budget
	// refused within 10 s) is cut off for a minute, so a flood stops costing the other screens. The
	// cut-off is remembered by the process that refused it: refusing a flood costs no Redis round trip
	// per command, and a command within budget costs none for this check.
	const flooders = make('cmd-flood', settings.commandsPerSecond * 2, 10, FLOOD_CUT_OFF_SECONDS);
	const cutOff = new Map<string, number>();
	const cutOffFor = (actorId: string, blocked: RateLimiterRes): never => {
		cutOff.set(actorId, Date.now() + blocked.msBeforeNext);
		refused(blocked, CUT_OFF);
	};
	// A socket lives in one process: its own budget needs no Redis, and a flooding socket is refused without a round trip.
	const resumesBySocket = new RateLimiterMemory({ keyPrefix: 'resume-socket', points: settings.resumesPerSocket, duration: 10 });
	const resumesByActor = make('resume-actor', settings.resumesPerActor, 10);
	const viewsBySocket = new RateLimiterMemory({ keyPrefix: 'view-socket', points: settings.viewsPerSocket, duration: 10 });
	const loginIp = make('login-ip', settings.loginAttemptsPerIp, 600);
	const lockout = make('login-fail', settings.loginFailures, settings.lockoutMinutes * 60, settings.lockoutMinutes * 60);

	// The account a username signs in to, normalized as login() does: " Alice" and "alice" are one
	// account to lock. The address comes first: it cannot contain '|', so no two pairs share a key.
	const accountAtAddress = (username: string, ip: string) => `${ip}|${username.trim().toLowerCase()}`;

	return {
		async command(actorId) {
			const until = cutOff.get(actorId);
			if (until !== undefined && until > Date.now()) refused(new RateLimiterRes(0, until - Date.now()), CUT_OFF);
			cutOff.delete(actorId);
			await commands.consume(actorId).catch(async (result) => {
				await flooders.consume(actorId).catch((blocked) => blocked instanceof RateLimiterRes && cutOffFor(actorId, blocked));
				refused(result, 'Too many commands');
			});
		},
		async resume(socketId, actorKey) {
			await resumesBySocket.consume(socketId).catch((r) => refused(r, 'Too many resume requests from this screen'));
			await resumesByActor.consume(actorKey).catch((r) => refused(r, 'Too many resume requests from your screens'));
		},
		async view(socketId) {
			await viewsBySocket.consume(socketId).catch((r) => refused(r, 'Too many view reports from this screen'));
		},
		async beforeLogin(username, ip) {
			const locked = await lockout.get(accountAtAddress(username, ip));
			if (locked && locked.remainingPoints <= 0) refused(locked, 'Too many failed sign-ins for this account from this address');
			await loginIp.consume(ip).catch((r) => refused(r, 'Too many sign-in attempts from this address'));
		},
		async beforeDeviceLogin(ip) {
			await loginIp.consume(ip).catch((r) => refused(r, 'Too many sign-in attempts from this address'));
		},
		async loginFailed(username, ip) {
			await lockout.consume(accountAtAddress(username, ip)).catch(() => {});
		},
		async loginSucceeded(username, ip) {
			await lockout.delete(accountAtAddress(username, ip));
		},
		async close() {
			await client?.quit().catch(() => client?.destroy());
		}
	};
}
