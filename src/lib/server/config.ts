import { z } from 'zod';
import { DEFAULT_SLOW_SCREEN_LIMITS, type SlowScreenLimits } from './realtime/slow-screens';
import type { HttpLimits } from './http-server';

const Env = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().default('0.0.0.0'),
	/** Prometheus scrapes its own listener, on the loopback interface unless told otherwise. */
	METRICS_HOST: z.string().default('127.0.0.1'),
	METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
	/** A request whose headers have not all arrived by then is cut (slow-header attacks). */
	WATCHFLOOR_HEADERS_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
	/** …and one whose body has not: 120 s carries a 16 MiB CSV import over a link of about 1.2 Mbit/s. */
	WATCHFLOOR_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().default(120),
	DATABASE_URL: z.string().url().optional(),
	REDIS_URL: z.string().url().optional(),
	WATCHFLOOR_DATA_DIR: z.string().default('./data'),
	WATCHFLOOR_ADMIN_PASSWORD: z.string().min(12, 'WATCHFLOOR_ADMIN_PASSWORD needs 12 characters or more').optional(),
	/** Prefix of every Redis key, so several deployments or test runs can share one Redis. */
	WATCHFLOOR_REDIS_PREFIX: z.string().default('wf:'),
	/** How many events back a reconnecting screen may resume; older gaps get a fresh snapshot. */
	WATCHFLOOR_REPLAY_WINDOW: z.coerce.number().int().min(1).default(1000),
	WATCHFLOOR_SESSION_HOURS: z.coerce.number().positive().default(12),
	/** Commands one user or token may send per second; more are refused with 429. */
	WATCHFLOOR_COMMANDS_PER_SECOND: z.coerce.number().int().min(1).default(30),
	/** The fictional exercise scenario: `auto` seeds it into a fresh embedded (PGlite) database only. */
	WATCHFLOOR_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
	/** With the scenario: a new plausible report every N seconds (0 = still). */
	WATCHFLOOR_SIMULATE_SECONDS: z.coerce.number().min(0).default(30),
	/** A screen that stops reading is dropped (and resumes later) once this much waits for it in its socket… */
	WATCHFLOOR_SLOW_SCREEN_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_SLOW_SCREEN_LIMITS.maxBufferedBytes),
	/** …or this many messages wait for its transport, checked this often. */
	WATCHFLOOR_SLOW_SCREEN_MESSAGES: z.coerce.number().int().min(1).default(DEFAULT_SLOW_SCREEN_LIMITS.maxQueuedMessages),
	WATCHFLOOR_SLOW_SCREEN_CHECK_MS: z.coerce.number().int().min(10).default(DEFAULT_SLOW_SCREEN_LIMITS.intervalMs),
	LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')
}).refine((e) => e.WATCHFLOOR_HEADERS_TIMEOUT_SECONDS <= e.WATCHFLOOR_REQUEST_TIMEOUT_SECONDS, {
	// Node refuses a headers timeout longer than the request's.
	path: ['WATCHFLOOR_HEADERS_TIMEOUT_SECONDS'],
	message: 'must not be longer than WATCHFLOOR_REQUEST_TIMEOUT_SECONDS'
});

export interface Config {
	port: number;
	host: string;
	metrics: { host: string; port: number };
	httpLimits: HttpLimits;
	databaseUrl: string | undefined;
	redisUrl: string | undefined;
	dataDir: string;
	adminPassword: string | undefined;
	redisPrefix: string;
	replayWindow: number;
	sessionHours: number;
	commandsPerSecond: number;
	demo: 'auto' | 'on' | 'off';
	simulateSeconds: number;
	slowScreens: SlowScreenLimits;
	logLevel: z.infer<typeof Env>['LOG_LEVEL'];
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	// Empty strings count as unset, as in most deployment tools.
	const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
	const parsed = Env.safeParse(cleaned);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
		throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
	}
	const e = parsed.data;
	return {
		port: e.PORT,
		host: e.HOST,
		metrics: { host: e.METRICS_HOST, port: e.METRICS_PORT },
		httpLimits: { headersTimeoutMs: e.WATCHFLOOR_HEADERS_TIMEOUT_SECONDS * 1000, requestTimeoutMs: e.WATCHFLOOR_REQUEST_TIMEOUT_SECONDS * 1000 },
		databaseUrl: e.DATABASE_URL,
		redisUrl: e.REDIS_URL,
		dataDir: e.WATCHFLOOR_DATA_DIR,
		adminPassword: e.WATCHFLOOR_ADMIN_PASSWORD,
		redisPrefix: e.WATCHFLOOR_REDIS_PREFIX,
		replayWindow: e.WATCHFLOOR_REPLAY_WINDOW,
		sessionHours: e.WATCHFLOOR_SESSION_HOURS,
		commandsPerSecond: e.WATCHFLOOR_COMMANDS_PER_SECOND,
		demo: e.WATCHFLOOR_DEMO,
		simulateSeconds: e.WATCHFLOOR_SIMULATE_SECONDS,
		slowScreens: {
			maxBufferedBytes: e.WATCHFLOOR_SLOW_SCREEN_BYTES,
			maxQueuedMessages: e.WATCHFLOOR_SLOW_SCREEN_MESSAGES,
			intervalMs: e.WATCHFLOOR_SLOW_SCREEN_CHECK_MS
		},
		logLevel: e.LOG_LEVEL
	};
}
