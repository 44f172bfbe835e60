import path from 'node:path';
import { request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { ARTIFACTS, expect, test, type Desk, type DeskOptions } from './fixtures';
import { startE2eServer, type E2eServer } from './e2e-server';
import { seedWallScenario } from './wall-data';

/**
 * The ops-room wall against a server of its own, seeded with the exercise scenario and, through the
 * API, exercise data for guarantees 3–5: signed in with a wall token as a kiosk is, at 1920×1080 and
 * 3840×2160; updates on it as they are made; the drill board taking over during an activation; the
 * rotation an administrator sets reaching it live; STALE when its server goes away, gone once back.
 */

const HD = { width: 1920, height: 1080 };
const UHD = { width: 3840, height: 2160 };
const SCENARIO = 'Armed attack on the Zaporizhzhia sector: drill ALPHA <b>not bold</b>';

test.describe.configure({ mode: 'serial' });

let server: E2eServer;
let admin: APIRequestContext;
let deviceLink = '';

test.beforeAll(async () => {
	test.setTimeout(300_000);
	server = await startE2eServer({ demo: true, logName: 'server-wall.log' });
	admin = await playwrightRequest.newContext({ baseURL: server.baseURL });
	const login = await admin.post('/api/v1/auth/login', { data: { username: 'admin', password: server.password } });
	expect(login.status(), await login.text()).toBe(200);
	await seedWallScenario(admin);
	const token = await admin.post('/api/v1/tokens', { data: { name: 'Ops room wall 1', role: 'wall', nation: 'FRA' } });
	expect(token.status(), await token.text()).toBe(201);
	deviceLink = ((await token.json()) as { deviceLink: string }).deviceLink;
});

test.afterAll(async () => {
	await admin?.dispose();
	await server?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, name) });

type OpenDesk = (options?: DeskOptions) => Promise<Desk>;

/** A kiosk: a fresh browser context in Paris time, signed in by its device link, on the wall. */
async function openWall(openDesk: OpenDesk): Promise<Page> {
	const { page } = await openDesk({ viewport: HD, timezoneId: 'Europe/Paris' });
	await page.goto(deviceLink);
	await expect(page).toHaveURL((url) => url.pathname === '/wall' && url.hash === '');
	await wallLive(page);
	// Marks this document: still there later means the wall never reloaded.
	await page.evaluate(() => ((window as unknown as { wallDocument: boolean }).wallDocument = true));
	return page;
}

async function wallLive(page: Page) {
	await expect(page.locator('.wall').getByRole('status').filter({ hasText: 'Live' })).toBeVisible({ timeout: 20_000 });
	await expect(page.locator('.map[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
}

const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { wallDocument?: boolean }).wallDocument === true);

/** Nothing scrolls and no panel cuts its content off. */
async function expectNothingCutOff(page: Page) {
	const overflow = await page.evaluate(() => {
		const root = document.documentElement;
		const clipped = [...document.querySelectorAll<HTMLElement>('.wall .tile .body, .wall .stage-panel .body, .wall .log-stage, .wall .alerts-cell, .wall .drill .nations section')]
			.filter((el) => el.offsetParent !== null && el.scrollHeight > el.clientHeight + 1)
			.map((el) => el.closest('[data-tile], [data-stage-panel], .alerts-cell, .drill')?.getAttribute('data-tile') ?? el.className);
		return { scrolls: root.scrollWidth > innerWidth || root.scrollHeight > innerHeight, clipped };
	});
	expect(overflow).toEqual({ scrolls: false, clipped: [] });
}

/** How tall something is drawn on screen, in device pixels. */
const drawnHeight = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!.height;

