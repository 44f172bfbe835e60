import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Delta } from '$lib/domain/core/protocol';
import type { LogEntry } from '$lib/domain/cell/watch-log';
import { ADMIN_PASSWORD, createBackend, type Backend } from '../support/backends';
import { Screen } from '../support/screen';
import { signIn, startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Two production server processes behind no load balancer, sharing one Postgres database and one
 * Redis prefix: what one node commits reaches the other node's screens, in the same order, and a
 * screen whose node dies resumes on the survivor without a gap or a duplicate.
 */

const servicesMissing = !inject('postgresUrl') || !inject('redisUrl');

interface Node {
	name: 'A' | 'B';
	server: ServerProcess;
	cookie: string;
}

async function writeOverRest(node: Node, text: string): Promise<{ entry: LogEntry; seq: number }> {
	const response = await fetch(`${node.server.url}/api/v1/log-entries`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie: node.cookie },
		body: JSON.stringify({ text })
	});
	expect(response.status, await response.clone().text()).toBe(201);
	return { entry: (await response.json()) as LogEntry, seq: Number(response.headers.get('x-watchfloor-seq')) };
}

async function listOn(node: Node): Promise<LogEntry[]> {
	const response = await fetch(`${node.server.url}/api/v1/log-entries`, { headers: { cookie: node.cookie } });
	expect(response.status).toBe(200);
	return (await response.json()) as LogEntry[];
}

const logDeltas = (screen: Screen): Delta[] => screen.deltas.filter((d) => d.collection === 'log-entries');
const seqsOf = (deltas: Delta[]) => deltas.map((d) => d.seq);
const has = (screen: Screen, id: string) => screen.deltas.some((d) => d.id === id);

function expectStrictlyIncreasing(seqs: number[]): void {
	for (let i = 1; i < seqs.length; i++) expect(seqs[i], `seq ${seqs[i]} after ${seqs[i - 1]}`).toBeGreaterThan(seqs[i - 1]!);
}

