import { afterAll, beforeAll, expect, it } from 'vitest';
import { utcDay } from '$lib/domain/core/dates';
import { describeEachBackend } from '../../support/backends';
import { CeasefireServer, PLACES, REPORT_DEFAULTS } from '../../support/ceasefire/server';
import { expectAnswer } from '../../support/http';
import { SETUP_TIMEOUT_MS } from '../../support/server-process';

/**
 * Leadership's pages as a partner's browser gets them from a production server: the SITREP (and the
 * trends page) of a partner of DEU hold nothing that is not released to DEU now, in the page or in the
 * data it carries for its scripts, figures included, and say so at top and bottom (REL DEU, EXERCISE);
 * the cell's officer gets everything, marked CELL ONLY.
 */

const OFFICER = 'sr-officer';
const DEU = 'sr-partner-deu';
const DAY_MS = 86_400_000;
const day = (offset: number) => utcDay(new Date(Date.now() + offset * DAY_MS));
const month = () => new Date().toISOString().slice(0, 7);

/** Released to DEU (or the coalition): in both pages. */
const VISIBLE = { unit: 'VISIBLE-unit-deu', programme: 'VISIBLE-programme-deu', milestone: 'VISIBLE-milestone-deu', hub: 'VISIBLE-hub-deu' };
/** Released to the cell or to POL only: never in DEU's. */
const HIDDEN = { cellUnit: 'HIDDEN-unit-cell', polUnit: 'HIDDEN-unit-pol', programme: 'HIDDEN-programme-pol', milestone: 'HIDDEN-milestone-pol', hub: 'HIDDEN-hub-pol' };
const SECTOR_FOR_DEU = 'Sector-released-to-DEU';

