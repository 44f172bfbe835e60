import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onWatch, presenceOf, viewOf, type Presence } from '$lib/domain/cell/presence';
import type { Actor } from '$lib/domain/identity/actor';
import type { Delta } from '$lib/domain/core/protocol';
import { applyDeltas, applySnapshot, EMPTY_LIVE_DATA, recordsOf, type LiveData } from '$lib/client/live-store';
import { createLogger } from '$lib/server/logger';
import { PresenceRoster, shareRosterAcrossNodes, type NodeAnnouncement, type NodeChannel } from '$lib/server/realtime/presence';

const OFFICER: Actor = { id: 'u1', kind: 'user', username: 'olga', displayName: 'Olga K.', role: 'officer', nation: 'UKR' };
const WALL: Actor = { id: 't1', kind: 'token', username: 'token:Ops wall', displayName: 'Ops wall', role: 'wall', nation: 'FRA' };
const PARTNER: Actor = { id: 'u2', kind: 'user', username: 'hans', displayName: 'Hans', role: 'partner', nation: 'DEU' };
const AT = new Date('2026-12-06T08:00:00Z');

/** A cell screen fed by the roster's publications, by the browser's own rules. */
function cellScreen(roster: PresenceRoster, startSeq = 0): { publish(count?: number): void; take(deltas: Delta[]): void; readonly seq: number; readonly screens: string[] } {
	let live: LiveData = applySnapshot(EMPTY_LIVE_DATA, { seq: startSeq, epoch: 'e', viewer: null, kpis: {}, data: { presence: roster.published() as never } });
	let seq = startSeq;
	return {
		/** Publishes with fresh seqs, as many as asked for (all pending by default). */
		publish(count = roster.pending()) {
			const seqs = Array.from({ length: count }, () => ++seq);
			live = applyDeltas(live, roster.publish(seqs)).state;
		},
		take(deltas: Delta[]) {
			live = applyDeltas(live, deltas).state;
		},
		get seq() {
			return live.seq;
		},
		get screens() {
			return (recordsOf(live, 'presence') as unknown as Presence[]).map((p) => `${p.username}@${p.view}`).sort();
		}
	};
}

describe('a screen’s view', () => {
	it('is the first segment of its path among the pages Watchfloor names, else none', () => {
		expect(viewOf('/')).toBe('/');
		expect(viewOf('/ceasefire/9b1c?x=1#map')).toBe('/ceasefire');
		expect(viewOf('/support/pledges/abc')).toBe('/support');
		expect(viewOf('/log/presence')).toBe('/log');
		expect(viewOf('/api/v1/users')).toBeNull();
		expect(viewOf('/../admin')).toBeNull();
		expect(viewOf('')).toBe('/');
	});
});

describe('presence records', () => {
	it('name a device by its token and count people apart from walls', () => {
		const screens = [presenceOf('a', OFFICER, '/log', AT), presenceOf('b', OFFICER, '/ceasefire', AT), presenceOf('c', WALL, '/wall', AT), presenceOf('d', PARTNER, null, AT)];
		expect(screens[2]).toMatchObject({ device: 'Ops wall', role: 'wall', since: '2026-12-06T08:00:00.000Z', releasableTo: 'cell' });
		expect(screens[0]!.device).toBeNull();
		expect(onWatch(screens)).toEqual({ people: 2, screens: 4, walls: 1 });
	});
});

