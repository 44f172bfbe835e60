import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { request as playwrightRequest, type Page } from '@playwright/test';
import { ARTIFACTS, DTG, expect, signIn, test } from './fixtures';
import { startE2eServer, type E2eServer } from './e2e-server';
import { addLeadershipPicture, addUser, CELL_ONLY, FOR_DEU } from './leadership-data';

/**
 * Leadership's pages on the exercise scenario (plus units, commitments, an exercise activation and
 * programmes made through the API): the trend charts with their tables, range picker and exports;
 * the SITREP printed to A4 by Chromium, for the cell and for a partner of DEU.
 */

const LEADER = { username: 'e2e-leader', password: 'correct-horse-battery-81', role: 'leadership', nation: 'FRA', displayName: 'Leader Okafor' };
const PARTNER = { username: 'e2e-deu', password: 'correct-horse-battery-82', role: 'partner', nation: 'DEU', displayName: 'Oberst Weber' };
/** A date-time group inside a longer text. */
const DTG_IN_TEXT = DTG.source.replace(/^\^|\$$/g, '');
const CHARTS = [
	'Violations reported per day, by category',
	'Pledged and delivered, cumulative',
	'Readiness: share of units ready (C1–C2)',
	'Cooperation: output against plan, by month',
	'Sector status per day',
	'Readiness by domain: share of units ready (C1–C2)'
];

test.describe.configure({ mode: 'serial' });

let demo: E2eServer;
test.beforeAll(async () => {
	test.setTimeout(180_000);
	demo = await startE2eServer({ demo: true, logName: 'server-trends.log' });
	const api = await playwrightRequest.newContext({ baseURL: demo.baseURL });
	expect((await api.post('/api/v1/auth/login', { data: { username: 'admin', password: demo.password } })).status()).toBe(200);
	await addLeadershipPicture(api);
	for (const user of [LEADER, PARTNER]) await addUser(api, user);
	await api.dispose();
});
test.afterAll(async () => {
	await demo?.stop();
});

const chart = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });
/** The days a trend table lists (the readiness table: one row a day). */
const tableDays = (page: Page) => chart(page, CHARTS[2]!).locator('tbody tr');

test('leadership lands on the trends: six charts drawn with their tables, key events marked, exports offered', async ({ openDesk }) => {
	test.setTimeout(120_000);
	const { page } = await openDesk({ baseURL: demo.baseURL });
	// Signed in with no page asked for, and from the root: the trends.
	await page.goto('/login');
	await page.getByLabel('Username').fill(LEADER.username);
	await page.getByLabel('Password').fill(LEADER.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL((url) => url.pathname === '/trends');
	await page.goto('/');
	await expect(page).toHaveURL((url) => url.pathname === '/trends');
	// Leadership finds its pages first in the navigation.
	await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link')).toHaveText(['Ceasefire', 'Support', 'Forces', 'Commitments', 'Cooperation', 'Log', 'Trends', 'SITREP', 'Wall']);
	await expect(page.getByRole('link', { name: 'Last 30 days' })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByRole('note', { name: 'Marking of this page' })).toHaveText([/CELL ONLY\s*EXERCISE/, /CELL ONLY\s*EXERCISE/]);

	for (const title of CHARTS) {
		const panel = chart(page, title);
		await expect(panel.locator('.canvas-box.drawn canvas')).toBeVisible();
		await expect(panel.getByRole('table')).toBeVisible();
		const png = panel.getByRole('link', { name: 'PNG image' });
		await expect(png).toHaveAttribute('href', /^data:image\/png;base64,/);
		await expect(png).toHaveAttribute('download', /\.png$/);
		await expect(panel.getByRole('link', { name: /CSV/ })).toHaveAttribute('href', /^(\/api\/v1\/trends\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}|data:text\/csv)/);
	}
	await expect(tableDays(page)).toHaveCount(30);
	// The scenario's three weeks of reports are in the table the chart draws.
	const reported = await chart(page, CHARTS[0]!).locator('tbody tr td:nth-child(2)').allTextContents();
	expect(reported.map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThan(20);
	// Key events, numbered as on the charts: the exercise activation and the critical violation verified today among them.
	const events = page.getByRole('list', { name: 'Key events' }).getByRole('listitem');
	await expect(events.filter({ hasText: 'Activation declared (exercise)' })).toHaveCount(1);
	await expect(events.filter({ hasText: 'Critical violation verified: Missile' })).not.toHaveCount(0);
	expect(await events.count()).toBeLessThanOrEqual(8);
	// The programmes' output against plan: the cell-only one has no production, the two factories do.
	await expect(chart(page, CHARTS[3]!).getByRole('table')).toContainText(FOR_DEU.programme);

	// Sector status per day: the statuses named as columns, every sector counted once a day, today's verified missile strike making one violated.
	const sectors = chart(page, CHARTS[4]!);
	await expect(sectors.getByRole('columnheader')).toHaveText(['Date', 'Violated', 'Tense', 'Holding', 'Unknown (not monitored)']);
	await expect(sectors.locator('tbody tr')).toHaveCount(30);
	const sectorDays = await sectors.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => Number(cell.textContent))));
	const perDay = [...new Set(sectorDays.map((counts) => counts.reduce((a, b) => a + b, 0)))];
	expect(perDay).toHaveLength(1);
	const sectorCount = perDay[0]!;
	expect(sectorCount).toBeGreaterThan(1);
	expect(sectorDays[0]![0]).toBeGreaterThan(0);
	// The scenario's weeks of monitoring: days holding, tense or violated, not only unknown.
	expect(sectorDays.filter((counts) => counts[3] !== sectorCount).length).toBeGreaterThan(10);
	await expect(sectors.getByRole('link', { name: 'Data (CSV)' })).toHaveAttribute('href', /&include=sectors$/);
	await expect(sectors).toContainText(/ violated, .* tense, .* holding, .* unknown \(not monitored\), of \d+ sectors\./);

	// Readiness by domain: each domain's share with how many of how many, today's units in every domain.
	const domains = chart(page, CHARTS[5]!);
	await expect(domains.getByRole('columnheader')).toHaveText(['Date', 'Air', 'Sea', 'Land']);
	await expect(domains.locator('tbody tr').first().locator('td')).toHaveText([/^\d+\.\d % \(\d+ of \d+\)$/, /^\d+\.\d % \(\d+ of \d+\)$/, /^\d+\.\d % \(\d+ of \d+\)$/]);
	await expect(domains.getByRole('link', { name: 'Data (CSV)' })).toHaveAttribute('href', /&include=domains$/);
	// Each panel as the full page draws it, so the sticky navigation does not cover its title.
	for (const [panel, name] of [[sectors, 'trends-sectors.png'], [domains, 'trends-domains.png']] as const) {
		await page.evaluate(() => window.scrollTo(0, 0));
		const box = (await panel.boundingBox())!;
		await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true, clip: box });
	}

	// The PNG as it downloads: a real image, titled and marked (looked at under artifacts/).
	const download = page.waitForEvent('download');
	await chart(page, CHARTS[0]!).getByRole('link', { name: 'PNG image' }).click();
	const saved = path.join(ARTIFACTS, 'trends-violations-export.png');
	await (await download).saveAs(saved);
	expect((await readFile(saved)).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: path.join(ARTIFACTS, 'trends.png'), fullPage: true });
});

