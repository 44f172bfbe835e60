import path from 'node:path';
import { request as playwrightRequest } from '@playwright/test';
import { ADMIN, ARTIFACTS, connection, expect, signIn, test } from './fixtures';

// Who is connected now, as the watch officer sees it: a partner's screen comes on the roster with
// the page it shows, follows it to the next page, and goes when it closes; the partner may not look.

const run = crypto.randomUUID().slice(0, 6);
const PARTNER = { username: `e2e-pr-deu-${run}`, displayName: `Oberst Krause ${run}`, password: 'correct-horse-battery-61', role: 'partner', nation: 'DEU' };

test('the roster shows each connected screen, the page it is on, and drops it when it closes', async ({ openDesk, baseURL }) => {
	const api = await playwrightRequest.newContext({ baseURL });
	expect((await api.post('/api/v1/auth/login', { data: { username: ADMIN.username, password: ADMIN.password() } })).status()).toBe(200);
	const made = await api.post('/api/v1/users', { data: PARTNER });
	expect(made.status(), await made.text()).toBe(201);
	await api.dispose();

	const officer = await openDesk();
	await signIn(officer.page, ADMIN.username, ADMIN.password(), '/log/presence');
	await expect(officer.page.getByRole('heading', { name: 'Connected now' })).toBeVisible();
	await expect(connection(officer.page)).toHaveText('Live');
	const table = officer.page.locator('table.presence-table');
	const partnerRow = table.locator('tr', { hasText: PARTNER.displayName });

	const partner = await openDesk();
	await signIn(partner.page, PARTNER.username, PARTNER.password, '/support');
	await expect(connection(partner.page)).toHaveText('Live');
	await expect(partnerRow).toHaveCount(1);
	await expect(partnerRow).toContainText('Partner nation');
	await expect(partnerRow).toContainText('Germany');
	await expect(partnerRow).toContainText('Support');

	// Moving between pages keeps the socket; the roster follows.
	await partner.page.getByRole('navigation').getByRole('link', { name: 'Forces' }).click();
	await expect(partnerRow).toContainText('Forces');
	await officer.page.screenshot({ path: path.join(ARTIFACTS, 'presence.png'), fullPage: true });

	// The roster is the cell's: a partner is told so.
	const refused = await partner.page.goto('/log/presence');
	expect(refused?.status()).toBe(403);

	await partner.context.close();
	await expect(partnerRow).toHaveCount(0);
	// The officer's own screen stays on it.
	await expect(table.locator('tbody tr')).not.toHaveCount(0);
});
