import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewerOf, type Actor, type Viewer } from '$lib/domain/actor';
import type { CommandAck } from '$lib/domain/protocol';
import { canSee, type Releasability } from '$lib/domain/releasability';
import { ACTIONS, ROLES, allows, type Action, type Role } from '$lib/domain/roles';
import { ADMIN_PASSWORD, createBackend, type Backend } from '../support/backends';
import { expectAnswer, request, type Answer } from '../support/http';
import { Screen } from '../support/screen';
import { signIn, startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Who may do what, against one production server (embedded default): every role, and nobody
 * signed in, × every action of PERMISSIONS × records releasable and not releasable to them, over
 * REST and over the socket's `command` event. Expectations come from PERMISSIONS and canSee, and a
 * hand-written table below pins the ones the issue names, so a wrong table cannot pass by itself.
 */

type Who = Role | 'anonymous';
const EVERYONE: Who[] = [...ROLES, 'anonymous'];
const PARTNER_NATION = 'DEU';

interface Client {
	who: Who;
	cookie?: string;
	actor: Actor | null;
	viewer: Viewer;
	screen: Screen;
}

interface Fixture {
	label: string;
	releasableTo: Releasability;
	id: string;
	text: string;
}

/** One record for each kind of releasability; the partner (DEU) may see three of them. */
const KINDS: { label: string; releasableTo: Releasability }[] = [
	{ label: 'cell', releasableTo: 'cell' },
	{ label: 'coalition', releasableTo: 'coalition' },
	{ label: 'DEU', releasableTo: ['DEU'] },
	{ label: 'POL', releasableTo: ['POL'] },
	{ label: 'DEU+POL', releasableTo: ['DEU', 'POL'] }
];

let backend: Backend | undefined;
let server: ServerProcess | undefined;
let adminCookie = '';
const clients = new Map<Who, Client>();
const fixtures: Fixture[] = [];
let target: { id: string; username: string };
const screens: Screen[] = [];

const nonce = () => randomUUID().slice(0, 8);
const client = (who: Who) => clients.get(who)!;
const fixture = (label: string) => fixtures.find((f) => f.label === label)!;

function call(c: Client, method: string, path: string, body?: unknown): Promise<Answer> {
	return request(server!.url, method, path, { cookie: c.cookie, body });
}
function asAdmin(method: string, path: string, body?: unknown): Promise<Answer> {
	return request(server!.url, method, path, { cookie: adminCookie, body });
}

/** The status a request gets from `who` when it needs `action`: the answer on success, else 401 or 403. */
function gate(who: Who, action: Action, success: number): number {
	if (who === 'anonymous') return 401;
	return allows(who, action) ? success : 403;
}
/** The same for a socket command's acknowledgement: `ok` or the error code. */
function ackGate(who: Who, action: Action): string {
	if (who === 'anonymous') return 'unauthenticated';
	return allows(who, action) ? 'ok' : 'forbidden';
}
const outcome = (ack: CommandAck) => (ack.ok ? 'ok' : ack.error.code);

async function adminLogTexts(): Promise<string[]> {
	const list = await asAdmin('GET', '/api/v1/log-entries');
	expectAnswer(list, 200, 'admin lists the log');
	return (list.body as { text: string }[]).map((e) => e.text);
}
async function adminUsernames(): Promise<string[]> {
	const list = await asAdmin('GET', '/api/v1/users');
	expectAnswer(list, 200, 'admin lists users');
	return (list.body as { username: string }[]).map((u) => u.username);
}
async function adminToken(id: string): Promise<{ revokedAt: string | null }> {
	const list = await asAdmin('GET', '/api/v1/tokens');
	expectAnswer(list, 200, 'admin lists tokens');
	return (list.body as { id: string; revokedAt: string | null }[]).find((t) => t.id === id)!;
}
async function issueFreshToken(): Promise<string> {
	const issued = await asAdmin('POST', '/api/v1/tokens', { name: `matrix fresh ${nonce()}`, role: 'wall', nation: 'FRA' });
	expectAnswer(issued, 201, 'admin issues a token');
	return issued.body.id as string;
}

beforeAll(async () => {
	backend = await createBackend('pglite+memory');
	// The matrix writes faster than any person; the rate limit has its own test (credentials.test.ts).
	server = await startServerProcess({ ...backend.env, WATCHFLOOR_COMMANDS_PER_SECOND: '100000' });
	adminCookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);

	const people = [...ROLES.map((role) => ({ username: `mx-${role}`, role, nation: role === 'partner' ? PARTNER_NATION : 'FRA' })), { username: 'mx-target', role: 'officer' as Role, nation: 'FRA' }];
	const made = await Promise.all(
		people.map(async (p) => {
			const answer = await asAdmin('POST', '/api/v1/users', { ...p, password: `${p.username}-password-123` });
			expectAnswer(answer, 201, `create ${p.username}`);
			return answer.body as { id: string; username: string; displayName: string; role: Role; nation: string };
		})
	);
	target = made.find((u) => u.username === 'mx-target')!;

	for (const kind of KINDS) {
		const text = `matrix record ${kind.label} ${nonce()}`;
		const answer = await asAdmin('POST', '/api/v1/log-entries', { text, releasableTo: kind.releasableTo });
		expectAnswer(answer, 201, `create the ${kind.label} record`);
		fixtures.push({ ...kind, id: answer.body.id, text });
	}

	for (const role of ROLES) {
		const user = made.find((u) => u.username === `mx-${role}`)!;
		const cookie = await signIn(server.url, user.username, `${user.username}-password-123`);
		const actor: Actor = { id: user.id, kind: 'user', username: user.username, displayName: user.displayName, role, nation: user.nation };
		clients.set(role, { who: role, cookie, actor, viewer: viewerOf(actor), screen: new Screen(server.url, { cookie }) });
	}
	clients.set('anonymous', { who: 'anonymous', actor: null, viewer: viewerOf(null), screen: new Screen(server.url, {}) });
	for (const c of clients.values()) screens.push(c.screen);
	await Promise.all(screens.map((s) => s.ready()));
});

