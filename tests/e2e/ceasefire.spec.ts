import path from 'node:path';
import { request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, ARTIFACTS, connection, expect, signIn, test } from './fixtures';
import { startE2eServer, type E2eServer } from './e2e-server';

const HOSTILE = '<img src=x onerror=alert(1)>';
const OFFICER = { username: `e2e-officer-${crypto.randomUUID().slice(0, 6)}`, displayName: 'Officer Duval', password: 'correct-horse-battery-77' };
const LEADER = { username: `e2e-leader-${crypto.randomUUID().slice(0, 6)}`, displayName: 'Leader Okafor', password: 'correct-horse-battery-78' };

// Rectangles, so the centre of each drawn shape is inside it whatever the projection.
const SECTORS = [
	{ id: 'e2e-north', name: 'E2E North', geometry: { type: 'Polygon', coordinates: [[[37.0, 49.6], [38.0, 49.6], [38.0, 49.0], [37.0, 49.0], [37.0, 49.6]]] } },
	{ id: 'e2e-south', name: 'E2E South', geometry: { type: 'Polygon', coordinates: [[[36.4, 48.6], [37.6, 48.6], [37.6, 47.9], [36.4, 47.9], [36.4, 48.6]]] } }
];

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, name) });

/** Nothing a user typed may become markup: no injected element in the page's own content (unit symbols are images of milsymbol's SVG). */
async function expectNoInjection(page: Page) {
	await expect(page.locator('main img:not([src^="data:image/svg+xml"]), main script, .leaflet-container img:not([src^="data:image/svg+xml"])')).toHaveCount(0);
}

async function apiAs(baseURL: string, username: string, password: string): Promise<APIRequestContext> {
	const api = await playwrightRequest.newContext({ baseURL });
	const login = await api.post('/api/v1/auth/login', { data: { username, password } });
	expect(login.status(), await login.text()).toBe(200);
	return api;
}

/** The map is drawn and the live picture is in. */
async function mapReady(page: Page) {
	await expect(page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 15_000 });
	await expect(connection(page)).toHaveText('Live');
	await expect(page.locator('.leaflet-overlay-pane path').first()).toBeVisible();
}

/** Clicks inside a sector's drawn shape (the test sectors are rectangles). */
async function clickSector(page: Page, id: string) {
	// The map is sticky and as tall as the screen: scroll the page to it so all of it shows.
	await page.evaluate(() => window.scrollTo(0, document.querySelector('.desk')!.getBoundingClientRect().top + window.scrollY - 80));
	const box = await page.locator(`.leaflet-overlay-pane path.sector-${id}`).boundingBox();
	if (!box) throw new Error(`sector ${id} not found on the map`);
	// Left of the middle: the legend (with its layer toggles) sits in the map's lower right corner.
	await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.4);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	const api = await apiAs(process.env.E2E_BASE_URL!, ADMIN.username, ADMIN.password());
	for (const sector of SECTORS) {
		const created = await api.post('/api/v1/sectors', { data: sector });
		expect([201, 409], await created.text()).toContain(created.status());
		// Monitored a moment ago: the sector holds until a report says otherwise.
		await api.post(`/api/v1/sectors/${sector.id}/check-in`, { data: {} });
	}
	for (const [person, role] of [[OFFICER, 'officer'], [LEADER, 'leadership']] as const) {
		const user = await api.post('/api/v1/users', { data: { username: person.username, password: person.password, role, nation: 'FRA', displayName: person.displayName } });
		expect(user.status(), await user.text()).toBe(201);
	}
	await api.dispose();
});

