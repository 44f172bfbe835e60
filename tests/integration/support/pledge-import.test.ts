import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Delta, WireRecord } from '$lib/domain/core/protocol';
import type { SupportKpis } from '$lib/domain/support/kpis';
import type { Pledge } from '$lib/domain/support/pledges';
import { describeEachBackend } from '../../support/backends';
import { useServer, type CeasefireServer } from '../../support/ceasefire/server';
import { expectAnswer } from '../../support/http';
import type { Screen } from '../../support/screen';

/**
 * The pledge import (Kiel Institute tracker layout) against one production server per backend:
 * the preview writes nothing; a commit writes every military row as a pledge, or none when one row
 * is wrong; partners may not import; the imported pledges reach the screens and the support KPIs.
 */

const OFFICER = 'pi-officer';
const PARTNER = 'pi-partner-deu';
const PATH = '/api/v1/pledges/import';

const FIXTURE = readFileSync(path.join(import.meta.dirname, '../../fixtures/kiel-tracker-sample.csv'), 'utf8');
/** The fixture's military rows' values (tot_sub_activity_value_EUR, two rows without one), in cents. */
const FIXTURE_CENTS = 2_350_000_000 + 41_500_000_000 + 9_641_000_046 + 1_200_000_000 + 800_000_000 + 5_000_000_000 + 250_000_000;
const FIXTURE_PLEDGES = 9;

type Upsert = Extract<Delta, { op: 'upsert' }>;

/** The support KPIs as this screen has them now: the latest `kpis` delta, else the snapshot's. */
function supportKpis(screen: Screen): SupportKpis | undefined {
	const delta = screen.deltas.filter((d): d is Upsert => d.op === 'upsert' && d.collection === 'kpis' && d.id === 'support').at(-1);
	return (delta?.record ?? screen.snapshots.at(-1)?.kpis.support) as (WireRecord & SupportKpis) | undefined;
}

