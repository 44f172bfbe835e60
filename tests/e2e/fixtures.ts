import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
export const DTG = /^\d{6}Z(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\d{2}$/;
export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export interface Desk {
	context: BrowserContext;
	page: Page;
	/** CSP violations and dialogs seen on this desk; both must stay empty. */
	problems: string[];
}

export interface DeskOptions {
	javaScriptEnabled?: boolean;
	/** Another server than the suite's (one seeded with the exercise scenario). */
	baseURL?: string;
	viewport?: { width: number; height: number };
	/** The screen's time zone (the wall shows local time beside Zulu). */
	timezoneId?: string;
}

/** Each test gets desks (browser contexts) that record CSP violations and dialogs; both must stay empty. */
export const test = base.extend<{ openDesk: (options?: DeskOptions) => Promise<Desk> }>({
	baseURL: async ({}, use) => {
		const url = process.env.E2E_BASE_URL;
		if (!url) throw new Error('E2E_BASE_URL is not set: run through tests/e2e/playwright.config.ts (its globalSetup starts the server)');
		await use(url);
	},
	openDesk: async ({ browser, baseURL }, use) => {
		const desks: Desk[] = [];
		await use(async (options = {}) => {
			const desk = await openDesk(browser, baseURL!, options);
			desks.push(desk);
			return desk;
		});
		for (const desk of desks) {
			expect(desk.problems, 'CSP violations or dialogs').toEqual([]);
			await desk.context.close();
		}
	}
});

export { expect };

async function openDesk(browser: Browser, baseURL: string, options: DeskOptions): Promise<Desk> {
	const context = await browser.newContext({ baseURL: options.baseURL ?? baseURL, javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: options.viewport, timezoneId: options.timezoneId });
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

export const ADMIN = { username: 'admin', password: () => process.env.E2E_ADMIN_PASSWORD! };

export async function signIn(page: Page, username = ADMIN.username, password = ADMIN.password(), next = '/log') {
	await page.goto(`/login?next=${encodeURIComponent(next)}`);
	await expect(page.getByLabel('Username')).toBeFocused();
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL((url) => url.pathname === next);
}

export const connection = (page: Page) => page.getByRole('banner').getByRole('status');
export const entries = (page: Page) => page.getByRole('list', { name: /watch log entries/i }).locator('li[data-entry-id]');
export const textarea = (page: Page) => page.getByLabel('New log entry');
