import path from 'node:path';
import { request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { startE2eServer, type E2eServer } from './e2e-server';
import { ARTIFACTS, connection, expect, test } from './fixtures';

// The overview over the exercise scenario (a server of its own, seeded and held still), with the
// guarantees the scenario leaves empty filled in through the API while a desk watches.

const run = crypto.randomUUID().slice(0, 6);
const PASSWORD = 'correct-horse-battery-77';
const OFFICER = { username: `e2e-ov-off-${run}`, role: 'officer', nation: 'FRA', displayName: 'Officer Moreau' };
const LEADER = { username: `e2e-ov-lead-${run}`, role: 'leadership', nation: 'FRA', displayName: 'General Laurent' };
const PARTNER = { username: `e2e-ov-pol-${run}`, role: 'partner', nation: 'POL', displayName: 'Płk Nowak' };
const INFANTRY = '10031000151211000000';
const AIR = '10030100001101000000';
const SEA = '10033000001202000000';
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

let demo: E2eServer;
let admin: APIRequestContext;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	test.setTimeout(120_000);
	demo = await startE2eServer({ demo: true, logName: 'server-overview.log' });
	admin = await apiAs('admin', demo.password);
	for (const person of [OFFICER, LEADER, PARTNER]) await post(admin, '/api/v1/users', { ...person, password: PASSWORD });
});

test.afterAll(async () => {
	await admin?.dispose();
	await demo?.stop();
});

async function apiAs(username: string, password: string): Promise<APIRequestContext> {
	const api = await playwrightRequest.newContext({ baseURL: demo.baseURL });
	const login = await api.post('/api/v1/auth/login', { data: { username, password } });
	expect(login.status(), await login.text()).toBe(200);
	return api;
}

async function post<T = { id: string }>(api: APIRequestContext, url: string, data: unknown = {}): Promise<T> {
	const response = await api.post(url, { data });
	expect(response.status(), await response.text()).toBeLessThan(300);
	return (await response.json()) as T;
}

async function list<T>(url: string, api = admin): Promise<T[]> {
	const response = await api.get(url);
	expect(response.status()).toBe(200);
	return (await response.json()) as T[];
}

const lateMilestoneCount = async (api = admin) => (await list<{ dueOn: string; doneOn: string | null }>('/api/v1/milestones', api)).filter((m) => !m.doneOn && m.dueOn < daysAgo(0)).length;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const milestonesOverdue = (n: number) => (n ? `${plural(n, 'milestone')} overdue` : 'No milestone overdue');
/** What the forces card says of readiness, from the units as this reader's API lists them. */
async function readinessWords(api = admin): Promise<{ attention: string; ready: string }> {
	const units = await list<{ readiness: string }>('/api/v1/units', api);
	const at = (level: string) => units.filter((u) => u.readiness === level).length;
	const notReady = at('C3') + at('C4') + at('C5');
	return {
		attention: notReady ? `${plural(notReady, 'unit')} not ready (C3 ${at('C3')} · C4 ${at('C4')} · C5 ${at('C5')})` : units.length ? 'Every unit ready (C1–C2)' : 'No units reported',
		ready: units.length ? `${Math.round(((at('C1') + at('C2')) / units.length) * 100)} %` : '—'
	};
}
const openAlerts = async () => (await list<{ id: string; acknowledgedAt: string | null }>('/api/v1/alerts')).filter((a) => !a.acknowledgedAt);
const overdueDeliveries = () => list<{ id: string; status: string }>('/api/v1/deliveries?overdue=true');
/** The steps that take an open delivery to its arrival, from where it stands. */
const STEPS_TO_ARRIVAL: Record<string, string[]> = { planned: ['contract', 'dispatch', 'deliver'], contracted: ['dispatch', 'deliver'], 'in-transit': ['deliver'] };