test('the range picker changes the range by keyboard, keeps it in the URL and says what it cannot show', async ({ openDesk }) => {
	test.setTimeout(90_000);
	const { page } = await openDesk({ baseURL: demo.baseURL });
	await signIn(page, LEADER.username, LEADER.password, '/trends');
	await page.getByRole('link', { name: 'Last 7 days' }).focus();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/trends\?days=7$/);
	await expect(tableDays(page)).toHaveCount(7);
	await expect(page.getByRole('link', { name: 'Last 7 days' })).toHaveAttribute('aria-current', 'page');

	const from = page.getByLabel('From', { exact: true });
	await from.fill('2026-01-01');
	await page.getByLabel('To', { exact: true }).fill('2026-01-10');
	await page.getByLabel('To', { exact: true }).press('Enter');
	await expect(page).toHaveURL(/\/trends\?from=2026-01-01&to=2026-01-10$/);
	await expect(tableDays(page)).toHaveCount(10);
	await expect(chart(page, CHARTS[2]!).getByRole('link', { name: 'Data (CSV)' })).toHaveAttribute('href', '/api/v1/trends.csv?from=2026-01-01&to=2026-01-10');
	await expect(chart(page, CHARTS[0]!).locator('.canvas-box.drawn canvas')).toBeVisible();

	// A range backwards: the problem beside the field, the default range shown.
	await page.goto('/trends?from=2026-02-01&to=2026-01-01');
	await expect(page.getByLabel('From', { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await expect(page.locator('#range-from-errors')).toHaveText('Must not be after `to`');
	await expect(tableDays(page)).toHaveCount(30);

	// A bookmark keeps working: the preset is relative to today.
	await page.goto('/trends?days=90');
	await expect(tableDays(page)).toHaveCount(90);
});

test('the trends work without scripts: tables and the range picker', async ({ openDesk }) => {
	test.setTimeout(60_000);
	const withScripts = await openDesk({ baseURL: demo.baseURL });
	await signIn(withScripts.page, LEADER.username, LEADER.password, '/log');
	const { page } = await openDesk({ baseURL: demo.baseURL, javaScriptEnabled: false });
	await page.context().addCookies(await withScripts.context.cookies());
	await page.goto('/trends');
	await expect(page.getByText('The chart needs scripts; the table below holds the same numbers.').first()).toBeVisible();
	await expect(tableDays(page)).toHaveCount(30);
	await page.getByRole('link', { name: 'Last 7 days' }).click();
	await expect(tableDays(page)).toHaveCount(7);
	await page.getByLabel('From', { exact: true }).fill('2026-03-01');
	await page.getByLabel('To', { exact: true }).fill('2026-03-03');
	await page.getByRole('button', { name: 'Show range' }).click();
	await expect(page).toHaveURL(/from=2026-03-01&to=2026-03-03/);
	await expect(tableDays(page)).toHaveCount(3);
});

/**
 * The SITREP as Chromium prints it: an A4 PDF, the page on screen in print media, and each sheet of the
 * PDF as an image where poppler's pdftoppm is installed (for a person to look at; nothing is judged on it).
 */
async function printSitrep(page: Page, name: string): Promise<Buffer> {
	await page.emulateMedia({ media: 'print' });
	const pdfPath = path.join(ARTIFACTS, `${name}.pdf`);
	const pdf = await page.pdf({ format: 'A4', printBackground: true, path: pdfPath });
	await page.screenshot({ path: path.join(ARTIFACTS, `${name}-print.png`), fullPage: true });
	await promisify(execFile)('pdftoppm', ['-r', '70', '-png', pdfPath, path.join(ARTIFACTS, `${name}-sheet`)]).catch(() => {});
	return pdf;
}

/** Printed, the marking is fixed at the top and the bottom of the page box, which Chromium repeats on every sheet. */
async function expectMarkingOnEverySheet(page: Page, label: RegExp) {
	const top = page.locator('[data-marking="top"]');
	const bottom = page.locator('[data-marking="bottom"]');
	await expect(top).toHaveText(label);
	await expect(bottom).toHaveText(label);
	await expect(top).toHaveCSS('position', 'fixed');
	await expect(bottom).toHaveCSS('position', 'fixed');
	const viewport = page.viewportSize()!;
	const [topBox, bottomBox] = [await top.boundingBox(), await bottom.boundingBox()];
	expect(topBox!.y).toBeLessThan(5);
	expect(bottomBox!.y + bottomBox!.height).toBeGreaterThan(viewport.height - 5);
	// Navigation, the alerts and the live banner stay off paper.
	await expect(page.getByRole('navigation', { name: 'Sections' })).toBeHidden();
	await expect(page.getByRole('note', { name: 'Exercise data on screen' })).toBeHidden();
}

test('the cell’s SITREP prints on A4, marked CELL ONLY and EXERCISE with its DTG and seq at top and bottom', async ({ openDesk }) => {
	test.setTimeout(90_000);
	const { page } = await openDesk({ baseURL: demo.baseURL });
	await page.setViewportSize({ width: 794, height: 1123 });
	await signIn(page, LEADER.username, LEADER.password, '/sitrep');
	const seq = await page.locator('[data-seq]').textContent();
	const stamp = new RegExp(`^CELL ONLY\\s*EXERCISE\\s*${DTG_IN_TEXT} · SEQ ${seq}$`);
	await expect(page.locator('[data-marking="top"]')).toHaveText(stamp);
	for (const part of ['1 · Ceasefire monitoring', '2 · Support for Ukraine’s armed forces', '3 · Multinational Force Ukraine', '4 · Binding commitments', '5 · Long-term defence cooperation']) {
		await expect(page.getByRole('heading', { name: part })).toBeVisible();
	}
	// Units not ready (C3–C5) by domain, as many as this server's scenario and the other specs leave.
	await expect(page.locator('[data-figure="units-not-ready"] td').first()).toHaveText(/^[1-9]\d*: (Air \d+, )?(Sea \d+, )?Land \d+$/);
	await expect(page.locator('[data-figure="activation"] td').first()).toContainText('Active (exercise)');
	await expect(page.locator('[data-open="units"]')).toContainText(CELL_ONLY.unit);
	await expect(page.getByRole('list', { name: 'Key events' })).toContainText('Activation declared (exercise)');

	const pdf = await printSitrep(page, 'sitrep-cell');
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	// Every sheet A4 (595.92 × 842.88 pt), and more than one of them.
	const sheets = pdf.toString('latin1').match(/\/MediaBox \[0 0 595\.9\d* 842\.8\d*\]/g) ?? [];
	expect(sheets.length).toBeGreaterThan(1);
	await expectMarkingOnEverySheet(page, stamp);
});

test('a partner’s SITREP holds what is released to DEU and is marked REL DEU', async ({ openDesk }) => {
	test.setTimeout(90_000);
	const { page } = await openDesk({ baseURL: demo.baseURL });
	await page.setViewportSize({ width: 794, height: 1123 });
	await signIn(page, PARTNER.username, PARTNER.password, '/sitrep');
	const stamp = new RegExp(`^REL DEU\\s*EXERCISE\\s*${DTG_IN_TEXT} · SEQ \\d+$`);
	await expect(page.locator('[data-open="units"]')).toContainText(FOR_DEU.unit);
	await expect(page.locator('main')).not.toContainText(CELL_ONLY.unit);
	await expect(page.locator('main')).not.toContainText(CELL_ONLY.programme);
	await expect(page.locator('main')).not.toContainText('CELL ONLY');
	await expect(page.locator('[data-figure="units-not-ready"] td').first()).toHaveText(/^[1-9]\d*: (Air \d+, )?(Sea \d+, )?Land \d+$/);
	await printSitrep(page, 'sitrep-deu');
	await expectMarkingOnEverySheet(page, stamp);
});