afterAll(async () => {
	for (const screen of screens) screen.close();
	try {
		await server?.stop();
	} finally {
		await backend?.dispose();
	}
});

/** What each action means over REST, checked for one client; expectations from PERMISSIONS and canSee. */
const HTTP_PROBES: Partial<Record<Action, { says: string; run: (c: Client) => Promise<void> }>> = {
	'records.read': {
		says: 'read log entries (GET /api/v1/log-entries and /api/v1/log-entries/<id>)',
		async run(c) {
			const may = gate(c.who, 'records.read', 200);
			const list = await call(c, 'GET', '/api/v1/log-entries');
			expectAnswer(list, may, 'GET /api/v1/log-entries');
			const missing = await call(c, 'GET', `/api/v1/log-entries/${randomUUID()}`);
			expectAnswer(missing, may === 200 ? 404 : may, 'GET a log entry that does not exist');
			for (const f of fixtures) {
				const visible = canSee(c.viewer, f.releasableTo);
				if (may === 200) expect((list.body as { id: string }[]).some((e) => e.id === f.id), `the ${f.label} record in the list`).toBe(visible);
				else expect(list.text).not.toContain(f.text);
				const one = await call(c, 'GET', `/api/v1/log-entries/${f.id}`);
				expectAnswer(one, may === 200 ? (visible ? 200 : 404) : may, `GET the ${f.label} record`);
				if (one.status === 200) {
					expect(one.body).toMatchObject({ id: f.id, text: f.text, releasableTo: f.releasableTo });
				} else {
					expect(one.text).not.toContain(f.text);
					// Not releasable answers exactly like nonexistent: the answer does not reveal that it exists.
					if (one.status === 404) expect(one.body).toEqual(missing.body);
				}
			}
		}
	},
	'log-entry.create': {
		says: 'create log entries (POST /api/v1/log-entries), whatever their releasability',
		async run(c) {
			const may = gate(c.who, 'log-entry.create', 201);
			for (const kind of KINDS) {
				const text = `matrix HTTP create by ${c.who} for ${kind.label} ${nonce()}`;
				const answer = await call(c, 'POST', '/api/v1/log-entries', { text, releasableTo: kind.releasableTo });
				expectAnswer(answer, may, `POST releasableTo ${kind.label}`);
				if (may === 201) expect(answer.body).toMatchObject({ text, releasableTo: kind.releasableTo, authorId: c.actor!.id });
				else expect(await adminLogTexts()).not.toContain(text);
			}
		}
	},
	'log-entry.update': {
		says: "change a log entry's releasability (PATCH /api/v1/log-entries/<id>)",
		async run(c) {
			const may = gate(c.who, 'log-entry.update', 200);
			for (const f of fixtures) {
				const want = may === 200 ? (canSee(c.viewer, f.releasableTo) ? 200 : 404) : may;
				const changed = await call(c, 'PATCH', `/api/v1/log-entries/${f.id}`, { releasableTo: ['GBR'] });
				expectAnswer(changed, want, `PATCH the ${f.label} record`);
				const now = await asAdmin('GET', `/api/v1/log-entries/${f.id}`);
				if (want === 200) {
					expect(changed.body).toMatchObject({ id: f.id, text: f.text, releasableTo: ['GBR'] });
					expect(now.body.releasableTo).toEqual(['GBR']);
					expectAnswer(await call(c, 'PATCH', `/api/v1/log-entries/${f.id}`, { releasableTo: f.releasableTo }), 200, 'PATCH it back');
				} else {
					expect(now.body.releasableTo, `the ${f.label} record is unchanged`).toEqual(f.releasableTo);
				}
			}
			const missing = await call(c, 'PATCH', `/api/v1/log-entries/${randomUUID()}`, { releasableTo: 'coalition' });
			expectAnswer(missing, may === 200 ? 404 : may, 'PATCH a log entry that does not exist');
		}
	},
	'history.read': {
		says: "read a log entry's history (GET /api/v1/log-entries/<id>/history)",
		async run(c) {
			const may = gate(c.who, 'history.read', 200);
			for (const f of fixtures) {
				const history = await call(c, 'GET', `/api/v1/log-entries/${f.id}/history`);
				expectAnswer(history, may === 200 ? (canSee(c.viewer, f.releasableTo) ? 200 : 404) : may, `history of the ${f.label} record`);
				if (history.status === 200) {
					const items = history.body.items as { name: string; entityId: string; actorName: string }[];
					expect(items.every((i) => i.entityId === f.id)).toBe(true);
					expect(items.at(-1)).toMatchObject({ name: 'log-entry.created', actorName: 'Administrator' });
				} else {
					expect(history.text).not.toContain(f.text);
				}
			}
			const missing = await call(c, 'GET', `/api/v1/log-entries/${randomUUID()}/history`);
			expectAnswer(missing, may === 200 ? 404 : may, 'history of a log entry that does not exist');
		}
	},
	'audit.read': {
		says: 'read the audit trail (GET /api/v1/audit)',
		async run(c) {
			const may = gate(c.who, 'audit.read', 200);
			for (const path of ['/api/v1/audit', `/api/v1/audit?nation=${PARTNER_NATION}`, '/api/v1/audit?collection=users']) {
				const audit = await call(c, 'GET', path);
				expectAnswer(audit, may, `GET ${path}`);
				if (may === 200) expect(Array.isArray(audit.body.items)).toBe(true);
				else expect(audit.text).not.toContain('"items"');
			}
		}
	},
	'user.manage': {
		says: 'manage users (GET/POST /api/v1/users, GET/PATCH /api/v1/users/<id>)',
		async run(c) {
			const may = (success: number) => gate(c.who, 'user.manage', success);
			const list = await call(c, 'GET', '/api/v1/users');
			expectAnswer(list, may(200), 'GET /api/v1/users');
			if (list.status === 200) {
				expect((list.body as { id: string }[]).some((u) => u.id === target.id)).toBe(true);
				expect(list.text).not.toMatch(/password|argon2/i);
			} else {
				expect(list.text).not.toContain(target.username);
			}
			expectAnswer(await call(c, 'GET', `/api/v1/users/${target.id}`), may(200), 'GET /api/v1/users/<id>');

			const username = `mx-new-${c.who}-${nonce()}`;
			const created = await call(c, 'POST', '/api/v1/users', { username, password: `${username}-password`, role: 'officer', nation: 'FRA' });
			expectAnswer(created, may(201), 'POST /api/v1/users');
			expect((await adminUsernames()).includes(username), 'the new user exists').toBe(may(201) === 201);

			const displayName = `Renamed by ${c.who} ${nonce()}`;
			const renamed = await call(c, 'PATCH', `/api/v1/users/${target.id}`, { displayName });
			expectAnswer(renamed, may(200), 'PATCH /api/v1/users/<id>');
			const now = await asAdmin('GET', `/api/v1/users/${target.id}`);
			expect(now.body.displayName === displayName, 'the display name changed').toBe(may(200) === 200);

			expectAnswer(await call(c, 'PATCH', `/api/v1/users/${randomUUID()}`, { displayName }), may(404), 'PATCH a user that does not exist');
		}
	},
	'token.manage': {
		says: 'manage API tokens (GET/POST /api/v1/tokens, DELETE /api/v1/tokens/<id>)',
		async run(c) {
			const may = (success: number) => gate(c.who, 'token.manage', success);
			const list = await call(c, 'GET', '/api/v1/tokens');
			expectAnswer(list, may(200), 'GET /api/v1/tokens');
			if (list.status === 200) expect(list.text).not.toMatch(/wft_|secret/i);

			const issued = await call(c, 'POST', '/api/v1/tokens', { name: `matrix token by ${c.who}`, role: 'wall', nation: 'FRA' });
			expectAnswer(issued, may(201), 'POST /api/v1/tokens');
			if (issued.status === 201) expect(issued.body.secret).toMatch(/^wft_/);
			else expect(issued.text).not.toContain('wft_');

			const fresh = await issueFreshToken();
			expectAnswer(await call(c, 'DELETE', `/api/v1/tokens/${fresh}`), may(200), 'DELETE /api/v1/tokens/<id>');
			expect((await adminToken(fresh)).revokedAt !== null, 'the token is revoked').toBe(may(200) === 200);

			expectAnswer(await call(c, 'DELETE', `/api/v1/tokens/${randomUUID()}`), may(404), 'DELETE a token that does not exist');
		}
	}
};

