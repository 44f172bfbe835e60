import path from 'node:path';
import { request as playwrightRequest, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { ADMIN, ARTIFACTS, connection, expect, signIn, test } from './fixtures';

const run = crypto.randomUUID().slice(0, 6);
const PARTNER = { username: `e2e-deu-${run}`, displayName: 'Oberst Krüger', password: 'correct-horse-battery-91', nation: 'DEU' };
const OFFICER = { username: `e2e-sup-${run}`, displayName: 'Officer Lindqvist', password: 'correct-horse-battery-92', nation: 'FRA' };
const HOSTILE = '<img src=x onerror=alert(1)>';

/** The whole page from its top: the sticky top bar would otherwise be drawn where the page was scrolled to. */
async function shot(page: Page, name: string) {
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

async function apiAs(username: string, password: string): Promise<APIRequestContext> {
	const api = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL! });
	const login = await api.post('/api/v1/auth/login', { data: { username, password } });
	expect(login.status(), await login.text()).toBe(200);
	return api;
}

async function post<T = { id: string }>(api: APIRequestContext, url: string, data: unknown): Promise<T> {
	const response = await api.post(url, { data });
	expect(response.status(), await response.text()).toBeLessThan(300);
	return (await response.json()) as T;
}

/** The picture is live (the snapshot is in), so what follows is what the server sends. */
async function live(page: Page) {
	await expect(connection(page)).toHaveText('Live', { timeout: 15_000 });
}

