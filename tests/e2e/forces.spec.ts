import path from 'node:path';
import { request as playwrightRequest, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { ADMIN, ARTIFACTS, connection, expect, signIn, test } from './fixtures';

const RUN = crypto.randomUUID().slice(0, 6);
const HOSTILE = '<img src=x onerror=alert(1)>';
const OFFICER = { username: `e2e-fo-officer-${RUN}`, displayName: 'Officer Laurent', password: 'correct-horse-battery-81' };
const PARTNER = { username: `e2e-fo-deu-${RUN}`, displayName: 'Oberst Vogel', password: 'correct-horse-battery-82' };

// Near the test sectors of the ceasefire spec (36.4–38° E, 47.9–49.6° N), so the ceasefire map shows them too; far enough apart not to cluster.
const DEU_UNIT = `E2E Panzergrenadiers ${RUN} ${HOSTILE}`;
const POL_UNIT = `E2E Mechanised Battalion ${RUN}`;
const FRA_UNIT = `E2E Rafale Detachment ${RUN}`;
const UNITS = [
	{ name: DEU_UNIT, nation: 'DEU', domain: 'land', sidc: '10131000161211020000', location: { lat: 49.3, lon: 36.7 }, mission: 'reassurance', readiness: 'C2', noticeToMoveHours: 48, releasableTo: 'coalition' },
	{ name: POL_UNIT, nation: 'POL', domain: 'land', sidc: '10131000161211020000', location: { lat: 48.2, lon: 37.6 }, mission: 'training', readiness: 'C1', noticeToMoveHours: 12, releasableTo: 'coalition' },
	{ name: FRA_UNIT, nation: 'FRA', domain: 'air', sidc: '10130100001101040000', location: { lat: 46.48, lon: 30.73 }, mission: 'air-policing', readiness: 'C3', noticeToMoveHours: 6, releasableTo: 'cell' },
	{ name: `E2E Frigate ${RUN}`, nation: 'TUR', domain: 'sea', sidc: '10133000001202040000', location: { lat: 46.0, lon: 31.1 }, mission: 'maritime-security', readiness: 'C2', noticeToMoveHours: 12, releasableTo: 'coalition' },
	{ name: `E2E Logistics Hub ${RUN}`, nation: 'POL', domain: 'land', sidc: '10131000161634000000', location: { lat: 50.1, lon: 22.0 }, mission: 'logistics', readiness: 'C4', noticeToMoveHours: 168, releasableTo: 'coalition' },
	{ name: `E2E Minehunter ${RUN}`, nation: 'ROU', domain: 'sea', sidc: '10133000001204040000', location: { lat: 44.2, lon: 28.7 }, mission: 'maritime-security', readiness: 'C5', noticeToMoveHours: null, releasableTo: 'coalition' }
];
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const BRIGADES = [
	{ name: `E2E 170th Mechanised Brigade ${RUN}`, stage: 'collective-training', progress: 70, plannedCertifiedOn: day(-3), releasableTo: 'coalition' },
	{ name: `E2E 171st Mechanised Brigade ${RUN}`, stage: 'individual-training', progress: 40, plannedCertifiedOn: day(60), releasableTo: 'coalition' },
	{ name: `E2E 172nd Artillery Brigade ${RUN}`, stage: 'certified', progress: 100, plannedCertifiedOn: day(-10), releasableTo: 'coalition' }
];

const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage });

async function apiAs(username: string, password: string): Promise<APIRequestContext> {
	const api = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL! });
	const login = await api.post('/api/v1/auth/login', { data: { username, password } });
	expect(login.status(), await login.text()).toBe(200);
	return api;
}

/** The live picture is in: the socket says Live and the table holds the rows. */
async function forcesReady(page: Page) {
	await expect(connection(page)).toHaveText('Live', { timeout: 15_000 });
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 15_000 });
}

const unitsTable = (page: Page) => page.getByRole('table', { name: /^Units, sorted by/ });
const rowOf = (page: Page, name: string) => unitsTable(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }) });
const boardCell = (page: Page, domain: string, level: string) => page.locator(`td[data-domain="${domain}"][data-level="${level}"]`);
const rowNames = async (page: Page) => (await unitsTable(page).locator('tbody .name').allTextContents()).filter((n) => n.includes(RUN));
const readinessOf = (row: Locator) => row.locator('.readiness-cell');
/** This run's rows' levels, top to bottom. */
const levels = async (page: Page) => unitsTable(page).locator('tbody tr').filter({ hasText: RUN }).locator('.readiness-cell .code').allTextContents();

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	const api = await apiAs(ADMIN.username, ADMIN.password());
	for (const [person, role, nation] of [
		[OFFICER, 'officer', 'FRA'],
		[PARTNER, 'partner', 'DEU']
	] as const) {
		const user = await api.post('/api/v1/users', { data: { username: person.username, password: person.password, role, nation, displayName: person.displayName } });
		expect(user.status(), await user.text()).toBe(201);
	}
	for (const unit of UNITS) {
		const made = await api.post('/api/v1/units', { data: unit });
		expect(made.status(), await made.text()).toBe(201);
	}
	for (const brigade of BRIGADES) {
		const made = await api.post('/api/v1/brigades', { data: brigade });
		expect(made.status(), await made.text()).toBe(201);
	}
	await api.dispose();
});