/** The same actions through the socket's `command` event, where the socket has them (reads are the snapshot). */
const SOCKET_PROBES: Partial<Record<Action, { says: string; run: (c: Client) => Promise<void> }>> = {
	'records.read': {
		says: 'see log entries in its snapshot',
		async run(c) {
			const [snapshot] = c.screen.snapshots;
			const ids = snapshot!.data['log-entries']!.map((e) => e.id);
			const may = ackGate(c.who, 'records.read') === 'ok';
			for (const f of fixtures) {
				const visible = may && canSee(c.viewer, f.releasableTo);
				expect(ids.includes(f.id), `the ${f.label} record in the snapshot`).toBe(visible);
				if (!visible) expect(JSON.stringify(snapshot)).not.toContain(f.text);
			}
		}
	},
	'log-entry.create': {
		says: 'create log entries (command log-entries.create)',
		async run(c) {
			for (const kind of KINDS) {
				const text = `matrix socket create by ${c.who} for ${kind.label} ${nonce()}`;
				const ack = await c.screen.command('log-entries.create', { text, releasableTo: kind.releasableTo });
				expect(outcome(ack), `releasableTo ${kind.label}`).toBe(ackGate(c.who, 'log-entry.create'));
				if (ack.ok) expect(ack.record).toMatchObject({ text, releasableTo: kind.releasableTo });
				else expect((await adminLogTexts()).includes(text)).toBe(false);
			}
		}
	},
	'log-entry.update': {
		says: "change a log entry's releasability (command log-entries.update)",
		async run(c) {
			const may = ackGate(c.who, 'log-entry.update');
			for (const f of fixtures) {
				const ack = await c.screen.command('log-entries.update', { id: f.id, releasableTo: ['GBR'] });
				expect(outcome(ack), `the ${f.label} record`).toBe(may === 'ok' && !canSee(c.viewer, f.releasableTo) ? 'not_found' : may);
				if (ack.ok) {
					const back = await c.screen.command('log-entries.update', { id: f.id, releasableTo: f.releasableTo });
					expect(outcome(back)).toBe('ok');
				} else {
					expect((await asAdmin('GET', `/api/v1/log-entries/${f.id}`)).body.releasableTo).toEqual(f.releasableTo);
				}
			}
			const missing = await c.screen.command('log-entries.update', { id: randomUUID(), releasableTo: 'coalition' });
			expect(outcome(missing), 'a log entry that does not exist').toBe(may === 'ok' ? 'not_found' : may);
		}
	},
	'user.manage': {
		says: 'manage users (commands users.create and users.update)',
		async run(c) {
			const may = ackGate(c.who, 'user.manage');
			const username = `mx-sock-${c.who}-${nonce()}`;
			const created = await c.screen.command('users.create', { username, password: `${username}-password`, role: 'wall', nation: 'FRA' });
			expect(outcome(created), 'users.create').toBe(may);
			expect((await adminUsernames()).includes(username)).toBe(may === 'ok');

			const displayName = `Socket rename by ${c.who} ${nonce()}`;
			const renamed = await c.screen.command('users.update', { id: target.id, displayName });
			expect(outcome(renamed), 'users.update').toBe(may);
			expect((await asAdmin('GET', `/api/v1/users/${target.id}`)).body.displayName === displayName).toBe(may === 'ok');

			const missing = await c.screen.command('users.update', { id: randomUUID(), displayName });
			expect(outcome(missing), 'users.update of a user that does not exist').toBe(may === 'ok' ? 'not_found' : may);
		}
	},
	'token.manage': {
		says: 'manage API tokens (commands tokens.issue and tokens.revoke)',
		async run(c) {
			const may = ackGate(c.who, 'token.manage');
			const issued = await c.screen.command('tokens.issue', { name: `matrix socket token by ${c.who}`, role: 'wall', nation: 'FRA' });
			expect(outcome(issued), 'tokens.issue').toBe(may);

			const fresh = await issueFreshToken();
			const revoked = await c.screen.command('tokens.revoke', { id: fresh });
			expect(outcome(revoked), 'tokens.revoke').toBe(may);
			expect((await adminToken(fresh)).revokedAt !== null).toBe(may === 'ok');

			const missing = await c.screen.command('tokens.revoke', { id: randomUUID() });
			expect(outcome(missing), 'tokens.revoke of a token that does not exist').toBe(may === 'ok' ? 'not_found' : may);
		}
	}
};

