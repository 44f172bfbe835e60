import path from 'node:path';
import { ADMIN, ARTIFACTS, DTG, ISO, connection, entries, expect, signIn as signInAs, test, textarea } from './fixtures';
import type { Page } from '@playwright/test';

async function signIn(page: Page) {
	await signInAs(page);
	await expect(page.getByRole('heading', { name: 'Watch log' })).toBeVisible();
}

test('a log entry written at one desk appears live at the other, newest first, and survives a reload', async ({ openDesk }) => {
	const writer = await openDesk();
	const reader = await openDesk();

	const login = writer.page;
	await login.goto('/login');
	await login.screenshot({ path: path.join(ARTIFACTS, 'login.png'), fullPage: true });

	await signIn(writer.page);
	await signIn(reader.page);
	await expect(connection(writer.page)).toHaveText('Live');
	await expect(connection(reader.page)).toHaveText('Live');

	const first = `E2E handover note ${crypto.randomUUID()}`;
	await textarea(writer.page).fill(first);
	await textarea(writer.page).press('Control+Enter');

	// The reader gets it over the socket, without reloading.
	await expect(entries(reader.page).first()).toContainText(first, { timeout: 3_000 });
	await expect(entries(writer.page).first()).toContainText(first);
	await expect(textarea(writer.page)).toHaveValue('');

	const time = entries(reader.page).first().locator('time');
	await expect(time).toHaveText(DTG);
	await expect(time).toHaveAttribute('title', ISO);
	await expect(time).toHaveAttribute('datetime', ISO);
	await expect(entries(reader.page).first()).toContainText(/admin/i);
	await expect(entries(reader.page).first()).toContainText('CELL ONLY');

	const second = `E2E second note ${crypto.randomUUID()}`;
	await textarea(writer.page).fill(second);
	await writer.page.getByRole('button', { name: 'Add entry' }).click();
	await expect(entries(reader.page).nth(0)).toContainText(second, { timeout: 3_000 });
	await expect(entries(reader.page).nth(1)).toContainText(first);

	await writer.page.screenshot({ path: path.join(ARTIFACTS, 'log-desk.png'), fullPage: true });

	await reader.page.reload();
	await expect(entries(reader.page).nth(0)).toContainText(second);
	await expect(entries(reader.page).nth(1)).toContainText(first);
	await expect(connection(reader.page)).toHaveText('Live');

	await reader.page.setViewportSize({ width: 1920, height: 1080 });
	await reader.page.screenshot({ path: path.join(ARTIFACTS, 'log-wall.png'), fullPage: true });
	await reader.page.setViewportSize({ width: 390, height: 844 });
	await reader.page.screenshot({ path: path.join(ARTIFACTS, 'log-narrow.png'), fullPage: true });
});

test('hostile text is shown as literal text and never runs', async ({ openDesk }) => {
	const writer = await openDesk();
	const reader = await openDesk();
	await signIn(writer.page);
	await signIn(reader.page);
	await expect(connection(reader.page)).toHaveText('Live');

	const hostile = '<img src=x onerror=alert(1)>';
	await textarea(writer.page).fill(hostile);
	await writer.page.getByRole('button', { name: 'Add entry' }).click();

	for (const page of [reader.page, writer.page]) {
		await expect(entries(page).first().locator('.text')).toHaveText(hostile, { timeout: 3_000 });
		await expect(page.locator('main img')).toHaveCount(0);
	}

	await reader.page.reload();
	await expect(entries(reader.page).first().locator('.text')).toHaveText(hostile);
	await expect(reader.page.locator('main img')).toHaveCount(0);
	// Give a would-be onerror handler time to fire before the fixture checks for dialogs.
	await reader.page.waitForTimeout(500);
});

test('a refused entry keeps its text and shows the field error', async ({ openDesk }) => {
	const desk = await openDesk();
	await signIn(desk.page);
	await expect(connection(desk.page)).toHaveText('Live');

	// Only spaces: the browser's `required` accepts it, the server's schema does not.
	await textarea(desk.page).fill('   ');
	await desk.page.getByRole('button', { name: 'Add entry' }).click();
	await expect(desk.page.getByRole('alert')).toBeVisible();
	await expect(textarea(desk.page)).toHaveValue('   ');
	await expect(textarea(desk.page)).toHaveAttribute('aria-invalid', 'true');
	await desk.page.screenshot({ path: path.join(ARTIFACTS, 'log-error.png'), fullPage: true });

	await desk.page.getByRole('banner').locator('summary').click();
	await desk.page.getByRole('button', { name: 'Sign out', exact: true }).click();
	await expect(desk.page).toHaveURL((url) => url.pathname === '/login');
	await expect(connection(desk.page)).toHaveCount(0);
});

