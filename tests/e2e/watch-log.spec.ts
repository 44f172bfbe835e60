import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
const DTG = /^\d{6}Z(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\d{2}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

interface Desk {
	context: BrowserContext;
	page: Page;
	/** CSP violations and dialogs seen on this desk; both must stay empty. */
	problems: string[];
}

const test = base.extend<{ openDesk: () => Promise<Desk> }>({
	baseURL: async ({}, use) => {
		const url = process.env.E2E_BASE_URL;
		if (!url) throw new Error('E2E_BASE_URL is not set: run through tests/e2e/playwright.config.ts (its globalSetup starts the server)');
		await use(url);
	},
	openDesk: async ({ browser, baseURL }, use) => {
		const desks: Desk[] = [];
		await use(async () => {
			const desk = await openDesk(browser, baseURL!);
			desks.push(desk);
			return desk;
		});
		for (const desk of desks) {
			expect(desk.problems, 'CSP violations or dialogs').toEqual([]);
			await desk.context.close();
		}
	}
});

async function openDesk(browser: Browser, baseURL: string): Promise<Desk> {
	const context = await browser.newContext({ baseURL });
	const page = await context.newPage();
	const problems: string[] = [];
	page.on('console', (message) => {
		if (/Content.Security.Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) {
			problems.push(`console: ${message.text()}`);
		}
	});
	page.on('dialog', async (dialog) => {
		problems.push(`dialog ${dialog.type()}: ${dialog.message()}`);
		await dialog.dismiss();
	});
	await context.exposeBinding('__reportCspViolation', (_source, line: string) => {
		problems.push(`securitypolicyviolation: ${line}`);
	});
	// Init scripts are injected by the browser tooling, not as inline <script>, so the CSP does not block the listener itself.
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			const report = (window as unknown as { __reportCspViolation: (line: string) => void }).__reportCspViolation;
			report(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
		});
	});
	return { context, page, problems };
}

async function signIn(page: Page) {
	await page.goto('/login?next=/log');
	await expect(page.getByLabel('Username')).toBeFocused();
	await page.getByLabel('Username').fill('admin');
	await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD!);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/log$/);
	await expect(page.getByRole('heading', { name: 'Watch log' })).toBeVisible();
}

const connection = (page: Page) => page.getByRole('banner').getByRole('status');
const entries = (page: Page) => page.getByRole('list', { name: /watch log entries/i }).locator('li[data-entry-id]');
const textarea = (page: Page) => page.getByLabel('New log entry');

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
	await expect(entries(reader.page).first()).toContainText('admin');
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
});
