import path from 'node:path';
import { request as playwrightRequest, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { ADMIN, ARTIFACTS, connection, expect, signIn, test, type Desk } from './fixtures';

/**
 * Guarantee 4's drill on several screens at once — an officer declares a real activation, a second
 * officer confirms it, the partners' boards show it live, one nation answers and the other stays
 * silent, then it is stood down and its report read — and guarantee 5's programmes with their
 * production chart, the table beside it, and milestones by date; with scripts and without.
 */

const run = crypto.randomUUID().slice(0, 6);
const HOSTILE = '<img src=x onerror=alert(1)>';
const OFFICER_A = { username: `e2e-cm-a-${run}`, displayName: `Officer Moreau ${run}`, password: 'correct-horse-battery-91', role: 'officer', nation: 'FRA' };
const OFFICER_B = { username: `e2e-cm-b-${run}`, displayName: `Officer Hale ${run}`, password: 'correct-horse-battery-92', role: 'officer', nation: 'GBR' };
const DEU = { username: `e2e-cm-deu-${run}`, displayName: `Liaison Weber ${run}`, password: 'correct-horse-battery-93', role: 'partner', nation: 'DEU' };
const POL = { username: `e2e-cm-pol-${run}`, displayName: `Liaison Nowak ${run}`, password: 'correct-horse-battery-94', role: 'partner', nation: 'POL' };
const SCENARIO = `Armed attack across the line of contact, Kharkiv axis ${HOSTILE}`;

async function shot(page: Page, name: string, fullPage = false) {
	// From the top: a full-page picture of a scrolled page draws the sticky bar halfway down.
	if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage });
}

async function adminApi(): Promise<APIRequestContext> {
	const api = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL! });
	const login = await api.post('/api/v1/auth/login', { data: { username: ADMIN.username, password: ADMIN.password() } });
	expect(login.status(), await login.text()).toBe(200);
	return api;
}

async function post(api: APIRequestContext, url: string, data: unknown): Promise<{ id: string }> {
	const answer = await api.post(url, { data });
	expect(answer.status(), await answer.text()).toBeLessThan(300);
	return answer.json();
}

/** Signed in on /commitments with the live picture in; a marker on the window tells whether the page was ever reloaded. */
async function onCommitments(desk: Desk, person: { username: string; password: string }): Promise<Page> {
	await signIn(desk.page, person.username, person.password, '/commitments');
	await expect(connection(desk.page)).toHaveText('Live');
	await desk.page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
	return desk.page;
}

const notReloaded = async (page: Page) => expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
const board = (page: Page) => page.locator('section.drill');
const nationRow = (page: Page, nation: string) => board(page).locator(`tr[data-nation="${nation}"]`);
const count = (page: Page, status: string): Locator => board(page).locator(`.count[data-status="${status}"] .count-value`);

test.describe.configure({ mode: 'serial' });

let commitmentIds: { deu: string; pol: string };

test.beforeAll(async () => {
	const api = await adminApi();
	for (const person of [OFFICER_A, OFFICER_B, DEU, POL]) {
		await post(api, '/api/v1/users', { username: person.username, password: person.password, role: person.role, nation: person.nation, displayName: person.displayName });
	}
	const deu = await post(api, '/api/v1/commitments', { nation: 'DEU', type: 'military', text: 'Two air-defence batteries deployable within 72 hours', status: 'in-force', releasableTo: 'coalition' });
	const pol = await post(api, '/api/v1/commitments', { nation: 'POL', type: 'logistics', text: 'Fuel and ammunition resupply through the Rzeszów hub', status: 'in-force', releasableTo: 'coalition' });
	await post(api, '/api/v1/commitments', { nation: 'ITA', type: 'diplomatic', text: 'Call for an emergency session of the UN Security Council', status: 'agreed', releasableTo: 'coalition' });
	await post(api, '/api/v1/commitments', { nation: 'DEU', type: 'sanctions', text: `A full energy import embargo ${HOSTILE}`, status: 'proposed', releasableTo: ['DEU'] });
	commitmentIds = { deu: deu.id, pol: pol.id };
	await api.dispose();
});

