import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '$lib/server/security/rate-limits';
import { ADMIN_PASSWORD, describeEachBackend, createBackend, type Backend } from '../support/backends';
import { expectAnswer, request, type Answer, type Credentials } from '../support/http';
import { Screen } from '../support/screen';
import { signIn, startServerProcess, tearDown, type ServerProcess } from '../support/server-process';

/**
 * Credentials against the production server, on each backend (the Redis one shares the rate
 * limits and lockout through Redis): API tokens and wall-device links, lockout, the command rate
 * limit, ending sessions (logout everywhere, disabling, a new nation, expiry) and the audit trail
 * of who changed what.
 */

/** Commands per second per user or token on the main server: low, so a flood is easy to make. */
const RATE = 10;
const FEW_SECONDS = 5000;

let backend: Backend | undefined;
let server: ServerProcess | undefined;
let adminCookie = '';
const screens: Screen[] = [];

const nonce = () => randomUUID().slice(0, 8);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function call(credentials: Credentials, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer> {
	return request(server!.url, method, path, { ...credentials, body, headers });
}

/** The admin's own requests; setup may outpace the low rate limit, so a 429 is waited out. */
async function asAdmin(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer> {
	for (let attempt = 0; ; attempt++) {
		const answer = await call({ cookie: adminCookie }, method, path, body, headers);
		if (answer.status !== 429 || attempt >= 5) return answer;
		await sleep(1100);
	}
}

async function makeUser(username: string, role: string, nation = 'FRA'): Promise<{ id: string; username: string; password: string }> {
	const password = `${username}-password-123`;
	const answer = await asAdmin('POST', '/api/v1/users', { username, password, role, nation });
	expectAnswer(answer, 201, `create ${username}`);
	return { id: answer.body.id, username, password };
}

async function issueToken(name: string, role: string, nation = 'FRA'): Promise<{ id: string; secret: string }> {
	const answer = await asAdmin('POST', '/api/v1/tokens', { name, role, nation });
	expectAnswer(answer, 201, `issue ${name}`);
	return { id: answer.body.id, secret: answer.body.secret };
}

/** Signs in over the API, from this machine's own address unless `from` names another loopback address. */
function login(username: string, password: string, from?: string): Promise<Answer> {
	return request(server!.url, 'POST', '/api/v1/auth/login', { body: { username, password }, from });
}

function screen(url: string, options: { cookie?: string; token?: string }): Screen {
	const s = new Screen(url, options);
	screens.push(s);
	return s;
}

/** Waits until the server has dropped the screen's socket. */
async function dropped(s: Screen, what: string, timeoutMs = FEW_SECONDS): Promise<void> {
	await s.until((x) => x.disconnects.length > 0, `${what} to be disconnected`, timeoutMs);
	expect(s.disconnects[0]).toBe('io server disconnect');
}

/** Connects a bare socket and tells whether the handshake was refused, and with what. */
function handshake(url: string, options: { token?: string; cookie?: string }): Promise<{ refused: string | null; viewer?: unknown }> {
	const socket = io(`${url}/live`, {
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		extraHeaders: options.cookie ? { cookie: options.cookie } : undefined,
		auth: options.token ? { token: options.token } : {}
	});
	return new Promise((resolve) => {
		const done = (result: { refused: string | null; viewer?: unknown }) => {
			socket.disconnect();
			resolve(result);
		};
		socket.once('connect_error', (error) => done({ refused: error.message }));
		socket.once('snapshot', (snapshot: { viewer: unknown; data: Record<string, unknown[]> }) =>
			done({ refused: null, viewer: snapshot.viewer })
		);
	});
}

function cookieFrom(answer: Answer): string | undefined {
	return answer.headers
		.getSetCookie()
		.map((line) => line.split(';')[0]!.trim())
		.find((pair) => pair.startsWith('wf_session=') && pair.length > 'wf_session='.length);
}

describeEachBackend('credentials on %s', (backendName) => {
	beforeAll(async () => {
		backend = await createBackend(backendName);
		server = await startServerProcess({ ...backend.env, WATCHFLOOR_COMMANDS_PER_SECOND: String(RATE) });
		adminCookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);
	});

	afterAll(() => tearDown(screens.splice(0), server, backend));

	describe('API tokens', () => {
		let machine: { id: string; secret: string };

		it("shows a new token's secret and device link once, and never in the token list, its history or the audit trail", async () => {
			const key = `issue-${randomUUID()}`;
			const issued = await asAdmin('POST', '/api/v1/tokens', { name: 'Feed machine', role: 'officer', nation: 'FRA' }, { 'idempotency-key': key });
			expectAnswer(issued, 201, 'POST /api/v1/tokens');
			expect(issued.body).toMatchObject({ name: 'Feed machine', role: 'officer', nation: 'FRA', revokedAt: null });
			expect(issued.body.secret).toMatch(/^wft_[A-Za-z0-9_-]{40,}$/);
			expect(issued.body.deviceLink).toBe(`${server!.url}/device#${issued.body.secret}`);
			machine = { id: issued.body.id, secret: issued.body.secret };

			const retried = await asAdmin('POST', '/api/v1/tokens', { name: 'Feed machine', role: 'officer', nation: 'FRA' }, { 'idempotency-key': key });
			expectAnswer(retried, 200, 'the same POST retried');
			expect(retried.body.id).toBe(machine.id);
			expect(retried.body).not.toHaveProperty('secret');
			expect(retried.body).not.toHaveProperty('deviceLink');

			const list = await asAdmin('GET', '/api/v1/tokens');
			expectAnswer(list, 200, 'GET /api/v1/tokens');
			expect((list.body as { id: string }[]).find((t) => t.id === machine.id)).toMatchObject({ name: 'Feed machine', revokedAt: null });
			for (const answer of [list, await asAdmin('GET', `/api/v1/tokens/${machine.id}/history`), await asAdmin('GET', '/api/v1/audit?collection=tokens')]) {
				expect(answer.status).toBe(200);
				expect(answer.text).not.toContain(machine.secret);
				expect(answer.text).not.toMatch(/"secret|secretHash|secret_hash/);
			}
		});

		it("lets a machine read and write over REST with Authorization: Bearer, as the token's role and name", async () => {
			expectAnswer(await call({ bearer: machine.secret }, 'GET', '/api/v1/log-entries'), 200, 'GET with the token');
			const written = await call({ bearer: machine.secret }, 'POST', '/api/v1/log-entries', { text: 'Written by the feed machine' });
			expectAnswer(written, 201, 'POST with the token');
			expect(written.body).toMatchObject({ authorId: machine.id, authorName: 'Feed machine' });
			// An officer's token, not an admin's.
			expectAnswer(await call({ bearer: machine.secret }, 'GET', '/api/v1/users'), 403, 'GET /api/v1/users with an officer token');
		});

		it('lets a machine follow the live picture and send commands over the socket with auth: { token }', async () => {
			const feed = screen(server!.url, { token: machine.secret });
			await feed.ready();
			expect(feed.snapshots[0]!.viewer).toMatchObject({ role: 'officer', displayName: 'Feed machine' });
			expect(feed.snapshots[0]!.data['log-entries']!.map((e) => e.text)).toContain('Written by the feed machine');
			const ack = await feed.command('log-entries.create', { text: 'Sent over the socket by the feed machine' });
			expect(ack).toMatchObject({ ok: true, record: { authorName: 'Feed machine' } });
			feed.close();
		});

		it('refuses a wrong token with 401 and connect_error rather than treating the caller as anonymous', async () => {
			// Anonymous callers may read /healthz and open a socket; a caller with a wrong token may not.
			expectAnswer(await call({}, 'GET', '/healthz'), 200, 'GET /healthz anonymously');
			for (const wrong of ['wft_this-token-was-never-issued-0000000000000', 'not-even-a-token', `${machine.secret}x`]) {
				expectAnswer(await call({ bearer: wrong }, 'GET', '/healthz'), 401, `GET /healthz with ${wrong}`);
				expectAnswer(await call({ bearer: wrong }, 'GET', '/api/v1/log-entries'), 401, `GET /api/v1/log-entries with ${wrong}`);
				// Nor does a valid cookie beside it rescue the request.
				expectAnswer(await call({ bearer: wrong, cookie: adminCookie }, 'GET', '/api/v1/log-entries'), 401, 'a wrong token beside a valid cookie');
				expect(await handshake(server!.url, { token: wrong })).toEqual({ refused: 'unauthenticated' });
			}
			expect(await handshake(server!.url, {})).toEqual({ refused: null, viewer: null });
		});

		it("refuses a revoked token's next REST call and drops its live socket within a few seconds", async () => {
			const doomed = await issueToken('Doomed feed', 'officer');
			const feed = screen(server!.url, { token: doomed.secret });
			await feed.ready();
			expectAnswer(await call({ bearer: doomed.secret }, 'GET', '/api/v1/log-entries'), 200, 'before revocation');

			const revoked = await asAdmin('DELETE', `/api/v1/tokens/${doomed.id}`);
			expectAnswer(revoked, 200, 'DELETE /api/v1/tokens/<id>');
			expect(revoked.body.revokedAt).toEqual(expect.any(String));
			await dropped(feed, "the revoked token's socket");

			expectAnswer(await call({ bearer: doomed.secret }, 'GET', '/api/v1/log-entries'), 401, 'after revocation');
			expect(await handshake(server!.url, { token: doomed.secret })).toEqual({ refused: 'unauthenticated' });
			expectAnswer(await asAdmin('DELETE', `/api/v1/tokens/${doomed.id}`), 409, 'revoking it again');
			// Another token is untouched.
			expectAnswer(await call({ bearer: machine.secret }, 'GET', '/api/v1/log-entries'), 200, 'another token');
		});

		it("drops a wall device's cookie session and its screen when its token is revoked", async () => {
			const wallToken = await issueToken('Ops room wall 1', 'wall');
			const opened = await request(server!.url, 'POST', '/api/v1/auth/device', { body: { token: wallToken.secret } });
			expectAnswer(opened, 200, 'POST /api/v1/auth/device');
			expect(opened.body.device).toMatchObject({ name: 'Ops room wall 1', role: 'wall' });
			const deviceCookie = cookieFrom(opened)!;
			expect(deviceCookie).toBeDefined();

			expectAnswer(await call({ cookie: deviceCookie }, 'GET', '/api/v1/log-entries'), 200, 'the device reads with its cookie');
			const wall = screen(server!.url, { cookie: deviceCookie });
			await wall.ready();
			expect(wall.snapshots[0]!.viewer).toMatchObject({ role: 'wall', displayName: 'Ops room wall 1' });
			expect(await wall.command('log-entries.create', { text: 'the wall tries to write' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

			expectAnswer(await asAdmin('DELETE', `/api/v1/tokens/${wallToken.id}`), 200, 'revoke the wall token');
			await dropped(wall, "the wall device's screen");
			expectAnswer(await call({ cookie: deviceCookie }, 'GET', '/api/v1/log-entries'), 401, "the device's cookie after revocation");
			expect(await handshake(server!.url, { cookie: deviceCookie })).toEqual({ refused: null, viewer: null });
			expectAnswer(await request(server!.url, 'POST', '/api/v1/auth/device', { body: { token: wallToken.secret } }), 401, 'the device link after revocation');
		});
	});

	describe('sign-in lockout', () => {
		it('locks a username for an address after 5 wrong passwords from it: the 6th attempt answers 429 even with the right password, other users sign in', async () => {
			const locked = await makeUser('lock-victim', 'officer');
			const other = await makeUser('lock-bystander', 'officer');
			for (let i = 1; i <= 5; i++) expectAnswer(await login(locked.username, `wrong-password-${i}`), 401, `wrong password ${i}`);
			const sixth = await login(locked.username, locked.password);
			expectAnswer(sixth, 429, 'the right password after 5 wrong ones');
			expect(sixth.body.error.code).toBe('rate_limited');
			expect(cookieFrom(sixth)).toBeUndefined();
			expectAnswer(await login(other.username, other.password), 200, 'another user');
		});

		it('keeps a locked account locked when the username is typed with other case or surrounding spaces', async () => {
			const locked = await makeUser('lock-variants', 'officer');
			for (let i = 1; i <= 5; i++) expectAnswer(await login(locked.username, `wrong-password-${i}`), 401, `wrong password ${i}`);
			for (const variant of ['LOCK-VARIANTS', ' lock-variants', 'lock-variants ', '\tLock-Variants\n']) {
				expectAnswer(await login(variant, locked.password), 429, `signing in as ${JSON.stringify(variant)}`);
			}
		});

		it('cannot lock the administrator out from another address: only the failing address is refused', async () => {
			const [attacker, adminDesk] = ['127.0.0.2', '127.0.0.3'];
			for (let i = 1; i <= 5; i++) expectAnswer(await login('admin', `guess-${i}`, attacker), 401, `wrong guess ${i}`);
			for (let i = 6; i <= 20; i++) expectAnswer(await login('admin', `guess-${i}`, attacker), 429, `guess ${i} after the lockout`);

			const signedIn = await login('admin', ADMIN_PASSWORD, adminDesk);
			expectAnswer(signedIn, 200, "the admin from the admin's own address");
			expect(cookieFrom(signedIn)).toBeDefined();
			// The admin's success does not unlock the attacker's address, in any spelling of the name.
			for (const variant of ['admin', ' ADMIN ']) {
				const refused = await login(variant, ADMIN_PASSWORD, attacker);
				expectAnswer(refused, 429, `the right password from the attacker's address as ${JSON.stringify(variant)}`);
				expect(cookieFrom(refused)).toBeUndefined();
			}
		});

		it('keeps the per-address budget: an address that tried many usernames is refused, another address is not', async () => {
			const [crowded, elsewhere] = ['127.0.0.4', '127.0.0.5'];
			// A different username each time, so no account's lockout is reached: only the address's budget counts.
			const usernames = Array.from({ length: DEFAULT_RATE_LIMITS.loginAttemptsPerIp }, (_, i) => `nobody-${i}`);
			for (let i = 0; i < usernames.length; i += 4) {
				const answers = await Promise.all(usernames.slice(i, i + 4).map((name) => login(name, 'wrong-password', crowded)));
				for (const answer of answers) expectAnswer(answer, 401, 'a sign-in within the budget');
			}
			expectAnswer(await login('admin', ADMIN_PASSWORD, crowded), 429, 'the right password from the address over its budget');
			expectAnswer(await login('admin', ADMIN_PASSWORD, elsewhere), 200, 'the same account from another address');
		});

		it("cannot lock wall devices out of their device link by failing sign-ins for a username such as 'device'", async () => {
			for (let i = 1; i <= 5; i++) expectAnswer(await login('device', `wrong-password-${i}`), 401, `wrong password ${i} for "device"`);
			const wallToken = await issueToken('Ops room wall 2', 'wall');
			expectAnswer(await request(server!.url, 'POST', '/api/v1/auth/device', { body: { token: wallToken.secret } }), 200, 'the device link');
		});
	});

	describe('command rate limit', () => {
		it('takes a bunched-up burst of twice the rate once (commands queued behind a stall), and refuses the next one', async () => {
			const desk = await makeUser('bunched-desk', 'officer');
			const deskScreen = screen(server!.url, { cookie: await signIn(server!.url, desk.username, desk.password) });
			await deskScreen.ready();
			const burst = await Promise.all(Array.from({ length: 2 * RATE }, (_, i) => deskScreen.command('log-entries.create', { text: `queued behind a stall ${i}` })));
			expect(burst.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(Array(2 * RATE).fill('ok'));
			const more = await deskScreen.command('log-entries.create', { text: 'one more in the same second' });
			expect(more.ok ? 'ok' : more.error.code).toBe('rate_limited');
		});

		it("answers a user flooding commands with 429 and rate_limited acks, while another user's commands still succeed", async () => {
			const flooder = await makeUser('flooder', 'officer');
			const calm = await makeUser('calm-officer', 'officer');
			const [flooderCookie, calmCookie] = [await signIn(server!.url, flooder.username, flooder.password), await signIn(server!.url, calm.username, calm.password)];
			const flooding = screen(server!.url, { cookie: flooderCookie });
			const steady = screen(server!.url, { cookie: calmCookie });
			await Promise.all([flooding.ready(), steady.ready()]);
			const marker = `flood ${nonce()}`;

			// Over the socket: three seconds' worth at once, and the calm officer's commands in the middle of it.
			const acks = Array.from({ length: 3 * RATE }, (_, i) => flooding.command('log-entries.create', { text: `${marker} socket ${i}` }));
			const calmAcks = Array.from({ length: 3 }, (_, i) => steady.command('log-entries.create', { text: `calm during the flood ${i}` }));
			const floodOutcomes = (await Promise.all(acks)).map((a) => (a.ok ? 'ok' : a.error.code));
			expect((await Promise.all(calmAcks)).map((a) => a.ok)).toEqual([true, true, true]);
			expect(floodOutcomes.filter((o) => o === 'rate_limited').length).toBeGreaterThanOrEqual(RATE);
			expect(floodOutcomes.filter((o) => o !== 'ok' && o !== 'rate_limited')).toEqual([]);
			expect(floodOutcomes).toContain('ok');

			// Over REST: the same, answered 429 with the error contract.
			await sleep(1100);
			const posts = await Promise.all(
				Array.from({ length: 3 * RATE }, (_, i) => call({ cookie: flooderCookie }, 'POST', '/api/v1/log-entries', { text: `${marker} rest ${i}` }))
			);
			const calmPost = await call({ cookie: calmCookie }, 'POST', '/api/v1/log-entries', { text: 'calm after the REST flood' });
			expectAnswer(calmPost, 201, "the calm officer's POST");
			const refused = posts.filter((p) => p.status === 429);
			expect(refused.length).toBeGreaterThanOrEqual(RATE);
			for (const answer of refused) expectAnswer(answer, 429, 'a flooding POST');
			expect(posts.filter((p) => p.status !== 201 && p.status !== 429)).toEqual([]);

			// What was refused was not written: exactly the accepted commands are in the log.
			const accepted = floodOutcomes.filter((o) => o === 'ok').length + posts.filter((p) => p.status === 201).length;
			const list = await asAdmin('GET', '/api/v1/log-entries');
			expect((list.body as { text: string }[]).filter((e) => e.text.startsWith(marker))).toHaveLength(accepted);
		});

		it('cuts off a user who keeps flooding for a minute, even for a command within budget, while others go on', async () => {
			const flooder = await makeUser('relentless', 'officer');
			const calm = await makeUser('calm-too', 'officer');
			const flooding = screen(server!.url, { cookie: await signIn(server!.url, flooder.username, flooder.password) });
			const steady = screen(server!.url, { cookie: await signIn(server!.url, calm.username, calm.password) });
			await Promise.all([flooding.ready(), steady.ready()]);
			// Five seconds' worth at once: two seconds' worth accepted, the rest refused, over twice the budget.
			const outcomes = await Promise.all(Array.from({ length: 5 * RATE }, (_, i) => flooding.command('log-entries.create', { text: `relentless ${i}` })));
			expect(outcomes.filter((a) => !a.ok).length).toBeGreaterThan(2 * RATE);
			await sleep(1100);
			const later = await flooding.command('log-entries.create', { text: 'one, a second later' });
			expect(later).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/^Cut off for flooding commands; try again in \d+ s$/) } });
			expect((await steady.command('log-entries.create', { text: 'calm meanwhile' })).ok).toBe(true);
		});
	});

	describe('ending sessions', () => {
		it('"log out everywhere" drops the user\'s sockets in both sessions and both cookies stop working', async () => {
			const user = await makeUser('two-desks', 'officer');
			const bystander = await makeUser('next-desk', 'officer');
			const [first, second, other] = [
				await signIn(server!.url, user.username, user.password),
				await signIn(server!.url, user.username, user.password),
				await signIn(server!.url, bystander.username, bystander.password)
			];
			const deskA = screen(server!.url, { cookie: first });
			const deskB = screen(server!.url, { cookie: second });
			const nextDesk = screen(server!.url, { cookie: other });
			await Promise.all([deskA.ready(), deskB.ready(), nextDesk.ready()]);

			const answer = await call({ cookie: first }, 'POST', '/api/v1/auth/logout-everywhere');
			expectAnswer(answer, 200, 'POST /api/v1/auth/logout-everywhere');
			await Promise.all([dropped(deskA, 'the first session'), dropped(deskB, 'the second session')]);
			expectAnswer(await call({ cookie: first }, 'GET', '/api/v1/log-entries'), 401, 'the first cookie');
			expectAnswer(await call({ cookie: second }, 'GET', '/api/v1/log-entries'), 401, 'the second cookie');

			// Someone else's session is untouched.
			expectAnswer(await call({ cookie: other }, 'GET', '/api/v1/log-entries'), 200, "the bystander's cookie");
			expect(await nextDesk.command('log-entries.create', { text: 'still here' })).toMatchObject({ ok: true });
			expect(nextDesk.disconnects).toEqual([]);
		});

		it('disabling a user drops their sockets and sessions, and they cannot sign in again', async () => {
			const user = await makeUser('leaving-officer', 'officer');
			const cookie = await signIn(server!.url, user.username, user.password);
			const desk = screen(server!.url, { cookie });
			await desk.ready();

			const disabled = await asAdmin('PATCH', `/api/v1/users/${user.id}`, { disabled: true });
			expectAnswer(disabled, 200, 'PATCH {disabled: true}');
			expect(disabled.body.disabled).toBe(true);
			await dropped(desk, "the disabled user's screen");
			expectAnswer(await call({ cookie }, 'GET', '/api/v1/log-entries'), 401, "the disabled user's cookie");
			expect(await handshake(server!.url, { cookie })).toEqual({ refused: null, viewer: null });
			expectAnswer(await login(user.username, user.password), 401, 'signing in again');
		});

		it("changing a user's nation drops their sockets, and they reconnect with the new nation's view", async () => {
			const forDeu = await asAdmin('POST', '/api/v1/log-entries', { text: `for Germany only ${nonce()}`, releasableTo: ['DEU'] });
			const forPol = await asAdmin('POST', '/api/v1/log-entries', { text: `for Poland only ${nonce()}`, releasableTo: ['POL'] });
			const user = await makeUser('seconded-liaison', 'partner', 'DEU');
			const cookie = await signIn(server!.url, user.username, user.password);
			const before = screen(server!.url, { cookie });
			await before.ready();
			const texts = (s: Screen) => s.snapshots[0]!.data['log-entries']!.map((e) => e.text);
			expect(texts(before)).toContain(forDeu.body.text);
			expect(texts(before)).not.toContain(forPol.body.text);

			expectAnswer(await asAdmin('PATCH', `/api/v1/users/${user.id}`, { nation: 'POL' }), 200, 'PATCH {nation: POL}');
			await dropped(before, "the liaison's screen");

			const after = screen(server!.url, { cookie });
			await after.ready();
			expect(after.snapshots[0]!.viewer).toMatchObject({ nation: 'POL' });
			expect(texts(after)).toContain(forPol.body.text);
			expect(texts(after)).not.toContain(forDeu.body.text);
			const list = await call({ cookie }, 'GET', '/api/v1/log-entries');
			expectAnswer(list, 200, 'the same session, now Polish');
			expect(list.text).toContain(forPol.body.text);
			expect(list.text).not.toContain(forDeu.body.text);
		});

		describe('when sessions last 3.6 seconds (WATCHFLOOR_SESSION_HOURS=0.001)', () => {
			let shortBackend: Backend | undefined;
			let short: ServerProcess | undefined;

			beforeAll(async () => {
				shortBackend = await createBackend(backendName);
				short = await startServerProcess({ ...shortBackend.env, WATCHFLOOR_SESSION_HOURS: '0.001' });
			});
			afterAll(async () => {
				try {
					await short?.stop();
				} finally {
					await shortBackend?.dispose();
				}
			});

			it('disconnects the socket when the session expires, and REST answers 401 after it', async () => {
				const opened = await request(short!.url, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
				expectAnswer(opened, 200, 'sign in');
				const cookie = cookieFrom(opened)!;
				const expiresAt = Date.parse(opened.body.expiresAt);
				expect(expiresAt - Date.now()).toBeLessThanOrEqual(3600);

				expectAnswer(await request(short!.url, 'GET', '/api/v1/log-entries', { cookie }), 200, 'before expiry');
				const desk = screen(short!.url, { cookie });
				await desk.ready();
				expect(desk.snapshots[0]!.viewer).toMatchObject({ username: 'admin' });

				await dropped(desk, 'the screen of the expired session', Math.max(0, expiresAt - Date.now()) + FEW_SECONDS);
				expectAnswer(await request(short!.url, 'GET', '/api/v1/log-entries', { cookie }), 401, 'after expiry');
				expect(await handshake(short!.url, { cookie })).toEqual({ refused: null, viewer: null });
			});
		});
	});

	describe('audit', () => {
		it("shows in a log entry's history who changed its releasability, when, and from what to what", async () => {
			const officer = await makeUser('audit-officer', 'officer', 'FRA');
			const cookie = await signIn(server!.url, officer.username, officer.password);
			const started = Date.now();
			const created = await call({ cookie }, 'POST', '/api/v1/log-entries', { text: 'Convoy delayed at the hub' });
			expectAnswer(created, 201, 'create');
			const id = created.body.id as string;
			expectAnswer(await asAdmin('PATCH', `/api/v1/log-entries/${id}`, { releasableTo: ['POL', 'DEU'] }), 200, 'the admin releases it to DEU and POL');
			expectAnswer(await call({ cookie }, 'PATCH', `/api/v1/log-entries/${id}`, { releasableTo: 'coalition' }), 200, 'the officer releases it to the coalition');

			const history = await call({ cookie }, 'GET', `/api/v1/log-entries/${id}/history`);
			expectAnswer(history, 200, 'GET history');
			const admin = (await asAdmin('GET', '/api/v1/users')).body.find((u: { username: string }) => u.username === 'admin');
			expect(history.body.items).toEqual([
				expect.objectContaining({
					name: 'log-entries.updated',
					actorId: officer.id,
					actorName: 'audit-officer',
					actorNation: 'FRA',
					changes: [{ field: 'releasableTo', before: ['DEU', 'POL'], after: 'coalition' }]
				}),
				expect.objectContaining({
					name: 'log-entries.updated',
					actorId: admin.id,
					actorName: 'Administrator',
					changes: [{ field: 'releasableTo', before: 'cell', after: ['DEU', 'POL'] }]
				}),
				expect.objectContaining({
					name: 'log-entries.created',
					actorId: officer.id,
					changes: expect.arrayContaining([{ field: 'text', before: null, after: 'Convoy delayed at the hub' }])
				})
			]);
			const times = (history.body.items as { at: string }[]).map((i) => Date.parse(i.at));
			for (const item of history.body.items as { at: string }[]) expect(item.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
			expect([...times].sort((a, b) => b - a)).toEqual(times);
			expect(times.every((t) => t >= started - 1000 && t <= Date.now() + 1000)).toBe(true);
		});

		it('filters the admin audit by actor, by nation and by time', async () => {
			const french = await makeUser('audit-fra', 'officer', 'FRA');
			const british = await makeUser('audit-gbr', 'commission', 'GBR');
			const fra = await signIn(server!.url, french.username, french.password);
			const gbr = await signIn(server!.url, british.username, british.password);
			const write = async (cookie: string, text: string) => {
				const answer = await call({ cookie }, 'POST', '/api/v1/log-entries', { text });
				expectAnswer(answer, 201, text);
				return answer.body.id as string;
			};
			const early = await write(gbr, 'GBR, before the window');
			await sleep(50);
			const from = new Date().toISOString();
			const inFra = await write(fra, 'FRA, in the window');
			const inGbr = await write(gbr, 'GBR, in the window');
			const to = new Date().toISOString();
			await sleep(50);
			const late = await write(fra, 'FRA, after the window');

			type Item = { entityId: string; actorId: string; actorNation: string; at: string };
			const audit = async (query: string): Promise<Item[]> => {
				const answer = await asAdmin('GET', `/api/v1/audit?${query}`);
				expectAnswer(answer, 200, `GET /api/v1/audit?${query}`);
				return answer.body.items as Item[];
			};
			const ours = (items: Item[]) => [early, inFra, inGbr, late].filter((id) => items.some((i) => i.entityId === id));

			const byActor = await audit(`actor=${french.id}`);
			expect(byActor.every((i) => i.actorId === french.id)).toBe(true);
			expect(ours(byActor)).toEqual([inFra, late]);

			const byNation = await audit('nation=GBR');
			expect(byNation.every((i) => i.actorNation === 'GBR')).toBe(true);
			expect(ours(byNation)).toEqual([early, inGbr]);

			const byTime = await audit(`from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
			expect(byTime.every((i) => i.at >= from && i.at <= to)).toBe(true);
			expect(ours(byTime)).toEqual([inFra, inGbr]);

			const combined = await audit(`nation=GBR&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&collection=log-entries`);
			expect(combined.map((i) => i.entityId)).toEqual([inGbr]);

			expectAnswer(await asAdmin('GET', '/api/v1/audit?nation=germany'), 400, 'an invalid nation filter');
			expectAnswer(await asAdmin('GET', '/api/v1/audit?from=yesterday'), 400, 'an invalid time filter');
		});

		it('offers no way to change or delete the event log: writes to the audit, history or an entry are refused and nothing changes', async () => {
			const created = await asAdmin('POST', '/api/v1/log-entries', { text: 'History is not rewritten' });
			expectAnswer(created, 201, 'create');
			const id = created.body.id as string;
			const auditBefore = await asAdmin('GET', '/api/v1/audit?limit=500');
			const historyBefore = await asAdmin('GET', `/api/v1/log-entries/${id}/history`);

			const attempts: [string, string, unknown?][] = [
				['DELETE', '/api/v1/audit'],
				['PUT', '/api/v1/audit', { items: [] }],
				['PATCH', '/api/v1/audit', { items: [] }],
				['POST', '/api/v1/audit', { name: 'forged' }],
				['DELETE', `/api/v1/log-entries/${id}/history`],
				['PATCH', `/api/v1/log-entries/${id}/history`, { items: [] }],
				['POST', `/api/v1/log-entries/${id}/history`, { name: 'forged' }],
				['DELETE', `/api/v1/log-entries/${id}`],
				['PUT', `/api/v1/log-entries/${id}`, { text: 'Rewritten', releasableTo: 'cell' }]
			];
			for (const [method, path, body] of attempts) {
				const answer = await asAdmin(method, path, body);
				expect(answer.status, `${method} ${path}: ${answer.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
				expect(answer.status).toBeLessThan(500);
			}
			// The text of an entry is history: a PATCH may change only who sees it.
			const rewrite = await asAdmin('PATCH', `/api/v1/log-entries/${id}`, { text: 'Rewritten', releasableTo: 'cell' });
			expectAnswer(rewrite, 400, 'PATCH with a new text');

			expect((await asAdmin('GET', `/api/v1/log-entries/${id}`)).body.text).toBe('History is not rewritten');
			expect((await asAdmin('GET', `/api/v1/log-entries/${id}/history`)).body).toEqual(historyBefore.body);
			expect((await asAdmin('GET', '/api/v1/audit?limit=500')).body).toEqual(auditBefore.body);
		});
	});
});