test('an officer reports on the map, every screen sees it and the alert live, the workflow refuses a stale step, one acknowledgement serves all', async ({ openDesk }) => {
	test.setTimeout(240_000);
	const officer = await openDesk();
	const second = await openDesk();
	await signIn(officer.page, OFFICER.username, OFFICER.password, '/ceasefire');
	await signIn(second.page, ADMIN.username, ADMIN.password(), '/ceasefire');
	await mapReady(officer.page);
	await mapReady(second.page);
	const viewBefore = await second.page.locator('.leaflet-map-pane').getAttribute('style');

	// Report by clicking the map: the form opens with the point and the sector it falls in.
	await clickSector(officer.page, 'e2e-south');
	const form = officer.page.getByRole('form', { name: 'New violation report' });
	await expect(form).toBeVisible();
	await expect(form.getByTestId('report-sector')).toHaveText('E2E South');
	const lat = Number(await form.getByLabel('Latitude').inputValue());
	const lon = Number(await form.getByLabel('Longitude').inputValue());
	expect(lat).toBeGreaterThan(47.9);
	expect(lat).toBeLessThan(48.6);
	expect(lon).toBeGreaterThan(36.4);
	expect(lon).toBeLessThan(37.6);
	await expect(form.getByLabel('Observed (UTC)')).toHaveValue(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
	await form.getByLabel('Category').selectOption('artillery');
	await form.getByLabel('Severity').selectOption('high');
	await form.getByLabel('Killed').fill('0');
	await form.getByLabel('Wounded').fill('2');
	await form.getByLabel('Description').fill(HOSTILE);
	await form.getByRole('button', { name: 'Send report' }).click();

	// The officer's screen opens the new report.
	const detail = officer.page.getByRole('article').filter({ has: officer.page.getByRole('heading', { name: 'Artillery' }) });
	await expect(detail).toBeVisible();
	await expect(detail.locator('.description')).toHaveText(HOSTILE);
	await expect(detail).toContainText('Reported');
	await expect(detail).toContainText('CELL ONLY');
	await expect(detail).toContainText('E2E South');

	// The second screen: the report in the list and on the map, and the alert, all without a reload.
	const alertItem = second.page.getByRole('list', { name: 'Unacknowledged alerts' }).getByRole('listitem').filter({ hasText: 'Artillery · E2E South' });
	await expect(alertItem).toContainText(/high/i);
	await expect(alertItem).toBeVisible({ timeout: 5_000 });
	const listed = second.page.getByRole('list', { name: /Reports matching the filters/ }).getByRole('listitem').first();
	await expect(listed).toContainText(HOSTILE);
	await expect(second.page.locator('.leaflet-marker-pane .wf-marker')).toHaveCount(1);
	// New reports do not move the map.
	expect(await second.page.locator('.leaflet-map-pane').getAttribute('style')).toBe(viewBefore);

	// The second screen starts a step from what it sees now ("reported")…
	await alertItem.getByRole('button', { name: 'Show report' }).click();
	const secondDetail = second.page.locator('article[data-report-id]');
	await expect(secondDetail.locator('.description')).toHaveText(HOSTILE);
	await secondDetail.getByRole('button', { name: 'Begin verification' }).click();
	await expect(secondDetail.getByLabel('Reason')).toBeFocused();

	// …while the officer moves the report on: begin verification → verify → refer.
	for (const [button, status] of [
		['Begin verification', 'Under verification'],
		['Verify', 'Verified'],
		['Refer to commission', 'Referred to commission']
	] as const) {
		await detail.getByRole('button', { name: button, exact: true }).click();
		await detail.getByLabel('Reason').fill(`E2E: ${button.toLowerCase()} after patrol imagery`);
		await detail.getByRole('button', { name: `Confirm: ${button}` }).click();
		await expect(detail.locator('.badges .status')).toHaveText(status);
	}
	await expect(detail.getByRole('button', { name: 'Attribute' })).toHaveCount(0); // an officer cannot attribute

	// The stale step is refused with the status as it is now, and nothing changes.
	await secondDetail.getByLabel('Reason').fill('E2E: too late');
	await secondDetail.getByRole('button', { name: 'Confirm: Begin verification' }).click();
	await expect(secondDetail.getByRole('alert')).toContainText('Someone acted first');
	await expect(secondDetail.getByRole('alert')).toContainText('Referred to commission');
	await expect(secondDetail.locator('.badges .status')).toHaveText('Referred to commission');
	await expect(second.page.locator('.kpis')).toContainText('Commission cases');

	// Hostile text is inert in the marker tooltip too.
	await officer.page.locator('.leaflet-marker-pane .wf-marker').first().hover();
	await expect(officer.page.locator('.wf-tip-text')).toHaveText(HOSTILE);
	await shot(officer.page, 'ceasefire-detail.png');

	// One acknowledgement, for everyone.
	await alertItem.getByRole('button', { name: /^Acknowledge high alert/ }).click();
	const acked = officer.page.getByRole('list', { name: 'Recently acknowledged alerts' }).getByRole('listitem').first();
	await expect(acked).toContainText('Artillery · E2E South', { timeout: 5_000 });
	await expect(acked).toContainText(/acknowledged by .+ at \d{6}Z[A-Z]{3}\d{2}/);
	await expect(officer.page.getByRole('list', { name: 'Unacknowledged alerts' })).toHaveCount(0);

	// The history page names every step.
	await detail.getByRole('link', { name: 'History and full record' }).click();
	await expect(officer.page.getByRole('heading', { name: 'Artillery report' })).toBeVisible({ timeout: 15_000 });
	await expect(officer.page.locator('.description')).toHaveText(HOSTILE);
	await expect(officer.page.getByRole('table')).toContainText(OFFICER.displayName);

	for (const desk of [officer, second]) await expectNoInjection(desk.page);
	await officer.page.waitForTimeout(500);
});

test('an officer overrides a sector status with a reason and an expiry, clears it and checks in; leadership sees it live, without the controls', async ({ openDesk }) => {
	test.setTimeout(180_000);
	const officer = await openDesk();
	const leader = await openDesk();
	await signIn(officer.page, OFFICER.username, OFFICER.password, '/ceasefire');
	await signIn(leader.page, LEADER.username, LEADER.password, '/ceasefire');
	await mapReady(officer.page);
	await mapReady(leader.page);

	// The sector's chip opens its panel (and shows its reports): with the keyboard, as any button.
	const chip = officer.page.getByRole('button', { name: 'Sector E2E North: its reports and status' });
	await chip.focus();
	await officer.page.keyboard.press('Enter');
	await expect(chip).toHaveAttribute('aria-pressed', 'true');
	await expect(officer.page.getByLabel('Sector', { exact: true })).toHaveValue('e2e-north');
	const panel = officer.page.getByRole('region', { name: 'Sector E2E North' });
	await expect(panel.getByTestId('sector-override')).toHaveText('none: the rules decide');

	// Override: the form opens focused on the status; a missing reason is refused beside the field.
	await panel.getByRole('button', { name: 'Override status…' }).focus();
	await officer.page.keyboard.press('Enter');
	const form = panel.getByRole('form', { name: 'Override the status of E2E North' });
	await expect(form.getByLabel('Status')).toBeFocused();
	await form.getByLabel('Status').selectOption('violated');
	await form.getByLabel('For').selectOption({ label: '4 hours' });
	await form.getByRole('button', { name: 'Set override' }).click();
	await expect(form.getByLabel('Reason')).toHaveAttribute('aria-invalid', 'true');
	await expect(panel.getByRole('alert')).toContainText('not valid');
	await expect(form).toContainText('Say why the status is overridden');
	await form.getByLabel('Reason').fill(`Shelling heard by the liaison team ${HOSTILE}`);
	await form.getByRole('button', { name: 'Set override' }).click();
	await expect(panel.getByRole('status')).toHaveText('Status set to Violated for 4 hours.');
	await expect(form).toHaveCount(0);
	await expect(panel.getByTestId('sector-override')).toContainText(/^Violated until \d{6}Z[A-Z]{3}\d{2}, set by Officer Duval: Shelling heard/);
	await expect(panel.getByTestId('sector-override')).toContainText(`Shelling heard by the liaison team ${HOSTILE}`);
	await expect(panel.locator('.status-line')).toHaveText(/violated/i);
	const officerChip = officer.page.locator('.layout-chips li').filter({ hasText: 'E2E North' });
	await expect(officerChip).toContainText(/violated/i);
	await expect(officerChip).toContainText(/override/i);
	await shot(officer.page, 'sector-override.png');

	// Leadership sees the override live, and the panel without the controls.
	const leaderChip = leader.page.locator('.layout-chips li').filter({ hasText: 'E2E North' });
	await expect(leaderChip).toContainText(/override/i);
	await leader.page.getByRole('button', { name: 'Sector E2E North: its reports and status' }).click();
	const leaderPanel = leader.page.getByRole('region', { name: 'Sector E2E North' });
	await expect(leaderPanel.getByTestId('sector-override')).toContainText('set by Officer Duval');
	await expect(leaderPanel.getByRole('button')).toHaveText(['Close']);

	// Clear the override: the rules decide again, on both screens.
	await panel.getByRole('button', { name: 'Clear override' }).click();
	await expect(panel.getByRole('status')).toHaveText('Override cleared: the rules decide again.');
	await expect(panel.getByTestId('sector-override')).toHaveText('none: the rules decide');
	await expect(leaderChip).not.toContainText(/override/i);
	await expect(panel.getByRole('button', { name: 'Clear override' })).toHaveCount(0);

	// A monitoring check-in.
	await panel.getByRole('button', { name: 'Record check-in' }).click();
	await expect(panel.getByRole('status')).toHaveText('Check-in recorded.');
	await expect(panel.locator('dd').first()).toHaveText(/^\d{6}Z[A-Z]{3}\d{2}$/);

	// Picked again, the chip closes the panel and the sector filter.
	await chip.click();
	await expect(panel).toHaveCount(0);
	await expect(officer.page.getByLabel('Sector', { exact: true })).toHaveValue('');
	for (const desk of [officer, leader]) await expectNoInjection(desk.page);
});

test('a severe report raises the alert on the watch log and the admin pages too; one acknowledgement there serves all; the report opens from the alert and its releasability changes', async ({ openDesk }) => {
	test.setTimeout(180_000);
	const officer = await openDesk();
	const admin = await openDesk();
	await signIn(officer.page, OFFICER.username, OFFICER.password, '/log');
	await signIn(admin.page, ADMIN.username, ADMIN.password(), '/admin/users');
	for (const desk of [officer, admin]) await expect(connection(desk.page)).toHaveText('Live', { timeout: 15_000 });
	// Nothing open yet: the banner takes no room away from the log.
	await expect(officer.page.getByRole('list', { name: 'Unacknowledged alerts' })).toHaveCount(0);

	const api = await apiAs(process.env.E2E_BASE_URL!, ADMIN.username, ADMIN.password());
	const made = await api.post('/api/v1/violations', {
		data: { observedAt: new Date().toISOString(), lat: 49.3, lon: 37.5, category: 'drone', source: 'uav', severity: 'critical', killed: 1, description: `E2E alert on every screen ${HOSTILE}` }
	});
	expect(made.status(), await made.text()).toBe(201);
	const report = (await made.json()) as { id: string; sectorId: string };
	expect(report.sectorId).toBe('e2e-north');
	const alerts = (await (await api.get('/api/v1/alerts')).json()) as { violationId: string; title: string }[];
	expect(alerts.find((a) => a.violationId === report.id)?.title).toBe('CRITICAL: Drone in E2E North');
	await api.dispose();

	// Both screens, neither of them a ceasefire page, show it live, once.
	for (const desk of [officer, admin]) {
		const item = desk.page.getByRole('list', { name: 'Unacknowledged alerts' }).getByRole('listitem').filter({ hasText: 'Drone · E2E North' });
		await expect(item).toContainText(/critical/i);
		await expect(desk.page.locator('section.alerts')).toHaveCount(1);
	}
	await expect(officer.page.getByRole('heading', { name: 'Watch log' })).toBeVisible();
	await shot(officer.page, 'alert-on-log.png');

	// Acknowledged on the log, seen acknowledged on the admin page.
	await officer.page.getByRole('button', { name: /^Acknowledge critical alert: Drone · E2E North/ }).click();
	const acked = admin.page.getByRole('list', { name: 'Recently acknowledged alerts' }).getByRole('listitem').filter({ hasText: 'Drone · E2E North' });
	await expect(acked).toContainText(/acknowledged by Officer Duval at \d{6}Z[A-Z]{3}\d{2}/);
	await expect(admin.page.getByRole('list', { name: 'Unacknowledged alerts' })).toHaveCount(0);
	await shot(admin.page, 'alert-acknowledged-on-admin.png');

	// The alert opens its report on the ceasefire desk, where the banner still shows once.
	const fresh = await apiAs(process.env.E2E_BASE_URL!, ADMIN.username, ADMIN.password());
	const second = await fresh.post('/api/v1/violations', {
		data: { observedAt: new Date().toISOString(), lat: 48.2, lon: 37.0, category: 'missile', source: 'sensor', severity: 'high', description: 'E2E second alert' }
	});
	expect(second.status()).toBe(201);
	const secondId = ((await second.json()) as { id: string }).id;
	await fresh.dispose();
	const secondItem = officer.page.getByRole('list', { name: 'Unacknowledged alerts' }).getByRole('listitem').filter({ hasText: 'Missile · E2E South' });
	await secondItem.getByRole('button', { name: 'Show report' }).click();
	await expect(officer.page).toHaveURL((url) => url.pathname === '/ceasefire' && url.searchParams.get('report') === secondId);
	const detail = officer.page.locator(`article[data-report-id="${secondId}"]`);
	await expect(detail.locator('.description')).toHaveText('E2E second alert');
	await expect(officer.page.locator('section.alerts')).toHaveCount(1);

	// Releasability from the detail: cell only → coalition.
	await expect(detail.locator('.badges')).toContainText(/cell only/i);
	await detail.getByRole('button', { name: 'Change releasability' }).click();
	const editor = detail.getByRole('form', { name: 'Change releasability' });
	await editor.getByRole('radio', { name: /Coalition/ }).check();
	await editor.getByRole('button', { name: 'Save releasability' }).click();
	await expect(detail.getByRole('status')).toHaveText('Releasability changed: now REL COALITION.');
	await expect(detail.locator('.badges')).toContainText(/coalition/i);
	await shot(officer.page, 'releasability-changed.png');
	for (const desk of [officer, admin]) await expectNoInjection(desk.page);
});

test('a CSV import is checked first, shows its errors by row, then commits every row', async ({ openDesk }) => {
	test.setTimeout(120_000);
	const desk = await openDesk();
	await signIn(desk.page, OFFICER.username, OFFICER.password, '/ceasefire');
	await mapReady(desk.page);
	await desk.page.getByRole('button', { name: 'Import CSV' }).click();

	const bad = [
		'event_date,event_type,sub_event_type,latitude,longitude,fatalities,notes,source,region',
		'2026-01-07,Explosions/Remote violence,Shelling/artillery/missile attack,48.2,37.0,0,Shelling near the crossing,ground patrol,east',
		'2026-01-07,Battles,Armed clash,91.5,37.1,0,Clash reported,uav,east',
		'not-a-date,Explosions/Remote violence,Air/drone strike,48.3,,1,Drone strike on a vehicle,uav,east',
		'2026-01-08,Strategic developments,Looting,48.1,36.9,abc,Movement of armour,sensor,east'
	].join('\n');
	await desk.page.getByLabel('CSV file').setInputFiles({ name: 'reports.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
	await desk.page.getByRole('button', { name: 'Check file' }).click();
	const preview = desk.page.getByLabel('Import preview');
	await expect(preview).toBeVisible();
	await expect(preview.locator('dd').nth(0)).toHaveText('4');
	await expect(preview.locator('dd').nth(1)).toHaveText('1');
	await expect(preview.getByRole('table')).toContainText('latitude');
	await expect(preview.getByRole('row', { name: /^3 / })).toBeVisible();
	await expect(preview).toContainText('Ignored columns: region');
	await expect(preview.getByRole('button', { name: /^Import/ })).toHaveCount(0);
	await desk.page.locator('#import-panel').scrollIntoViewIfNeeded();
	await desk.page.screenshot({ path: path.join(ARTIFACTS, 'import-preview.png'), fullPage: false });

	const good = [
		'event_date,event_type,sub_event_type,latitude,longitude,fatalities,notes,source',
		'2026-01-07,Explosions/Remote violence,Shelling/artillery/missile attack,48.2,37.0,0,E2E import one,ground patrol',
		'2026-01-07,Battles,Armed clash,49.3,37.5,0,E2E import two,uav',
		'2026-01-08,Explosions/Remote violence,Air/drone strike,48.3,37.2,0,E2E import three,uav',
		'2026-01-08,Battles,Armed clash,46.0,31.0,0,E2E import outside,uav'
	].join('\n');
	await desk.page.getByLabel('CSV file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
	await desk.page.getByRole('button', { name: 'Check file' }).click();
	await desk.page.getByRole('button', { name: 'Import 4 reports' }).click();
	await expect(desk.page.getByText('Imported 4 reports')).toBeVisible();
	// Live, under the "all time" window (the rows are dated in the past).
	await desk.page.getByRole('radio', { name: 'All time' }).check();
	await expect(desk.page.getByRole('list', { name: /Reports matching the filters/ })).toContainText('E2E import two');

	// The export links carry the filters.
	await desk.page.getByLabel('Category', { exact: true }).selectOption('drone');
	const csv = desk.page.getByRole('link', { name: 'CSV' });
	await expect(csv).toHaveAttribute('href', '/api/v1/violations.csv?category=drone');
	await desk.page.getByRole('radio', { name: 'Last 24 h' }).check();
	await expect(csv).toHaveAttribute('href', /^\/api\/v1\/violations\.csv\?from=\d{4}-\d{2}-\d{2}T\d{2}%3A\d{2}%3A00\.000Z&category=drone$/);
	const exported = await desk.page.request.get((await csv.getAttribute('href'))!);
	expect(exported.status()).toBe(200);
	// "Outside every sector" is a filter of the list and of the exports alike (sector=none).
	await desk.page.getByRole('radio', { name: 'All time' }).check();
	await desk.page.getByLabel('Category', { exact: true }).selectOption('');
	await desk.page.getByLabel('Sector', { exact: true }).selectOption({ label: 'Outside every sector' });
	await expect(csv).toHaveAttribute('href', '/api/v1/violations.csv?sector=none');
	await expect(desk.page.getByRole('list', { name: /Reports matching the filters/ })).toContainText('E2E import outside');
	await expect(desk.page.getByRole('list', { name: /Reports matching the filters/ })).not.toContainText('E2E import two');
	const outside = (await (await desk.page.request.get('/api/v1/violations?sector=none')).json()) as { sectorId: string | null; description: string }[];
	expect(outside.map((v) => v.sectorId)).toEqual(outside.map(() => null));
	expect(outside.map((v) => v.description)).toContain('E2E import outside');
});

// ---------------------------------------------------------------------------------------------
// The wall and the desk with the exercise scenario: a second server, seeded (WATCHFLOOR_DEMO=on).

test.describe('with the exercise scenario', () => {
	let demo: E2eServer;
	test.beforeAll(async () => {
		test.setTimeout(120_000);
		demo = await startE2eServer({ demo: true, logName: 'server-demo.log' });
	});
	test.afterAll(async () => {
		await demo?.stop();
	});

	async function signInDemo(page: Page, next: string) {
		await page.goto(`${demo.baseURL}/login?next=${encodeURIComponent(next)}`);
		await page.getByLabel('Username').fill('admin');
		await page.getByLabel('Password').fill(demo.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL((url) => url.pathname === next);
	}

	/** Everything the page loads comes from its own origin: the map works with no internet. */
	function recordForeignRequests(page: Page): string[] {
		const foreign: string[] = [];
		page.on('request', (request) => {
			const url = request.url();
			if (!url.startsWith(demo.baseURL) && !url.startsWith('data:') && !url.startsWith('blob:') && !url.startsWith('ws://127.0.0.1')) foreign.push(url);
		});
		return foreign;
	}

	test('the wall shows the ceasefire map, figures and alerts at 1920×1080 under the EXERCISE banner', async ({ openDesk }) => {
		test.setTimeout(90_000);
		const wall = await openDesk();
		const foreign = recordForeignRequests(wall.page);
		await wall.page.setViewportSize({ width: 1920, height: 1080 });
		await signInDemo(wall.page, '/wall');
		const screen = wall.page.locator('.wall');
		await expect(screen.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 15_000 });
		await expect(screen.getByRole('note', { name: 'Exercise data on screen' })).toBeVisible();
		await expect(screen.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
		await expect(screen.locator('.overall')).toContainText(/Holding|Tense|Violated|Unknown/i);
		// The seed leaves only its newest three alerts open; the wall's own banner is the only one on it.
		await expect(screen.getByRole('heading', { name: '3 unacknowledged alerts' })).toBeVisible();
		await expect(wall.page.locator('section.alerts')).toHaveCount(1);
		await expect(screen.locator('.leaflet-overlay-pane path').first()).toBeVisible();
		await expect(screen.locator('.wf-cluster, .wf-marker').first()).toBeVisible();
		// Base map drawn (Natural Earth from our own origin) and the chart on its canvas.
		await expect(screen.locator('.leaflet-base-pane path').first()).toBeAttached({ timeout: 10_000 });
		await wall.page.waitForTimeout(600);
		// The whole wall fits the screen: nothing to scroll on a kiosk.
		const size = await wall.page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight, wallH: document.querySelector('.wall')!.scrollHeight }));
		expect(size.wallH).toBeLessThanOrEqual(1080);
		await shot(wall.page, 'wall.png');
		expect(foreign).toEqual([]);
	});

	test('the desk with the scenario: clustered reports, filters, sector list', async ({ openDesk }) => {
		test.setTimeout(90_000);
		const desk = await openDesk();
		const foreign = recordForeignRequests(desk.page);
		await signInDemo(desk.page, '/ceasefire');
		await expect(desk.page.locator('.map[data-ready="true"]')).toBeVisible({ timeout: 15_000 });
		await expect(desk.page.getByRole('note', { name: 'Exercise data on screen' })).toBeVisible();
		await expect(desk.page.locator('.leaflet-base-pane path').first()).toBeAttached({ timeout: 10_000 });
		await expect(desk.page.locator('.wf-cluster').first()).toBeVisible();
		const all = await desk.page.locator('.filters .count strong').textContent();
		await desk.page.getByLabel('Status', { exact: true }).selectOption('referred');
		await expect(desk.page.locator('.filters .count strong')).not.toHaveText(all!);
		await desk.page.getByRole('button', { name: 'Reset' }).click();
		await expect(desk.page.locator('.filters .count strong')).toHaveText(all!);
		await desk.page.evaluate(() => window.scrollTo(0, 0));
		await desk.page.waitForTimeout(400);
		await shot(desk.page, 'ceasefire-desk.png');
		expect(foreign).toEqual([]);
	});
});