test('the drill on every screen: a real activation declared and confirmed by two officers, shown live to the partners, one nation answering and one silent, stood down, its report', async ({ openDesk }) => {
	test.setTimeout(240_000);
	const [a, b, deu, pol] = [await openDesk(), await openDesk(), await openDesk(), await openDesk()];
	// The partners' screens are the wall size the board is made for.
	await pol.page.setViewportSize({ width: 1920, height: 1080 });
	const officerA = await onCommitments(a, OFFICER_A);
	const deuPage = await onCommitments(deu, DEU);
	const polPage = await onCommitments(pol, POL);

	// Before: the register by nation and type; partners see no declaration form.
	await expect(officerA.locator('tbody[data-nation="DEU"]')).toContainText('Military capabilities');
	await expect(officerA.locator('tbody[data-nation="DEU"]')).toContainText(HOSTILE);
	await expect(officerA.locator(`tr[data-commitment="${commitmentIds.deu}"] [data-status="in-force"]`)).toHaveText(/In force/);
	await expect(deuPage.getByRole('heading', { name: 'Declare an activation' })).toHaveCount(0);
	await expect(board(deuPage)).toHaveCount(0);

	// Officer A declares a real activation, with the keyboard.
	const declare = officerA.getByRole('form', { name: 'Declare an activation' });
	await expect(declare.getByLabel('Exercise')).toBeChecked();
	await declare.getByLabel('Scenario').fill(SCENARIO);
	await declare.getByLabel('Exercise').focus();
	await officerA.keyboard.press('Space');
	await expect(declare.getByLabel('Exercise')).not.toBeChecked();
	await declare.getByRole('button', { name: 'Declare activation' }).focus();
	await officerA.keyboard.press('Enter');
	await expect(board(officerA)).toBeVisible();
	await expect(officerA.getByTestId('drill-kind')).toHaveText('Real');
	await expect(officerA.getByTestId('drill-state')).toHaveText('Awaiting confirmation');
	await expect(board(officerA).locator('.scenario')).toHaveText(SCENARIO);
	await expect(officerA.getByText('You declared this activation: another admin or officer must confirm it.')).toBeVisible();
	await expect(officerA.getByRole('button', { name: 'Confirm activation' })).toHaveCount(0);
	await shot(officerA, 'drill-pending.png');

	// Officer B, on another screen, confirms. Until then the partners see nothing of it.
	const officerB = await onCommitments(b, OFFICER_B);
	await expect(board(officerB)).toBeVisible();
	await expect(board(deuPage)).toHaveCount(0);
	await expect(board(polPage)).toHaveCount(0);
	await officerB.getByRole('button', { name: 'Confirm activation' }).click();

	// Every screen, the partners' included, shows the active drill without a reload.
	for (const page of [officerA, officerB, deuPage, polPage]) {
		await expect(page.getByTestId('drill-state')).toHaveText('Active');
		await expect(page.getByTestId('drill-kind')).toHaveText('Real');
		await expect(count(page, 'requested')).toHaveText('2');
		await expect(nationRow(page, 'DEU')).toContainText('No answer');
		await expect(nationRow(page, 'POL')).toContainText('No answer');
	}
	await expect(officerA.getByRole('button', { name: 'Confirm activation' })).toHaveCount(0);
	// The time since activation ticks.
	const elapsed = polPage.getByTestId('drill-elapsed');
	await expect(elapsed).toHaveText(/^T\+\d{2}:\d{2}:\d{2}$/);
	const first = await elapsed.textContent();
	await expect(elapsed).not.toHaveText(first!, { timeout: 5_000 });

	// Each partner may answer for its own nation only.
	await expect(deuPage.getByRole('form', { name: /^Answer for/ })).toHaveCount(1);
	await expect(polPage.getByRole('form', { name: /^Answer for/ })).toHaveCount(1);
	const deuForm = deuPage.getByRole('form', { name: 'Answer for Germany (DEU): Military capabilities' });
	await deuForm.getByLabel('Answer').selectOption('acknowledged');
	await deuForm.getByLabel('Note (optional)').fill(`Battery alerted ${HOSTILE}`);
	await deuForm.getByRole('button', { name: 'Send answer' }).click();

	// Every screen: DEU answered, POL silent and on top, counted once.
	for (const page of [officerA, officerB, deuPage, polPage]) {
		await expect(nationRow(page, 'DEU').locator('[data-status="acknowledged"]')).toHaveText(/Acknowledged/);
		await expect(nationRow(page, 'DEU')).toContainText(`Battery alerted ${HOSTILE}`);
		await expect(nationRow(page, 'DEU')).toContainText(DEU.displayName);
		await expect(nationRow(page, 'DEU').locator('.no-answer')).toHaveCount(0);
		await expect(nationRow(page, 'POL').locator('.no-answer')).toHaveText('No answer');
		await expect(board(page).locator('tbody tr').first()).toHaveAttribute('data-nation', 'POL');
		await expect(count(page, 'acknowledged')).toHaveText('1');
		await expect(count(page, 'requested')).toHaveText('1');
		await expect(board(page).locator('caption')).toContainText('1 nation has not answered');
	}
	// DEU may still move its answer on, but not back: executing, completed or declined.
	await expect(deuForm.getByLabel('Answer').locator('option')).toHaveText(['Executing', 'Completed', 'Declined']);
	await shot(officerA, 'drill-officer.png');
	await shot(deuPage, 'drill-deu.png');
	await shot(polPage, 'drill-pol-wall.png');

	// Officer A stands the drill down: it leaves every board, and becomes a past activation with its report.
	await officerA.getByText('Stand down…').click();
	await officerA.getByRole('button', { name: 'Confirm stand-down' }).click();
	for (const page of [officerA, officerB, deuPage, polPage]) {
		await expect(board(page)).toHaveCount(0);
		await expect(page.getByRole('link', { name: `Report: ${SCENARIO}` })).toBeVisible();
		await notReloaded(page);
	}
	await expect(officerA.getByRole('form', { name: 'Declare an activation' }).getByLabel('Exercise')).toBeChecked();

	await officerA.getByRole('link', { name: `Report: ${SCENARIO}` }).click();
	await expect(officerA.getByRole('heading', { name: 'Activation report', level: 1 })).toBeVisible();
	const last = officerA.getByRole('table', { name: /last answer/ });
	await expect(last.getByRole('row', { name: /Germany/ })).toContainText('Acknowledged');
	await expect(last.getByRole('row', { name: /Germany/ })).toContainText(DEU.displayName);
	await expect(last.getByRole('row', { name: /Poland/ })).toContainText('No answer');
	await expect(officerA.getByText('No answer from Poland (POL).')).toBeVisible();
	const timeline = officerA.getByRole('table', { name: /Every request and answer/ });
	await expect(timeline.getByRole('row')).toHaveCount(4);
	await expect(timeline).toContainText(`Battery alerted ${HOSTILE}`);
	await shot(officerA, 'drill-report.png', true);

	// A partner reads the same report, each commitment's last answer without the timeline.
	await deuPage.getByRole('link', { name: `Report: ${SCENARIO}` }).click();
	await expect(deuPage.getByRole('table', { name: /last answer/ }).getByRole('row', { name: /Germany/ })).toContainText('Acknowledged');
	await expect(deuPage.getByRole('table', { name: /Every request and answer/ })).toHaveCount(0);

	for (const page of [officerA, officerB, deuPage, polPage]) await expect(page.locator('main img, main script')).toHaveCount(0);
});

