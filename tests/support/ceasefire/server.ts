/**
 * The ceasefire guarantee's fixture: a production server with its people and the line of
 * contact, and the places and report defaults its scenarios share.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import postgres from 'postgres';
import type { Violation } from '$lib/domain/ceasefire/violations';
import type { Role } from '$lib/domain/identity/roles';
import { LINE_OF_CONTACT } from '$lib/server/seed/line-of-contact';
import { ADMIN_PASSWORD, createBackend, type Backend, type BackendName } from '../backends';
import { expectAnswer, request, type Answer } from '../http';
import { Screen } from '../screen';
import { SETUP_TIMEOUT_MS, signIn, startServerProcess, type ServerProcess } from '../server-process';

export interface Person {
	username: string;
	id: string;
	displayName: string;
	role: Role;
	nation: string;
	cookie: string;
}

/** What the system of record holds, counted: by SQL on Postgres, through the admin's API on PGlite. */
export interface Counts {
	violations: number;
	alerts: number;
	events: number;
}

/**
 * One production server on one backend for one test file, with an admin, the people a test asks
 * for, and the line of contact's sectors created through the `sectors.create` command.
 */
export class CeasefireServer {
	private constructor(
		readonly backend: Backend,
		readonly server: ServerProcess,
		readonly adminCookie: string,
		/** SQL on the test's own connection, on Postgres backends (null on PGlite, which the server holds alone). */
		readonly sql: postgres.Sql | null
	) {}

	readonly people = new Map<string, Person>();
	readonly screens: Screen[] = [];

