import { describe, expect, it } from 'vitest';
import { freshness, STALE_AFTER_MS } from '$lib/client/wall/staleness';

const lostAt = new Date('2026-01-06T04:12:00Z');
const after = (ms: number) => new Date(lostAt.getTime() + ms);

describe('when the wall says its picture is stale', () => {
	it('never while the connection is live, however long nothing changed', () => {
		expect(freshness({ ready: true, live: true, lostAt: null, now: after(10 * 3600_000) })).toEqual({ stale: false, lastUpdate: null });
	});

	it('not during a short outage (a restart), then from the threshold on, naming when the picture was last current', () => {
		expect(freshness({ ready: true, live: false, lostAt, now: after(STALE_AFTER_MS - 1) }).stale).toBe(false);
		expect(freshness({ ready: true, live: false, lostAt, now: after(STALE_AFTER_MS) })).toEqual({ stale: true, lastUpdate: lostAt });
		expect(freshness({ ready: true, live: false, lostAt, now: after(6 * 3600_000) })).toEqual({ stale: true, lastUpdate: lostAt });
	});

	it('clears as soon as the connection is live again', () => {
		expect(freshness({ ready: true, live: true, lostAt: null, now: after(STALE_AFTER_MS * 10) }).stale).toBe(false);
	});

	it('has nothing to call stale before the first snapshot (the wall says it is connecting)', () => {
		expect(freshness({ ready: false, live: false, lostAt, now: after(3600_000) }).stale).toBe(false);
	});

	it('takes another threshold when one is given', () => {
		expect(freshness({ ready: true, live: false, lostAt, now: after(5_000), thresholdMs: 5_000 }).stale).toBe(true);
	});
});