test('a username typed before the page has loaded its scripts is kept when they arrive', async ({ openDesk }) => {
	const { page } = await openDesk();
	let release = () => {};
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await held;
		await route.continue();
	});
	await page.goto('/login?next=%2Flog');
	await page.getByLabel('Username').fill(ADMIN.username);
	release();
	// The scripts run and hydrate the page: what was typed must still be there.
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('Username')).toHaveValue(ADMIN.username);
	await page.getByLabel('Password').fill(ADMIN.password());
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'Watch log' })).toBeVisible();
});

test('without JavaScript the log works as a plain form', async ({ openDesk }) => {
	const desk = await openDesk({ javaScriptEnabled: false });
	await signIn(desk.page);

	// Playwright's text matchers skip <noscript> subtrees, so the note is located directly.
	await expect(desk.page.getByRole('banner').locator('.static-note')).toHaveText('Not live: reload to update');
	await expect(connection(desk.page)).toHaveCount(0);

	const text = `No-JS entry ${crypto.randomUUID()}`;
	await textarea(desk.page).fill(text);
	await desk.page.getByRole('button', { name: 'Add entry' }).click();
	await expect(desk.page).toHaveURL((url) => url.pathname === '/log');
	await expect(entries(desk.page).first()).toContainText(text);
	await expect(textarea(desk.page)).toHaveValue('');

	await textarea(desk.page).fill('   ');
	await desk.page.getByRole('button', { name: 'Add entry' }).click();
	await expect(desk.page.getByRole('alert')).toBeVisible();
	await expect(desk.page.getByText('Write something')).toBeVisible();
	await expect(textarea(desk.page)).toHaveValue('   ');
	await desk.page.screenshot({ path: path.join(ARTIFACTS, 'log-nojs-error.png'), fullPage: true });
});

const isCommand = (message: string | Buffer) => typeof message === 'string' && /^42\/live,\d+\["command"/.test(message);
const isAck = (message: string | Buffer) => typeof message === 'string' && /^43\/live,\d+/.test(message);

test('a sent entry is marked pending until the server confirms it, never guessed', async ({ openDesk }) => {
	const desk = await openDesk();
	const { page } = desk;
	let holding = false;
	const held: string[] = [];
	let toServer: { send: (message: string) => void } | null = null;
	// Stands between page and server so the command can be held back, as on a slow link.
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		const server = ws.connectToServer();
		toServer = server;
		ws.onMessage((message) => {
			if (holding && isCommand(message)) held.push(message as string);
			else server.send(message);
		});
		server.onMessage((message) => ws.send(message));
	});
	await signIn(page);
	await expect(connection(page)).toHaveText('Live');

	holding = true;
	const text = `E2E pending note ${crypto.randomUUID()}`;
	await textarea(page).fill(text);
	await page.getByRole('button', { name: 'Add entry' }).click();

	const pending = page.locator('li.pending');
	await expect(pending).toContainText(text);
	await expect(pending).toContainText('Sending…');
	await expect(entries(page).filter({ hasText: text })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Sending…' })).toBeDisabled();
	await expect(textarea(page)).toHaveValue(text);
	await page.screenshot({ path: path.join(ARTIFACTS, 'log-pending.png'), fullPage: true });

	holding = false;
	for (const message of held.splice(0)) toServer!.send(message);
	await expect(entries(page).first()).toContainText(text);
	await expect(pending).toHaveCount(0);
	await expect(textarea(page)).toHaveValue('');
});

test('a command whose answer was lost is sent again after reconnecting, with the same id, and recorded once', async ({ openDesk }) => {
	const desk = await openDesk();
	const { page } = desk;
	let dropNextAck = false;
	const commandIds: string[] = [];
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		const server = ws.connectToServer();
		ws.onMessage((message) => {
			if (isCommand(message)) commandIds.push(JSON.parse((message as string).replace(/^42\/live,\d+/, ''))[1].id);
			server.send(message);
		});
		server.onMessage((message) => {
			if (dropNextAck && isAck(message)) {
				// The server recorded it, but the answer is lost with the connection.
				dropNextAck = false;
				ws.close();
				server.close();
				return;
			}
			ws.send(message);
		});
	});
	await signIn(page);
	await expect(connection(page)).toHaveText('Live');

	dropNextAck = true;
	const text = `E2E retried note ${crypto.randomUUID()}`;
	await textarea(page).fill(text);
	await page.getByRole('button', { name: 'Add entry' }).click();

	await expect(entries(page).first()).toContainText(text, { timeout: 10_000 });
	await expect(textarea(page)).toHaveValue('', { timeout: 10_000 });
	await expect(connection(page)).toHaveText('Live');
	expect(commandIds).toHaveLength(2);
	expect(commandIds[1]).toBe(commandIds[0]);
	await expect(entries(page).filter({ hasText: text })).toHaveCount(1);

	await page.reload();
	await expect(entries(page).filter({ hasText: text })).toHaveCount(1);
});