/** Presses Tab until `target` has the focus: keyboard only, as a user without a mouse moves through a form. */
async function tabTo(page: Page, target: Locator, max = 40) {
	for (let i = 0; i < max; i++) {
		if (await target.evaluate((el) => el === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	await expect(target).toBeFocused();
}

const pledgeForm = (page: Page) => page.getByRole('form', { name: 'Record a pledge' });
const filterBar = (page: Page) => page.getByRole('form', { name: 'Filter pledges and deliveries' });
const pledgeRow = (page: Page, item: string) => page.locator('table.pledges > tbody > tr[data-pledge-id]').filter({ has: page.getByRole('link', { name: item, exact: true }) });
const donorFigure = (page: Page, donor: string) => page.locator(`.chart tr[data-key="${donor}"] [data-figure="delivered"]`);

const DEU_ITEM = `IRIS-T SLM fire units ${run}`;
const FRA_ITEM = `CAESAR howitzers ${run}`;

test.describe.configure({ mode: 'serial' });

let fraLateDelivery = '';

test.beforeAll(async () => {
	const admin = await apiAs(ADMIN.username, ADMIN.password());
	for (const person of [
		{ ...PARTNER, role: 'partner' },
		{ ...OFFICER, role: 'officer' }
	]) {
		await post(admin, '/api/v1/users', { username: person.username, password: person.password, role: person.role, nation: person.nation, displayName: person.displayName });
	}
	// Germany's pledge, released to the coalition: its partners see it and record against it.
	await post(admin, '/api/v1/pledges', {
		donor: 'DEU', announcedOn: daysAgo(40), measure: 'commitment', category: 'air-defence', item: DEU_ITEM, quantity: 10, unit: 'fire units', valueEur: 50_000_000, channel: 'procurement', releasableTo: 'coalition'
	});
	// France's, for the cell only: a delivery that arrived, and one that is late.
	const fra = await post(admin, '/api/v1/pledges', {
		donor: 'FRA', announcedOn: daysAgo(60), measure: 'allocation', category: 'artillery', item: FRA_ITEM, quantity: 12, unit: 'howitzers', valueEur: 36_000_000, channel: 'stockpile'
	});
	await post(admin, '/api/v1/deliveries', { pledgeId: fra.id, quantity: 4, status: 'delivered', deliveredOn: daysAgo(20), hub: 'Rzeszów' });
	fraLateDelivery = (await post(admin, '/api/v1/deliveries', { pledgeId: fra.id, quantity: 2, expectedOn: daysAgo(3), hub: HOSTILE })).id;
	await admin.dispose();
});

test('a donor nation records and delivers against its own pledge; the cell sees its bar and figures move live', async ({ openDesk }) => {
	test.setTimeout(180_000);
	const cell = await openDesk();
	const donor = await openDesk();
	await signIn(cell.page, OFFICER.username, OFFICER.password, '/support');
	await signIn(donor.page, PARTNER.username, PARTNER.password, '/support');
	await live(cell.page);
	await live(donor.page);

	// The cell's screen before: Germany pledged €50 m, nothing delivered; France's late delivery is flagged in words.
	await expect(donorFigure(cell.page, 'DEU')).toHaveText('€0');
	await expect(cell.page.locator('.kpis [data-kpi="overdue"] .value')).toHaveText('1');
	const late = cell.page.locator(`table.deliveries tr[data-delivery-id="${fraLateDelivery}"]`);
	await expect(late).toContainText('Overdue');
	await expect(late).toContainText(HOSTILE);
	await cell.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

	// The partner: its own nation is the only donor it can pledge for; France's cell-only pledge is not there.
	await donor.page.getByText('Record a pledge').click();
	await expect(pledgeForm(donor.page).getByLabel('Donor')).toHaveValue('Germany (DEU)');
	await expect(pledgeForm(donor.page).getByLabel('Donor')).toHaveAttribute('readonly', '');
	await expect(pledgeRow(donor.page, FRA_ITEM)).toHaveCount(0);

	// Open Germany's pledge and record 4 of its 10 fire units, in transit.
	const row = pledgeRow(donor.page, DEU_ITEM);
	await row.getByRole('button', { name: `Deliveries of ${DEU_ITEM}` }).click();
	const detail = donor.page.locator(`#pledge-${await row.getAttribute('data-pledge-id')}-detail`);
	await detail.getByText('Record a delivery…').click();
	const form = detail.getByRole('form', { name: `Record a delivery against ${DEU_ITEM}` });
	await expect(form).toContainText('fire units: 10 of 10 left');
	await form.getByLabel('Quantity').fill('4');
	await form.getByLabel('Status').selectOption('in-transit');
	await form.getByLabel('Expected on (UTC)').fill(today());
	await form.getByLabel('Hub').fill('Jasionka');
	await form.getByRole('button', { name: 'Record delivery' }).click();
	await expect(form.getByRole('status')).toHaveText('Delivery recorded.');
	const delivery = detail.locator('table.deliveries > tbody > tr[data-delivery-id]');
	await expect(delivery).toHaveCount(1);
	await expect(delivery).toContainText('In transit');
	await expect(delivery).toContainText('€20.0 m');
	await expect(cell.page.locator('.kpis [data-kpi="in-transit"] .value')).toHaveText('1');

	// More than is left is refused beside the field, nothing written.
	await form.getByLabel('Quantity').fill('7');
	await form.getByRole('button', { name: 'Record delivery' }).click();
	await expect(form.getByRole('alert')).toContainText('past its quantity by 1 fire units');
	await expect(form.locator('.field-errors').first()).toContainText('1 fire units too many: at most 6');
	await expect(delivery).toHaveCount(1);

	// Mark it delivered today.
	await detail.getByText('Delivered…').click();
	const step = detail.getByRole('form', { name: 'Delivered: step of this delivery' });
	await expect(step.getByLabel('Delivered on (UTC day)')).toBeFocused();
	await expect(step.getByLabel('Delivered on (UTC day)')).toHaveValue(today());
	await step.getByLabel('Note').fill('Received by the air force logistics base');
	await step.getByRole('button', { name: 'Confirm: Delivered' }).click();
	await expect(delivery).toContainText('Delivered');
	// Nothing is left to do with it: its steps are gone with the form.
	await expect(step).toHaveCount(0);
	await shot(donor.page, 'support-partner.png');

	// The cell's screen, without a reload: Germany's bar and figure, the KPI strip, the line.
	await expect(donorFigure(cell.page, 'DEU')).toHaveText('€20.0 m');
	await expect(cell.page.locator('.kpis [data-kpi="delivered"] .value')).toHaveText('€32.0 m');
	await expect(cell.page.locator('.kpis [data-kpi="in-transit"] .value')).toHaveText('0');
	await expect(cell.page.locator('.chart').filter({ hasText: 'Delivered over time' }).locator('tbody tr').last()).toContainText(today());
	expect(await cell.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
	await cell.page.locator('.chart details').first().evaluate((el) => ((el as HTMLDetailsElement).open = true));
	await cell.page.waitForTimeout(300);
	await shot(cell.page, 'support-cell.png');

	// The pledge's page: the delivery's steps in order, and the pledge's own history.
	await cell.page.getByRole('link', { name: DEU_ITEM, exact: true }).first().click();
	await expect(cell.page.getByRole('heading', { name: DEU_ITEM })).toBeVisible();
	await expect(cell.page.locator('[data-figure="delivered"]')).toContainText('4 of 10');
	const steps = cell.page.getByRole('list', { name: 'Steps so far, oldest first' }).getByRole('listitem');
	await expect(steps).toHaveCount(2);
	await expect(steps.nth(0)).toContainText('Recorded as in transit');
	await expect(steps.nth(0)).toContainText(PARTNER.displayName);
	await expect(steps.nth(1)).toContainText(`Delivered ${today()}`);
	await expect(steps.nth(1)).toContainText('Received by the air force logistics base');
	await expect(cell.page.getByRole('heading', { name: 'History' })).toBeVisible();
	await shot(cell.page, 'support-pledge.png');

	// The donor's own page: its figures from the board, its charts.
	await cell.page.getByRole('link', { name: 'Germany (DEU)' }).first().click();
	await expect(cell.page.getByRole('heading', { name: 'Germany (DEU)' })).toBeVisible();
	await expect(cell.page.locator('.kpis [data-kpi="delivered"] .value')).toHaveText('€20.0 m');
	// The share is over all of DEU's pledges on this server (other specs pledge for DEU too): a share, no longer none.
	await expect(cell.page.locator('.kpis [data-kpi="share"] .value')).toHaveText(/^(?!0 %)[\d.]+ %$/);
	await live(cell.page);
	await cell.page.waitForTimeout(300);
	await shot(cell.page, 'support-donor.png');
	await cell.page.goto('/support');
	await cell.page.setViewportSize({ width: 390, height: 844 });
	await live(cell.page);
	await cell.page.waitForTimeout(300);
	await shot(cell.page, 'support-narrow.png');
	await expect(cell.page.locator('main img, main script')).toHaveCount(0);
});

test('filters narrow both tables, travel in the URL and in the export links', async ({ openDesk }) => {
	const desk = await openDesk();
	await signIn(desk.page, OFFICER.username, OFFICER.password, '/support');
	await live(desk.page);
	await desk.page.getByLabel('Overdue only').check();
	await expect(desk.page).toHaveURL((url) => url.searchParams.get('overdue') === 'true');
	await expect(desk.page.locator('table.deliveries > tbody > tr[data-delivery-id]')).toHaveCount(1);
	await expect(pledgeRow(desk.page, FRA_ITEM)).toHaveCount(1);
	await expect(pledgeRow(desk.page, DEU_ITEM)).toHaveCount(0);
	await expect(desk.page.getByRole('link', { name: 'Deliveries', exact: true })).toHaveAttribute('href', '/api/v1/deliveries.csv?overdue=true');
	await filterBar(desk.page).getByLabel('Donor').selectOption('FRA');
	await expect(desk.page.getByRole('link', { name: 'Pledges', exact: true })).toHaveAttribute('href', '/api/v1/pledges.csv?donor=FRA');
	await expect(desk.page.getByRole('link', { name: 'Deliveries', exact: true })).toHaveAttribute('href', '/api/v1/deliveries.csv?donor=FRA&overdue=true');
	const csv = await desk.page.request.get('/api/v1/deliveries.csv?donor=FRA&overdue=true');
	expect(csv.status()).toBe(200);
	expect((await csv.text()).trim().split('\n')).toHaveLength(2);
	// Sorting by a header, by keyboard as by mouse.
	await desk.page.getByLabel('Overdue only').uncheck();
	await desk.page.getByRole('button', { name: /^Value/ }).first().focus();
	await desk.page.keyboard.press('Enter');
	await expect(desk.page.locator('table.pledges th[aria-sort="ascending"]')).toContainText('Value');
});

test('keyboard only: an officer records a pledge and cancels a late delivery without touching the mouse', async ({ openDesk }) => {
	test.setTimeout(120_000);
	const desk = await openDesk();
	const { page } = desk;
	await signIn(page, OFFICER.username, OFFICER.password, '/support');
	await live(page);
	const item = `Leopard 1A5 ${run}`;

	await tabTo(page, page.locator('summary', { hasText: 'Record a pledge' }));
	await page.keyboard.press('Enter');
	const form = pledgeForm(page);
	await tabTo(page, form.getByLabel('Donor'));
	await page.keyboard.type('Denmark');
	await tabTo(page, form.getByLabel('Category'));
	await page.keyboard.type('Armoured');
	await tabTo(page, form.getByLabel('Item'));
	await page.keyboard.type(item);
	await page.keyboard.press('Tab');
	await page.keyboard.type('20');
	await page.keyboard.press('Tab');
	await page.keyboard.type('tanks');
	await page.keyboard.press('Tab');
	await page.keyboard.type('120000000');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Pledge recorded' })).toHaveText(`Pledge recorded: ${item}.`);
	await expect(pledgeRow(page, item)).toContainText('DNK');
	await expect(form.getByLabel('Item')).toHaveValue('');

	// The late French delivery: open its pledge, open "Cancel…", give the reason, confirm, by keyboard.
	await tabTo(page, pledgeRow(page, FRA_ITEM).getByRole('button', { name: `Deliveries of ${FRA_ITEM}` }), 200);
	await page.keyboard.press('Enter');
	const cancel = page.locator(`tr.actions-row summary`, { hasText: 'Cancel…' });
	await tabTo(page, cancel);
	await page.keyboard.press('Enter');
	const reason = page.getByRole('form', { name: 'Cancel: step of this delivery' }).getByLabel('Reason (required)');
	await tabTo(page, reason);
	await page.keyboard.type('Stock reallocated to another front');
	await page.keyboard.press('Enter');
	await expect(page.locator(`table.deliveries tr[data-delivery-id="${fraLateDelivery}"]`).first()).toContainText('Cancelled');
	await expect(page.locator('.kpis [data-kpi="overdue"] .value')).toHaveText('0');
	await shot(page, 'support-keyboard.png');
});

test('without JavaScript: a pledge is recorded by a plain form post, and a refused one comes back with its errors beside the fields', async ({ openDesk }) => {
	const desk = await openDesk({ javaScriptEnabled: false });
	const { page } = desk;
	await signIn(page, OFFICER.username, OFFICER.password, '/support');
	const item = `No-JS Piorun launchers ${run}`;

	await page.getByText('Record a pledge').click();
	const form = pledgeForm(page);
	await form.getByLabel('Donor').selectOption('POL');
	await form.getByLabel('Category').selectOption('air-defence');
	await form.getByLabel('Item').fill(item);
	await form.getByRole('button', { name: 'Record pledge' }).click();
	// Neither a quantity nor a value: refused, beside the field, with everything typed kept.
	await expect(page.getByRole('alert')).toContainText('not valid');
	await expect(form.locator('#pledge-quantity-errors')).toHaveText('Give a quantity, a value in EUR, or both');
	await expect(form.getByLabel('Quantity')).toHaveAttribute('aria-invalid', 'true');
	await expect(form.getByLabel('Item')).toHaveValue(item);
	await expect(form.getByLabel('Donor')).toHaveValue('POL');
	await shot(page, 'support-nojs-error.png');

	await form.getByLabel('Quantity').fill('300');
	await form.getByLabel('Unit', { exact: true }).fill('launchers');
	await form.getByRole('button', { name: 'Record pledge' }).click();
	await expect(pledgeRow(page, item)).toContainText('POL');
	await expect(pledgeRow(page, item)).toContainText('300');
	// The pledge's own page works without scripts too: a delivery by plain post.
	await page.getByRole('link', { name: item }).click();
	await page.getByLabel('Quantity').fill('100');
	await page.getByLabel('Status').selectOption('contracted');
	await page.getByRole('button', { name: 'Record delivery' }).click();
	await expect(page.locator('table.deliveries > tbody > tr[data-delivery-id]')).toContainText('Contracted');
	await expect(page.getByRole('list', { name: 'Steps so far, oldest first' })).toContainText('Recorded as contracted');
});