test('the unit layer draws each unit as its symbol with its readiness beside it, on the ceasefire map as a layer of its own', async ({ openDesk }) => {
	test.setTimeout(120_000);
	const desk = await openDesk();
	await signIn(desk.page, OFFICER.username, OFFICER.password, '/ceasefire');
	await expect(desk.page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 15_000 });
	await expect(connection(desk.page)).toHaveText('Live');

	// A layer of its own beside the ceasefire's, off until the officer turns it on.
	const legend = desk.page.locator('.legend');
	const symbols = desk.page.locator('.leaflet-marker-pane .wf-unit');
	await expect(legend.getByRole('checkbox', { name: 'Ceasefire' })).toBeChecked();
	await expect(legend.getByRole('checkbox', { name: 'Units' })).not.toBeChecked();
	await expect(legend.getByRole('region', { name: 'Unit readiness' })).toHaveCount(0);
	await legend.getByRole('checkbox', { name: 'Units' }).focus();
	await desk.page.keyboard.press('Space');

	// The units in view, each a milsymbol image with its level in words beside it.
	const deu = symbols.filter({ hasText: DEU_UNIT });
	await expect(deu).toHaveCount(1);
	await expect(deu.locator('img.wf-unit-symbol')).toHaveAttribute('src', /^data:image\/svg\+xml/);
	await expect(deu.locator('.wf-unit-level')).toHaveText('C2');
	await expect(symbols.filter({ hasText: POL_UNIT }).locator('.wf-unit-level')).toHaveText('C1');
	// The name is text in the tooltip, never markup.
	await deu.hover();
	await expect(desk.page.locator('.wf-unit-tip-name')).toHaveText(DEU_UNIT);
	await expect(desk.page.locator('.wf-unit-tip-level')).toContainText('C2 substantially ready');
	await shot(desk.page, 'ceasefire-units.png', false);

	// Its legend says what the labels mean; turned off, the symbols and the legend go, the ceasefire stays.
	await expect(legend.getByRole('region', { name: 'Unit readiness' })).toContainText('C5 reconstituting');
	await legend.getByRole('checkbox', { name: 'Units' }).uncheck();
	await expect(symbols).toHaveCount(0);
	await expect(legend.getByRole('region', { name: 'Unit readiness' })).toHaveCount(0);
	await expect(legend.getByRole('checkbox', { name: 'Ceasefire' })).toBeChecked();
	await expect(desk.page.locator('main img:not([src^="data:image/svg+xml"]), main script')).toHaveCount(0);
});

