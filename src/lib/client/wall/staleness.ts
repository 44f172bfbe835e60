/**
 * How long the wall may go without its live connection before it stops presenting its figures as
 * current. Longer than a server restart or a deploy takes to come back (a few seconds), so those
 * pass without alarm; the connection indicator says "Reconnecting…" meanwhile.
 */
export const STALE_AFTER_MS = 15_000;

export interface FreshnessInput {
	/** A snapshot arrived at some point: there is a picture (before it, there is nothing to call stale). */
	ready: boolean;
	/** The connection is live: every change reaches the screen as it is made, so the picture is current. */
	live: boolean;
	/** When the connection stopped being live (null while it is): the picture is as of then. */
	lostAt: Date | null;
	now: Date;
	thresholdMs?: number;
}

export interface Freshness {
	stale: boolean;
	/** The last moment the picture was known to be current, while stale. */
	lastUpdate: Date | null;
}

/**
 * A quiet picture is not a stale one: with nothing happening, no delta comes, yet a live connection
 * would have brought any change. So the age that counts is the time since the connection was lost,
 * not since the last change.
 */
export function freshness({ ready, live, lostAt, now, thresholdMs = STALE_AFTER_MS }: FreshnessInput): Freshness {
	if (!ready || live || lostAt === null) return { stale: false, lastUpdate: null };
	const stale = now.getTime() - lostAt.getTime() >= thresholdMs;
	return { stale, lastUpdate: stale ? lostAt : null };
}
