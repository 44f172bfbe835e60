import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, availableBackends, createBackend, type Backend, type BackendName } from '../support/backends';
import { expectAnswer, request } from '../support/http';
import { signIn, startServerProcess, tearDown, type ServerProcess } from '../support/server-process';

/**
 * The admin area to everyone but the admin. Its form actions, posted as a browser on the same
 * origin would, answer the same whatever their target (an existing user or token, the values it
 * really has, or ids that exist nowhere) and change nothing; its pages refuse before their loads
 * read anything. Pages and actions are found in the route modules, so one added later is probed too.
 */

const preferred: BackendName = availableBackends().includes('postgres+redis') ? 'postgres+redis' : 'pglite+memory';

/** The admin area's server modules, by page path with `[id]` unfilled. */
const ADMIN_MODULES = Object.entries(import.meta.glob('/src/routes/admin/**/+page.server.ts', { eager: true }) as Record<string, { actions?: object; load?: unknown }>).map(
	([file, module]) => ({ page: file.replace(/^\/src\/routes/, '').replace(/\/\+page\.server\.ts$/, ''), module })
);
const ADMIN_ACTIONS = ADMIN_MODULES.flatMap(({ page, module }) => Object.keys(module.actions ?? {}).map((name) => ({ page, name })));
/** Pages with a load of their own. */
const ADMIN_PAGES = ADMIN_MODULES.filter(({ module }) => module.load).map(({ page }) => page);

const NON_ADMINS = ['officer', 'commission', 'leadership', 'wall', 'partner'] as const;

interface Target {
	/** What `[id]` in the page's path and the form's `id` field stand for. */
	id: string;
	/** The rest of the form: for the existing target, exactly what the record holds (a right guess). */
	fields: Record<string, string>;
}

let backend: Backend | undefined;
let server: ServerProcess | undefined;
let adminCookie = '';
const cookies = new Map<string, string>();
let existingUser: Target;
let existingToken: Target;
const nowhere = (): Target => ({
	id: randomUUID(),
	fields: { username: `nobody-${randomUUID().slice(0, 8)}`, displayName: 'Nobody', role: 'leadership', nation: 'POL', name: 'No such token' }
});

/** Posts a form action as SvelteKit's enhanced form (JSON answer) or as a plain browser form (HTML answer). */
async function postAction(page: string, name: string, target: Target, cookie: string | undefined, as: 'enhanced' | 'plain') {
	const form = new URLSearchParams({
		id: target.id,
		disabled: 'true',
		password: 'a-new-password-123',
		confirm: 'a-new-password-123',
		idempotencyKey: randomUUID(),
		...target.fields
	});
	const headers: Record<string, string> = {
		'content-type': 'application/x-www-form-urlencoded',
		origin: server!.url,
		...(as === 'enhanced' ? { accept: 'application/json', 'x-sveltekit-action': 'true' } : { accept: 'text/html' })
	};
	if (cookie) headers.cookie = cookie;
	const response = await fetch(`${server!.url}${page.replace('[id]', target.id)}?/${name}`, { method: 'POST', headers, body: form, redirect: 'manual' });
	// The target's id is in the request's own path (and so in a sign-in link's `next`); what the server found is not.
	const mask = (text: string) => text.replaceAll(target.id, 'TARGET').replace(/nonce="[^"]*"/g, 'nonce=""');
	return { status: response.status, location: mask(response.headers.get('location') ?? ''), body: mask(await response.text()) };
}

/** Everything an action could have changed, as the admin sees it. */
async function everything() {
	const read = async (path: string) => {
		const answer = await request(server!.url, 'GET', path, { cookie: adminCookie });
		expectAnswer(answer, 200, `GET ${path}`);
		return answer.body;
	};
	return { users: await read('/api/v1/users'), tokens: await read('/api/v1/tokens'), audit: await read('/api/v1/audit?limit=500') };
}

beforeAll(async () => {
	backend = await createBackend(preferred);
	server = await startServerProcess(backend.env);
	adminCookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);
	for (const role of NON_ADMINS) {
		const username = `probing-${role}`;
		const body = { username, password: `${username}-password`, role, nation: role === 'partner' ? 'DEU' : 'FRA' };
		expectAnswer(await request(server.url, 'POST', '/api/v1/users', { cookie: adminCookie, body }), 201, `create ${username}`);
		cookies.set(role, await signIn(server.url, username, body.password));
	}
	const user = await request(server.url, 'POST', '/api/v1/users', {
		cookie: adminCookie,
		body: { username: 'probed-officer', displayName: 'Probed Officer', password: 'probed-officer-password', role: 'officer', nation: 'GBR' }
	});
	expectAnswer(user, 201, 'create the probed user');
	existingUser = { id: user.body.id, fields: { username: 'probed-officer', displayName: 'Probed Officer', role: 'officer', nation: 'GBR', name: 'Feed' } };
	const token = await request(server.url, 'POST', '/api/v1/tokens', { cookie: adminCookie, body: { name: 'Probed feed', role: 'officer', nation: 'FRA' } });
	expectAnswer(token, 201, 'issue the probed token');
	existingToken = { id: token.body.id, fields: { name: 'Probed feed', role: 'officer', nation: 'FRA' } };
});