test('the wall shows all five guarantees at a glance, at 1920×1080 and 3840×2160 alike', async ({ openDesk }) => {
	test.setTimeout(120_000);
	const page = await openWall(openDesk);
	const wall = page.locator('.wall');
	await expect(wall.getByRole('note', { name: 'Exercise data on screen' })).toBeVisible();
	await expect(wall.locator('[data-tile="ceasefire"] .overall')).toContainText(/Holding|Tense|Violated|Unknown/i);
	await expect(wall.locator('[data-tile="ceasefire"]').getByRole('list', { name: 'Sectors, north to south' }).getByRole('listitem')).toHaveCount(7);
	await expect(wall.locator('[data-tile="forces"]')).toContainText(/of \d+ units/);
	await expect(wall.locator('[data-tile="forces"]').getByRole('table')).toContainText('Land');
	await expect(wall.locator('[data-tile="support"]')).toContainText(/Pledged\s*€/);
	await expect(wall.locator('[data-tile="support"]')).toContainText('Overdue deliveries');
	await expect(wall.locator('[data-tile="commitments"]')).toContainText(/Commitments in force\s*[1-9]\d*/i);
	await expect(wall.locator('[data-tile="commitments"]')).toContainText(/Milestones overdue\s*[1-9]\d*/i);
	// The scenario leaves three alerts open; other specs on this server may raise more.
	await expect(wall.getByRole('heading', { name: /^\d+ unacknowledged alerts?$/ })).toBeVisible();
	await expect(wall.locator('.clock')).toContainText(/\d{2}:\d{2} CET local/);
	await expect(wall.locator('.leaflet-base-pane path').first()).toBeAttached({ timeout: 10_000 });
	await expect(wall.locator('.wf-cluster, .wf-marker').first()).toBeVisible();
	await page.waitForTimeout(600);
	await expectNothingCutOff(page);
	const hd = { clock: await drawnHeight(page, '.clock .time'), figure: await drawnHeight(page, '[data-tile="support"] .value'), cluster: await drawnHeight(page, '.wf-cluster') };
	await shot(page, 'wall-1920.png');

	// The same wall on a 4K screen: type, figures and the map's markers twice as large, not just more room around them.
	await page.setViewportSize(UHD);
	await page.waitForTimeout(800);
	await expectNothingCutOff(page);
	const uhd = { clock: await drawnHeight(page, '.clock .time'), figure: await drawnHeight(page, '[data-tile="support"] .value'), cluster: await drawnHeight(page, '.wf-cluster') };
	for (const key of ['clock', 'figure', 'cluster'] as const) expect(uhd[key] / hd[key], key).toBeCloseTo(2, 1);
	await shot(page, 'wall-3840.png');
	expect(await sameDocument(page)).toBe(true);
});

test('changes show on the wall as they are made: the figure marked for a moment, the ticker in words', async ({ openDesk }) => {
	const page = await openWall(openDesk);
	const ticker = page.getByRole('list', { name: 'Newest changes first' });
	const units = (await (await admin.get('/api/v1/units')).json()) as { id: string; nation: string; readiness: string }[];
	const unit = units.find((u) => u.nation === 'TUR')!;
	const report = await admin.post(`/api/v1/units/${unit.id}/readiness`, { data: { readiness: 'C2', reason: 'Frigate back from repair' } });
	expect(report.status(), await report.text()).toBe(200);
	await expect(page.locator('[data-tile="forces"] .wf-changed').first()).toBeAttached();
	await expect(ticker.getByRole('listitem').first()).toContainText('Frigate (TUR) at C2');
	const entry = await admin.post('/api/v1/log-entries', { data: { text: '<script>alert(1)</script> Wall check: ticker', releasableTo: 'coalition' } });
	expect(entry.status()).toBe(201);
	await expect(ticker.getByRole('listitem').first()).toContainText('<script>alert(1)</script> Wall check: ticker');
	await expect(page.locator('.ticker script')).toHaveCount(0);
	// Marked only for a moment.
	await expect(page.locator('.wf-changed')).toHaveCount(0, { timeout: 5_000 });
});

