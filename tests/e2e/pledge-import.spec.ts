import { readFileSync } from 'node:fs';
import path from 'node:path';
import { request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, ARTIFACTS, expect, signIn, test } from './fixtures';

/**
 * The pledge import page (/support/import): a tracker file is checked first, its errors and
 * skipped rows shown by row, then committed, every row or none; with scripts (upload with
 * progress) and without (the page's form action); partners are turned away.
 */

const FIXTURE = readFileSync(path.join(import.meta.dirname, '../fixtures/kiel-tracker-sample.csv'));
const BAD = Buffer.concat([FIXTURE, Buffer.from('EPF-0001,European Peace Facility,2023-03-20,Military,Weapons and equipment,Commitment,,Ammunition,155 mm shells,,EUR,1000000000,\n')]);
const run = crypto.randomUUID().slice(0, 6);
const OFFICER = { username: `e2e-pi-officer-${run}`, password: 'correct-horse-battery-81' };
const PARTNER = { username: `e2e-pi-partner-${run}`, password: 'correct-horse-battery-82' };

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });

async function adminApi(): Promise<APIRequestContext> {
	const api = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL! });
	const login = await api.post('/api/v1/auth/login', { data: { username: ADMIN.username, password: ADMIN.password() } });
	expect(login.status(), await login.text()).toBe(200);
	return api;
}

async function pledgesOf(api: APIRequestContext): Promise<{ donor: string; item: string; releasableTo: unknown; exercise: boolean }[]> {
	const list = await api.get('/api/v1/pledges?limit=20000');
	expect(list.status()).toBe(200);
	return list.json();
}

test.beforeAll(async () => {
	const api = await adminApi();
	for (const [person, role] of [[OFFICER, 'officer'], [PARTNER, 'partner']] as const) {
		const user = await api.post('/api/v1/users', { data: { username: person.username, password: person.password, role, nation: 'DEU' } });
		expect(user.status(), await user.text()).toBe(201);
	}
	await api.dispose();
});

test('an officer checks a tracker file, sees its errors and skipped rows, then imports every pledge', async ({ openDesk }) => {
	test.setTimeout(120_000);
	const api = await adminApi();
	const before = (await pledgesOf(api)).length;
	const desk = await openDesk();
	const page = desk.page;
	await signIn(page, OFFICER.username, OFFICER.password, '/support/import');
	await expect(page.getByRole('heading', { name: 'Import pledges', level: 1 })).toBeVisible();

	// A file with one bad row: its row and column are named, and there is nothing to import.
	const file = page.getByLabel('CSV file');
	await file.setInputFiles({ name: 'tracker-bad.csv', mimeType: 'text/csv', buffer: BAD });
	// By keyboard: the button is reached and pressed without a pointer.
	await page.getByRole('button', { name: 'Check file' }).focus();
	await page.keyboard.press('Enter');
	const preview = page.getByLabel('Import preview');
	await expect(preview.getByRole('table')).toContainText('European Peace Facility is not a nation');
	await expect(preview.getByRole('row', { name: /^14 / })).toBeVisible();
	await expect(preview).toContainText('Fix these rows and check the file again');
	await expect(preview.getByRole('button', { name: /^Import/ })).toHaveCount(0);
	await shot(page, 'pledge-import-errors.png');

	// The good file: rows, valid, errors, skipped; warnings by row; released to the coalition.
	await file.setInputFiles({ name: 'tracker.csv', mimeType: 'text/csv', buffer: FIXTURE });
	await page.getByRole('button', { name: 'Check file' }).click();
	await expect(preview.locator('dd')).toHaveText(['12', '9', '0', '3']);
	await expect(preview).toContainText('Skipped by design, not imported: Financial 2, Humanitarian 1.');
	await expect(preview).toContainText('Ignored columns: id, explanation, reporting_currency');
	await expect(preview.getByRole('table', { name: /Rows imported with a warning/ })).toContainText('Only a month was given');
	await page.getByRole('radio', { name: /Coalition/ }).check();
	await shot(page, 'pledge-import-preview.png');

	await preview.getByRole('button', { name: 'Import 9 pledges' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Imported 9 pledges.' })).toHaveText(
		'Imported 9 pledges. 3 rows were skipped (Financial 2, Humanitarian 1). They count in the support figures now.'
	);
	await expect(preview).toHaveCount(0);
	await shot(page, 'pledge-import-done.png');

	const after = await pledgesOf(api);
	expect(after.length).toBe(before + 9);
	expect(after.find((p) => p.item === 'Leopard 2A6')).toMatchObject({ donor: 'DEU', releasableTo: 'coalition', exercise: false });
	await api.dispose();
});

test('without scripts the same form checks and imports, through the page’s form action', async ({ openDesk }) => {
	const api = await adminApi();
	const before = (await pledgesOf(api)).length;
	const desk = await openDesk({ javaScriptEnabled: false });
	const page = desk.page;
	// Signed in through the API: the sign-in page needs scripts for its own reasons, not this test's.
	const login = await page.request.post('/api/v1/auth/login', { data: { username: OFFICER.username, password: OFFICER.password } });
	expect(login.status()).toBe(200);
	await page.goto('/support/import');

	await page.getByLabel('CSV file').setInputFiles({ name: 'tracker.csv', mimeType: 'text/csv', buffer: FIXTURE });
	await page.getByLabel('Exercise data').check();
	await page.getByRole('button', { name: 'Check file' }).click();
	const preview = page.getByLabel('Import preview');
	await expect(preview.locator('dd')).toHaveText(['12', '9', '0', '3']);
	// The page does not keep the file: it is chosen again, then imported.
	await expect(preview).toContainText('Choose the same file again first');
	await page.getByLabel('CSV file').setInputFiles({ name: 'tracker.csv', mimeType: 'text/csv', buffer: FIXTURE });
	await page.getByLabel('Exercise data').check();
	await preview.getByRole('button', { name: 'Import 9 pledges' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Imported 9 pledges.' })).toBeVisible();
	await shot(page, 'pledge-import-noscript.png');

	const after = await pledgesOf(api);
	expect(after.length).toBe(before + 9);
	expect(after.filter((p) => p.exercise && p.item === 'Leopard 2A6')).toHaveLength(1);
	await api.dispose();
});

test('a partner is turned away from the import page and its form action', async ({ openDesk, baseURL }) => {
	const api = await adminApi();
	const before = (await pledgesOf(api)).length;
	const desk = await openDesk();
	await signIn(desk.page, PARTNER.username, PARTNER.password, '/log');
	const answer = await desk.page.goto('/support/import');
	expect(answer?.status()).toBe(403);
	await expect(desk.page.getByRole('heading', { name: 'Not for your role' })).toBeVisible();
	await expect(desk.page.getByLabel('CSV file')).toHaveCount(0);

	// The form post a page without scripts would send, straight to the action.
	const posted = await desk.page.request.post('/support/import', {
		headers: { origin: baseURL!, accept: 'text/html' },
		multipart: { file: { name: 'tracker.csv', mimeType: 'text/csv', buffer: FIXTURE }, intent: 'commit', releasability: 'coalition' }
	});
	expect(posted.status()).toBe(403);
	expect(await posted.text()).toContain('Not for your role');
	expect((await pledgesOf(api)).length).toBe(before);
	await api.dispose();
});