describeEachBackend('the SITREP on %s', (backendName) => {
	let server: CeasefireServer;
	/** Ids of reports verified as critical: one released to the coalition, one to the cell, one narrowed to the cell after its verification was logged. */
	const reports = { coalition: '', cell: '', narrowed: '' };
	/** Reports released to the coalition in a sector released to DEU alone: one verified as critical, one awaiting verification. */
	const inDeuSector = { verified: '', awaiting: '' };

	beforeAll(async () => {
		server = await CeasefireServer.start(backendName);
		await server.addPeople([
			{ username: OFFICER, role: 'officer' },
			{ username: DEU, role: 'partner', nation: 'DEU' }
		]);
		await server.createLineOfContact(OFFICER, 'coalition');
		const officer = server.as(OFFICER);
		const made = async (path: string, body: unknown) => {
			const answer = await officer.post(path, body);
			expectAnswer(answer, answer.status === 200 ? 200 : 201, path);
			return answer.body as { id: string };
		};

		for (const [name, releasableTo, readiness] of [
			[VISIBLE.unit, ['DEU'], 'C4'],
			['coalition-unit', 'coalition', 'C1'],
			[HIDDEN.cellUnit, 'cell', 'C4'],
			[HIDDEN.polUnit, ['POL'], 'C5']
		] as const) {
			await made('/api/v1/units', { name, nation: 'DEU', domain: 'land', sidc: '10031000151211000000', mission: 'reassurance', readiness, releasableTo });
		}
		for (const [title, releasableTo, milestone] of [
			[VISIBLE.programme, ['DEU'], VISIBLE.milestone],
			[HIDDEN.programme, ['POL'], HIDDEN.milestone]
		] as const) {
			const programme = await made('/api/v1/programmes', { kind: 'industrial-production', title, nations: ['DEU'], unit: 'rounds', plan: [{ month: month(), quantity: 100 }], releasableTo });
			await made(`/api/v1/programmes/${programme.id}/output`, { month: month(), quantity: 40 });
			await made('/api/v1/milestones', { programmeId: programme.id, title: milestone, dueOn: day(-3) });
		}
		for (const [hub, releasableTo, donor] of [
			[VISIBLE.hub, ['DEU'], 'DEU'],
			[HIDDEN.hub, ['POL'], 'POL']
		] as const) {
			const pledge = await made('/api/v1/pledges', { donor, announcedOn: day(-40), measure: 'commitment', category: 'ammunition', item: 'shells', quantity: 100, valueEur: 1_000_000, channel: 'stockpile', releasableTo });
			await made('/api/v1/deliveries', { pledgeId: pledge.id, quantity: 10, hub, expectedOn: day(-5) });
		}
		for (const [key, releasableTo] of [
			['coalition', 'coalition'],
			['cell', 'cell'],
			['narrowed', 'coalition']
		] as const) {
			const report = await server.report(OFFICER, { ...PLACES.pokrovsk, observedAt: new Date(Date.now() - 2 * 3600_000).toISOString(), severity: 'critical', releasableTo });
			for (const action of ['begin-verification', 'verify']) expectAnswer(await server.step(OFFICER, report.id, action), 200, action);
			reports[key] = report.id;
		}
		// A sector only DEU (and the cell) may see: a line naming it is DEU's, whatever its report's releasability.
		const around = (lat: number, lon: number) => [[lon - 0.1, lat - 0.1], [lon + 0.1, lat - 0.1], [lon + 0.1, lat + 0.1], [lon - 0.1, lat + 0.1], [lon - 0.1, lat - 0.1]];
		await made('/api/v1/sectors', { id: 'deu-only', name: SECTOR_FOR_DEU, geometry: { type: 'Polygon', coordinates: [around(PLACES.outside.lat, PLACES.outside.lon)] }, releasableTo: ['DEU'] });
		for (const key of ['verified', 'awaiting'] as const) {
			const report = await server.report(OFFICER, { ...PLACES.outside, observedAt: new Date(Date.now() - 3600_000).toISOString(), severity: key === 'verified' ? 'critical' : 'low', releasableTo: 'coalition' });
			expect(report.sectorId).toBe('deu-only');
			if (key === 'verified') for (const action of ['begin-verification', 'verify']) expectAnswer(await server.step(OFFICER, report.id, action), 200, action);
			inDeuSector[key] = report.id;
		}
		// Logged as verified while released to the coalition; released to the cell alone now.
		expectAnswer(await server.call(server.person(OFFICER).cookie, 'PATCH', `/api/v1/violations/${reports.narrowed}`, { releasableTo: 'cell' }), 200, 'narrowing');
		// An exercise: active at once, and the coalition's.
		await made('/api/v1/activations', { scenario: 'Exercise drill for the SITREP', exercise: true });
	}, SETUP_TIMEOUT_MS);
	afterAll(async () => {
		await server?.stop();
	});

	async function pageOf(username: string, path: string): Promise<string> {
		const answer = await server.as(username).get(path);
		expect(answer.status, `${path} for ${username}`).toBe(200);
		expect(answer.headers.get('content-type')).toMatch(/text\/html/);
		return answer.text;
	}
	/** The text of the markings at the top and the bottom of the page. */
	const markingsIn = (html: string) => [...html.matchAll(/data-marking="(top|bottom)"[^>]*>([\s\S]*?)<\/div>/g)].map(([, where, inner]) => `${where}: ${inner!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()}`);
	const figure = (html: string, key: string) => /data-figure="([^"]+)"[^>]*>\s*<th[^>]*>[^<]*<\/th>\s*<td[^>]*>([^<]*)<\/td>/g.exec(html.slice(html.indexOf(`data-figure="${key}"`)))?.[2];

	it("gives a partner of DEU a SITREP with nothing not released to DEU now, marked REL DEU and EXERCISE at top and bottom", async () => {
		const html = await pageOf(DEU, '/sitrep');
		for (const hidden of [...Object.values(HIDDEN), reports.cell, reports.narrowed]) expect(html, `${hidden} in DEU's SITREP`).not.toContain(hidden);
		for (const shown of [...Object.values(VISIBLE), reports.coalition, 'Exercise drill for the SITREP']) expect(html, `${shown} missing from DEU's SITREP`).toContain(shown);
		expect(html).not.toContain('CELL ONLY');
		const seq = /data-seq[^>]*>(\d+)</.exec(html)?.[1];
		expect(Number(seq)).toBeGreaterThan(0);
		expect(markingsIn(html)).toEqual([expect.stringMatching(new RegExp(`^top: REL DEU EXERCISE \\d{6}Z[A-Z]{3}\\d{2} · SEQ ${seq}$`)), expect.stringMatching(new RegExp(`^bottom: REL DEU EXERCISE \\d{6}Z[A-Z]{3}\\d{2} · SEQ ${seq}$`))]);
		// A report released to the coalition shown with the name of a sector released to DEU: the line is DEU's, and says so.
		const rowOf = (id: string) => [...html.matchAll(/<(?:tr|li)\b[\s\S]*?<\/(?:tr|li)>/g)].map(([row]) => row).filter((row) => row.includes(`/ceasefire/${id}`));
		for (const id of [inDeuSector.awaiting, inDeuSector.verified]) {
			const rows = rowOf(id);
			expect(rows.length, `the line of ${id}`).toBeGreaterThan(0);
			for (const row of rows) {
				expect(row).toContain(SECTOR_FOR_DEU);
				expect(row).toMatch(/>\s*REL DEU\s*</);
			}
		}
		// Figures count only what DEU may see: one unit not ready of its three, one overdue milestone.
		expect(figure(html, 'units-not-ready')).toBe('1: Land 1');
		expect(figure(html, 'overdue-milestones')).toBe('1');
		expect(figure(html, 'overdue')).toBe('1');
	});

	it('gives the cell everything, marked CELL ONLY', async () => {
		const html = await pageOf(OFFICER, '/sitrep');
		for (const shown of [...Object.values(HIDDEN), ...Object.values(VISIBLE), reports.cell, reports.narrowed, reports.coalition]) expect(html, `${shown} missing from the cell's SITREP`).toContain(shown);
		expect(markingsIn(html)).toEqual([expect.stringMatching(/^top: CELL ONLY EXERCISE /), expect.stringMatching(/^bottom: CELL ONLY EXERCISE /)]);
		expect(figure(html, 'units-not-ready')).toBe('3: Land 3');
		expect(figure(html, 'overdue-milestones')).toBe('2');
	});

	it("gives a partner of DEU trends with nothing not released to DEU, marked for DEU", async () => {
		const html = await pageOf(DEU, '/trends?days=7');
		for (const hidden of [HIDDEN.programme, reports.cell, reports.narrowed]) expect(html, `${hidden} in DEU's trends`).not.toContain(hidden);
		for (const shown of [VISIBLE.programme, reports.coalition]) expect(html).toContain(shown);
		expect(markingsIn(html)).toEqual(['top: REL DEU EXERCISE', 'bottom: REL DEU EXERCISE']);
	});

	it('sends a stranger to sign in', async () => {
		const answer = await fetch(`${server.url}/sitrep`, { redirect: 'manual' });
		expect(answer.status).toBe(303);
		expect(answer.headers.get('location')).toBe('/login?next=%2Fsitrep');
	});
});