test("a partner reports its own unit's readiness; the cell's screen sees the board and the row change live", async ({ openDesk }) => {
	test.setTimeout(180_000);
	const officer = await openDesk();
	const partner = await openDesk();
	await signIn(officer.page, OFFICER.username, OFFICER.password, '/forces');
	await signIn(partner.page, PARTNER.username, PARTNER.password, '/forces');
	await forcesReady(officer.page);
	await forcesReady(partner.page);
	// A marker on the window: a reload would lose it.
	await officer.page.evaluate(() => ((window as unknown as { untouched: boolean }).untouched = true));

	const officerRow = rowOf(officer.page, DEU_UNIT);
	await expect(readinessOf(officerRow)).toHaveText(/C2\s*substantially ready/);
	const landC2 = Number(await boardCell(officer.page, 'land', 'C2').textContent());
	const landC4 = Number(await boardCell(officer.page, 'land', 'C4').textContent());
	await expect(officer.page.getByRole('region', { name: 'Forces key figures' })).toContainText('Brigades behind schedule');
	await expect(officer.page.locator(`[data-brigade-id]`).filter({ hasText: BRIGADES[0]!.name })).toContainText('Behind schedule · 3 days late');
	await shot(officer.page, 'forces-desk.png');

	// The partner sees what is released to Germany (not the cell-only unit), and may report on German units only.
	await expect(rowOf(partner.page, FRA_UNIT)).toHaveCount(0);
	await expect(rowOf(partner.page, POL_UNIT)).toHaveCount(1);
	await expect(rowOf(partner.page, POL_UNIT).getByRole('link', { name: /^Report readiness/ })).toHaveCount(0);
	const form = partner.page.getByRole('form', { name: 'Report readiness' });
	const unitChoices = await form.getByLabel('Unit').locator('option').allTextContents();
	expect(unitChoices.length).toBeGreaterThan(0);
	expect(unitChoices.every((choice) => choice.startsWith('DEU · '))).toBe(true);

	// From the unit's row, with the keyboard: the form takes the unit and the focus goes to its level.
	await rowOf(partner.page, DEU_UNIT).getByRole('link', { name: `Report readiness of ${DEU_UNIT}` }).focus();
	await partner.page.keyboard.press('Enter');
	await expect(form.getByRole('radio', { name: /C2/ })).toBeFocused();
	await expect(form.getByLabel('Unit')).toHaveValue(await rowOf(partner.page, DEU_UNIT).getAttribute('data-unit-id') as string);
	await partner.page.keyboard.press('ArrowDown');
	await partner.page.keyboard.press('ArrowDown');
	await expect(form.getByRole('radio', { name: /C4/ })).toBeChecked();

	// A notice to move that is not a number is refused beside its field, and nothing else is lost.
	await form.getByLabel('Notice to move (hours)').fill('a week');
	await form.getByLabel('Reason').fill(`Engine faults ground several vehicles ${HOSTILE}`);
	await form.getByRole('button', { name: 'Report readiness' }).click();
	await expect(form.getByLabel('Notice to move (hours)')).toHaveAttribute('aria-invalid', 'true');
	await expect(form.locator('#readiness-notice-errors')).toHaveText('Whole hours, e.g. 48, or empty');
	await expect(form.getByRole('alert')).toContainText('not valid');
	await expect(form.getByLabel('Reason')).toHaveValue(`Engine faults ground several vehicles ${HOSTILE}`);
	await expect(readinessOf(officerRow)).toHaveText(/C2/);

	await form.getByLabel('Notice to move (hours)').fill('168');
	await form.getByRole('button', { name: 'Report readiness' }).click();
	await expect(form.getByRole('status')).toHaveText(`Reported: ${DEU_UNIT} is now C4 not ready.`);
	await expect(form.getByLabel('Reason')).toHaveValue('');
	await shot(partner.page, 'forces-partner.png');

	// The cell's screen: the row and the board, live, without a reload.
	await expect(readinessOf(officerRow)).toHaveText(/C4\s*not ready/, { timeout: 5_000 });
	await expect(officerRow).toContainText('168 h');
	await expect(officerRow).toContainText(`Engine faults ground several vehicles ${HOSTILE} · ${PARTNER.displayName}`);
	await expect(officerRow.locator('.since')).toHaveText(/^0 min \d\d s$/);
	await expect(boardCell(officer.page, 'land', 'C4')).toHaveText(String(landC4 + 1));
	await expect(boardCell(officer.page, 'land', 'C2')).toHaveText(String(landC2 - 1));
	// And on its map: the symbol's label says C4 now.
	await expect(officer.page.locator('.leaflet-marker-pane .wf-unit').filter({ hasText: DEU_UNIT }).locator('.wf-unit-level')).toHaveText('C4');
	expect(await officer.page.evaluate(() => (window as unknown as { untouched?: boolean }).untouched)).toBe(true);
	await shot(officer.page, 'forces-desk-after-report.png');
	for (const page of [officer.page, partner.page]) await expect(page.locator('main img:not([src^="data:image/svg+xml"]), main script')).toHaveCount(0);
	await officer.page.waitForTimeout(300);
});