describe.skipIf(servicesMissing)('a cluster of two server processes on one Postgres and one Redis', () => {
	let backend: Backend | undefined;
	const nodes: Partial<Record<'A' | 'B', Node>> = {};
	const screens: Screen[] = [];
	let a: Node;
	let b: Node;
	/** Node A's screen, connected to A until A dies. */
	let screenA: Screen;
	let screenB: Screen;

	beforeAll(async () => {
		backend = await createBackend('postgres+redis');
		// One after the other: the first start migrates the empty database and creates the admin.
		for (const name of ['A', 'B'] as const) {
			const server = await startServerProcess(backend.env);
			nodes[name] = { name, server, cookie: await signIn(server.url, 'admin', ADMIN_PASSWORD) };
		}
		a = nodes.A!;
		b = nodes.B!;
		screenA = new Screen(a.server.url, { cookie: a.cookie });
		screenB = new Screen(b.server.url, { cookie: b.cookie });
		screens.push(screenA, screenB);
		await Promise.all([screenA.ready(), screenB.ready()]);
	});

	afterAll(async () => {
		for (const screen of screens) screen.close();
		try {
			await Promise.allSettled(Object.values(nodes).map((node) => node.server.stop()));
		} finally {
			await backend?.dispose();
		}
	});

	it('starts both nodes on the same log: the same epoch and records on both screens', () => {
		expect(screenA.snapshots).toHaveLength(1);
		expect(screenB.snapshots).toHaveLength(1);
		expect(screenA.snapshots[0]!.epoch).toBe(screenB.snapshots[0]!.epoch);
		// Their seqs may differ by the publications between them (screens connecting are published to the cell).
		expect(screenA.snapshots[0]!.data['log-entries']).toEqual(screenB.snapshots[0]!.data['log-entries']);
	});

	it('a session opened on one node is valid on the other', async () => {
		const response = await fetch(`${b.server.url}/api/v1/log-entries`, { headers: { cookie: a.cookie } });
		expect(response.status).toBe(200);
	});

	it('an entry written over REST on node A reaches the screen on node B as a delta', async () => {
		const { entry, seq } = await writeOverRest(a, 'Written on A over REST');
		await screenB.until((s) => has(s, entry.id), 'the delta on node B');
		const delta = screenB.deltas.find((d) => d.id === entry.id)!;
		expect(delta).toEqual({ seq, collection: 'log-entries', op: 'upsert', id: entry.id, record: entry });
		await screenA.until((s) => has(s, entry.id), 'the delta on node A');
	});

	it('an entry written with a socket command on node B reaches the screen on node A as a delta', async () => {
		const ack = await screenB.command('log-entries.create', { text: 'Written on B over the socket' });
		expect(ack.ok, JSON.stringify(ack)).toBe(true);
		if (!ack.ok) return;
		await screenA.until((s) => has(s, ack.record.id), 'the delta on node A');
		const delta = screenA.deltas.find((d) => d.id === ack.record.id)!;
		expect(delta).toEqual({ seq: ack.seq, collection: 'log-entries', op: 'upsert', id: ack.record.id, record: ack.record });
		await screenB.until((s) => has(s, ack.record.id), 'the delta on node B');
	});

	it('gives both screens identical deltas in the same order, also under concurrent writes on both nodes', async () => {
		const writes = await Promise.all([
			...[1, 2, 3, 4, 5].map(async (n) => (await writeOverRest(a, `Concurrent REST write ${n} on A`)).entry.id),
			...[1, 2, 3, 4, 5].map(async (n) => {
				const ack = await screenB.command('log-entries.create', { text: `Concurrent socket write ${n} on B` });
				if (!ack.ok) throw new Error(`command refused: ${JSON.stringify(ack.error)}`);
				return ack.record.id;
			})
		]);
		for (const screen of [screenA, screenB]) await screen.until((s) => writes.every((id) => has(s, id)), 'every concurrent write');

		const [onA, onB] = [logDeltas(screenA), logDeltas(screenB)];
		expect(seqsOf(onA)).toEqual(seqsOf(onB));
		expect(onA).toEqual(onB);
		expectStrictlyIncreasing(seqsOf(onA));
		expect(new Set(onA.map((d) => d.id)).size).toBe(onA.length);
	});

	it('lists every entry on either node, whichever node it was written on', async () => {
		const fromA = await writeOverRest(a, 'Listed everywhere (A)');
		const ack = await screenB.command('log-entries.create', { text: 'Listed everywhere (B)' });
		expect(ack.ok).toBe(true);
		const fromB = ack.ok ? ack.record.id : '';
		for (const node of [a, b]) {
			const ids = (await listOn(node)).map((e) => e.id);
			expect(ids, `the list on node ${node.name}`).toContain(fromA.entry.id);
			expect(ids, `the list on node ${node.name}`).toContain(fromB);
		}
		expect(await listOn(a)).toEqual(await listOn(b));
	});

	it("puts a screen on one node on the other node's roster, and takes it off when it leaves", async () => {
		const onB = new Screen(b.server.url, { cookie: b.cookie, view: '/trends' });
		screens.push(onB);
		await onB.ready();
		const onTrends = (screen: Screen) => screen.records('presence').filter((p) => p.view === '/trends');
		await screenA.until((s) => onTrends(s).length === 1, "node B's screen on node A's roster");
		expect(onTrends(screenA)[0]).toMatchObject({ username: 'admin', role: 'admin' });
		// Each node's roster has all three screens.
		await screenB.until((s) => s.records('presence').length === 3, "node B's roster whole");
		expect(screenA.records('presence').map((p) => p.id).sort()).toEqual(screenB.records('presence').map((p) => p.id).sort());
		onB.close();
		await screenA.until((s) => onTrends(s).length === 0, "node B's screen off node A's roster");
	});

	it('never replays to a partner, on either node, a record released on one node and withdrawn on the other', async () => {
		const made = await fetch(`${a.server.url}/api/v1/users`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: a.cookie },
			body: JSON.stringify({ username: 'cluster-deu', password: 'cluster-deu-password', role: 'partner', nation: 'DEU' })
		});
		expect(made.status, await made.clone().text()).toBe(201);
		const partner = await signIn(b.server.url, 'cluster-deu', 'cluster-deu-password');
		const secret = `released then withdrawn ${crypto.randomUUID()}`;
		const released = await fetch(`${a.server.url}/api/v1/log-entries`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: a.cookie },
			body: JSON.stringify({ text: secret, releasableTo: 'coalition' })
		});
		expect(released.status).toBe(201);
		const { id } = (await released.json()) as LogEntry;
		const withdrawn = await fetch(`${b.server.url}/api/v1/log-entries/${id}`, {
			method: 'PATCH',
			headers: { 'content-type': 'application/json', cookie: b.cookie },
			body: JSON.stringify({ releasableTo: 'cell' })
		});
		expect(withdrawn.status).toBe(200);
		const barrier = await writeOverRest(b, 'after the withdrawal');
		const widened = await fetch(`${b.server.url}/api/v1/log-entries/${barrier.entry.id}`, {
			method: 'PATCH',
			headers: { 'content-type': 'application/json', cookie: b.cookie },
			body: JSON.stringify({ releasableTo: 'coalition' })
		});
		expect(widened.status).toBe(200);
		for (const node of [a, b]) {
			const resumed = new Screen(node.server.url, { cookie: partner, resumeFrom: { lastSeq: 0 } });
			screens.push(resumed);
			await resumed.until((s) => has(s, barrier.entry.id), `the partner's catch-up on node ${node.name}`);
			expect(resumed.snapshots, `node ${node.name} resumed rather than sent a snapshot`).toHaveLength(0);
			expect(resumed.wire.join('\n'), `node ${node.name}`).not.toContain(secret);
		}
	});

	it('when node A is killed, its screen resumes on node B with exactly the entries written meanwhile, in order', async () => {
		// Both screens are level before the kill.
		const level = seqsOf(logDeltas(screenB));
		await screenA.until((s) => seqsOf(logDeltas(s)).join() === level.join(), 'screen A to be level with screen B');
		const seenBefore = logDeltas(screenA).length;
		const snapshotsBefore = screenA.snapshots.length;

		await a.server.stop('SIGKILL');
		delete nodes.A;
		await screenA.until((s) => !s.socket.connected, 'screen A to notice its node is gone');

		const meanwhile: { id: string; seq: number }[] = [];
		for (const n of [1, 2, 3]) {
			const { entry, seq } = await writeOverRest(b, `Written on B while A is down (${n})`);
			meanwhile.push({ id: entry.id, seq });
		}
		const ack = await screenB.command('log-entries.create', { text: 'Written on B over the socket while A is down' });
		if (!ack.ok) throw new Error(`command refused: ${JSON.stringify(ack.error)}`);
		meanwhile.push({ id: ack.record.id, seq: ack.seq });

		await screenA.resume(b.server.url);
		await screenA.until((s) => meanwhile.every((w) => has(s, w.id)), 'the missed entries on the resumed screen');
		// One more entry after the resume: everything before it (replayed or live) has arrived by the time it does.
		const sentinel = await writeOverRest(b, 'Written on B after the resume');
		await screenA.until((s) => has(s, sentinel.entry.id), 'the entry written after the resume');

		const received = logDeltas(screenA).slice(seenBefore);
		expect(received.map((d) => d.id)).toEqual([...meanwhile.map((w) => w.id), sentinel.entry.id]);
		expect(seqsOf(received)).toEqual([...meanwhile.map((w) => w.seq), sentinel.seq]);
		expect(screenA.snapshots).toHaveLength(snapshotsBefore);
		expectStrictlyIncreasing(seqsOf(screenA.deltas));

		// And the resumed screen now agrees with the screen that never left node B, who is connected included
		// once node A's screens are known to be gone (it said nothing: after 45 s of silence), all of them on node B.
		await screenB.until((s) => has(s, sentinel.entry.id), 'the entry written after the resume on screen B');
		expect(logDeltas(screenA)).toEqual(logDeltas(screenB));
		const rosterOf = (screen: Screen) => screen.records('presence').map((p) => p.id).sort().join();
		await screenA.until((s) => rosterOf(s) === rosterOf(screenB) && s.records('presence').length === screens.filter((t) => t.socket.connected).length, "the resumed screen's roster: the screens on node B", 75_000);
	}, 120_000);
});
