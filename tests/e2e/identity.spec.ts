import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ARTIFACTS, DTG, ISO, connection, entries, expect, signIn, test, textarea } from './fixtures';

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(1)</script>';
const PASSWORD = 'correct-horse-battery-42';

/** Nothing typed by a user may become markup: no injected element anywhere in the page's own content. */
async function expectNoInjection(page: Page) {
	await expect(page.locator('main img, header img, main script, header script')).toHaveCount(0);
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });

async function createUser(page: Page, user: { username: string; displayName: string; role: string; nation: string }) {
	await page.getByLabel('Username').fill(user.username);
	await page.getByLabel('Display name').fill(user.displayName);
	await page.getByLabel('Role').selectOption(user.role);
	await page.getByLabel('Nation').selectOption(user.nation);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Create user' }).click();
}

/** Picks "Specific nations" and adds nations by typing in the picker's filter and pressing Enter (keyboard only). */
async function releaseTo(scope: Locator, nations: { type: string; code: string }[]) {
	await scope.getByRole('radio', { name: /Specific nations/ }).check();
	const filter = scope.getByRole('searchbox', { name: 'Find a nation by name or code' });
	for (const nation of nations) {
		await filter.fill(nation.type);
		await filter.press('Enter');
		await expect(scope.locator('.chip', { hasText: nation.code })).toBeVisible();
	}
}