test("a unit's own page, from its row: symbol, fields, last report and readiness over time; a partner cannot open one not released to it", async ({ openDesk }) => {
	test.setTimeout(120_000);
	const officer = await openDesk();
	await signIn(officer.page, OFFICER.username, OFFICER.password, '/forces');
	await forcesReady(officer.page);
	await rowOf(officer.page, DEU_UNIT).getByRole('link', { name: DEU_UNIT, exact: true }).click();
	await expect(officer.page).toHaveURL(/\/forces\/units\/[0-9a-f-]{36}$/);
	const unitPage = officer.page.locator('main');
	// The name is text, never markup.
	await expect(unitPage.getByRole('heading', { level: 1 })).toHaveText(DEU_UNIT);
	await expect(unitPage.locator('.record-head img')).toHaveAttribute('alt', /^APP-6D symbol/);
	await expect(unitPage.locator('.record-head .code')).toHaveText('C4');
	for (const fact of ['Germany (DEU)', 'Land', 'Reassurance', '168 h', '10131000161211020000']) await expect(unitPage.locator('.record-facts')).toContainText(fact);
	await expect(unitPage.locator('[data-fact="last-report"]')).toContainText(`Engine faults ground several vehicles ${HOSTILE} · ${PARTNER.displayName}`);

	// The partner's report, newest first: who, when, the level before → after, and why; the registration at the bottom.
	const reports = unitPage.getByRole('table', { name: /^Readiness reports of this unit/ }).locator('tbody tr');
	await expect(reports.first()).toContainText(PARTNER.displayName);
	await expect(reports.first()).toContainText(`Engine faults ground several vehicles ${HOSTILE}`);
	await expect(reports.first().locator('.code')).toHaveText(['C2', 'C4']);
	await expect(reports.first()).toContainText(/\d{6}Z[A-Z]{3}\d{2}/);
	await expect(reports.last()).toContainText('Registered');
	await expect(reports.last().locator('.code')).toHaveText(['C2']);
	await expect(officer.page.locator('main img:not([src^="data:image/svg+xml"]), main script')).toHaveCount(0);
	await shot(officer.page, 'forces-unit.png');

	// A partner of Germany: the cell-only French unit is "not found", as one that does not exist.
	const api = await apiAs(ADMIN.username, ADMIN.password());
	const french = ((await (await api.get('/api/v1/units')).json()) as { id: string; name: string }[]).find((u) => u.name === FRA_UNIT)!;
	await api.dispose();
	const partner = await openDesk();
	await signIn(partner.page, PARTNER.username, PARTNER.password, '/forces');
	const refused = await partner.page.goto(`/forces/units/${french.id}`);
	expect(refused?.status()).toBe(404);
	await expect(partner.page.getByRole('main')).toContainText('No such unit, or it is not releasable to you');
	await expect(partner.page.getByRole('main')).not.toContainText(FRA_UNIT);
	// Its own unit it may open; the history is the cell's to read, the last report is on the unit.
	await partner.page.goto(officer.page.url());
	await expect(partner.page.getByRole('heading', { level: 1 })).toHaveText(DEU_UNIT);
	await expect(partner.page.locator('[data-fact="last-report"]')).toContainText('Engine faults ground several vehicles');
	await expect(partner.page.getByText('Your role cannot read the history of records.')).toBeVisible();
	await shot(partner.page, 'forces-unit-partner.png');
});

test('the units table sorts from the keyboard alone, and says how it is sorted', async ({ openDesk }) => {
	test.setTimeout(120_000);
	const desk = await openDesk();
	await signIn(desk.page, OFFICER.username, OFFICER.password, '/forces');
	await forcesReady(desk.page);
	const table = unitsTable(desk.page);
	const header = (name: string) => table.getByRole('columnheader', { name: new RegExp(`^${name}`) });
	await expect(header('Nation')).toHaveAttribute('aria-sort', 'ascending');

	// Tab into the header buttons from the nation column: Domain, then Readiness.
	await header('Nation').getByRole('button').focus();
	await desk.page.keyboard.press('Tab');
	await desk.page.keyboard.press('Tab');
	await expect(header('Readiness').getByRole('button')).toBeFocused();
	await desk.page.keyboard.press('Enter');
	await expect(header('Readiness')).toHaveAttribute('aria-sort', 'ascending');
	await expect(header('Nation')).not.toHaveAttribute('aria-sort');
	await expect(table).toHaveAccessibleName('Units, sorted by readiness, ascending');
	const ascending = await levels(desk.page);
	expect(ascending).toEqual([...ascending].sort());
	expect(ascending[0]).toBe('C1');
	expect((await rowNames(desk.page)).at(-1)).toContain('E2E Minehunter');

	await desk.page.keyboard.press('Space');
	await expect(header('Readiness')).toHaveAttribute('aria-sort', 'descending');
	expect(await levels(desk.page)).toEqual([...ascending].reverse());
	expect((await rowNames(desk.page))[0]).toContain('E2E Minehunter');
	await expect(desk.page).toHaveURL(/sort=readiness%3Adescending/);
	await shot(desk.page, 'forces-sorted.png', false);

	// Time since the last change: the report just made comes first.
	await desk.page.keyboard.press('Tab');
	await expect(header('Since change').getByRole('button')).toBeFocused();
	await desk.page.keyboard.press('Enter');
	await expect(header('Since change')).toHaveAttribute('aria-sort', 'ascending');
	expect((await rowNames(desk.page))[0]).toBe(DEU_UNIT);
});