afterAll(() => tearDown([], server, backend));

describe(`the admin area to anyone but the admin (${preferred})`, () => {
	it('finds every admin form action in the routes', () => {
		expect(ADMIN_ACTIONS.map((a) => `${a.page}?/${a.name}`)).toEqual(
			expect.arrayContaining(['/admin/users?/create', '/admin/users?/access', '/admin/users/[id]?/details', '/admin/users/[id]?/access', '/admin/users/[id]?/password', '/admin/tokens?/issue', '/admin/tokens?/revoke'])
		);
	});

	for (const who of [...NON_ADMINS, 'anonymous'] as const) {
		it(`answers ${who} the same for an existing and a non-existing target, and changes nothing`, async () => {
			const before = await everything();
			const cookie = cookies.get(who);
			for (const { page, name } of ADMIN_ACTIONS) {
				const existing = page.startsWith('/admin/tokens') ? existingToken : existingUser;
				for (const as of ['enhanced', 'plain'] as const) {
					const what = `${who}: POST ${page}?/${name} (${as})`;
					const [real, madeUp] = [await postAction(page, name, existing, cookie, as), await postAction(page, name, nowhere(), cookie, as)];
					expect(madeUp, what).toEqual(real);
					if (who === 'anonymous') {
						// As an admin page answers anyone not signed in: sign in first, then back here.
						const signInFirst = `/login?next=${encodeURIComponent(`${page.replace('[id]', 'TARGET')}?/${name}`)}`;
						if (as === 'enhanced') expect(JSON.parse(real.body), what).toEqual({ type: 'redirect', status: 303, location: signInFirst });
						else expect([real.status, real.location], what).toEqual([303, signInFirst]);
					} else if (as === 'enhanced') {
						expect(real.status, what).toBe(403);
						expect(JSON.parse(real.body), what).toEqual({ type: 'error', error: { code: 'forbidden', message: 'The admin area is for administrators only' } });
					} else {
						expect(real.status, what).toBe(403);
					}
				}
			}
			expect(await everything()).toEqual(before);
		});
	}

	it("refuses the admin pages to everyone else before the pages' own loads read anything (which would fail, and be logged, for someone not signed in)", async () => {
		const logged = server!.logs().length;
		for (const who of [...NON_ADMINS, 'anonymous'] as const) {
			const headers: Record<string, string> = { accept: 'text/html', ...(cookies.has(who) && { cookie: cookies.get(who)! }) };
			for (const page of ADMIN_PAGES.map((p) => p.replace('[id]', existingUser.id))) {
				const html = await fetch(`${server!.url}${page}`, { headers, redirect: 'manual' });
				expect(html.status, `${who}: GET ${page}`).toBe(who === 'anonymous' ? 303 : 403);
				// What client-side navigation asks for runs the same loads.
				const data = await fetch(`${server!.url}${page}/__data.json`, { headers, redirect: 'manual' });
				expect(data.status, `${who}: GET ${page}/__data.json`).toBe(200);
			}
		}
		expect(server!.logs().slice(logged)).not.toMatch(/request failed/);
	});

	it('still lets the admin in: every page opens, a change is saved, an unchanged form is refused', async () => {
		for (const page of ADMIN_PAGES.map((p) => p.replace('[id]', existingUser.id))) {
			// /admin itself sends the admin on to the users page.
			const response = await fetch(`${server!.url}${page}`, { headers: { cookie: adminCookie, accept: 'text/html' } });
			expect(response.status, `the admin: GET ${page}`).toBe(200);
		}
		const page = `/admin/users/${existingUser.id}?/details`;
		const post = async (displayName: string) => {
			const body = new URLSearchParams({ displayName, role: 'officer', nation: 'GBR', idempotencyKey: randomUUID() });
			const headers = { 'content-type': 'application/x-www-form-urlencoded', origin: server!.url, accept: 'application/json', cookie: adminCookie };
			const response = await fetch(`${server!.url}${page}`, { method: 'POST', headers, body });
			return { status: response.status, body: await response.json() };
		};
		expect(await post('Probed Officer')).toMatchObject({ status: 200, body: { type: 'failure', status: 400 } });
		expect(await post('Renamed Officer')).toMatchObject({ status: 200, body: { type: 'success' } });
		const user = await request(server!.url, 'GET', `/api/v1/users/${existingUser.id}`, { cookie: adminCookie });
		expect(user.body.displayName).toBe('Renamed Officer');
	});
});