/** Signs in through the page's form with no `next`: where the role lands is the server's choice. */
async function signIn(page: Page, username: string, password = PASSWORD, next?: string) {
	await page.goto(`${demo.baseURL}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The whole page from its top: the sticky top bar would otherwise be drawn where the page was scrolled to. */
async function shot(page: Page, name: string) {
	// The pointer off the cards, so no card is drawn hovered.
	await page.mouse.move(0, 0);
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

/** Nothing sticks out sideways: the page is as wide as the window. */
async function expectNoSidewaysScroll(page: Page) {
	const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
	expect(scroll).toBeLessThanOrEqual(client);
}

const card = (page: Page, id: string) => page.locator(`article[data-guarantee="${id}"]`);
/** What a card says needs attention, item by item (its words, without the mark beside them). */
const attentionItems = (page: Page, id: string) => card(page, id).getByRole('list', { name: /needs attention/ }).getByRole('listitem');
const attention = (page: Page, id: string) => attentionItems(page, id).locator('.words');
const figure = (page: Page, id: string, label: string) => card(page, id).locator(`[data-figure="${label}"] .kpi-value`);

test('an officer lands on the overview: five guarantees, their figures and what needs attention, live as it changes', async ({ openDesk }) => {
	test.setTimeout(150_000);
	const desk = await openDesk();
	const page = desk.page;
	await page.setViewportSize({ width: 1280, height: 900 });
	await signIn(page, OFFICER.username);
	await expect(page).toHaveURL((url) => url.pathname === '/');
	await expect(connection(page)).toHaveText('Live', { timeout: 15_000 });

	const cards = page.getByRole('region', { name: 'Guarantees' }).getByRole('article');
	await expect(cards).toHaveCount(5);
	// One link a card, named by its guarantee, to its page.
	await expect(cards.getByRole('link')).toHaveCount(5);
	for (const [i, name] of ['Ceasefire', 'Support', 'Forces', 'Commitments', 'Cooperation'].entries()) {
		await expect(cards.nth(i).getByRole('link')).toHaveAccessibleName(name);
		await expect(cards.nth(i).getByRole('link')).toHaveAttribute('href', `/${name.toLowerCase()}`);
	}

	// What the scenario left open, as the API counts it for this officer.
	const alerts = await openAlerts();
	const overdue = await overdueDeliveries();
	expect(alerts.length).toBeGreaterThan(1);
	expect(overdue.length).toBeGreaterThan(0);
	await expect(attention(page, 'ceasefire').first()).toHaveText(plural(alerts.length, 'unacknowledged alert'));
	await expect(attentionItems(page, 'ceasefire').first()).toHaveAttribute('data-tone', 'danger');
	await expect(attention(page, 'support')).toHaveText([`${plural(overdue.length, 'delivery', 'deliveries')} overdue`]);
	await expect(figure(page, 'ceasefire', 'Overall')).toHaveText(/Holding|Tense|Violated|Unknown/i);
	await expect(figure(page, 'support', 'Pledged')).toHaveText(/^€[\d.,]+( bn| m)?$/);
	const readinessBefore = await readinessWords();
	await expect(attention(page, 'forces').first()).toHaveText(readinessBefore.attention);
	await expect(figure(page, 'forces', 'Ready')).toHaveText(readinessBefore.ready);
	await expect(attention(page, 'commitments')).toHaveText(['No activation under way']);
	const lateMilestones = await lateMilestoneCount();
	await expect(attention(page, 'cooperation')).toHaveText([milestonesOverdue(lateMilestones)]);

	await test.step('forces, commitments and cooperation fill in live', async () => {
		for (const [name, domain, readiness, releasableTo] of [
			['Battlegroup Narva', 'land', 'C4', 'coalition'],
			['Eagle squadron', 'air', 'C1', 'coalition'],
			['Mine countermeasures group', 'sea', 'C3', 'coalition'],
			['Reserve battalion', 'land', 'C5', 'cell']
		]) {
			const sidc = domain === 'land' ? INFANTRY : domain === 'air' ? AIR : SEA;
			await post(admin, '/api/v1/units', { name: `${name} ${run}`, nation: 'FRA', domain, sidc, mission: 'reassurance', readiness, releasableTo });
		}
		const readiness = await readinessWords();
		expect(readiness.attention).not.toBe(readinessBefore.attention);
		await expect(attention(page, 'forces').first()).toHaveText(readiness.attention);
		await expect(figure(page, 'forces', 'Ready')).toHaveText(readiness.ready);

		// Every commitment in force is asked to answer the drill.
		await post(admin, '/api/v1/activations', { scenario: `Exercise STEADFAST ${run}`, exercise: true });
		const inForce = (await list<{ nation: string; status: string }>('/api/v1/commitments')).filter((c) => c.status === 'in-force');
		const silent = new Set(inForce.map((c) => c.nation)).size;
		await expect(attention(page, 'commitments')).toHaveText([new RegExp(`^Exercise drill active since \\d{6}Z[A-Z]{3}\\d{2}: 0 of ${inForce.length} answered; (silent: [A-Z, ]+|${silent} nations silent)$`)]);
		await expect(attentionItems(page, 'commitments')).toHaveAttribute('data-tone', 'warn');
		await expect(figure(page, 'commitments', 'In force')).toHaveText(String(inForce.length));

		const programme = await post(admin, '/api/v1/programmes', { kind: 'industrial-production', title: `155 mm shells ${run}`, nations: ['DEU'], unit: 'rounds', releasableTo: 'coalition' });
		await post(admin, '/api/v1/milestones', { programmeId: programme.id, title: 'Second line running', dueOn: daysAgo(5) });
		await expect(attention(page, 'cooperation')).toHaveText([milestonesOverdue(lateMilestones + 1)]);
	});

	await test.step('an alert acknowledged and a delivery arrived count down at once', async () => {
		const officer = await apiAs(OFFICER.username, PASSWORD);
		await post(officer, `/api/v1/alerts/${alerts[0]!.id}/acknowledge`);
		await expect(attention(page, 'ceasefire').first()).toHaveText(plural(alerts.length - 1, 'unacknowledged alert'));
		// Still overdue on its way (contracted, dispatched): it counts down when it arrives.
		const late = overdue[0]!;
		for (const step of STEPS_TO_ARRIVAL[late.status]!) {
			if (step === 'deliver') await expect(attention(page, 'support')).toHaveText([`${plural(overdue.length, 'delivery', 'deliveries')} overdue`]);
			await post(officer, `/api/v1/deliveries/${late.id}/${step}`);
		}
		const left = overdue.length - 1;
		await expect(attention(page, 'support')).toHaveText([left ? `${plural(left, 'delivery', 'deliveries')} overdue` : 'No delivery overdue']);
		await officer.dispose();
	});

	await expectNoSidewaysScroll(page);
	await shot(page, 'overview-1280.png');
	await page.setViewportSize({ width: 390, height: 844 });
	await expect(cards.first()).toBeVisible();
	await expectNoSidewaysScroll(page);
	await shot(page, 'overview-390.png');
	await page.screenshot({ path: path.join(ARTIFACTS, 'overview-390-top.png') });
});

test('the overview is in the page itself: the same figures without scripts', async ({ openDesk }) => {
	const desk = await openDesk({ javaScriptEnabled: false });
	await signIn(desk.page, OFFICER.username);
	await expect(desk.page).toHaveURL((url) => url.pathname === '/');
	const alerts = await openAlerts();
	await expect(attention(desk.page, 'ceasefire').first()).toHaveText(plural(alerts.length, 'unacknowledged alert'));
	await expect(attention(desk.page, 'forces').first()).toHaveText((await readinessWords()).attention);
	await expect(attention(desk.page, 'cooperation')).toHaveText([milestonesOverdue(await lateMilestoneCount())]);
});

test('the cards are one tab stop each, in order, and Enter opens the guarantee', async ({ openDesk }) => {
	const desk = await openDesk();
	const page = desk.page;
	await signIn(page, OFFICER.username);
	await expect(connection(page)).toHaveText('Live', { timeout: 15_000 });
	// From the top of the page: past the skip link, the sections and the alerts to the first card, then card by card.
	const focusedCard = () => page.evaluate(() => document.activeElement?.closest('article[data-guarantee]')?.getAttribute('data-guarantee') ?? null);
	for (let i = 0; i < 40 && (await focusedCard()) === null; i++) await page.keyboard.press('Tab');
	const visited = [await focusedCard()];
	for (let i = 0; i < 4; i++) {
		await page.keyboard.press('Tab');
		visited.push(await focusedCard());
	}
	expect(visited).toEqual(['ceasefire', 'support', 'forces', 'commitments', 'cooperation']);
	// The focused card is ringed as a whole.
	const ring = await card(page, 'cooperation').evaluate((el) => getComputedStyle(el).outlineStyle);
	expect(ring).toBe('solid');
	await shot(page, 'overview-focus.png');

	await page.keyboard.press('Shift+Tab');
	await page.keyboard.press('Shift+Tab');
	await page.keyboard.press('Shift+Tab');
	await expect(card(page, 'support').getByRole('link')).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL((url) => url.pathname === '/support');
});

test.describe('each role lands where its work is', () => {
	test('a wall device link opens the wall', async ({ openDesk }) => {
		const { secret } = await post<{ secret: string }>(admin, '/api/v1/tokens', { name: `Ops wall ${run}`, role: 'wall', nation: 'FRA' });
		const kiosk = await openDesk();
		await kiosk.page.goto(`${demo.baseURL}/device#${secret}`);
		await expect(kiosk.page).toHaveURL((url) => url.pathname === '/wall' && url.hash === '');
		// And the overview's address sends it back to the wall.
		await kiosk.page.goto(`${demo.baseURL}/`);
		await expect(kiosk.page).toHaveURL((url) => url.pathname === '/wall');
	});

	test('leadership opens the trends; a ?next= still wins', async ({ openDesk }) => {
		const desk = await openDesk();
		await signIn(desk.page, LEADER.username);
		await expect(desk.page).toHaveURL((url) => url.pathname === '/trends');
		await desk.page.goto(`${demo.baseURL}/`);
		await expect(desk.page).toHaveURL((url) => url.pathname === '/trends');

		const other = await openDesk();
		await signIn(other.page, LEADER.username, PASSWORD, '/log');
		await expect(other.page).toHaveURL((url) => url.pathname === '/log');
	});

	test('a partner lands on the overview, with figures over what is released to its nation', async ({ openDesk }) => {
		const desk = await openDesk();
		await signIn(desk.page, PARTNER.username);
		await expect(desk.page).toHaveURL((url) => url.pathname === '/');
		await expect(connection(desk.page)).toHaveText('Live', { timeout: 15_000 });
		// Readiness, the drill and the milestones as the partner's own API reads count them: the cell's
		// own reserve battalion (C5) is not in a partner's count.
		const partner = await apiAs(PARTNER.username, PASSWORD);
		const readiness = await readinessWords(partner);
		expect(readiness.attention).not.toBe((await readinessWords()).attention);
		await expect(attention(desk.page, 'forces').first()).toHaveText(readiness.attention);
		const asked = (await list<{ status: string }>('/api/v1/commitments', partner)).filter((c) => c.status === 'in-force').length;
		await expect(attention(desk.page, 'commitments')).toHaveText([new RegExp(`^Exercise drill active since .*: 0 of ${asked} answered`)]);
		await expect(attention(desk.page, 'cooperation')).toHaveText([milestonesOverdue(await lateMilestoneCount(partner))]);
		await partner.dispose();
		await shot(desk.page, 'overview-partner.png');
	});
});