const someone = (who: Who) => (who === 'anonymous' ? 'someone not signed in' : /^[aeiou]/.test(who) ? `an ${who}` : `a ${who}`);
const verdict = (who: Who, action: Action) => (who !== 'anonymous' && allows(who, action) ? 'may' : 'may not');

/** The identity and watch-log actions this issue is about: each must have its probe here. */
const ISSUE_ACTIONS: Action[] = ['records.read', 'log-entry.create', 'log-entry.update', 'history.read', 'audit.read', 'user.manage', 'token.manage'];

describe('the matrix covers what the issue lists', () => {
	it('has the six roles of the cell and a REST probe for every identity and watch-log action', () => {
		expect([...ROLES].sort()).toEqual(['admin', 'commission', 'leadership', 'officer', 'partner', 'wall']);
		expect(ISSUE_ACTIONS.filter((a) => !(ACTIONS as string[]).includes(a)), 'actions gone from PERMISSIONS').toEqual([]);
		expect(ISSUE_ACTIONS.filter((a) => !HTTP_PROBES[a]), 'actions without a probe').toEqual([]);
	});
	// Actions added to PERMISSIONS for other parts of the product show up here until they get a probe.
	for (const action of ACTIONS.filter((a) => !HTTP_PROBES[a])) it.todo(`${action}: add a probe to this matrix once its endpoints exist`);
});