test('without JavaScript the partner still reports, the filters and the sort still work, and the cell sees it live', async ({ openDesk }) => {
	test.setTimeout(120_000);
	const officer = await openDesk();
	const plain = await openDesk({ javaScriptEnabled: false });
	await signIn(officer.page, OFFICER.username, OFFICER.password, '/forces');
	await forcesReady(officer.page);

	const login = plain.page;
	await login.goto('/login?next=%2Fforces');
	await login.getByLabel('Username').fill(PARTNER.username);
	await login.getByLabel('Password').fill(PARTNER.password);
	await login.getByRole('button', { name: 'Sign in' }).click();
	await expect(login).toHaveURL((url) => url.pathname === '/forces');
	await expect(rowOf(plain.page, DEU_UNIT)).toHaveCount(1);

	// The filter form is a plain GET form: Apply reloads the page with it.
	await plain.page.getByLabel('Nation', { exact: true }).selectOption('DEU');
	await plain.page.getByRole('button', { name: 'Apply' }).click();
	await expect(plain.page).toHaveURL(/nation=DEU/);
	expect((await rowNames(plain.page)).every((name) => name.startsWith('E2E Panzergrenadiers'))).toBe(true);
	await plain.page.getByRole('button', { name: /^Readiness/ }).click();
	await expect(unitsTable(plain.page).getByRole('columnheader', { name: /^Readiness/ })).toHaveAttribute('aria-sort', 'ascending');

	// The row's Report link names the unit in the URL; the form posts to the action.
	await rowOf(plain.page, DEU_UNIT).getByRole('link', { name: /^Report readiness/ }).click();
	const form = plain.page.getByRole('form', { name: 'Report readiness' });
	await form.getByRole('radio', { name: /C3/ }).check();
	await form.getByLabel('Reason').fill('Spare parts delivered; half the vehicles back on line');
	await form.getByRole('button', { name: 'Report readiness' }).click();
	await expect(form.getByRole('status')).toHaveText(`Reported: ${DEU_UNIT} is now C3 marginally ready.`);
	await expect(readinessOf(rowOf(plain.page, DEU_UNIT))).toHaveText(/C3/);
	await expect(readinessOf(rowOf(officer.page, DEU_UNIT))).toHaveText(/C3\s*marginally ready/, { timeout: 5_000 });
	await shot(plain.page, 'forces-no-js.png');
});

test('an officer registers a unit: a symbol of the wrong domain is refused beside its field, then the unit is on every list', async ({ openDesk }) => {
	test.setTimeout(120_000);
	const desk = await openDesk();
	await signIn(desk.page, OFFICER.username, OFFICER.password, '/forces');
	await forcesReady(desk.page);
	await desk.page.getByText('Register a unit').click();
	const form = desk.page.getByRole('form', { name: 'Register a unit' });
	const name = `E2E Gripen Detachment ${RUN}`;
	await form.getByLabel('Name', { exact: true }).fill(name);
	await form.getByLabel('Nation', { exact: true }).selectOption('SWE');
	await form.getByLabel('Domain', { exact: true }).selectOption('air');
	// A land unit's code for an air unit.
	await form.getByLabel('Symbol code (SIDC)', { exact: true }).fill('10031000151211000000');
	await form.getByLabel('Mission', { exact: true }).selectOption('air-policing');
	await form.getByLabel('Readiness', { exact: true }).selectOption('C1');
	await form.getByLabel('Latitude', { exact: true }).fill('54.03');
	await form.getByLabel('Longitude', { exact: true }).fill('19.14');
	await form.getByRole('radio', { name: /Coalition/ }).check();
	await form.getByRole('button', { name: 'Register unit' }).click();
	await expect(form.locator('#unit-sidc-errors')).toHaveText("The symbol set (digits 5–6) does not match the unit's domain");
	await expect(form.getByLabel('Symbol code (SIDC)', { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await expect(form.getByLabel('Name', { exact: true })).toHaveValue(name);

	await form.getByLabel('Symbol code (SIDC)', { exact: true }).fill('10030100001101040000');
	await expect(form.locator('.preview img')).toHaveAttribute('alt', 'APP-6D symbol: friend air');
	await form.getByRole('button', { name: 'Register unit' }).click();
	await expect(form.getByRole('status')).toHaveText(`Registered: ${name}.`);
	await expect(form.getByLabel('Name', { exact: true })).toHaveValue('');
	await expect(rowOf(desk.page, name)).toContainText('Sweden (SWE)');
	await expect(readinessOf(rowOf(desk.page, name))).toHaveText(/C1\s*fully ready/);
	await shot(desk.page, 'forces-registered.png');
});
