import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Presence } from '$lib/domain/cell/presence';
import { describeEachBackend } from '../../support/backends';
import { CeasefireServer } from '../../support/ceasefire/server';
import { expectAnswer } from '../../support/http';
import { Screen } from '../../support/screen';
import { SETUP_TIMEOUT_MS } from '../../support/server-process';

/**
 * Who is connected now: one record per screen, on the cell's screens only, following each screen's
 * page and its leaving; a screen that resumes is brought level; a partner never learns of it.
 */

const OFFICER = 'pr-officer';
const DEU = 'pr-partner-deu';
const CONTRACT_FIELDS = ['device', 'displayName', 'id', 'nation', 'releasableTo', 'role', 'since', 'username', 'view'];

const roster = (screen: Screen) => screen.records('presence') as unknown as Presence[];
const screensOf = (screen: Screen, username: string) => roster(screen).filter((p) => p.username === username);

describeEachBackend('presence on %s', (backendName) => {
	let server: CeasefireServer;
	let cell: Screen;
	let partner: Screen;

	beforeAll(async () => {
		server = await CeasefireServer.start(backendName);
		await server.addPeople([
			{ username: OFFICER, role: 'officer', nation: 'UKR' },
			{ username: DEU, role: 'partner', nation: 'DEU' }
		]);
		cell = await server.screen(OFFICER);
		partner = new Screen(server.url, { cookie: server.person(DEU).cookie, view: '/support/pledges/3f1c' });
		server.screens.push(partner);
		await partner.ready();
	}, SETUP_TIMEOUT_MS);
	afterAll(async () => {
		await server?.stop();
	});

	it("shows the cell's staff every connected screen with the contract's fields: who, nation, role, page, since", async () => {
		await cell.until((s) => screensOf(s, DEU).length === 1 && screensOf(s, OFFICER).length === 1, 'both screens on the roster');
		const [deu] = screensOf(cell, DEU);
		expect(Object.keys(deu!).sort()).toEqual(CONTRACT_FIELDS);
		expect(deu).toMatchObject({ username: DEU, displayName: server.person(DEU).displayName, role: 'partner', nation: 'DEU', view: '/support', device: null, releasableTo: 'cell' });
		expect(Date.now() - Date.parse(deu!.since)).toBeLessThan(60_000);
		expect(screensOf(cell, OFFICER)[0]).toMatchObject({ role: 'officer', nation: 'UKR', view: null });
	});

	it('never tells a partner who is connected: not in its snapshot, not as a delta', async () => {
		await cell.until((s) => screensOf(s, DEU).length === 1, 'the partner on the roster');
		expect(partner.snapshots[0]!.data.presence).toBeUndefined();
		expect(partner.deltas.filter((d) => d.collection === 'presence')).toEqual([]);
		expect(roster(partner)).toEqual([]);
	});

	it('follows a screen from page to page, and refuses a report that is not a path', async () => {
		partner.showing({ view: '/forces/units/abc?sort=nation' });
		await cell.until((s) => screensOf(s, DEU)[0]?.view === '/forces', 'the partner on /forces');
		partner.showing({ view: '/somewhere-else' });
		await cell.until((s) => screensOf(s, DEU)[0]?.view === null, 'the partner off the named pages');
		partner.showing({ view: 42 });
		partner.showing('/wall');
		partner.showing({ view: '/wall', extra: true });
		partner.showing({ view: '/trends' });
		await cell.until((s) => screensOf(s, DEU)[0]?.view === '/trends', 'the partner on /trends');
	});

	it('refuses a screen that reports its page in a loop, and keeps the last page it accepted', async () => {
		const looping = new Screen(server.url, { cookie: server.person(DEU).cookie, view: '/ceasefire' });
		await looping.ready();
		await cell.until((s) => screensOf(s, DEU).some((p) => p.view === '/ceasefire'), 'the looping screen on the roster');
		const id = screensOf(cell, DEU).find((p) => p.view === '/ceasefire')!.id;
		for (let i = 0; i < 30; i++) looping.showing({ view: i % 2 ? '/forces' : '/support' });
		await looping.until((s) => s.errors.length > 0, 'a refusal');
		expect(looping.errors[0]!.error.code).toBe('rate_limited');
		// The 20th report, the last within the limit, said /forces; the ten after it changed nothing.
		await new Promise((r) => setTimeout(r, 1000));
		expect(roster(cell).find((p) => p.id === id)?.view).toBe('/forces');
		looping.close();
	});

	it('shows a wall signed in with a device token as a device, and drops a screen that leaves', async () => {
		const made = await server.call(server.adminCookie, 'POST', '/api/v1/tokens', { name: 'Ops room wall 2', role: 'wall', nation: 'FRA' });
		expectAnswer(made, 201, 'a wall token');
		const wall = new Screen(server.url, { token: made.body.secret as string, view: '/wall' });
		await wall.ready();
		await cell.until((s) => roster(s).some((p) => p.device === 'Ops room wall 2'), 'the wall on the roster');
		expect(roster(cell).find((p) => p.device === 'Ops room wall 2')).toMatchObject({ role: 'wall', view: '/wall', nation: 'FRA' });
		wall.close();
		await cell.until((s) => !roster(s).some((p) => p.device === 'Ops room wall 2'), 'the wall gone from the roster');
	});

	it('brings a cell screen that was away level: who came meanwhile, and who left', async () => {
		const second = new Screen(server.url, { cookie: server.person(DEU).cookie });
		await second.ready();
		await cell.until((s) => screensOf(s, DEU).length === 2, 'two DEU screens');
		cell.disconnect();
		second.close();
		const third = new Screen(server.url, { cookie: server.person(OFFICER).cookie, view: '/log' });
		server.screens.push(third);
		await third.ready();
		await third.until((s) => screensOf(s, DEU).length === 1 && screensOf(s, OFFICER).length === 1, "the third screen's snapshot without the second");
		await cell.resume();
		await cell.until((s) => screensOf(s, OFFICER).some((p) => p.view === '/log') && screensOf(s, DEU).length === 1, 'the resumed screen level');
		expect(cell.snapshots).toHaveLength(1);
		const ids = (screen: Screen) => roster(screen).map((p) => p.id).sort();
		await cell.until((s) => ids(s).join() === ids(third).join(), 'the same roster as a fresh screen');
	});

	it('gives every derived delta a seq of its own, so a resumed screen takes every board that moved', async () => {
		const away = await server.screen(OFFICER);
		away.disconnect();
		const pledge = await server.call(server.adminCookie, 'POST', '/api/v1/pledges', {
			donor: 'DEU',
			announcedOn: '2026-11-01',
			measure: 'commitment',
			category: 'ammunition',
			item: 'Shells 155 mm',
			quantity: 1000,
			valueEur: 1_000_000,
			channel: 'stockpile',
			releasableTo: 'coalition'
		});
		expectAnswer(pledge, 201, 'a pledge');
		await cell.until((s) => (s.kpis.get('support') as { pledgedEur?: number } | undefined)?.pledgedEur === 1_000_000, 'the pledge in the live screen’s support KPIs');
		await away.resume();
		await away.until((s) => (s.kpis.get('support') as { pledgedEur?: number } | undefined)?.pledgedEur === 1_000_000, 'the pledge in the resumed screen’s support KPIs');
		for (const screen of [cell, away, partner]) {
			const seqs = screen.deltas.map((d) => d.seq);
			expect(new Set(seqs).size, 'one delta per seq').toBe(seqs.length);
		}
	});
});