describe('over REST', () => {
	for (const who of EVERYONE) {
		describe(someone(who), () => {
			for (const action of ACTIONS) {
				const probe = HTTP_PROBES[action];
				if (!probe) continue;
				it(`${verdict(who, action)} ${probe.says}`, () => probe.run(client(who)));
			}
		});
	}
});

describe('over the socket', () => {
	for (const who of EVERYONE) {
		describe(someone(who), () => {
			for (const action of ACTIONS) {
				const probe = SOCKET_PROBES[action];
				if (!probe) continue;
				it(`${verdict(who, action)} ${probe.says}`, () => probe.run(client(who)));
			}
		});
	}
});

describe('expectations written by hand (not derived from PERMISSIONS)', () => {
	interface Row {
		who: Who;
		method: string;
		/** `{cell}`, `{POL}`, … stand for the fixture record of that releasability; `{target}` for a user. */
		path: string;
		body?: unknown;
		status: number;
	}
	const entry = () => ({ text: `hand-written expectation ${nonce()}` });
	const widen = { releasableTo: 'coalition' };
	const rows: Row[] = [
		// A partner reads what is released to its nation (DEU) and nothing else.
		{ who: 'partner', method: 'GET', path: '/api/v1/log-entries/{coalition}', status: 200 },
		{ who: 'partner', method: 'GET', path: '/api/v1/log-entries/{DEU}', status: 200 },
		{ who: 'partner', method: 'GET', path: '/api/v1/log-entries/{DEU+POL}', status: 200 },
		{ who: 'partner', method: 'GET', path: '/api/v1/log-entries/{cell}', status: 404 },
		{ who: 'partner', method: 'GET', path: '/api/v1/log-entries/{POL}', status: 404 },
		// A partner may not create log entries, change releasability or read history.
		{ who: 'partner', method: 'POST', path: '/api/v1/log-entries', body: { ...entry(), releasableTo: ['DEU'] }, status: 403 },
		{ who: 'partner', method: 'PATCH', path: '/api/v1/log-entries/{DEU}', body: widen, status: 403 },
		{ who: 'partner', method: 'GET', path: '/api/v1/log-entries/{DEU}/history', status: 403 },
		// The wall reads everything and writes nothing.
		{ who: 'wall', method: 'GET', path: '/api/v1/log-entries/{cell}', status: 200 },
		{ who: 'wall', method: 'GET', path: '/api/v1/log-entries/{POL}', status: 200 },
		{ who: 'wall', method: 'POST', path: '/api/v1/log-entries', body: entry(), status: 403 },
		{ who: 'wall', method: 'PATCH', path: '/api/v1/log-entries/{cell}', body: widen, status: 403 },
		// Leadership reads history but cannot write.
		{ who: 'leadership', method: 'GET', path: '/api/v1/log-entries/{POL}/history', status: 200 },
		{ who: 'leadership', method: 'GET', path: '/api/v1/log-entries/{cell}', status: 200 },
		{ who: 'leadership', method: 'POST', path: '/api/v1/log-entries', body: entry(), status: 403 },
		{ who: 'leadership', method: 'PATCH', path: '/api/v1/log-entries/{cell}', body: widen, status: 403 },
		// The commission writes entries but does not change who may see them.
		{ who: 'commission', method: 'POST', path: '/api/v1/log-entries', body: entry(), status: 201 },
		{ who: 'commission', method: 'PATCH', path: '/api/v1/log-entries/{cell}', body: widen, status: 403 },
		{ who: 'commission', method: 'GET', path: '/api/v1/log-entries/{cell}/history', status: 200 },
		// The watch officer writes and changes releasability (here to the value it already has).
		{ who: 'officer', method: 'POST', path: '/api/v1/log-entries', body: entry(), status: 201 },
		{ who: 'officer', method: 'PATCH', path: '/api/v1/log-entries/{POL}', body: { releasableTo: ['POL'] }, status: 200 },
		// Only the admin manages users and tokens and reads the audit trail.
		{ who: 'admin', method: 'GET', path: '/api/v1/users', status: 200 },
		{ who: 'admin', method: 'GET', path: '/api/v1/users/{target}', status: 200 },
		{ who: 'admin', method: 'GET', path: '/api/v1/tokens', status: 200 },
		{ who: 'admin', method: 'POST', path: '/api/v1/tokens', body: { name: 'hand-written', role: 'wall', nation: 'FRA' }, status: 201 },
		{ who: 'admin', method: 'GET', path: '/api/v1/audit', status: 200 },
		// Nobody without credentials.
		{ who: 'anonymous', method: 'GET', path: '/api/v1/log-entries', status: 401 },
		{ who: 'anonymous', method: 'GET', path: '/api/v1/log-entries/{coalition}', status: 401 },
		{ who: 'anonymous', method: 'POST', path: '/api/v1/log-entries', body: entry(), status: 401 }
	];
	for (const who of ['officer', 'commission', 'leadership', 'partner', 'wall'] as const) {
		rows.push(
			{ who, method: 'GET', path: '/api/v1/users', status: 403 },
			{ who, method: 'POST', path: '/api/v1/users', body: { username: `hand-${who}`, password: 'hand-written-password', role: 'admin', nation: 'FRA' }, status: 403 },
			{ who, method: 'PATCH', path: '/api/v1/users/{target}', body: { role: 'admin' }, status: 403 },
			{ who, method: 'GET', path: '/api/v1/tokens', status: 403 },
			{ who, method: 'POST', path: '/api/v1/tokens', body: { name: `hand ${who}`, role: 'admin', nation: 'FRA' }, status: 403 },
			{ who, method: 'GET', path: '/api/v1/audit', status: 403 }
		);
	}

	for (const row of rows) {
		it(`${someone(row.who)}: ${row.method} ${row.path} answers ${row.status}`, async () => {
			const path = row.path.replace(/\{([^}]+)\}/g, (_, name: string) => (name === 'target' ? target.id : fixture(name).id));
			expectAnswer(await call(client(row.who), row.method, path, row.body), row.status, `${row.method} ${path}`);
		});
	}

	it('a partner of DEU sees exactly the coalition, DEU and DEU+POL records in its snapshot; the wall sees all five', () => {
		const labels = (who: Who) => {
			const ids = client(who).screen.snapshots[0]!.data['log-entries']!.map((e) => e.id);
			return fixtures.filter((f) => ids.includes(f.id)).map((f) => f.label);
		};
		expect(labels('partner')).toEqual(['coalition', 'DEU', 'DEU+POL']);
		expect(labels('wall')).toEqual(['cell', 'coalition', 'DEU', 'POL', 'DEU+POL']);
		expect(labels('leadership')).toEqual(['cell', 'coalition', 'DEU', 'POL', 'DEU+POL']);
		expect(labels('anonymous')).toEqual([]);
	});

	const acks: { who: Who; type: string; payload: () => unknown; code: string }[] = [
		{ who: 'partner', type: 'log-entries.create', payload: () => ({ ...entry(), releasableTo: ['DEU'] }), code: 'forbidden' },
		{ who: 'wall', type: 'log-entries.create', payload: entry, code: 'forbidden' },
		{ who: 'leadership', type: 'log-entries.create', payload: entry, code: 'forbidden' },
		{ who: 'leadership', type: 'log-entries.update', payload: () => ({ id: fixture('cell').id, ...widen }), code: 'forbidden' },
		{ who: 'commission', type: 'log-entries.update', payload: () => ({ id: fixture('cell').id, ...widen }), code: 'forbidden' },
		{ who: 'officer', type: 'log-entries.update', payload: () => ({ id: randomUUID(), ...widen }), code: 'not_found' },
		{ who: 'officer', type: 'log-entries.create', payload: () => ({ text: '' }), code: 'validation' },
		{ who: 'officer', type: 'users.create', payload: () => ({ username: 'hand-sock', password: 'hand-written-password', role: 'admin', nation: 'FRA' }), code: 'forbidden' },
		{ who: 'officer', type: 'tokens.issue', payload: () => ({ name: 'hand', role: 'admin', nation: 'FRA' }), code: 'forbidden' },
		{ who: 'admin', type: 'tokens.issue', payload: () => ({ name: 'hand', role: 'wall', nation: 'FRA' }), code: 'ok' },
		{ who: 'admin', type: 'tokens.revoke', payload: () => ({ id: randomUUID() }), code: 'not_found' },
		{ who: 'admin', type: 'users.create', payload: () => ({ username: 'x', password: 'short', role: 'emperor', nation: 'FRA' }), code: 'validation' },
		{ who: 'anonymous', type: 'log-entries.create', payload: entry, code: 'unauthenticated' },
		{ who: 'anonymous', type: 'tokens.issue', payload: () => ({ name: 'hand', role: 'admin', nation: 'FRA' }), code: 'unauthenticated' }
	];
	for (const row of acks) {
		it(`${someone(row.who)}: the socket command ${row.type} is acknowledged with ${row.code}`, async () => {
			const ack = await client(row.who).screen.command(row.type, row.payload());
			expect(outcome(ack)).toBe(row.code);
			if (!ack.ok && row.code === 'validation') expect(Object.keys(ack.error.fields ?? {}).length).toBeGreaterThan(0);
		});
	}
});
