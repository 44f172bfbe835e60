/** postgres.js connection failures, and Postgres's own "connection exception" / shutdown codes. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
const SERVER_GONE = /^(08|57P0[1-3])/;

/** The error and what it wraps (drizzle wraps the driver's error as `cause`), a few levels deep. */
function* causes(error: unknown): Generator<Record<string, unknown>> {
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) yield e as Record<string, unknown>;
}

/** True when an error (or what it wraps) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
	for (const { code } of causes(error)) {
		if (typeof code === 'string' && (CONNECTION_CODES.has(code) || SERVER_GONE.test(code))) return true;
	}
	return false;
}

/** True when an error (or what it wraps) is a violation of this constraint (postgres.js and PGlite name it differently). */
export function violatesConstraint(error: unknown, name: string): boolean {
	for (const e of causes(error)) if ((e.constraint_name ?? e.constraint) === name) return true;
	return false;
}