describeEachBackend('pledge import on %s', (backendName) => {
	let server: CeasefireServer;
	let officerScreen: Screen;
	let partnerScreen: Screen;

	async function allPledges(): Promise<Pledge[]> {
		const answer = await server.as('admin').get('/api/v1/pledges?limit=20000');
		expectAnswer(answer, 200, 'GET /api/v1/pledges');
		return answer.body as Pledge[];
	}
	/** Pledges and logged events, counted. */
	async function counts() {
		return { pledges: (await allPledges()).length, events: (await server.counts()).events };
	}

	useServer(
		backendName,
		[
			{ username: OFFICER, role: 'officer' },
			{ username: PARTNER, role: 'partner', nation: 'DEU' }
		],
		async (started) => {
			server = started;
			[officerScreen, partnerScreen] = await Promise.all([server.screen(OFFICER), server.screen(PARTNER)]);
		}
	);

	it('previews the file: rows, errors and warnings by row, skipped counts, ignored columns; writes nothing', async () => {
		const before = await counts();
		const preview = await server.as(OFFICER).postText(`${PATH}?dryRun=true`, FIXTURE);
		expectAnswer(preview, 200, 'dry run');
		expect(preview.body).toEqual({
			rows: 12,
			valid: FIXTURE_PLEDGES,
			errors: [],
			warnings: [
				{ row: 4, fields: { source: [expect.stringMatching(/^Not a web address/)] } },
				{ row: 5, fields: { announcement_date: ['Only a month was given: read as its first day'] } }
			],
			skipped: { Humanitarian: 1, Financial: 2 },
			columns: expect.arrayContaining(['donor', 'tot_sub_activity_value_eur']),
			unknownColumns: ['id', 'explanation', 'reporting_currency']
		});
		expect(await counts()).toEqual(before);
	});

	it('refuses a file with one bad row: the preview names it, the commit (400) writes nothing', async () => {
		const bad = `${FIXTURE.trimEnd()}\nEPF-0001,European Peace Facility,2023-03-20,Military,Weapons and equipment,Commitment,,Ammunition,155 mm shells,,EUR,1000000000,https://www.consilium.europa.eu/\n`;
		const before = await counts();
		const preview = await server.as(OFFICER).postText(`${PATH}?dryRun=true`, bad);
		expectAnswer(preview, 200, 'dry run');
		expect(preview.body).toMatchObject({ rows: 13, valid: FIXTURE_PLEDGES, errors: [{ row: 14, fields: { donor: [expect.stringMatching(/European Peace Facility is not a nation/)] } }] });

		const commit = await server.as(OFFICER).postText(PATH, bad);
		expectAnswer(commit, 400, 'commit with a bad row');
		expect(commit.body.error.message).toBe('1 row(s) are wrong; nothing was imported');
		expect(commit.body.error.fields.rows).toEqual([expect.stringMatching(/^row 14: donor: European Peace Facility is not a nation/)]);
		expect(await counts()).toEqual(before);
	});

	it('lets only officers and administrators import: a partner gets 403 and nothing is written', async () => {
		const before = await counts();
		for (const query of ['?dryRun=true', '']) expectAnswer(await server.as(PARTNER).postText(`${PATH}${query}`, FIXTURE), 403, `a partner imports${query}`);
		const socket = await partnerScreen.command('pledges.import', { rows: [{ donor: 'DEU', announcedOn: '2023-03-15', measure: 'commitment', category: 'armoured-vehicles', item: 'Leopard 2A6', quantity: 18, channel: 'stockpile' }], releasableTo: ['DEU'] });
		expect(socket).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		expect(await counts()).toEqual(before);
	});

	it('commits every military row, logged as one import and each pledge; the screens see them and pledgedEur grows by the file’s sum', async () => {
		const before = await counts();
		const pledgedBefore = supportKpis(officerScreen)!.pledgedEur;
		const partnerBefore = supportKpis(partnerScreen)!.pledgedEur;
		const commit = await server.as(OFFICER).postText(`${PATH}?releasableTo=coalition`, FIXTURE);
		const retried = await server.as(OFFICER).postText(`${PATH}?releasableTo=coalition`, FIXTURE);
		expectAnswer(commit, 201, 'commit');
		expectAnswer(retried, 201, 'a second import of the same file, without a key, is a second import');
		expect(commit.body).toEqual({ imported: FIXTURE_PLEDGES, skipped: { Humanitarian: 1, Financial: 2 }, seq: expect.any(Number) });
		expect(await counts()).toEqual({ pledges: before.pledges + 2 * FIXTURE_PLEDGES, events: before.events + 2 * (FIXTURE_PLEDGES + 1) });

		const pledges = await allPledges();
		const germany = pledges.filter((p) => p.donor === 'DEU' && p.item === 'Leopard 2A6');
		expect(germany).toHaveLength(2);
		expect(germany[0]).toMatchObject({
			announcedOn: '2023-03-15',
			measure: 'commitment',
			category: 'armoured-vehicles',
			quantity: 18,
			valueEur: 415_000_000,
			valuation: 'reported',
			channel: 'stockpile',
			deliveredQuantity: 0,
			deliveredValueEur: 0,
			exercise: false,
			releasableTo: 'coalition'
		});
		const history = await server.history('pledges', germany[0]!.id);
		expect(history.map((h) => h.name)).toEqual(['pledges.created']);

		// Live: the cell's screen and the partner's (the pledges are released to the coalition).
		const grown = (before: number) => (Math.round(before * 100) + 2 * FIXTURE_CENTS) / 100;
		await officerScreen.until((s) => supportKpis(s)?.pledgedEur === grown(pledgedBefore), `pledgedEur ${grown(pledgedBefore)} on the officer's screen`);
		await partnerScreen.until((s) => supportKpis(s)?.pledgedEur === grown(partnerBefore), "pledgedEur on the partner's screen");
		const created = officerScreen.deltas.filter((d): d is Upsert => d.op === 'upsert' && d.collection === 'pledges' && (d.record as unknown as Pledge).item === 'Bayraktar TB2');
		expect(created).toHaveLength(2);
		expect(created[0]!.record).toMatchObject({ donor: 'TUR', category: 'aviation-and-drones', quantity: 6, valueEur: null });
	});

	it('answers a retried commit (same Idempotency-Key) from the log, writing nothing more; marks exercise imports and lists releasability', async () => {
		const key = `pledge-import-${crypto.randomUUID()}`;
		const before = await counts();
		const send = () =>
			fetch(`${server.url}${PATH}?exercise=true&releasableTo=DEU,POL`, {
				method: 'POST',
				body: FIXTURE,
				headers: { cookie: server.person(OFFICER).cookie, 'content-type': 'text/csv', 'idempotency-key': key }
			});
		const first = await send();
		const again = await send();
		expect(first.status, await first.clone().text()).toBe(201);
		expect(again.status).toBe(200);
		expect((await again.json()).imported).toBe(FIXTURE_PLEDGES);
		expect(await counts()).toEqual({ pledges: before.pledges + FIXTURE_PLEDGES, events: before.events + FIXTURE_PLEDGES + 1 });
		const marked = (await allPledges()).filter((p) => p.exercise);
		expect(marked).toHaveLength(FIXTURE_PLEDGES);
		for (const pledge of marked) expect(pledge.releasableTo).toEqual(['DEU', 'POL']);

		expectAnswer(await server.as(OFFICER).postText(`${PATH}?releasableTo=Germany`, FIXTURE), 400, 'a marking that is not one');
	});
});