test('the drill board takes the wall over while an exercise activation is under way, and leaves at stand-down', async ({ openDesk }) => {
	test.setTimeout(120_000);
	const page = await openWall(openDesk);
	// What the drill will ask, from the register as it is on this server (the scenario's, and any other spec's).
	const inForce = ((await (await admin.get('/api/v1/commitments')).json()) as { id: string; nation: string; status: string }[]).filter((c) => c.status === 'in-force');
	const nations = new Set(inForce.map((c) => c.nation));
	const french = inForce.filter((c) => c.nation === 'FRA');
	expect(french.length).toBeGreaterThan(0);
	const declared = await admin.post('/api/v1/activations', { data: { scenario: SCENARIO, exercise: true } });
	expect(declared.status(), await declared.text()).toBe(201);
	const activation = (await declared.json()) as { id: string };

	const drill = page.getByRole('region', { name: /^Activation/ });
	await expect(drill).toBeVisible();
	await expect(page.locator('.wall')).toHaveAttribute('data-drill', 'true');
	await expect(drill.locator('.kind')).toHaveText('EXERCISE');
	await expect(drill.locator('.scenario')).toHaveText(SCENARIO);
	const answers = drill.getByRole('list', { name: 'Answers of the commitments asked' });
	await expect(answers.locator('.answer-requested .count')).toHaveText(String(inForce.length));
	await expect(drill.locator('[data-silent-nation]')).toHaveCount(nations.size);
	await expect(drill.locator('[data-silent-nation="FRA"]')).toContainText('SILENT');
	const timer = drill.getByRole('timer', { name: 'Time since activation' });
	const first = await timer.textContent();
	expect(first).toMatch(/^T\+ 00:00:\d\d$/);
	await expect(timer).not.toHaveText(first!, { timeout: 5_000 });

	// France answers all its commitments: it leaves the silent list for the answered one.
	for (const c of french) {
		const answered = await admin.post(`/api/v1/commitments/${c.id}/respond`, { data: { status: 'executing', note: 'Battlegroup moving' } });
		expect(answered.status(), await answered.text()).toBe(200);
	}
	await expect(drill.locator('[data-silent-nation]')).toHaveCount(nations.size - 1);
	await expect(drill.getByRole('region', { name: /Answered/ })).toContainText(new RegExp(`France\\s*${french.length} executing`));
	await expect(answers.locator('.answer-executing .count')).toHaveText(String(french.length));
	await page.waitForTimeout(600);
	await expectNothingCutOff(page);
	await shot(page, 'wall-drill-1920.png');
	await page.setViewportSize(UHD);
	await page.waitForTimeout(800);
	await expectNothingCutOff(page);
	await shot(page, 'wall-drill-3840.png');
	await page.setViewportSize(HD);

	const stood = await admin.post(`/api/v1/activations/${activation.id}/stand-down`, { data: {} });
	expect(stood.status(), await stood.text()).toBe(200);
	await expect(drill).toHaveCount(0);
	await expect(page.locator('.wall')).not.toHaveAttribute('data-drill', 'true');
	await expect(page.locator('[data-tile="ceasefire"]')).toBeVisible();
	expect(await sameDocument(page)).toBe(true);
});