	static async start(name: BackendName, env: Record<string, string> = {}): Promise<CeasefireServer> {
		const backend = await createBackend(name);
		let server: ServerProcess | undefined;
		try {
			// These scenarios write faster than any officer; the rate limit has its own tests.
			server = await startServerProcess({ ...backend.env, WATCHFLOOR_COMMANDS_PER_SECOND: '100000', ...env });
			const adminCookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);
			const sql = backend.env.DATABASE_URL ? postgres(backend.env.DATABASE_URL, { max: 2, onnotice: () => {} }) : null;
			return new CeasefireServer(backend, server, adminCookie, sql);
		} catch (error) {
			await server?.stop();
			await backend.dispose();
			throw error;
		}
	}

	get url(): string {
		return this.server.url;
	}

	async stop(): Promise<void> {
		for (const screen of this.screens) screen.close();
		try {
			await this.sql?.end();
			await this.server.stop();
		} finally {
			await this.backend.dispose();
		}
	}

	/** Users made by the admin over REST, each signed in. */
	async addPeople(people: { username: string; role: Role; nation?: string }[]): Promise<void> {
		await Promise.all(
			people.map(async ({ username, role, nation = 'FRA' }) => {
				const password = `${username}-password-123`;
				const made = await this.call(this.adminCookie, 'POST', '/api/v1/users', { username, password, role, nation });
				expectAnswer(made, 201, `create ${username}`);
				const cookie = await signIn(this.url, username, password);
				this.people.set(username, { username, id: made.body.id, displayName: made.body.displayName, role, nation, cookie });
			})
		);
	}

	person(username: string): Person {
		const found = this.people.get(username);
		if (!found) throw new Error(`no person ${username} in this fixture`);
		return found;
	}

	/** A live screen signed in as this person (or the admin), kept until stop(). */
	async screen(username?: string): Promise<Screen> {
		const screen = new Screen(this.url, { cookie: username ? this.person(username).cookie : this.adminCookie });
		this.screens.push(screen);
		await screen.ready();
		return screen;
	}

	/** Every sector of LINE_OF_CONTACT, created through the socket command `sectors.create` by an officer. */
	async createLineOfContact(officer: string, releasableTo: unknown = 'coalition'): Promise<void> {
		const desk = await this.screen(officer);
		for (const sector of LINE_OF_CONTACT) {
			const ack = await desk.command('sectors.create', { ...sector, releasableTo });
			expect(ack, `sectors.create ${sector.id}`).toMatchObject({ ok: true, record: { id: sector.id } });
		}
	}

	/**
	 * A coalition log entry by this person, awaited on each screen: deltas arrive in seq order, so a
	 * screen that has it has every delta sent to it before — what it lacks then never came.
	 */
	async barrier(username: string, ...screens: Screen[]): Promise<void> {
		const text = `barrier ${crypto.randomUUID()}`;
		expectAnswer(await this.as(username).post('/api/v1/log-entries', { text, releasableTo: 'coalition' }), 201, 'the barrier');
		await Promise.all(screens.map((s) => s.until((x) => x.deltas.some((d) => d.op === 'upsert' && d.record.text === text), 'the barrier')));
	}

	call(cookie: string | undefined, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer> {
		return request(this.url, method, path, { cookie, body, headers });
	}

	as(username: string) {
		const cookie = username === 'admin' ? this.adminCookie : this.person(username).cookie;
		return {
			get: (path: string) => this.call(cookie, 'GET', path),
			post: (path: string, body?: unknown, headers?: Record<string, string>) => this.call(cookie, 'POST', path, body, headers),
			/** A raw body (CSV) with its own content type. */
			postText: (path: string, text: string, contentType = 'text/csv'): Promise<Answer> =>
				request(this.url, 'POST', path, { cookie, rawBody: text, headers: { 'content-type': contentType } })
		};
	}

	/** A violation report by this person; answers the created record. */
	async report(username: string, body: Record<string, unknown>): Promise<Violation> {
		const answer = await this.as(username).post('/api/v1/violations', { ...REPORT_DEFAULTS, ...body });
		expectAnswer(answer, 201, 'POST /api/v1/violations');
		return answer.body as Violation;
	}

	/** One workflow step over REST, answered as is. */
	step(username: string, id: string, action: string, body: Record<string, unknown> = {}): Promise<Answer> {
		return this.as(username).post(`/api/v1/violations/${id}/${action}`, { reason: `test: ${action}`, ...body });
	}

	/** Every report, as the admin sees them (the newest first). */
	async allViolations(): Promise<Violation[]> {
		const answer = await this.as('admin').get('/api/v1/violations?limit=20000');
		expectAnswer(answer, 200, 'GET /api/v1/violations (all)');
		return answer.body as Violation[];
	}

	async violation(id: string): Promise<Violation> {
		const answer = await this.as('admin').get(`/api/v1/violations/${id}`);
		expectAnswer(answer, 200, `GET /api/v1/violations/${id}`);
		return answer.body as Violation;
	}

	/** How many logged events concern this record (its history). */
	/** The paths of the OpenAPI document that match, sorted: what the registry describes of a guarantee. */
	async apiPaths(pattern: RegExp): Promise<string[]> {
		const document = await this.as('admin').get('/api/v1/openapi.json');
		expectAnswer(document, 200, 'GET /api/v1/openapi.json');
		return Object.keys(document.body.paths)
			.filter((path) => pattern.test(path))
			.sort();
	}

	/** A record's change history, newest first, as the admin reads it. */
	async history(collection: string, id: string): Promise<{ name: string }[]> {
		const answer = await this.as('admin').get(`/api/v1/${collection}/${id}/history`);
		expectAnswer(answer, 200, `history of ${collection}/${id}`);
		return answer.body.items as { name: string }[];
	}

	async historyLength(collection: string, id: string): Promise<number> {
		return (await this.history(collection, id)).length;
	}

	async counts(): Promise<Counts> {
		if (this.sql) {
			const [row] = await this.sql<{ violations: string; alerts: string; events: string }[]>`
				select (select count(*) from violations) as violations, (select count(*) from alerts) as alerts, (select count(*) from events) as events`;
			return { violations: Number(row!.violations), alerts: Number(row!.alerts), events: Number(row!.events) };
		}
		// PGlite belongs to the server process: count through the admin's API (the audit trail is the event log).
		const violations = (await this.allViolations()).length;
		let events = 0;
		let alerts = 0;
		let before: number | undefined;
		for (;;) {
			const page = await this.as('admin').get(`/api/v1/audit?limit=500${before ? `&before=${before}` : ''}`);
			expectAnswer(page, 200, 'GET /api/v1/audit');
			const items = page.body.items as { seq: number; name: string }[];
			events += items.length;
			alerts += items.filter((i) => i.name === 'alerts.raised').length;
			if (items.length < 500) break;
			before = items.at(-1)!.seq;
		}
		return { violations, alerts, events };
	}
}

/** A plausible report; tests override what they care about. */
export const REPORT_DEFAULTS = {
	category: 'artillery',
	source: 'ground-patrol',
	severity: 'low',
	description: 'Impacts observed east of the line'
} as const;

/** Places inside a sector of LINE_OF_CONTACT (checked by eye against its polygon) and outside all. */
export const PLACES = {
	pokrovsk: { lat: 48.28, lon: 37.18 },
	'bakhmut-toretsk': { lat: 48.55, lon: 37.95 },
	'velyka-novosilka': { lat: 47.8, lon: 36.9 },
	'kharkiv-north': { lat: 50.1, lon: 37.3 },
	/** Kyiv, far behind the line. */
	outside: { lat: 50.45, lon: 30.52 }
} as const;

export const hoursAgo = (hours: number, from = Date.now()) => new Date(from - hours * 3600_000).toISOString();

/**
 * One production server for a test file on a backend, with these people: started before the file's
 * tests (then `ready` takes it: screens, fixtures), stopped after them.
 */
export function useServer(backendName: BackendName, people: { username: string; role: Role; nation?: string }[], ready: (server: CeasefireServer) => Promise<void> | void): void {
	let server: CeasefireServer | undefined;
	beforeAll(async () => {
		server = await CeasefireServer.start(backendName);
		await server.addPeople(people);
		await ready(server);
	}, SETUP_TIMEOUT_MS);
	afterAll(async () => {
		await server?.stop();
	});
}
