import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Releasability } from '$lib/domain/core/releasability';
import { ADMIN_PASSWORD, describeEachBackend, createBackend, type Backend } from '../support/backends';
import { expectAnswer, request } from '../support/http';
import { Screen } from '../support/screen';
import { signIn, startServerProcess, tearDown, type ServerProcess } from '../support/server-process';

/**
 * What actually goes down the wire to two partner nations (DEU, POL) and a watch officer, all
 * connected at once to one production server: snapshot, live deltas, narrowing and widening,
 * and resume after a gap. Every frame a partner receives is kept raw and searched for what it
 * must never see.
 */

interface Written {
	id: string;
	text: string;
}

describeEachBackend('releasability on the wire (%s)', (backendName) => {
	let backend: Backend | undefined;
	let server: ServerProcess | undefined;
	let officerCookie = '';
	let officer: Screen;
	let deu: Screen;
	let pol: Screen;
	const screens: Screen[] = [];
	const written = new Map<string, Written>();
	/** Wire frames received before a record was widened to a nation may not contain it. */
	const widenedAt: { nation: 'DEU' | 'POL'; key: string; frames: number }[] = [];
	const run = randomUUID().slice(0, 8);

	const keyOf = (id: string) => [...written.entries()].find(([, w]) => w.id === id)?.[0] ?? `unknown ${id}`;
	const record = (key: string) => written.get(key)!;

	async function write(key: string, releasableTo: Releasability): Promise<Written> {
		const text = `wire ${key} ${run} ${randomUUID()}`;
		const answer = await request(server!.url, 'POST', '/api/v1/log-entries', { cookie: officerCookie, body: { text, releasableTo } });
		expectAnswer(answer, 201, `write ${key}`);
		const entry = { id: answer.body.id as string, text };
		written.set(key, entry);
		return entry;
	}

	async function release(key: string, releasableTo: Releasability): Promise<void> {
		const answer = await request(server!.url, 'PATCH', `/api/v1/log-entries/${record(key).id}`, { cookie: officerCookie, body: { releasableTo } });
		expectAnswer(answer, 200, `release ${key} to ${JSON.stringify(releasableTo)}`);
		expect(answer.body.releasableTo).toEqual(releasableTo);
	}

	/** A coalition-wide entry: once a screen has it, it has every delta logged before it (deltas arrive in seq order). */
	async function barrier(name: string, ...waiting: Screen[]): Promise<Written> {
		const entry = await write(`barrier:${name}`, 'coalition');
		await Promise.all(waiting.map((s) => s.until((x) => x.deltas.some((d) => d.id === entry.id), `the ${name} barrier`)));
		return entry;
	}

	/** The log-entry deltas a screen got after the first `from` of them, as `op key` lines. */
	const logOf = (screen: Screen) => screen.deltas.filter((d) => d.collection === 'log-entries');
	const deltasSince = (screen: Screen, from: number) => logOf(screen).slice(from).map((d) => `${d.op} ${keyOf(d.id)}`);
	const snapshotKeys = (screen: Screen) => screen.snapshots[0]!.data['log-entries']!.map((e) => keyOf(e.id)).sort();

	beforeAll(async () => {
		backend = await createBackend(backendName);
		server = await startServerProcess({ ...backend.env, WATCHFLOOR_COMMANDS_PER_SECOND: '100000' });
		const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
		const people = [
			{ username: 'wire-officer', role: 'officer', nation: 'FRA' },
			{ username: 'wire-deu', role: 'partner', nation: 'DEU' },
			{ username: 'wire-pol', role: 'partner', nation: 'POL' }
		];
		await Promise.all(
			people.map(async (p) =>
				expectAnswer(await request(server!.url, 'POST', '/api/v1/users', { cookie: admin, body: { ...p, password: `${p.username}-password` } }), 201, p.username)
			)
		);
		const [officerSession, deuCookie, polCookie] = await Promise.all(people.map((p) => signIn(server!.url, p.username, `${p.username}-password`)));
		officerCookie = officerSession!;

		// Written before anyone connects: these arrive in the snapshot.
		await write('snap:cell', 'cell');
		await write('snap:coalition', 'coalition');
		await write('snap:DEU', ['DEU']);
		await write('snap:POL', ['POL']);
		await write('snap:DEU+POL', ['DEU', 'POL']);

		officer = new Screen(server.url, { cookie: officerCookie });
		deu = new Screen(server.url, { cookie: deuCookie });
		pol = new Screen(server.url, { cookie: polCookie });
		screens.push(officer, deu, pol);
		await Promise.all(screens.map((s) => s.ready()));
	});

	afterAll(() => tearDown(screens, server, backend));

	it("gives each partner a snapshot of only what is released to its nation or the coalition, and the officer everything", () => {
		expect(deu.snapshots[0]!.viewer).toMatchObject({ role: 'partner', nation: 'DEU' });
		expect(snapshotKeys(deu)).toEqual(['snap:DEU', 'snap:DEU+POL', 'snap:coalition']);
		expect(snapshotKeys(pol)).toEqual(['snap:DEU+POL', 'snap:POL', 'snap:coalition']);
		expect(snapshotKeys(officer)).toEqual(['snap:DEU', 'snap:DEU+POL', 'snap:POL', 'snap:cell', 'snap:coalition']);
	});

	it('sends a live write only to the partners it is released to, and every write to the officer', async () => {
		const from = { officer: logOf(officer).length, deu: logOf(deu).length, pol: logOf(pol).length };
		await write('live:cell', 'cell');
		await write('live:coalition', 'coalition');
		await write('live:DEU', ['DEU']);
		await write('live:POL', ['POL']);
		await write('live:DEU+POL', ['DEU', 'POL']);
		await barrier('live', officer, deu, pol);

		expect(deltasSince(deu, from.deu)).toEqual(['upsert live:coalition', 'upsert live:DEU', 'upsert live:DEU+POL', 'upsert barrier:live']);
		expect(deltasSince(pol, from.pol)).toEqual(['upsert live:coalition', 'upsert live:POL', 'upsert live:DEU+POL', 'upsert barrier:live']);
		expect(deltasSince(officer, from.officer)).toEqual([
			'upsert live:cell',
			'upsert live:coalition',
			'upsert live:DEU',
			'upsert live:POL',
			'upsert live:DEU+POL',
			'upsert barrier:live'
		]);
	});

	it('removes a record from a partner at once when it is narrowed away from its nation, and sends it when widened to it', async () => {
		const from = { officer: logOf(officer).length, deu: logOf(deu).length, pol: logOf(pol).length };

		await release('snap:DEU+POL', ['POL']);
		await deu.until((s) => s.deltas.some((d) => d.op === 'remove' && d.id === record('snap:DEU+POL').id), 'the removal on the DEU screen', 5000);
		await pol.until((s) => s.deltas.some((d) => d.op === 'upsert' && d.id === record('snap:DEU+POL').id), 'the narrowed record on the POL screen', 5000);
		const narrowed = pol.deltas.findLast((d) => d.id === record('snap:DEU+POL').id)!;
		expect(narrowed.op === 'upsert' && narrowed.record.releasableTo).toEqual(['POL']);

		await release('live:coalition', ['POL']);
		await release('snap:coalition', 'cell');

		widenedAt.push({ nation: 'DEU', key: 'snap:POL', frames: deu.wire.length });
		await release('snap:POL', ['DEU', 'POL']);
		await deu.until((s) => s.deltas.some((d) => d.op === 'upsert' && d.id === record('snap:POL').id), 'the widened record on the DEU screen', 5000);
		const widened = deu.deltas.findLast((d) => d.id === record('snap:POL').id)!;
		expect(widened.op === 'upsert' && widened.record).toMatchObject({ text: record('snap:POL').text, releasableTo: ['DEU', 'POL'] });

		widenedAt.push({ nation: 'POL', key: 'live:DEU', frames: pol.wire.length });
		await release('live:DEU', 'coalition');
		// Once narrowed away, later changes to the record never reach the partner that lost it.
		await release('snap:DEU+POL', ['GBR', 'POL']);
		await barrier('narrowing', officer, deu, pol);

		expect(deltasSince(deu, from.deu)).toEqual([
			'remove snap:DEU+POL',
			'remove live:coalition',
			'remove snap:coalition',
			'upsert snap:POL',
			'upsert live:DEU',
			'upsert barrier:narrowing'
		]);
		expect(deltasSince(pol, from.pol)).toEqual([
			'upsert snap:DEU+POL',
			'upsert live:coalition',
			'remove snap:coalition',
			'upsert snap:POL',
			'upsert live:DEU',
			'upsert snap:DEU+POL',
			'upsert barrier:narrowing'
		]);
		// The officer sees every change and never loses a record.
		expect(deltasSince(officer, from.officer)).toEqual([
			'upsert snap:DEU+POL',
			'upsert live:coalition',
			'upsert snap:coalition',
			'upsert snap:POL',
			'upsert live:DEU',
			'upsert snap:DEU+POL',
			'upsert barrier:narrowing'
		]);
	});

	it('resumes a partner after a gap with exactly what it may see: new records, removals of narrowed ones, widened ones, nothing else', async () => {
		const from = { officer: logOf(officer).length, deu: logOf(deu).length, pol: logOf(pol).length };
		deu.disconnect();
		pol.disconnect();

		await write('resume:cell', 'cell');
		await write('resume:coalition', 'coalition');
		await write('resume:DEU', ['DEU']);
		await write('resume:POL', ['POL']);
		await write('resume:DEU+POL', ['DEU', 'POL']);
		await release('live:DEU+POL', ['POL']);
		widenedAt.push({ nation: 'DEU', key: 'live:POL', frames: deu.wire.length });
		await release('live:POL', 'coalition');
		await release('resume:POL', ['GBR', 'POL']);
		await release('resume:cell', ['GBR']);
		await barrier('resume', officer);

		await Promise.all([deu.resume(), pol.resume()]);
		await Promise.all([deu, pol].map((s) => s.until((x) => x.deltas.some((d) => d.id === record('barrier:resume').id), 'the replay up to the barrier')));
		// A write after the resume arrives live: the screens are back in their rooms.
		await barrier('after-resume', officer, deu, pol);

		expect(deu.snapshots).toHaveLength(1);
		expect(pol.snapshots).toHaveLength(1);
		expect(deltasSince(deu, from.deu)).toEqual([
			'upsert resume:coalition',
			'upsert resume:DEU',
			'upsert resume:DEU+POL',
			'remove live:DEU+POL',
			'upsert live:POL',
			'upsert barrier:resume',
			'upsert barrier:after-resume'
		]);
		// Each record touched in the gap comes once, as it is now: resume:POL at its later release.
		expect(deltasSince(pol, from.pol)).toEqual([
			'upsert resume:coalition',
			'upsert resume:DEU+POL',
			'upsert live:DEU+POL',
			'upsert live:POL',
			'upsert resume:POL',
			'upsert barrier:resume',
			'upsert barrier:after-resume'
		]);
		for (const screen of [deu, pol]) {
			const seqs = logOf(screen).slice(screen === deu ? from.deu : from.pol).map((d) => d.seq);
			expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
			expect(new Set(seqs).size).toBe(seqs.length);
		}
		expect(logOf(officer).slice(from.officer).filter((d) => d.op === 'remove')).toEqual([]);
	});

	it('never puts a record released only to the other nation or to the cell in any frame a partner received', () => {
		const never = {
			DEU: ['snap:cell', 'live:cell', 'resume:cell', 'resume:POL'],
			POL: ['snap:cell', 'live:cell', 'resume:cell', 'resume:DEU']
		};
		const seen = { DEU: ['snap:DEU', 'live:DEU', 'resume:DEU', 'snap:POL'], POL: ['snap:POL', 'live:POL', 'resume:POL', 'live:DEU'] };
		for (const [nation, screen] of [['DEU', deu], ['POL', pol]] as const) {
			const frames = screen.wire.join('\n');
			const messages = [...screen.snapshots, ...screen.deltas].map((m) => JSON.stringify(m)).join('\n');
			// The capture works: what the partner may see is there.
			for (const key of seen[nation]) expect(frames, `${nation} frames carry ${key}`).toContain(record(key).text);
			for (const key of never[nation]) {
				for (const forbidden of [record(key).text, record(key).id]) {
					expect(frames.includes(forbidden), `${nation} frames mention ${key}`).toBe(false);
					expect(messages.includes(forbidden), `${nation} messages mention ${key}`).toBe(false);
				}
			}
			for (const widened of widenedAt.filter((w) => w.nation === nation)) {
				const before = screen.wire.slice(0, widened.frames).join('\n');
				expect(before.includes(record(widened.key).text), `${nation} frames before ${widened.key} was widened to it`).toBe(false);
			}
		}
		// The officer's screen had every record.
		const officerFrames = officer.wire.join('\n');
		for (const [key, w] of written) expect(officerFrames, `officer frames carry ${key}`).toContain(w.text);
	});
});