test('without scripts: a refused commitment keeps what was typed and says why beside the field; a valid one is registered; an exercise drill is declared, answered by a partner and stood down', async ({ openDesk }) => {
	test.setTimeout(120_000);
	const desk = await openDesk({ javaScriptEnabled: false });
	const page = desk.page;
	await signIn(page, OFFICER_A.username, OFFICER_A.password, '/commitments');
	const form = page.getByRole('form', { name: 'Register a commitment' });
	await form.getByLabel('Nation', { exact: true }).selectOption('NOR');
	await form.getByLabel('Type', { exact: true }).selectOption('intelligence');
	await form.getByLabel('Status', { exact: true }).selectOption('in-force');
	// Only spaces: the browser lets it through, the server's schema does not.
	await form.getByLabel('Commitment', { exact: true }).fill('   ');
	await form.getByRole('radio', { name: /Coalition/ }).check();
	await form.getByRole('button', { name: 'Register commitment' }).click();

	const refused = page.getByRole('form', { name: 'Register a commitment' });
	await expect(refused.getByRole('alert')).toContainText('The input is not valid');
	await expect(refused.getByLabel('Commitment', { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await expect(refused.locator('#register-text-errors')).toHaveText('Required');
	await expect(refused.getByLabel('Nation', { exact: true })).toHaveValue('NOR');
	await expect(refused.getByLabel('Type', { exact: true })).toHaveValue('intelligence');
	await expect(refused.getByRole('radio', { name: /Coalition/ })).toBeChecked();
	await shot(page, 'commitments-nojs-refused.png', true);

	await refused.getByLabel('Commitment', { exact: true }).fill('Maritime surveillance of the North Atlantic approaches');
	await refused.getByRole('button', { name: 'Register commitment' }).click();
	await expect(page.locator('tbody[data-nation="NOR"]')).toContainText('Maritime surveillance of the North Atlantic approaches');
	await expect(page.locator('tbody[data-nation="NOR"] [data-status="in-force"]')).toBeVisible();

	// An exercise drill, answered and stood down, all by plain form posts.
	await page.getByRole('form', { name: 'Declare an activation' }).getByLabel('Scenario').fill('Exercise: drone swarm on the southern axis');
	await page.getByRole('button', { name: 'Declare activation' }).click();
	await expect(page.getByTestId('drill-kind')).toHaveText('Exercise');
	await expect(page.getByTestId('drill-state')).toHaveText('Active');
	const partner = await openDesk({ javaScriptEnabled: false });
	await signIn(partner.page, DEU.username, DEU.password, '/commitments');
	const answer = partner.page.getByRole('form', { name: 'Answer for Germany (DEU): Military capabilities' });
	await answer.getByLabel('Answer').selectOption('executing');
	await answer.getByRole('button', { name: 'Send answer' }).click();
	await expect(nationRow(partner.page, 'DEU').locator('[data-status="executing"]')).toBeVisible();
	await expect(count(partner.page, 'executing')).toHaveText('1');
	await shot(partner.page, 'drill-nojs-partner.png');
	await page.reload();
	await expect(nationRow(page, 'DEU').locator('[data-status="executing"]')).toBeVisible();
	await page.getByText('Stand down…').click();
	await page.getByRole('button', { name: 'Confirm stand-down' }).click();
	await expect(board(page)).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Report: Exercise: drone swarm on the southern axis' })).toBeVisible();
});

test('cooperation: a production programme’s output against plan as a chart with its table, milestones by date; output recorded and a milestone completed, with scripts and without', async ({ openDesk }) => {
	test.setTimeout(180_000);
	const api = await adminApi();
	const month = (offset: number) => {
		const now = new Date();
		return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
	};
	const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
	const plan = [-5, -4, -3, -2, -1, 0, 1, 2].map((offset, i) => ({ month: month(offset), quantity: 20_000 + i * 2_500 }));
	const rounds = await post(api, '/api/v1/programmes', {
		kind: 'industrial-production',
		title: `155 mm rounds ${run}`,
		nations: ['CZE', 'DEU', 'POL'],
		instrument: 'ASAP',
		unit: '155 mm rounds',
		plan,
		releasableTo: 'coalition'
	});
	for (const [i, entry] of plan.slice(0, 5).entries()) await post(api, `/api/v1/programmes/${rounds.id}/output`, { month: entry.month, quantity: [15_000, 17_500, 19_000, 21_000, 22_500][i] });
	const overdue = await post(api, '/api/v1/milestones', { programmeId: rounds.id, title: 'Propellant contract signed', dueOn: day(-9) });
	await post(api, '/api/v1/milestones', { programmeId: rounds.id, title: 'Second filling line certified', dueOn: day(-30) }).then((m) => post(api, `/api/v1/milestones/${m.id}/complete`, { on: day(-33) }));
	await post(api, '/api/v1/milestones', { programmeId: rounds.id, title: 'Output of 40,000 rounds a month', dueOn: day(60) });
	await post(api, '/api/v1/programmes', { kind: 'training', title: `Brigade staff training ${run}`, nations: ['DEU', 'FRA'], instrument: 'EUMAM Ukraine', releasableTo: 'coalition' });
	await api.dispose();

	const desk = await openDesk();
	const page = await onCommitments(desk, OFFICER_A).then(async (p) => (await p.goto('/cooperation'), p));
	await expect(connection(page)).toHaveText('Live');
	const card = page.locator(`article[data-programme="${rounds.id}"]`);
	await expect(card.getByRole('heading', { name: `155 mm rounds ${run}` })).toBeVisible();
	await expect(card).toContainText('Industrial production');
	await expect(card).toContainText('ASAP');
	await expect(card.locator('canvas')).toBeVisible();
	// The chart is drawn (Chart.js sizes the canvas) and its data is the table beside it.
	await expect.poll(async () => (await card.locator('canvas').boundingBox())?.height ?? 0).toBeGreaterThan(100);
	const table = card.getByRole('table', { name: /plan and output by month/ });
	await expect(table.getByRole('row')).toHaveCount(1 + plan.length);
	await expect(table.getByRole('row', { name: new RegExp(`^${month(-5)}`) })).toContainText('20,000');
	await expect(table.getByRole('row', { name: new RegExp(`^${month(-5)}`) })).toContainText('15,000');
	await expect(card.getByTestId('production-standing')).toContainText('behind plan');
	await expect(card.locator(`[data-milestone="${overdue.id}"]`)).toHaveAttribute('data-state', 'overdue');
	await expect(card.locator(`[data-milestone="${overdue.id}"]`)).toContainText('Overdue');
	await expect(card.locator('[data-state="done"]')).toContainText(`done ${day(-33)}`);
	await expect(page.locator('.kpis')).toContainText('Overdue milestones');
	await shot(page, 'cooperation.png', true);

	// The programme's page: record this month's output and complete the overdue milestone, live.
	await card.getByRole('link', { name: `155 mm rounds ${run}` }).click();
	await expect(page.getByRole('heading', { name: `155 mm rounds ${run}`, level: 1 })).toBeVisible();
	const output = page.getByRole('form', { name: "Record a month's output" });
	await expect(output.getByLabel('Month')).toHaveValue(month(0));
	await output.getByLabel(/^Quantity/).fill('24000');
	await output.getByRole('button', { name: 'Record output' }).click();
	await expect(output.getByRole('status')).toHaveText('Recorded.');
	const row = page.getByRole('table', { name: /plan and output by month/ }).getByRole('row', { name: new RegExp(`^${month(0)}`) });
	await expect(row).toContainText('24,000');
	await expect(output.getByLabel(/^Quantity/)).toHaveValue('');
	// A month to come is refused beside the field.
	await output.getByLabel('Month').fill(month(2));
	await output.getByLabel(/^Quantity/).fill('5');
	await output.evaluate((form: HTMLFormElement) => form.querySelector<HTMLInputElement>('#output-month')!.removeAttribute('max'));
	await output.getByRole('button', { name: 'Record output' }).click();
	await expect(output.locator('#output-month-errors')).toHaveText('Not after this month');
	await expect(output.getByLabel(/^Quantity/)).toHaveValue('5');

	const milestone = page.locator(`[data-milestone="${overdue.id}"]`);
	await milestone.getByRole('button', { name: 'Mark done' }).click();
	await expect(milestone).toHaveAttribute('data-state', 'done');
	await expect(milestone).toContainText(`done ${day(0)}`);
	await shot(page, 'cooperation-programme.png', true);

	// Without scripts the same forms post and the page comes back with the change.
	const plain = await openDesk({ javaScriptEnabled: false });
	await signIn(plain.page, OFFICER_A.username, OFFICER_A.password, '/cooperation');
	await plain.page.getByRole('link', { name: `155 mm rounds ${run}` }).click();
	const plainOutput = plain.page.getByRole('form', { name: "Record a month's output" });
	await plainOutput.getByLabel('Month').fill(month(-1));
	await plainOutput.getByLabel(/^Quantity/).fill('23500');
	await plainOutput.getByRole('button', { name: 'Record output' }).click();
	await expect(plain.page.getByRole('table', { name: /plan and output by month/ }).getByRole('row', { name: new RegExp(`^${month(-1)}`) })).toContainText('23,500');
	await plain.page.getByRole('form', { name: 'Add a milestone' }).getByLabel('Title').fill('Third shift staffed');
	await plain.page.getByRole('form', { name: 'Add a milestone' }).getByLabel('Due on').fill(day(30));
	await plain.page.getByRole('form', { name: 'Add a milestone' }).getByRole('button', { name: 'Add milestone' }).click();
	await expect(plain.page.locator('.milestones')).toContainText('Third shift staffed');
});