describe('the roster', () => {
	it('publishes arrivals, page changes and departures, one seq each, and only what changed', () => {
		const changed = vi.fn();
		const roster = new PresenceRoster(changed);
		const screen = cellScreen(roster);
		roster.arrived(presenceOf('a', OFFICER, '/log', AT));
		roster.arrived(presenceOf('b', PARTNER, '/support', AT));
		expect(changed).toHaveBeenCalledTimes(2);
		expect(roster.pending()).toBe(2);
		screen.publish();
		expect(screen.screens).toEqual(['hans@/support', 'olga@/log']);
		expect(screen.seq).toBe(2);
		roster.viewed('b', '/support');
		expect(roster.pending()).toBe(0);
		roster.viewed('b', '/forces');
		roster.left('a');
		roster.left('a');
		expect(roster.pending()).toBe(2);
		screen.publish();
		expect(screen.screens).toEqual(['hans@/forces']);
	});

	it('keeps for the next publication what did not fit in the seqs it was given', () => {
		const changed = vi.fn();
		const roster = new PresenceRoster(changed);
		const screen = cellScreen(roster);
		for (const id of ['a', 'b', 'c']) roster.arrived(presenceOf(id, { ...OFFICER, username: id }, '/', AT));
		changed.mockClear();
		screen.publish(2);
		expect(screen.screens).toHaveLength(2);
		expect(changed).toHaveBeenCalledOnce();
		screen.publish();
		expect(screen.screens).toEqual(['a@/', 'b@/', 'c@/']);
	});

	it('brings a resuming screen level with what came and went, and republishes the latest changes, not for every resume', () => {
		const roster = new PresenceRoster(() => {});
		const live = cellScreen(roster);
		roster.arrived(presenceOf('a', OFFICER, '/log', AT));
		roster.arrived(presenceOf('b', PARTNER, '/support', AT));
		live.publish();
		const away = cellScreen(roster, live.seq);
		roster.left('b');
		roster.arrived(presenceOf('c', WALL, '/wall', AT));
		live.publish();
		const now = Date.now();
		away.take(roster.since(away.seq, now)!);
		expect(away.screens).toEqual(live.screens);
		// What was published in the last ten seconds goes out again (another node may have published it in another order)…
		expect(roster.pending()).toBe(3);
		live.publish();
		expect(live.screens).toEqual(away.screens);
		// …at most every two seconds however many screens resume, and only what is that recent.
		roster.since(away.seq, now + 1_000);
		expect(roster.pending()).toBe(0);
		roster.since(away.seq, now + 30_000);
		expect(roster.pending()).toBe(0);
	});

	it('sends a screen that resumes from before the removals it keeps to a snapshot', () => {
		const roster = new PresenceRoster(() => {}, 100);
		const live = cellScreen(roster);
		for (let i = 0; i < 130; i++) {
			roster.arrived(presenceOf(`s${i}`, PARTNER, '/', AT));
			roster.left(`s${i}`);
			roster.arrived(presenceOf(`t${i}`, PARTNER, '/', AT));
			live.publish();
			roster.left(`t${i}`);
			live.publish();
		}
		expect(roster.since(1)).toBeNull();
		expect(roster.since(live.seq - 10)).not.toBeNull();
	});

	it("counts another node's screens as it announces them, and forgets a node that fell silent", () => {
		const roster = new PresenceRoster(() => {});
		const screen = cellScreen(roster);
		roster.arrived(presenceOf('a', OFFICER, '/log', AT));
		roster.fromNode('node-b', [presenceOf('x', PARTNER, '/forces', AT)], 1_000);
		roster.fromNode('node-c', [presenceOf('y', WALL, '/wall', AT)], 5_000);
		screen.publish();
		expect(screen.screens).toEqual(['hans@/forces', 'olga@/log', 'token:Ops wall@/wall']);
		roster.forgetSilentNodes(2_000);
		roster.fromNode('node-c', null);
		screen.publish();
		expect(screen.screens).toEqual(['olga@/log']);
	});
	it("publishes nothing for a node's heartbeat that repeats what it announced", () => {
		const changed = vi.fn();
		const roster = new PresenceRoster(changed);
		const screens = [presenceOf('x', PARTNER, '/forces', AT)];
		roster.fromNode('node-b', screens, 1_000);
		roster.fromNode('node-b', structuredClone(screens), 16_000);
		expect(changed).toHaveBeenCalledOnce();
		// The heartbeat still counts as hearing from it.
		roster.forgetSilentNodes(10_000);
		expect(roster.pending()).toBe(1);
		roster.fromNode('node-b', [{ ...screens[0]!, view: '/trends' }], 17_000);
		expect(changed).toHaveBeenCalledTimes(2);
	});
});

describe('the roster across nodes', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	/** An in-memory stand-in for the adapter's channel: every node hears every other node. */
	function bus() {
		const listeners = new Map<NodeChannel, (announcement: unknown) => void>();
		const channel = (): NodeChannel => {
			const self: NodeChannel = {
				emit: (announcement: NodeAnnouncement) => {
					for (const [other, listener] of listeners) if (other !== self) listener(structuredClone(announcement));
				},
				on: (listener) => void listeners.set(self, listener)
			};
			return self;
		};
		return { channel, inject: (raw: unknown) => [...listeners.values()].forEach((l) => l(raw)) };
	}

	it('tells every node of each screen, including a node that joins later, and of a node that stops', () => {
		const logger = createLogger('silent');
		const network = bus();
		const [a, b, c] = [new PresenceRoster(() => {}), new PresenceRoster(() => {}), new PresenceRoster(() => {})];
		const [onA, onB, onC] = [cellScreen(a), cellScreen(b), cellScreen(c)];
		const leaveA = shareRosterAcrossNodes(a, network.channel(), logger);
		shareRosterAcrossNodes(b, network.channel(), logger);
		a.arrived(presenceOf('a1', OFFICER, '/log', AT));
		b.arrived(presenceOf('b1', PARTNER, '/support', AT));
		vi.advanceTimersByTime(600);
		onA.publish();
		onB.publish();
		expect(onA.screens).toEqual(['hans@/support', 'olga@/log']);
		expect(onB.screens).toEqual(onA.screens);
		// A node that starts asks the others, who answer at once.
		shareRosterAcrossNodes(c, network.channel(), logger);
		onC.publish();
		expect(onC.screens).toEqual(onA.screens);
		network.inject({ node: 'x', screens: [{ id: 'evil' }] });
		network.inject('<script>');
		leaveA();
		onB.publish();
		onC.publish();
		expect(onB.screens).toEqual(['hans@/support']);
		expect(onC.screens).toEqual(['hans@/support']);
	});

	it('drops the screens of a node that died without a word, after it has been silent for 45 s', () => {
		const logger = createLogger('silent');
		const network = bus();
		const b = new PresenceRoster(() => {});
		const onB = cellScreen(b);
		const channelA = network.channel();
		shareRosterAcrossNodes(b, network.channel(), logger);
		channelA.emit({ node: 'dead', screens: [presenceOf('d1', OFFICER, '/wall', AT)] });
		onB.publish();
		expect(onB.screens).toEqual(['olga@/wall']);
		vi.advanceTimersByTime(60_000);
		onB.publish();
		expect(onB.screens).toEqual([]);
	});
});
