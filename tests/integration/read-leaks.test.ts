import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delta } from '$lib/domain/core/protocol';
import { LINE_OF_CONTACT } from '$lib/server/seed/line-of-contact';
import { describeEachBackend } from '../support/backends';
import { CeasefireServer, PLACES } from '../support/ceasefire/server';
import { expectAnswer } from '../support/http';
import { Screen } from '../support/screen';
import { SETUP_TIMEOUT_MS } from '../support/server-process';

/**
 * Reads that carried more than a partner may see now, found by an adversarial review: replays that
 * re-served withdrawn records, an alert and a report naming a sector released to fewer nations, and
 * KPI deltas that moved when only hidden records did. Each check looks at every frame the partner's
 * screens took off the wire, not only at the decoded records.
 */
describeEachBackend('what a partner can read back (%s)', (backendName) => {
	let cell: CeasefireServer;
	const run = randomUUID().slice(0, 8);
	const pokrovsk = LINE_OF_CONTACT.find((s) => s.id === 'pokrovsk')!;

	const barrier = (...screens: Screen[]) => cell.barrier('leak-officer', ...screens);

	const framesOf = (screen: Screen) => screen.wire.join('\n');

	beforeAll(async () => {
		cell = await CeasefireServer.start(backendName);
		await cell.addPeople([
			{ username: 'leak-officer', role: 'officer', nation: 'FRA' },
			{ username: 'leak-deu', role: 'partner', nation: 'DEU' },
			{ username: 'leak-pol', role: 'partner', nation: 'POL' }
		]);
		// Every sector is released to Poland only.
		await cell.createLineOfContact('leak-officer', ['POL']);
	}, SETUP_TIMEOUT_MS);

	afterAll(() => cell?.stop());

	describe('a record released to the coalition, then withdrawn to the cell', () => {
		const secretEntry = `withdrawn entry ${run}`;
		const secretReport = `withdrawn report ${run}`;
		let deuToken = '';
		let existing: Screen;

		beforeAll(async () => {
			const issued = await cell.as('admin').post('/api/v1/tokens', { name: 'DEU feed', role: 'partner', nation: 'DEU' });
			expectAnswer(issued, 201, 'issue a DEU token');
			deuToken = issued.body.secret;
			existing = await cell.screen('leak-deu');

			const entry = await cell.as('leak-officer').post('/api/v1/log-entries', { text: secretEntry, releasableTo: 'coalition' });
			expectAnswer(entry, 201, 'the entry');
			const report = await cell.report('leak-officer', { ...PLACES.outside, observedAt: new Date().toISOString(), description: secretReport, releasableTo: 'coalition' });
			await existing.until((s) => framesOf(s).includes(secretReport), 'the released report on the DEU screen');
			expectAnswer(await cell.call(cell.person('leak-officer').cookie, 'PATCH', `/api/v1/log-entries/${entry.body.id}`, { releasableTo: 'cell' }), 200, 'withdraw the entry');
			expectAnswer(await cell.call(cell.person('leak-officer').cookie, 'PATCH', `/api/v1/violations/${report.id}`, { releasableTo: 'cell' }), 200, 'withdraw the report');
			await barrier(existing);
		}, SETUP_TIMEOUT_MS);

		/** A screen resuming from seq 0, by handshake: what it received up to a barrier written after it joined. */
		async function resumedFromZero(credentials: { cookie?: string; token?: string }): Promise<Screen> {
			const screen = new Screen(cell.url, { ...credentials, resumeFrom: { lastSeq: 0 } });
			cell.screens.push(screen);
			await new Promise<void>((resolve, reject) => {
				screen.socket.once('connect', resolve);
				screen.socket.once('connect_error', reject);
			});
			await barrier(screen);
			return screen;
		}

		it('is not replayed to a partner resuming from 0 in the handshake, by session or by token', async () => {
			for (const credentials of [{ cookie: cell.person('leak-deu').cookie }, { token: deuToken }]) {
				const screen = await resumedFromZero(credentials);
				expect(screen.snapshots, 'resumed, not a snapshot').toHaveLength(0);
				expect(framesOf(screen)).not.toContain(secretEntry);
				expect(framesOf(screen)).not.toContain(secretReport);
			}
		});

		it('is not replayed to an open screen that asks to resume from 0', async () => {
			const from = existing.wire.length;
			existing.requestResume(0);
			await barrier(existing);
			const frames = existing.wire.slice(from).join('\n');
			expect(frames).not.toContain(secretEntry);
			expect(frames).not.toContain(secretReport);
			expect(existing.errors).toEqual([]);
		});

		it('is not replayed to a partner account made after the withdrawal', async () => {
			await cell.addPeople([{ username: 'leak-late', role: 'partner', nation: 'DEU' }]);
			const screen = await resumedFromZero({ cookie: cell.person('leak-late').cookie });
			expect(framesOf(screen)).not.toContain(secretEntry);
			expect(framesOf(screen)).not.toContain(secretReport);
			// The capture works: the barrier's text went through the same frames.
			expect(screen.deltas.length).toBeGreaterThan(0);
		});

		it('is still served whole to the cell, whose staff may see it', async () => {
			const screen = await resumedFromZero({ cookie: cell.person('leak-officer').cookie });
			expect(framesOf(screen)).toContain(secretEntry);
			expect(framesOf(screen)).toContain(secretReport);
		});
	});

	describe('a coalition report inside a sector released to one nation only', () => {
		let deu: Screen;
		let pol: Screen;
		let officer: Screen;
		let reportId = '';
		const description = `inside a Polish sector ${run}`;

		beforeAll(async () => {
			[deu, pol, officer] = await Promise.all([cell.screen('leak-deu'), cell.screen('leak-pol'), cell.screen('leak-officer')]);
			const answer = await cell.as('leak-officer').post('/api/v1/violations', {
				...PLACES.pokrovsk,
				observedAt: new Date().toISOString(),
				category: 'artillery',
				source: 'ground-patrol',
				severity: 'critical',
				description,
				releasableTo: 'coalition'
			});
			expectAnswer(answer, 201, 'the report');
			reportId = answer.body.id;
			expect(answer.body.sectorId).toBe('pokrovsk');
			await barrier(deu, pol, officer);
		}, SETUP_TIMEOUT_MS);

		const reportOn = (screen: Screen) => screen.deltas.findLast((d): d is Extract<Delta, { op: 'upsert' }> => d.op === 'upsert' && d.id === reportId);

		it('reaches the cell and Poland with its sector and alert, and Germany without either', async () => {
			expect(reportOn(officer)!.record.sectorId).toBe('pokrovsk');
			expect(reportOn(pol)!.record.sectorId).toBe('pokrovsk');
			expect(reportOn(deu)!.record).toMatchObject({ description, sectorId: null });
			const alertFor = (screen: Screen) => screen.deltas.find((d) => d.collection === 'alerts' && d.op === 'upsert' && d.record.violationId === reportId);
			expect(alertFor(officer)).toBeDefined();
			expect(alertFor(pol)).toBeDefined();
			expect(alertFor(deu)).toBeUndefined();
			for (const forbidden of ['pokrovsk', pokrovsk.name]) expect(framesOf(deu), `DEU frames mention ${forbidden}`).not.toContain(forbidden);
		});

		it('reads back over REST, in exports and in a new snapshot without the sector', async () => {
			const deuApi = cell.as('leak-deu');
			const one = await deuApi.get(`/api/v1/violations/${reportId}`);
			expectAnswer(one, 200, 'GET the report');
			expect(one.body.sectorId).toBeNull();
			for (const path of ['/api/v1/violations', '/api/v1/violations.csv', '/api/v1/violations.geojson', '/api/v1/alerts']) {
				const answer = await deuApi.get(path);
				expectAnswer(answer, 200, path);
				const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
				for (const forbidden of ['pokrovsk', pokrovsk.name]) expect(text, `${path} mentions ${forbidden}`).not.toContain(forbidden);
			}
			const fresh = await cell.screen('leak-deu');
			const snapshot = JSON.stringify(fresh.snapshots[0]);
			expect(snapshot).toContain(description);
			for (const forbidden of ['pokrovsk', pokrovsk.name]) expect(snapshot, `the snapshot mentions ${forbidden}`).not.toContain(forbidden);
		});

		it('answers a filter on the hidden sector as one on a sector that does not exist, and counts the report as outside the sectors released', async () => {
			const ids = async (username: string, query: string) => {
				const answer = await cell.as(username).get(`/api/v1/violations?${query}`);
				expectAnswer(answer, 200, query);
				return (answer.body as { id: string }[]).map((r) => r.id);
			};
			expect(await ids('leak-deu', 'sector=pokrovsk')).toEqual(await ids('leak-deu', 'sector=no-such-sector'));
			expect(await ids('leak-deu', 'sector=pokrovsk')).not.toContain(reportId);
			expect(await ids('leak-deu', 'sector=none')).toContain(reportId);
			expect(await ids('leak-pol', 'sector=pokrovsk')).toContain(reportId);
			expect(await ids('leak-officer', 'sector=none')).not.toContain(reportId);
		});
	});

	describe('KPIs', () => {
		it('are published to a partner only when its own figures change', async () => {
			const [deu, officer] = await Promise.all([cell.screen('leak-deu'), cell.screen('leak-officer')]);
			const kpiDeltas = (screen: Screen) => screen.deltas.filter((d) => d.collection === 'kpis');
			// Settled first: the KPIs of the earlier tests' changes go out up to 250 ms after them, to the
			// whole room, these screens included if they joined in between. Once both have those of a report
			// they see, made now (not merely some KPI delta, which may be an earlier one), none is on its way.
			const reportsIn = (kpis: unknown) => (kpis as { last24h: { total: number } }).last24h.total;
			const untilItCounts = async (screen: Screen) => {
				const atJoin = reportsIn(screen.snapshots.at(-1)!.kpis.ceasefire);
				await screen.until((s) => kpiDeltas(s).some((d) => d.op === 'upsert' && reportsIn(d.record) > atJoin), 'the KPIs of a report it sees');
			};
			const published = Promise.all([untilItCounts(deu), untilItCounts(officer)]);
			await cell.report('leak-officer', { ...PLACES.outside, observedAt: new Date().toISOString(), description: 'settling', releasableTo: 'coalition' });
			await published;
			const from = { deu: kpiDeltas(deu).length, officer: kpiDeltas(officer).length };
			for (let i = 0; i < 3; i++) {
				await cell.report('leak-officer', { ...PLACES.outside, observedAt: new Date().toISOString(), description: `cell only ${i}`, releasableTo: 'cell' });
			}
			// The cell's figures moved: the publication went out; a barrier after it has passed every DEU delta sent before.
			await officer.until((s) => kpiDeltas(s).length > from.officer, 'the KPI delta on the cell screen');
			await barrier(deu);
			expect(kpiDeltas(deu).slice(from.deu), 'KPI deltas on the DEU screen').toEqual([]);

			await cell.report('leak-officer', { ...PLACES.outside, observedAt: new Date().toISOString(), description: 'for the coalition', releasableTo: 'coalition' });
			await deu.until((s) => kpiDeltas(s).length > from.deu, 'a KPI delta once a report the partner sees came in');
		});

		it('are empty in an anonymous snapshot', async () => {
			const stranger = new Screen(cell.url);
			cell.screens.push(stranger);
			await stranger.ready();
			expect(stranger.snapshots[0]!.kpis).toEqual({});
			expect(stranger.snapshots[0]!.viewer).toBeNull();
		});
	});

	describe('resume requests', () => {
		it('are refused with the error body past the rate limit, and a screen that keeps on is disconnected; others are not slowed', async () => {
			const [flooder, bystander] = await Promise.all([cell.screen('leak-deu'), cell.screen('leak-deu')]);
			for (let i = 0; i < 30; i++) flooder.requestResume(0);
			await flooder.until((s) => s.disconnects.length > 0, 'the flooder disconnected');
			expect(flooder.disconnects).toEqual(['io server disconnect']);
			expect(flooder.errors.length).toBeGreaterThan(0);
			expect(flooder.errors[0]!.error).toMatchObject({ code: 'rate_limited' });
			await barrier(bystander);
			expect(bystander.disconnects).toEqual([]);
		});
	});
});
