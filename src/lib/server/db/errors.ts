/** postgres.js connection failures, and Postgres's own "connection exception" / shutdown codes. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
const SERVER_GONE = /^(08|57P0[1-3])/;

/** True when an error (or what it wraps: drizzle wraps the driver's error as `cause`) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && (CONNECTION_CODES.has(code) || SERVER_GONE.test(code))) return true;
	}
	return false;
}