test('roles, nations and releasability: partners see only what is released to them, live; admins manage users and tokens; all of it audited', async ({
	openDesk
}) => {
	test.setTimeout(180_000);
	const run = crypto.randomUUID().slice(0, 8);
	const officer = { username: `officer-${run}`, displayName: `${SCRIPT} Officer ${run}`, role: 'officer', nation: 'FRA' };
	const partner = { username: `partner-${run}`, displayName: `${IMG} Partner ${run}`, role: 'partner', nation: 'DEU' };

	const admin = await openDesk();
	await signIn(admin.page);

	await test.step('admin creates an officer and a DEU partner; a taken username keeps what was typed', async () => {
		const page = admin.page;
		await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Admin' })).toBeVisible();
		await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Admin' }).click();
		await expect(page).toHaveURL((url) => url.pathname === '/admin/users');
		await expect(page.getByRole('heading', { name: 'Users', exact: true })).toBeVisible();

		await createUser(page, officer);
		await expect(page.getByRole('status').filter({ hasText: `Created ${officer.username}` })).toBeVisible();
		await createUser(page, partner);
		await expect(page.getByRole('status').filter({ hasText: `Created ${partner.username}` })).toBeVisible();

		// The same username again: refused with the field's error, and nothing typed is lost.
		await createUser(page, { ...partner, displayName: 'Second try' });
		await expect(page.getByRole('alert')).toBeVisible();
		await expect(page.locator('#new-username-errors')).toHaveText('Taken');
		await expect(page.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('Username')).toHaveValue(partner.username);
		await expect(page.getByLabel('Display name')).toHaveValue('Second try');
		await expect(page.getByLabel('Nation')).toHaveValue('DEU');

		for (const user of [officer, partner]) {
			await expect(page.locator(`tr[data-user="${user.username}"] .display-name`)).toHaveText(user.displayName);
		}
		await expectNoInjection(page);
		await shot(page, 'admin-users.png');
	});

	const desk = await openDesk();
	const ally = await openDesk();
	await signIn(desk.page, officer.username, PASSWORD);
	await signIn(ally.page, partner.username, PASSWORD);
	await expect(connection(desk.page)).toHaveText('Live');
	await expect(connection(ally.page)).toHaveText('Live');

	await test.step('only admins see the admin area', async () => {
		await expect(desk.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Admin' })).toHaveCount(0);
		await expect(ally.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Admin' })).toHaveCount(0);
		const response = await ally.page.goto('/admin/users');
		expect(response?.status()).toBe(403);
		await expect(ally.page.getByRole('heading', { name: 'Not for your role' })).toBeVisible();
		await ally.page.goto('/log');
		await expect(connection(ally.page)).toHaveText('Live');
		await expect(ally.page.getByRole('banner').locator('.user-name')).toHaveText(partner.displayName);
		await expectNoInjection(ally.page);
	});

	const forDeu = `REL DEU report ${run}: ${IMG}`;
	const cellOnly = `Cell-only report ${run}: ${SCRIPT}`;

	await test.step('the officer writes one entry releasable to DEU and one for the cell only', async () => {
		const page = desk.page;
		const form = page.getByRole('region', { name: 'Add a log entry' });
		await textarea(page).fill(forDeu);
		await releaseTo(form, [{ type: 'Germ', code: 'DEU' }]);
		await page.getByRole('button', { name: 'Add entry' }).click();
		await expect(entries(page).first()).toContainText(forDeu);
		await expect(entries(page).first().locator('.badge')).toHaveText('REL DEU');
		// The next entry starts from the safe default again.
		await expect(form.getByRole('radio', { name: /Cell only/ })).toBeChecked();

		await textarea(page).fill(cellOnly);
		await page.getByRole('button', { name: 'Add entry' }).click();
		await expect(entries(page).first().locator('.text')).toHaveText(cellOnly);
		await expect(entries(page).first().locator('.badge')).toHaveText('CELL ONLY');
		await expectNoInjection(page);
	});

	await test.step('the DEU partner sees only the entry released to DEU, live', async () => {
		const page = ally.page;
		const released = entries(page).filter({ hasText: `REL DEU report ${run}` });
		await expect(released).toHaveCount(1);
		await expect(released.locator('.text')).toHaveText(forDeu);
		await expect(released.locator('.badge')).toHaveText('REL DEU');
		await expect(entries(page).filter({ hasText: `Cell-only report ${run}` })).toHaveCount(0);
		// A partner may neither write nor change releasability.
		await expect(textarea(page)).toHaveCount(0);
		await expect(page.getByRole('link', { name: 'Change releasability' })).toHaveCount(0);
		await expectNoInjection(page);
		await shot(page, 'partner-view.png');

		// The same holds after a reload (server-rendered list).
		await page.reload();
		await expect(entries(page).filter({ hasText: `REL DEU report ${run}` })).toHaveCount(1);
		await expect(entries(page).filter({ hasText: `Cell-only report ${run}` })).toHaveCount(0);
		await expect(connection(page)).toHaveText('Live');
	});

	let entryPath = '';
	await test.step('the officer narrows the entry from DEU to POL and it leaves the partner screen without a reload', async () => {
		const page = desk.page;
		const row = entries(page).filter({ hasText: `REL DEU report ${run}` });
		entryPath = (await row.getByRole('link', { name: 'History' }).getAttribute('href'))!;
		await row.getByRole('link', { name: 'Change releasability' }).click();
		const editor = row.getByRole('form', { name: 'Change releasability' });
		await editor.getByRole('button', { name: 'Remove Germany (DEU)' }).click();
		await releaseTo(editor, [{ type: 'pol', code: 'POL' }]);
		await expect(editor).toContainText('REL DEU → REL POL');
		await editor.getByRole('button', { name: 'Save releasability' }).click();
		await expect(editor).toHaveCount(0);
		await expect(row.locator('.badge')).toHaveText('REL POL');

		await expect(entries(ally.page).filter({ hasText: `REL DEU report ${run}` })).toHaveCount(0, { timeout: 3_000 });
		await expect(connection(ally.page)).toHaveText('Live');
	});

	await test.step('the history page shows who changed what, before → after', async () => {
		const page = desk.page;
		await page.goto(entryPath);
		await expect(page.getByRole('heading', { name: 'Log entry' })).toBeVisible();
		await expect(page.locator('.entry .text')).toHaveText(forDeu);
		await expect(page.locator('.entry .author')).toHaveText(officer.displayName);
		const history = page.getByRole('table');
		await expect(history.locator('tbody tr')).toHaveCount(2);
		const change = history.locator('tbody tr').first();
		await expect(change.locator('.verb')).toHaveText('Changed');
		await expect(change.locator('.actor')).toHaveText(officer.displayName);
		await expect(change.locator('[data-field="releasableTo"] .before')).toHaveText('REL DEU');
		await expect(change.locator('[data-field="releasableTo"] .after')).toHaveText('REL POL');
		await expect(change.locator('time')).toHaveText(DTG);
		await expect(change.locator('time')).toHaveAttribute('title', ISO);
		const created = history.locator('tbody tr').nth(1);
		await expect(created.locator('.verb')).toHaveText('Created');
		await expect(created.locator('[data-field="text"] .after')).toHaveText(forDeu);
		await expectNoInjection(page);
		await shot(page, 'log-history.png');

		// The partner may not open it any more: not found, which does not even reveal that it exists.
		const response = await ally.page.goto(entryPath);
		expect(response?.status()).toBe(404);
		await ally.page.goto('/log');
	});

	const tokenName = `${IMG} Wall ${run}`;
	let deviceLink = '';
	await test.step('the admin issues a wall token and sees its secret and device link once', async () => {
		const page = admin.page;
		await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Tokens' }).click();
		await expect(page.getByRole('heading', { name: 'Tokens', exact: true })).toBeVisible();
		await page.getByLabel('Name').fill(tokenName);
		await page.getByLabel('Role').selectOption('wall');
		await page.getByLabel('Nation').selectOption('FRA');
		await page.getByRole('button', { name: 'Issue token' }).click();
		const panel = page.getByRole('region', { name: /Token issued/ });
		await expect(panel).toBeVisible();
		await expect(panel).toContainText('You will not see this again.');
		await expect(panel.locator('.name')).toHaveText(tokenName);
		deviceLink = await panel.getByLabel(/Device link/).inputValue();
		const secret = await panel.getByLabel(/Secret/).inputValue();
		expect(secret).toMatch(/^wft_/);
		expect(deviceLink).toBe(`${new URL(page.url()).origin}/device#${secret}`);
		await expect(panel.getByRole('button', { name: 'Copy device link' })).toBeVisible();
		await expect(page.locator('tr[data-token] .token-name').filter({ hasText: `Wall ${run}` })).toHaveText(tokenName);
		await expectNoInjection(page);
		await shot(page, 'admin-tokens.png');

		// The list never holds a secret, and a reload does not bring the panel back.
		await page.reload();
		await expect(page.getByRole('region', { name: /Token issued/ })).toHaveCount(0);
		await expect(page.locator('main')).not.toContainText(secret);
	});

	const wall = await openDesk();
	await test.step('a fresh kiosk opens the device link and lands signed in on the wall, with the secret gone from the address bar', async () => {
		const page = wall.page;
		const requests: string[] = [];
		page.on('request', (request) => requests.push(request.url()));
		await page.goto(deviceLink);
		await expect(page).toHaveURL((url) => url.pathname === '/wall' && url.hash === '');
		await expect(page.locator('.wall').getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
		await page.goto('/log');
		await expect(connection(page)).toHaveText('Live');
		await expect(page.getByRole('banner').locator('.user-name')).toHaveText(tokenName);
		// A wall is cell staff: it sees the cell-only entry too.
		await expect(entries(page).filter({ hasText: `Cell-only report ${run}` })).toHaveCount(1);
		const secret = deviceLink.slice(deviceLink.indexOf('#') + 1);
		expect(requests.filter((url) => url.includes(secret))).toEqual([]);
		await expectNoInjection(page);
	});

	await test.step('revoking the token disconnects the kiosk within seconds and sends it to sign in', async () => {
		const page = admin.page;
		const row = page.locator('tr[data-token]').filter({ hasText: `Wall ${run}` });
		await row.getByText('Revoke…').click();
		await expect(row.getByRole('button', { name: 'Revoke token' })).toBeVisible();
		await row.getByRole('button', { name: 'Revoke token' }).click();
		await expect(row.locator('.state')).toHaveText('Revoked');

		await expect(wall.page).toHaveURL((url) => url.pathname === '/login', { timeout: 10_000 });
		await expect(wall.page.getByRole('status').filter({ hasText: 'Your session ended' })).toBeVisible();
		// And the device link no longer works.
		await wall.page.goto(deviceLink);
		await expect(wall.page.getByRole('alert')).toContainText('This device could not sign in');
		await expect(wall.page).toHaveURL((url) => url.pathname === '/device' && url.hash === '');
		await shot(wall.page, 'device-refused.png');
	});

	await test.step('the audit trail shows every change, filterable, with hostile text as text', async () => {
		const page = admin.page;
		await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Audit trail' }).click();
		await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
		const rows = page.locator('table tbody tr');
		await expect(rows.first().locator('.verb')).toHaveText('Revoked');
		await expect(rows.filter({ hasText: 'Issued' }).first().locator('[data-field="name"] .after')).toHaveText(tokenName);
		await expect(rows.filter({ hasText: partner.username }).first().locator('[data-field="displayName"] .after')).toHaveText(partner.displayName);

		await page.getByLabel('User', { exact: true }).selectOption({ label: `${officer.displayName} (${officer.username})` });
		await page.getByLabel('Records').selectOption('log-entries');
		await page.getByRole('button', { name: 'Apply' }).click();
		await expect(page).toHaveURL((url) => url.searchParams.get('collection') === 'log-entries');
		await expect(rows).toHaveCount(3);
		await expect(rows.locator('.actor').first()).toHaveText(officer.displayName);
		await expect(rows.first().locator('[data-field="releasableTo"] .before')).toHaveText('REL DEU');
		await expect(rows.first().locator('[data-field="releasableTo"] .after')).toHaveText('REL POL');
		await expectNoInjection(page);
		await shot(page, 'admin-audit.png');

		// A time range that ends before any of it: nothing.
		await page.getByLabel('To (Z)').fill('2020-01-01T00:00');
		await page.getByRole('button', { name: 'Apply' }).click();
		await expect(page.getByText('No change matches these filters.')).toBeVisible();
	});

	await test.step('the admin moves the partner to POL: their screen takes a fresh picture and shows what POL may see', async () => {
		const page = admin.page;
		await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).click();
		await page.getByRole('link', { name: `Edit ${partner.username}` }).click();
		await expect(page.getByRole('heading', { name: partner.username })).toBeVisible();
		await page.getByLabel('Nation', { exact: true }).selectOption('POL');
		await page.getByRole('button', { name: 'Save changes' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Saved: Nation.' })).toBeVisible();
		await expect(page.getByLabel('Display name')).toHaveValue(partner.displayName);
		await expectNoInjection(page);
		await shot(page, 'admin-user-edit.png');

		// No reload on the partner's side: the server drops the socket, the client asks for a new snapshot.
		const released = entries(ally.page).filter({ hasText: `REL DEU report ${run}` });
		await expect(released).toHaveCount(1, { timeout: 10_000 });
		await expect(released.locator('.badge')).toHaveText('REL POL');
		await expect(connection(ally.page)).toHaveText('Live');
		await expect(ally.page.getByRole('banner').locator('.user-role')).toHaveText(/POL/);
	});

	await test.step('disabling the partner ends their session at once', async () => {
		const page = admin.page;
		await page.getByRole('button', { name: 'Disable account' }).click();
		await expect(page.locator('.page-head .state')).toHaveText('Disabled');
		await expect(ally.page).toHaveURL((url) => url.pathname === '/login', { timeout: 10_000 });
	});

	// Give any would-be onerror handler time to fire before the fixture checks for dialogs.
	await desk.page.waitForTimeout(300);
});

test('sign out everywhere ends the other desk’s session too', async ({ openDesk }) => {
	const first = await openDesk();
	const second = await openDesk();
	await signIn(first.page);
	await signIn(second.page);
	await expect(connection(second.page)).toHaveText('Live');

	await first.page.getByRole('banner').locator('summary').click();
	await first.page.getByRole('button', { name: 'Sign out everywhere' }).click();
	await expect(first.page).toHaveURL((url) => url.pathname === '/login');
	await expect(second.page).toHaveURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/log', { timeout: 10_000 });
});

test('without JavaScript the admin forms and the releasability picker still work', async ({ openDesk }) => {
	const desk = await openDesk({ javaScriptEnabled: false });
	const page = desk.page;
	await signIn(page, undefined, undefined, '/admin/users');
	const run = crypto.randomUUID().slice(0, 8);

	await createUser(page, { username: 'admin', displayName: `No-JS ${run}`, role: 'partner', nation: 'POL' });
	await expect(page.getByRole('alert')).toBeVisible();
	await expect(page.locator('#new-username-errors')).toHaveText('Taken');
	await expect(page.getByLabel('Display name')).toHaveValue(`No-JS ${run}`);
	await expect(page.getByLabel('Role')).toHaveValue('partner');
	await expect(page.getByLabel('Nation')).toHaveValue('POL');

	await page.goto('/log');
	const text = `No-JS release ${run}`;
	await textarea(page).fill(text);
	await page.getByRole('radio', { name: /Specific nations/ }).check();
	// Without scripts the whole list is there as checkboxes.
	await page.getByRole('checkbox', { name: /POL Poland/ }).check();
	await page.getByRole('button', { name: 'Add entry' }).click();
	await expect(entries(page).first()).toContainText(text);
	await expect(entries(page).first().locator('.badge')).toHaveText('REL POL');

	// "Specific nations" with none ticked is refused, keeping the text and the choice.
	await textarea(page).fill(`${text} again`);
	await page.getByRole('radio', { name: /Specific nations/ }).check();
	await page.getByRole('button', { name: 'Add entry' }).click();
	await expect(page.getByText('Pick at least one nation')).toBeVisible();
	await expect(textarea(page)).toHaveValue(`${text} again`);
	await expect(page.getByRole('radio', { name: /Specific nations/ })).toBeChecked();
});