test('the rotation the administrator sets on /admin reaches an open wall live, and stops again', async ({ openDesk }) => {
	test.setTimeout(240_000);
	const wall = await openWall(openDesk);
	await expect(wall.locator('.wall')).toHaveAttribute('data-stage', 'map');

	const desk = await openDesk();
	await desk.page.goto(`${server.baseURL}/login?next=/admin/wall`);
	await desk.page.getByLabel('Username').fill('admin');
	await desk.page.getByLabel('Password').fill(server.password);
	await desk.page.getByRole('button', { name: 'Sign in' }).click();
	await expect(desk.page.getByRole('heading', { name: 'Wall display', level: 1 })).toBeVisible();
	const form = desk.page.getByRole('region', { name: 'Rotation of the main panel' });
	await form.getByLabel('Rotate the main panel').check();
	await form.getByRole('checkbox', { name: /^Map —/ }).uncheck();
	// Too fast to read: refused beside the field, nothing saved.
	await form.getByLabel('Seconds each').fill('5');
	await form.getByLabel('Seconds each').evaluate((input: HTMLInputElement) => input.removeAttribute('min'));
	await form.getByRole('button', { name: 'Save for every wall' }).click();
	await expect(form.locator('#wall-seconds-errors')).toContainText('At least 10 seconds');
	await expect(wall.locator('.wall')).toHaveAttribute('data-stage', 'map');
	// Long enough for both screenshots of a panel before the next turn.
	await form.getByLabel('Seconds each').fill('14');
	await form.getByRole('button', { name: 'Save for every wall' }).click();
	await expect(form.getByRole('status')).toHaveText('Saved: every wall follows now.');
	await desk.page.screenshot({ path: path.join(ARTIFACTS, 'admin-wall.png'), fullPage: true });

	// The open wall turns to the chosen panels by itself, in the wall's order, each at both sizes.
	await expect(wall.locator('.wall')).not.toHaveAttribute('data-stage', 'map');
	await expect(wall.locator('.rotation')).toContainText(/^[1-5]\/5/);
	// From wherever the rotation is now (turns count from the epoch), every panel in turn.
	const order = ['forces', 'support', 'commitments', 'cooperation', 'log'];
	let panel = (await wall.locator('.wall').getAttribute('data-stage'))!;
	for (let turn = 0; turn < order.length; turn++) {
		expect(order).toContain(panel);
		await expect(wall.locator(panel === 'log' ? '.log-stage .wall-log' : `[data-stage-panel="${panel}"]`)).toBeVisible();
		await wall.waitForTimeout(400);
		await expectNothingCutOff(wall);
		await shot(wall, `wall-${panel}-1920.png`);
		await wall.setViewportSize(UHD);
		await wall.waitForTimeout(600);
		await expectNothingCutOff(wall);
		await shot(wall, `wall-${panel}-3840.png`);
		await wall.setViewportSize(HD);
		if (turn === order.length - 1) break;
		panel = order[(order.indexOf(panel) + 1) % order.length]!;
		await expect(wall.locator('.wall')).toHaveAttribute('data-stage', panel, { timeout: 20_000 });
	}

	// Without JavaScript the same form is a plain post: rotation off, and the wall is back on the map.
	const plain = await openDesk({ javaScriptEnabled: false });
	await plain.context.addCookies(await desk.context.cookies());
	await plain.page.goto(`${server.baseURL}/admin/wall`);
	await plain.page.getByLabel('Rotate the main panel').uncheck();
	await plain.page.getByRole('button', { name: 'Save for every wall' }).click();
	await expect(plain.page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
	await expect(wall.locator('.wall')).toHaveAttribute('data-stage', 'map');
	await expect(wall.locator('.rotation')).toHaveCount(0);
	expect(await sameDocument(wall)).toBe(true);
});

test('the wall says STALE when its server goes away and clears by itself when it is back, without a reload', async ({ openDesk }) => {
	test.setTimeout(150_000);
	const page = await openWall(openDesk);
	const banner = page.getByRole('alert').filter({ hasText: 'STALE' });
	await server.kill();
	await expect(page.locator('.wall').getByRole('status').filter({ hasText: /Reconnecting|Offline/ })).toBeVisible({ timeout: 10_000 });
	// A restart's few seconds pass quietly; past the threshold the figures are marked, never shown as live.
	await expect(banner).toBeVisible({ timeout: 30_000 });
	await expect(banner).toHaveText(/^STALE — last update \d{4}Z\./);
	await expect(page.locator('.wall')).toHaveAttribute('data-stale', 'true');
	await expectNothingCutOff(page);
	await shot(page, 'wall-stale-1920.png');

	await server.restart();
	await expect(banner).toHaveCount(0, { timeout: 40_000 });
	await expect(page.locator('.wall')).not.toHaveAttribute('data-stale', 'true');
	await wallLive(page);
	expect(await sameDocument(page)).toBe(true);
});
