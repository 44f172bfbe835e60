import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewerOf, type Actor, type Viewer } from '$lib/domain/identity/actor';
import type { Alert } from '$lib/domain/cell/alerts';
import type { Sector } from '$lib/domain/ceasefire/sectors';
import { TRANSITIONS, type Violation, type ViolationStatus, type WorkflowAction } from '$lib/domain/ceasefire/violations';
import type { CommandAck } from '$lib/domain/core/protocol';
import { canSee, intersect, type Releasability } from '$lib/domain/core/releasability';
import { ACTIONS, ROLES, allows, type Action, type Role } from '$lib/domain/identity/roles';
import { LINE_OF_CONTACT } from '$lib/server/seed/line-of-contact';
import { ADMIN_PASSWORD, describeEachBackend, createBackend, type Backend, type BackendName } from '../support/backends';
import { PLACES, REPORT_DEFAULTS } from '../support/ceasefire/server';
import { codeOf, expectAnswer, request, type Answer } from '../support/http';
import { Screen } from '../support/screen';
import { SETUP_TIMEOUT_MS, signIn, startServerProcess, tearDown, type ServerProcess } from '../support/server-process';

/**
 * Who may do what, against one production server on each backend: every role, and nobody
 * signed in, × every action of PERMISSIONS × records releasable and not releasable to them, over
 * REST and over the socket's `command` event. Expectations come from PERMISSIONS and canSee, and a
 * hand-written table below pins the ones the issue names, so a wrong table cannot pass by itself.
 * The ceasefire's writes act on fresh reports, which the admin first takes to the status each step
 * needs; a refused write must leave every record as it was and log nothing in the refused name.
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

/** A severe report (so with its alert) for each kind of releasability, never moved along the workflow: what reads are checked against. */
interface ReportFixture extends Fixture {
	alertId: string;
}

/** The line of contact's first five sectors, one for each kind of releasability. */
interface SectorFixture {
	label: string;
	releasableTo: Releasability;
	id: string;
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
const reportFixtures: ReportFixture[] = [];
const sectorFixtures: SectorFixture[] = [];
let target: { id: string; username: string };
const screens: Screen[] = [];

const nonce = () => randomUUID().slice(0, 8);
const client = (who: Who) => clients.get(who)!;
const fixture = (label: string) => fixtures.find((f) => f.label === label)!;
const reportFixture = (label: string) => reportFixtures.find((f) => f.label === label)!;
const sectorFixture = (label: string) => sectorFixtures.find((f) => f.label === label)!;
/**
 * Every report here lies in the Pokrovsk sector, the one released to POL only (reportBody): an
 * alert's title names its sector, so it goes to whoever may see both the report and the sector.
 */
const alertAudience = (report: Releasability) => intersect(report, sectorFixture('POL').releasableTo);

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
/**
 * What `c` gets from a write that needs `action`: `ok` or the error code. Given the releasability of
 * the record it acts on (null: no such record), a record it may not see is `not_found`, exactly as
 * one that does not exist.
 */
function expected(c: Client, action: Action, record?: Releasability | null): string {
	const gated = ackGate(c.who, action);
	if (gated !== 'ok' || record === undefined) return gated;
	return record !== null && canSee(c.viewer, record) ? 'ok' : 'not_found';
}

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

/** The newest event's seq: every write is logged, so a refused one leaves it where it was. */
async function eventLogHead(): Promise<number> {
	const audit = await asAdmin('GET', '/api/v1/audit?limit=1');
	expectAnswer(audit, 200, 'admin reads the audit trail');
	return (audit.body.items as { seq: number }[])[0]!.seq;
}

let reported = 0;
/** A plausible report in the Pokrovsk sector; each observed a second before the last, so lists keep a stable order. */
function reportBody(description: string, releasableTo: Releasability, severity = 'low') {
	const observedAt = new Date(Date.now() - 3600_000 - ++reported * 1000).toISOString();
	return { ...REPORT_DEFAULTS, ...PLACES.pokrovsk, observedAt, severity, description, releasableTo };
}
const ATTRIBUTION = { responsibleParty: 'Party A', finding: 'Fire from party A positions, matrix finding' };
/** A workflow step's body, naming the status the report is in (a stale one would be a conflict). */
function stepBody(step: WorkflowAction, from: ViolationStatus) {
	return { reason: `matrix: ${step}`, expectedStatus: from, ...(step === 'attribute' && ATTRIBUTION) };
}
async function adminStep(report: Violation, step: WorkflowAction): Promise<Violation> {
	const moved = await asAdmin('POST', `/api/v1/violations/${report.id}/${step}`, stepBody(step, report.status));
	expectAnswer(moved, 200, `the admin takes the step ${step}`);
	return moved.body as Violation;
}
/** A fresh report by the admin, taken through `path` by the admin. */
async function adminReport(releasableTo: Releasability, path: WorkflowAction[] = [], severity = 'low', description = `matrix report ${nonce()}`): Promise<Violation> {
	const made = await asAdmin('POST', '/api/v1/violations', reportBody(description, releasableTo, severity));
	expectAnswer(made, 201, 'admin reports a violation');
	let report = made.body as Violation;
	for (const step of path) report = await adminStep(report, step);
	return report;
}
async function adminViolation(id: string): Promise<Violation> {
	const one = await asAdmin('GET', `/api/v1/violations/${id}`);
	expectAnswer(one, 200, 'admin reads a report');
	return one.body as Violation;
}
async function adminViolations(): Promise<Violation[]> {
	const list = await asAdmin('GET', '/api/v1/violations?limit=20000');
	expectAnswer(list, 200, 'admin lists reports');
	return list.body as Violation[];
}
/** The alert each (severe) report raised, as the admin sees it. */
async function adminAlertsOf(reports: { id: string }[]): Promise<Alert[]> {
	const list = await asAdmin('GET', '/api/v1/alerts');
	expectAnswer(list, 200, 'admin lists alerts');
	return reports.map((r) => {
		const alert = (list.body as Alert[]).find((a) => a.violationId === r.id);
		expect(alert, `the alert of report ${r.id}`).toBeDefined();
		return alert!;
	});
}
/** Sectors as the admin sees them, without the status derived from reports (it follows writes a moment later). */
async function adminSectors(): Promise<Map<string, Sector>> {
	const list = await asAdmin('GET', '/api/v1/sectors');
	expectAnswer(list, 200, 'admin lists sectors');
	return new Map((list.body as (Sector & { status?: string; statusReason?: string })[]).map(({ status: _s, statusReason: _r, ...sector }) => [sector.id, sector]));
}
/** A small square far from the line of contact, so that no report falls into it. */
function square(n: number) {
	const [lon, lat] = [-30 + (n % 100) * 0.02, -20 + Math.floor(n / 100) * 0.02];
	return { type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]] };
}
let squares = 0;
/** CSV as an officer uploads it (the import reads the body as text, whatever JSON helper would send). */
function postCsv(c: Client, path: string, csv: string): Promise<Answer> {
	return request(server!.url, 'POST', path, { cookie: c.cookie, rawBody: csv, headers: { 'content-type': 'text/csv' } });
}

/** One production server on this backend, with a user of every role signed in and a screen each, and the fixtures. */
function setUpMatrix(backendName: BackendName): void {
	beforeAll(async () => {
		clients.clear();
		for (const list of [fixtures, reportFixtures, sectorFixtures, screens]) list.length = 0;
		backend = await createBackend(backendName);
		// The matrix writes faster than any person; the rate limit has its own test (credentials.test.ts).
		// Others build in this work tree too: build/ is brought up to date and copied under the shared build lock.
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

		// The line of contact, defined by the admin: its first five sectors one for each kind of releasability, the rest for the coalition.
		for (const [i, sector] of LINE_OF_CONTACT.entries()) {
			const kind = KINDS[i];
			const answer = await asAdmin('POST', '/api/v1/sectors', { ...sector, releasableTo: kind?.releasableTo ?? 'coalition' });
			expectAnswer(answer, 201, `create the sector ${sector.id}`);
			if (kind) sectorFixtures.push({ ...kind, id: sector.id });
		}
		for (const kind of KINDS) {
			const text = `matrix report ${kind.label} ${nonce()}`;
			const report = await adminReport(kind.releasableTo, [], 'high', text);
			reportFixtures.push({ ...kind, id: report.id, text, alertId: '' });
		}
		for (const [i, alert] of (await adminAlertsOf(reportFixtures)).entries()) reportFixtures[i]!.alertId = alert.id;

		for (const role of ROLES) {
			const user = made.find((u) => u.username === `mx-${role}`)!;
			const cookie = await signIn(server.url, user.username, `${user.username}-password-123`);
			const actor: Actor = { id: user.id, kind: 'user', username: user.username, displayName: user.displayName, role, nation: user.nation };
			clients.set(role, { who: role, cookie, actor, viewer: viewerOf(actor), screen: new Screen(server.url, { cookie }) });
		}
		clients.set('anonymous', { who: 'anonymous', actor: null, viewer: viewerOf(null), screen: new Screen(server.url, {}) });
		for (const c of clients.values()) screens.push(c.screen);
		await Promise.all(screens.map((s) => s.ready()));
	}, SETUP_TIMEOUT_MS);

	afterAll(() => tearDown(screens, server, backend));
}

/** One write as the matrix compares it, whichever way it went: `ok` or the error code, and what came back. */
interface Write {
	code: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	record?: any;
	error?: unknown;
	text: string;
}

/** A write over REST: `ok` only with the status it must answer on success; an error must keep the contract. */
async function restWrite(c: Client, method: string, path: string, body: unknown, success: number): Promise<Write> {
	const answer = await call(c, method, path, body);
	if (answer.status === success) return { code: 'ok', record: answer.body, text: answer.text };
	if (answer.status < 400) return { code: `HTTP ${answer.status}`, text: answer.text };
	expectAnswer(answer, answer.status, `${method} ${path}`);
	return { code: answer.body.error.code as string, error: answer.body.error, text: answer.text };
}
async function socketWrite(c: Client, type: string, payload: unknown): Promise<Write> {
	const ack = await c.screen.command(type, payload);
	const text = JSON.stringify(ack);
	return ack.ok ? { code: 'ok', record: ack.record, text } : { code: ack.error.code, error: ack.error, text };
}

type SectorAction = 'check-in' | 'override' | 'clear-override';

/** The ceasefire's writes, over REST or over the socket's `command` event: the probes below run over both. */
interface Transport {
	says: Record<'report' | 'step' | 'release' | 'sectorCreate' | 'sector' | 'acknowledge', string>;
	report(c: Client, body: unknown): Promise<Write>;
	step(c: Client, id: string, step: WorkflowAction, body: object): Promise<Write>;
	release(c: Client, id: string, releasableTo: Releasability): Promise<Write>;
	createSector(c: Client, body: unknown): Promise<Write>;
	sector(c: Client, id: string, action: SectorAction, body?: object): Promise<Write>;
	acknowledge(c: Client, id: string): Promise<Write>;
}

const OVER_REST: Transport = {
	says: {
		report: 'POST /api/v1/violations',
		step: 'POST /api/v1/violations/<id>/<step>',
		release: 'PATCH /api/v1/violations/<id>',
		sectorCreate: 'POST /api/v1/sectors',
		sector: 'POST /api/v1/sectors/<id>/check-in|override|clear-override',
		acknowledge: 'POST /api/v1/alerts/<id>/acknowledge'
	},
	report: (c, body) => restWrite(c, 'POST', '/api/v1/violations', body, 201),
	step: (c, id, step, body) => restWrite(c, 'POST', `/api/v1/violations/${id}/${step}`, body, 200),
	release: (c, id, releasableTo) => restWrite(c, 'PATCH', `/api/v1/violations/${id}`, { releasableTo }, 200),
	createSector: (c, body) => restWrite(c, 'POST', '/api/v1/sectors', body, 201),
	sector: (c, id, action, body) => restWrite(c, 'POST', `/api/v1/sectors/${id}/${action}`, body, 200),
	acknowledge: (c, id) => restWrite(c, 'POST', `/api/v1/alerts/${id}/acknowledge`, undefined, 200)
};

const OVER_SOCKET: Transport = {
	says: {
		report: 'command violations.create',
		step: 'command violations.step',
		release: 'command violations.update',
		sectorCreate: 'command sectors.create',
		sector: 'commands sectors.check-in, sectors.override, sectors.clear-override',
		acknowledge: 'command alerts.acknowledge'
	},
	report: (c, body) => socketWrite(c, 'violations.report', body),
	step: (c, id, step, body) => socketWrite(c, 'violations.step', { ...body, id, action: step }),
	release: (c, id, releasableTo) => socketWrite(c, 'violations.update', { id, releasableTo }),
	createSector: (c, body) => socketWrite(c, 'sectors.create', body),
	sector: (c, id, action, body) => socketWrite(c, `sectors.${action}`, { ...body, id }),
	acknowledge: (c, id) => socketWrite(c, 'alerts.acknowledge', { id })
};

/**
 * The records writes are tried on: one released to the partner's nation, one released outside the
 * cell but not to it. Reads are checked on all five kinds (and the hand-written rows try writes on
 * the others); here each record is a report taken through the workflow first, and costs its steps.
 */
const WRITE_KINDS = KINDS.filter((k) => ['DEU', 'POL'].includes(k.label));

/**
 * A refused write on a record it may not see must answer exactly as one on a record that does not
 * exist (so the answer does not reveal that it exists), and never carry the record itself.
 */
function expectRefusedAlike(c: Client, write: Write, missing: Write, releasableTo: Releasability, secret: string, what: string): void {
	expect(write.text, `${what}: the refusal does not carry the record`).not.toContain(secret);
	if (!canSee(c.viewer, releasableTo)) expect(write.error, `${what}: answered like a record that does not exist`).toEqual(missing.error);
}

/** The seq of the newest event logged in `c`'s name (0: none yet). */
async function lastLoggedBy(c: Client): Promise<number> {
	const audit = await asAdmin('GET', `/api/v1/audit?actor=${c.actor!.id}&limit=1`);
	expectAnswer(audit, 200, 'admin reads the audit trail');
	return (audit.body.items as { seq: number }[])[0]?.seq ?? 0;
}

type Probe = { says: string; run: (c: Client) => Promise<void> };

/**
 * A probe for an action `c` may not do also checks, at its end, that nothing at all was logged in
 * `c`'s name meanwhile: every write is logged in the same transaction, so nothing changed.
 * (Someone not signed in has no name to log under; what it tried is checked record by record.)
 */
function probe(action: Action, says: string, run: (c: Client) => Promise<void>): Probe {
	return {
		says,
		async run(c) {
			const refused = c.actor !== null && expected(c, action) !== 'ok';
			const before = refused ? await lastLoggedBy(c) : 0;
			await run(c);
			if (refused) expect(await lastLoggedBy(c), `refused ${action}: nothing was logged in ${c.who}'s name`).toBe(before);
		}
	};
}

/**
 * Fresh reports, one for each kind of WRITE_KINDS, taken through `setup` by the admin; then `c`
 * tries each step of `tries` on all of them, and on one that does not exist. Where `c` is refused,
 * the report is unchanged and the admin takes the step, so that the next try finds it in its status.
 */
async function walkReports(t: Transport, c: Client, action: Action, setup: WorkflowAction[], tries: WorkflowAction[]): Promise<void> {
	let reports = await Promise.all(WRITE_KINDS.map((kind) => adminReport(kind.releasableTo, setup)));
	for (const [n, step] of tries.entries()) {
		const [missing, ...writes] = await Promise.all([
			t.step(c, randomUUID(), step, stepBody(step, TRANSITIONS[step].from[0]!)),
			...reports.map((r) => t.step(c, r.id, step, stepBody(step, r.status)))
		]);
		expect(missing!.code, `${step} a report that does not exist: ${missing!.text}`).toBe(expected(c, action, null));
		reports = await Promise.all(
			WRITE_KINDS.map(async (kind, i) => {
				const [write, was, is] = [writes[i]!, reports[i]!, await adminViolation(reports[i]!.id)];
				const what = `${step} the ${kind.label} report`;
				expect(write.code, `${what}: ${write.text.slice(0, 300)}`).toBe(expected(c, action, kind.releasableTo));
				if (write.code === 'ok') {
					expect(write.record).toMatchObject({ id: was.id, status: TRANSITIONS[step].to });
					expect(is.status, `${what}: the report moved`).toBe(TRANSITIONS[step].to);
					if (step === 'attribute') expect(is).toMatchObject(ATTRIBUTION);
					return is;
				}
				expect(is, `${what}: refused, the report is unchanged`).toEqual(was);
				expectRefusedAlike(c, write, missing!, kind.releasableTo, was.description, what);
				return n < tries.length - 1 ? adminStep(was, step) : was;
			})
		);
	}
}

/** What the ceasefire's actions mean over a transport, checked for one client; expectations from PERMISSIONS and canSee. */
function ceasefireProbes(t: Transport): Partial<Record<Action, Probe>> {
	return {
		'violations.report': probe('violations.report', `report violations, whatever their releasability (${t.says.report})`, async (c) => {
			const want = expected(c, 'violations.report');
			const descriptions = await Promise.all(
				KINDS.map(async (kind) => {
					const description = `matrix report by ${c.who} for ${kind.label} ${nonce()}`;
					const write = await t.report(c, reportBody(description, kind.releasableTo));
					expect(write.code, `releasableTo ${kind.label}: ${write.text.slice(0, 300)}`).toBe(want);
					if (write.code === 'ok') expect(write.record).toMatchObject({ description, releasableTo: kind.releasableTo, status: 'reported', reportedBy: c.actor!.displayName });
					return description;
				})
			);
			const all = new Set((await adminViolations()).map((v) => v.description));
			for (const d of descriptions) expect(all.has(d), `the report "${d}" exists`).toBe(want === 'ok');
		}),
		'violations.verify': probe(
			'violations.verify',
			`begin verification, verify, refer and reject reports, and change their releasability (${t.says.step}, ${t.says.release})`,
			async (c) => {
				// Who may see a report, and its alert, changes together, by those who verify.
				const release = async () => {
					const reports = await Promise.all(WRITE_KINDS.map((kind) => adminReport(kind.releasableTo, [], 'high')));
					const alertsBefore = await adminAlertsOf(reports);
					const [missing, ...writes] = await Promise.all([t.release(c, randomUUID(), ['GBR']), ...reports.map((r) => t.release(c, r.id, ['GBR']))]);
					expect(missing!.code, `release a report that does not exist: ${missing!.text}`).toBe(expected(c, 'violations.verify', null));
					const [now, alertsNow] = await Promise.all([Promise.all(reports.map((r) => adminViolation(r.id))), adminAlertsOf(reports)]);
					WRITE_KINDS.forEach((kind, i) => {
						const [write, was, is] = [writes[i]!, reports[i]!, now[i]!];
						const what = `release the ${kind.label} report to GBR`;
						expect(write.code, `${what}: ${write.text.slice(0, 300)}`).toBe(expected(c, 'violations.verify', kind.releasableTo));
						if (write.code === 'ok') {
							expect(is.releasableTo).toEqual(['GBR']);
							expect(alertsNow[i]!.releasableTo, `${what}: its alert follows`).toEqual(alertAudience(['GBR']));
						} else {
							expect(is, `${what}: refused, the report is unchanged`).toEqual(was);
							expect(alertsNow[i], `${what}: refused, its alert is unchanged`).toEqual(alertsBefore[i]);
							expectRefusedAlike(c, write, missing!, kind.releasableTo, was.description, what);
						}
					});
				};
				// Separate reports each: the three run side by side.
				await Promise.all([
					walkReports(t, c, 'violations.verify', [], ['begin-verification', 'verify', 'refer']),
					walkReports(t, c, 'violations.verify', ['begin-verification'], ['reject']),
					release()
				]);
			}
		),
		'violations.attribute': probe('violations.attribute', `attribute responsibility and record the remedy on referred reports (${t.says.step})`, (c) =>
			walkReports(t, c, 'violations.attribute', ['begin-verification', 'verify', 'refer'], ['attribute', 'remedy'])
		),
		'violations.close': probe('violations.close', `close reports (${t.says.step} close)`, (c) => walkReports(t, c, 'violations.close', ['begin-verification', 'reject'], ['close'])),
		'sectors.manage': probe(
			'sectors.manage',
			`define sectors, check them in, override their status and clear the override (${t.says.sectorCreate}; ${t.says.sector})`,
			async (c) => {
				const may = expected(c, 'sectors.manage');
				const id = `mx-${t === OVER_REST ? 'rest' : 'sock'}-${c.who}-${nonce()}`;
				const created = await t.createSector(c, { id, name: `Matrix sector by ${c.who}`, geometry: square(squares++), releasableTo: 'coalition' });
				expect(created.code, `define a sector: ${created.text.slice(0, 300)}`).toBe(may);
				if (created.code === 'ok') expect(created.record).toMatchObject({ id, releasableTo: 'coalition' });

				// On the line of contact, a sector for each kind of WRITE_KINDS, and one that does not exist.
				const sectors = sectorFixtures.filter((f) => WRITE_KINDS.some((k) => k.label === f.label));
				const override = { status: 'tense', reason: `matrix override by ${c.who}`, expiresInHours: 1 };
				let before = await adminSectors();
				expect(before.has(id), 'the new sector exists').toBe(may === 'ok');
				for (const [action, body] of [['check-in', undefined], ['override', override], ['clear-override', undefined]] as [SectorAction, object | undefined][]) {
					const [missing, ...writes] = await Promise.all([t.sector(c, 'mx-no-such-sector', action, body), ...sectors.map((f) => t.sector(c, f.id, action, body))]);
					expect(missing!.code, `${action} a sector that does not exist: ${missing!.text}`).toBe(expected(c, 'sectors.manage', null));
					const now = await adminSectors();
					sectors.forEach((f, i) => {
						const [write, was, is] = [writes[i]!, before.get(f.id)!, now.get(f.id)!];
						const what = `${action} the ${f.label} sector`;
						expect(write.code, `${what}: ${write.text.slice(0, 300)}`).toBe(expected(c, 'sectors.manage', f.releasableTo));
						if (write.code === 'ok') {
							expect(write.record).toMatchObject({ id: f.id });
							if (action === 'check-in') expect(is.lastCheckInAt !== null && is.lastCheckInAt !== was.lastCheckInAt, `${what}: checked in`).toBe(true);
							if (action === 'override') expect(is.override).toMatchObject({ status: 'tense', reason: override.reason, by: c.actor!.displayName });
							if (action === 'clear-override') expect(is.override).toBeNull();
						} else {
							expect(is, `${what}: refused, the sector is unchanged`).toEqual(was);
							expectRefusedAlike(c, write, missing!, f.releasableTo, was.name, what);
						}
					});
					// Where `c` was refused the admin acts, so that there is an override to clear, and none left after.
					if (action !== 'check-in' && writes.some((w) => w.code !== 'ok')) {
						await Promise.all(
							sectors.map(async (f, i) => {
								if (writes[i]!.code !== 'ok') expectAnswer(await asAdmin('POST', `/api/v1/sectors/${f.id}/${action}`, body), 200, `the admin: ${action} ${f.id}`);
							})
						);
						before = await adminSectors();
					} else {
						before = now;
					}
				}
			}
		),
		'alerts.acknowledge': probe('alerts.acknowledge', `acknowledge alerts (${t.says.acknowledge})`, async (c) => {
			const reports = await Promise.all(WRITE_KINDS.map((kind) => adminReport(kind.releasableTo, [], 'critical')));
			const before = await adminAlertsOf(reports);
			const [missing, ...writes] = await Promise.all([t.acknowledge(c, randomUUID()), ...before.map((a) => t.acknowledge(c, a.id))]);
			expect(missing!.code, `acknowledge an alert that does not exist: ${missing!.text}`).toBe(expected(c, 'alerts.acknowledge', null));
			const now = await adminAlertsOf(reports);
			WRITE_KINDS.forEach((kind, i) => {
				const [write, was, is] = [writes[i]!, before[i]!, now[i]!];
				const what = `acknowledge the ${kind.label} report's alert`;
				expect(write.code, `${what}: ${write.text.slice(0, 300)}`).toBe(expected(c, 'alerts.acknowledge', kind.releasableTo));
				if (write.code === 'ok') {
					expect(write.record).toMatchObject({ id: was.id, acknowledgedBy: c.actor!.displayName });
					expect(is.acknowledgedBy).toBe(c.actor!.displayName);
				} else {
					expect(is, `${what}: refused, the alert is unchanged`).toEqual(was);
					expect(is.acknowledgedBy).toBeNull();
					expectRefusedAlike(c, write, missing!, kind.releasableTo, was.title, what);
				}
			});
		})
	};
}

const IMPORT_HEADER = 'event_date,event_type,sub_event_type,actor1,admin1,location,latitude,longitude,fatalities,notes,source';
const twoDaysAgo = () => new Date(Date.now() - 2 * 24 * 3600_000).toISOString().slice(0, 10);

const KIEL_HEADER = 'donor,announcement_date,aid_type_general,measure,item_type,item,item_numb,tot_sub_activity_value_EUR';
/** The pledges whose item is `item`, as the admin sees them. */
async function adminPledgesNamed(item: string): Promise<{ item: string; releasableTo: Releasability }[]> {
	const list = await asAdmin('GET', '/api/v1/pledges?limit=20000');
	expectAnswer(list, 200, 'admin lists pledges');
	return (list.body as { item: string; releasableTo: Releasability }[]).filter((p) => p.item === item);
}

/**
 * Nation-scoped contribution: a partner records and answers depot requests of its own nation only
 * (403 for another's); the cell's staff with the permission act for any nation.
 */
const forNation = (c: Client, nation: string, success: number, action: Action = 'depot-requests.create') => {
	const status = gate(c.who, action, success);
	return status === success && c.who === 'partner' && nation !== PARTNER_NATION ? 403 : status;
};
async function adminDepotItems(): Promise<string[]> {
	const list = await asAdmin('GET', '/api/v1/depot-requests');
	expectAnswer(list, 200, 'admin lists depot requests');
	return (list.body as { item: string }[]).map((r) => r.item);
}
/** A request the admin records for each nation, released to the coalition, so that every partner sees it. */
async function adminDepotRequests(): Promise<{ nation: string; id: string }[]> {
	return Promise.all(
		[PARTNER_NATION, 'POL'].map(async (nation) => {
			const made = await asAdmin('POST', '/api/v1/depot-requests', { nation, depot: 'Depot 7', item: `matrix depot request ${nonce()}`, releasableTo: 'coalition' });
			expectAnswer(made, 201, `admin records a depot request for ${nation}`);
			return { nation, id: made.body.id as string };
		})
	);
}

/**
 * The wave-2 guarantees' writes, each described once and probed over REST and over the socket alike.
 * Nation-scoped ones let a partner act for its own nation only (its pledges and deliveries, its
 * units' readiness; 403 for another's); the rest are the cell's. The admin makes what each write acts on, released to the coalition,
 * so every signed-in role may see it and a refusal is the permission's or the nation's.
 */
interface ContributedWrite {
	says: string;
	action: Action;
	/** The nations it is tried for; none: not nation-scoped. */
	nations: string[];
	success: number;
	/** What the write acts on, made by the admin for one nation. */
	prepare(nation: string): Promise<Record<string, string>>;
	rest(ids: Record<string, string>, nation: string, tag: string): { method: string; path: string; body: unknown };
	socket(ids: Record<string, string>, nation: string, tag: string): { type: string; payload: unknown };
	/** Whether the write took effect, as the admin reads it back. */
	applied(ids: Record<string, string>, tag: string): Promise<boolean>;
}

const pledgeBody = (nation: string, item: string) => ({ donor: nation, announcedOn: twoDaysAgo(), measure: 'commitment', category: 'ammunition', item, quantity: 10, unit: 'rounds', valueEur: 1000, channel: 'stockpile', releasableTo: [nation] });
async function adminPledge(nation: string): Promise<string> {
	const made = await asAdmin('POST', '/api/v1/pledges', { ...pledgeBody(nation, `matrix pledge ${nonce()}`), releasableTo: 'coalition' });
	expectAnswer(made, 201, `admin records a pledge of ${nation}`);
	return made.body.id as string;
}
async function adminDelivery(nation: string): Promise<Record<string, string>> {
	const pledgeId = await adminPledge(nation);
	const made = await asAdmin('POST', '/api/v1/deliveries', { pledgeId, quantity: 1 });
	expectAnswer(made, 201, `admin records a delivery of ${nation}`);
	return { pledgeId, deliveryId: made.body.id as string };
}
const adminRead = async (path: string) => (await asAdmin('GET', path)).body;
const coalitionSector = () => sectorFixture('coalition').id;
const commitmentBody = (nation: string, text: string) => ({ nation, type: 'military', text, status: 'in-force', releasableTo: 'coalition' });
/** Activations are one at a time: a probe that needs its own first stands down whatever runs. */
async function standDownAnyActivation(): Promise<void> {
	for (const a of (await adminRead('/api/v1/activations')) as { id: string; state: string }[]) {
		if (a.state !== 'stood-down') expectAnswer(await asAdmin('POST', `/api/v1/activations/${a.id}/stand-down`), 200, 'admin stands the drill down');
	}
}
const unitBody = (nation: string, name: string) => ({ name, nation, domain: 'land', sidc: '10031000151211000000', mission: 'reassurance', readiness: 'C2', releasableTo: 'coalition' });
async function adminUnit(nation: string): Promise<string> {
	const made = await asAdmin('POST', '/api/v1/units', unitBody(nation, `matrix unit ${nonce()}`));
	expectAnswer(made, 201, `admin registers a unit of ${nation}`);
	return made.body.id as string;
}

const CONTRIBUTED_WRITES: ContributedWrite[] = [
	{
		says: "record pledges (pledges.create), a partner its own nation's only",
		action: 'pledges.create',
		nations: [PARTNER_NATION, 'POL'],
		success: 201,
		prepare: async () => ({}),
		rest: (_ids, nation, tag) => ({ method: 'POST', path: '/api/v1/pledges', body: pledgeBody(nation, tag) }),
		socket: (_ids, nation, tag) => ({ type: 'pledges.create', payload: pledgeBody(nation, tag) }),
		applied: async (_ids, tag) => ((await adminRead('/api/v1/pledges')) as { item: string }[]).some((p) => p.item === tag)
	},
	{
		says: "correct pledges (pledges.update), a partner its own nation's only",
		action: 'pledges.update',
		nations: [PARTNER_NATION, 'POL'],
		success: 200,
		prepare: async (nation) => ({ pledgeId: await adminPledge(nation) }),
		rest: (ids, _nation, tag) => ({ method: 'PATCH', path: `/api/v1/pledges/${ids.pledgeId}`, body: { item: tag } }),
		socket: (ids, _nation, tag) => ({ type: 'pledges.update', payload: { id: ids.pledgeId, item: tag } }),
		applied: async (ids, tag) => ((await adminRead(`/api/v1/pledges/${ids.pledgeId}`)) as { item: string }).item === tag
	},
	{
		says: "record deliveries against a pledge (deliveries.create), a partner its own nation's only",
		action: 'deliveries.create',
		nations: [PARTNER_NATION, 'POL'],
		success: 201,
		prepare: async (nation) => ({ pledgeId: await adminPledge(nation) }),
		rest: (ids, _nation, tag) => ({ method: 'POST', path: '/api/v1/deliveries', body: { pledgeId: ids.pledgeId, quantity: 1, hub: tag } }),
		socket: (ids, _nation, tag) => ({ type: 'deliveries.create', payload: { pledgeId: ids.pledgeId, quantity: 1, hub: tag } }),
		applied: async (ids) => ((await adminRead(`/api/v1/deliveries?pledge=${ids.pledgeId}`)) as unknown[]).length > 0
	},
	{
		says: "change deliveries on their way (deliveries.update), a partner its own nation's only",
		action: 'deliveries.update',
		nations: [PARTNER_NATION, 'POL'],
		success: 200,
		prepare: adminDelivery,
		rest: (ids, _nation, tag) => ({ method: 'PATCH', path: `/api/v1/deliveries/${ids.deliveryId}`, body: { hub: tag } }),
		socket: (ids, _nation, tag) => ({ type: 'deliveries.update', payload: { id: ids.deliveryId, hub: tag } }),
		applied: async (ids, tag) => ((await adminRead(`/api/v1/deliveries/${ids.deliveryId}`)) as { hub: string }).hub === tag
	},
	{
		says: "move deliveries along their workflow (deliveries.step), a partner its own nation's only",
		action: 'deliveries.step',
		nations: [PARTNER_NATION, 'POL'],
		success: 200,
		prepare: adminDelivery,
		rest: (ids, _nation, tag) => ({ method: 'POST', path: `/api/v1/deliveries/${ids.deliveryId}/contract`, body: { reason: tag } }),
		socket: (ids, _nation, tag) => ({ type: 'deliveries.step', payload: { id: ids.deliveryId, action: 'contract', reason: tag } }),
		applied: async (ids) => ((await adminRead(`/api/v1/deliveries/${ids.deliveryId}`)) as { status: string }).status === 'contracted'
	},
	{
		says: 'plan and record fortification work per sector (fortifications.create, fortifications.update)',
		action: 'fortifications.manage',
		nations: [],
		success: 201,
		prepare: async () => ({}),
		rest: (_ids, _nation, tag) => ({ method: 'POST', path: '/api/v1/fortifications', body: { sectorId: coalitionSector(), kind: 'trench-line', unit: 'km', planned: 12, notes: tag } }),
		socket: (_ids, _nation, tag) => ({ type: 'fortifications.create', payload: { sectorId: coalitionSector(), kind: 'trench-line', unit: 'km', planned: 12, notes: tag } }),
		applied: async (_ids, tag) => ((await adminRead('/api/v1/fortifications')) as { notes: string }[]).some((f) => f.notes === tag)
	},
	{
		says: 'register units of the Multinational Force (units.create)',
		action: 'units.create',
		nations: [],
		success: 201,
		prepare: async () => ({}),
		rest: (_ids, nation, tag) => ({ method: 'POST', path: '/api/v1/units', body: unitBody(nation, tag) }),
		socket: (_ids, nation, tag) => ({ type: 'units.create', payload: unitBody(nation, tag) }),
		applied: async (_ids, tag) => ((await adminRead('/api/v1/units')) as { name: string }[]).some((u) => u.name === tag)
	},
	{
		says: 'correct units (units.update)',
		action: 'units.update',
		nations: [],
		success: 200,
		prepare: async (nation) => ({ unitId: await adminUnit(nation) }),
		rest: (ids, _nation, tag) => ({ method: 'PATCH', path: `/api/v1/units/${ids.unitId}`, body: { name: tag } }),
		socket: (ids, _nation, tag) => ({ type: 'units.update', payload: { id: ids.unitId, name: tag } }),
		applied: async (ids, tag) => ((await adminRead(`/api/v1/units/${ids.unitId}`)) as { name: string }).name === tag
	},
	{
		says: "report a unit's readiness (units.readiness), a partner its own nation's units only",
		action: 'units.readiness',
		nations: [PARTNER_NATION, 'POL'],
		success: 200,
		prepare: async (nation) => ({ unitId: await adminUnit(nation) }),
		rest: (ids, _nation, tag) => ({ method: 'POST', path: `/api/v1/units/${ids.unitId}/readiness`, body: { readiness: 'C4', reason: tag } }),
		socket: (ids, _nation, tag) => ({ type: 'units.readiness', payload: { id: ids.unitId, readiness: 'C4', reason: tag } }),
		applied: async (ids, tag) => ((await adminRead(`/api/v1/units/${ids.unitId}`)) as { lastReport: { reason: string } }).lastReport.reason === tag
	},
	{
		says: "follow Ukraine's brigades through regeneration (brigades.create, brigades.update)",
		action: 'brigades.manage',
		nations: [],
		success: 201,
		prepare: async () => ({}),
		rest: (_ids, _nation, tag) => ({ method: 'POST', path: '/api/v1/brigades', body: { name: tag, plannedCertifiedOn: twoDaysAgo() } }),
		socket: (_ids, _nation, tag) => ({ type: 'brigades.create', payload: { name: tag, plannedCertifiedOn: twoDaysAgo() } }),
		applied: async (_ids, tag) => ((await adminRead('/api/v1/brigades')) as { name: string }[]).some((b) => b.name === tag)
	},
	{
		says: 'register commitments and move their status (commitments.create, commitments.status)',
		action: 'commitments.manage',
		nations: [],
		success: 201,
		prepare: async () => ({}),
		rest: (_ids, nation, tag) => ({ method: 'POST', path: '/api/v1/commitments', body: commitmentBody(nation, tag) }),
		socket: (_ids, nation, tag) => ({ type: 'commitments.create', payload: commitmentBody(nation, tag) }),
		applied: async (_ids, tag) => ((await adminRead('/api/v1/commitments')) as { text: string }[]).some((c) => c.text === tag)
	},
	{
		says: "answer an activation for a commitment (commitments.respond), a partner its own nation's only",
		action: 'commitments.respond',
		nations: [PARTNER_NATION, 'POL'],
		success: 200,
		async prepare(nation) {
			const made = await asAdmin('POST', '/api/v1/commitments', commitmentBody(nation, `matrix commitment ${nonce()}`));
			expectAnswer(made, 201, `admin registers a commitment of ${nation}`);
			// A fresh exercise asks every commitment in force, this one included.
			await standDownAnyActivation();
			expectAnswer(await asAdmin('POST', '/api/v1/activations', { scenario: 'matrix drill', exercise: true }), 201, 'admin starts an exercise');
			return { commitmentId: made.body.id as string };
		},
		rest: (ids, _nation, tag) => ({ method: 'POST', path: `/api/v1/commitments/${ids.commitmentId}/respond`, body: { status: 'acknowledged', note: tag } }),
		socket: (ids, _nation, tag) => ({ type: 'commitments.respond', payload: { id: ids.commitmentId, status: 'acknowledged', note: tag } }),
		applied: async (ids, tag) => ((await adminRead(`/api/v1/commitments/${ids.commitmentId}`)) as { response: { note: string | null } | null }).response?.note === tag
	},
	{
		says: 'declare, confirm and stand down activations (activations.declare, .confirm, .stand-down)',
		action: 'activations.manage',
		nations: [],
		success: 201,
		prepare: async () => (await standDownAnyActivation(), {}),
		rest: (_ids, _nation, tag) => ({ method: 'POST', path: '/api/v1/activations', body: { scenario: tag, exercise: true } }),
		socket: (_ids, _nation, tag) => ({ type: 'activations.declare', payload: { scenario: tag, exercise: true } }),
		applied: async (_ids, tag) => ((await adminRead('/api/v1/activations')) as { scenario: string }[]).some((a) => a.scenario === tag)
	},
	{
		says: 'hand the watch over (handovers.create) and take it over (handovers.acknowledge)',
		action: 'handovers.manage',
		nations: [],
		success: 201,
		prepare: async () => ({}),
		rest: (_ids, _nation, tag) => ({ method: 'POST', path: '/api/v1/handovers', body: { summary: tag, openItems: [] } }),
		socket: (_ids, _nation, tag) => ({ type: 'handovers.create', payload: { summary: tag, openItems: [] } }),
		applied: async (_ids, tag) => ((await adminRead('/api/v1/handovers')) as { summary: string }[]).some((h) => h.summary === tag)
	},
	{
		says: 'set how every wall rotates its panels (settings.wall)',
		action: 'settings.manage',
		nations: [],
		success: 200,
		async prepare() {
			expectAnswer(await asAdmin('PATCH', '/api/v1/settings/wall', { rotate: false, seconds: 20 }), 200, 'admin resets the wall settings');
			return {};
		},
		rest: () => ({ method: 'PATCH', path: '/api/v1/settings/wall', body: { seconds: 37 } }),
		socket: () => ({ type: 'settings.wall', payload: { seconds: 37 } }),
		applied: async () => ((await adminRead('/api/v1/settings/wall')) as { seconds: number }).seconds === 37
	},
	{
		says: 'run cooperation programmes and their milestones (programmes.create, .update, .output, milestones.*)',
		action: 'programmes.manage',
		nations: [],
		success: 201,
		prepare: async () => ({}),
		rest: (_ids, nation, tag) => ({ method: 'POST', path: '/api/v1/programmes', body: { kind: 'training', title: tag, nations: [nation], releasableTo: 'coalition' } }),
		socket: (_ids, nation, tag) => ({ type: 'programmes.create', payload: { kind: 'training', title: tag, nations: [nation], releasableTo: 'coalition' } }),
		applied: async (_ids, tag) => ((await adminRead('/api/v1/programmes')) as { title: string }[]).some((p) => p.title === tag)
	}
];

/** Each support write as a probe of one channel: the answer a client gets, and the write taking effect exactly when it was allowed. */
function contributedProbes(channel: 'rest' | 'socket'): Partial<Record<Action, { says: string; run: (c: Client) => Promise<void> }>> {
	return Object.fromEntries(
		CONTRIBUTED_WRITES.map((w) => [
			w.action,
			{
				says: `${w.says} ${channel === 'rest' ? 'over REST' : 'as a socket command'}`,
				async run(c: Client) {
					for (const nation of w.nations.length ? w.nations : [PARTNER_NATION]) {
						const ids = await w.prepare(nation);
						const tag = `matrix ${channel} ${w.action} by ${c.who} for ${nation} ${nonce()}`;
						const want = w.nations.length ? forNation(c, nation, w.success, w.action) : gate(c.who, w.action, w.success);
						let took: boolean;
						if (channel === 'rest') {
							const { method, path, body } = w.rest(ids, nation, tag);
							const answer = await call(c, method, path, body);
							expectAnswer(answer, want, `${w.action} for ${nation}`);
							took = answer.status < 300;
						} else {
							const { type, payload } = w.socket(ids, nation, tag);
							const ack = await c.screen.command(type, payload);
							expect(outcome(ack), `${type} for ${nation}`).toBe(codeOf(want) ?? 'ok');
							took = ack.ok;
						}
						expect(await w.applied(ids, tag), `${w.action} for ${nation} applied`).toBe(took);
					}
				}
			}
		])
	);
}

/** What each action means over REST, checked for one client; expectations from PERMISSIONS and canSee. */
const HTTP_PROBES: Partial<Record<Action, { says: string; run: (c: Client) => Promise<void> }>> = {
	...contributedProbes('rest'),
	'depot-requests.create': {
		says: "record requests for access to a defence depot (POST /api/v1/depot-requests), a partner its own nation's only",
		async run(c) {
			for (const nation of [PARTNER_NATION, 'POL']) {
				const item = `matrix HTTP depot request by ${c.who} for ${nation} ${nonce()}`;
				const answer = await call(c, 'POST', '/api/v1/depot-requests', { nation, depot: 'Depot 7', item, releasableTo: [nation] });
				expectAnswer(answer, forNation(c, nation, 201), `for ${nation}`);
				if (answer.status !== 201) expect(await adminDepotItems()).not.toContain(item);
			}
		}
	},
	'depot-requests.answer': {
		says: "grant or refuse depot requests (POST /api/v1/depot-requests/<id>/grant), a partner its own nation's only",
		async run(c) {
			for (const { nation, id } of await adminDepotRequests()) {
				const answer = await call(c, 'POST', `/api/v1/depot-requests/${id}/grant`, { reason: 'matrix: granted' });
				expectAnswer(answer, forNation(c, nation, 200), `grant the ${nation} request`);
				const now = await asAdmin('GET', `/api/v1/depot-requests/${id}`);
				expect(now.body.status, `the ${nation} request`).toBe(answer.status === 200 ? 'granted' : 'requested');
			}
		}
	},
	'records.read': {
		says: 'read log entries, reports, alerts and sectors (GET /api/v1/log-entries[/<id>], /api/v1/violations[/<id>], /api/v1/alerts, /api/v1/sectors)',
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

			// The ceasefire picture, by the same rule: reports, the alerts they raised, and the sectors.
			const [reports, alerts, sectors, missingReport] = await Promise.all([
				call(c, 'GET', '/api/v1/violations'),
				call(c, 'GET', '/api/v1/alerts'),
				call(c, 'GET', '/api/v1/sectors'),
				call(c, 'GET', `/api/v1/violations/${randomUUID()}`)
			]);
			expectAnswer(reports, may, 'GET /api/v1/violations');
			expectAnswer(alerts, may, 'GET /api/v1/alerts');
			expectAnswer(sectors, may, 'GET /api/v1/sectors');
			expectAnswer(missingReport, may === 200 ? 404 : may, 'GET a report that does not exist');
			for (const r of reportFixtures) {
				const visible = canSee(c.viewer, r.releasableTo);
				if (may === 200) {
					expect((reports.body as { id: string }[]).some((v) => v.id === r.id), `the ${r.label} report in the list`).toBe(visible);
					expect((alerts.body as { id: string }[]).some((a) => a.id === r.alertId), `the ${r.label} report's alert in the list`).toBe(canSee(c.viewer, alertAudience(r.releasableTo)));
				} else {
					expect(reports.text).not.toContain(r.text);
				}
				const one = await call(c, 'GET', `/api/v1/violations/${r.id}`);
				expectAnswer(one, may === 200 ? (visible ? 200 : 404) : may, `GET the ${r.label} report`);
				if (one.status === 200) expect(one.body).toMatchObject({ id: r.id, description: r.text, releasableTo: r.releasableTo });
				else expect(one.text).not.toContain(r.text);
				if (one.status === 404) expect(one.body).toEqual(missingReport.body);
			}
			for (const f of sectorFixtures) {
				if (may === 200) expect((sectors.body as { id: string }[]).some((s) => s.id === f.id), `the ${f.label} sector in the list`).toBe(canSee(c.viewer, f.releasableTo));
				else expect(sectors.text).not.toContain(f.id);
			}
		}
	},
	'log-entries.create': {
		says: 'create log entries (POST /api/v1/log-entries), whatever their releasability',
		async run(c) {
			const may = gate(c.who, 'log-entries.create', 201);
			for (const kind of KINDS) {
				const text = `matrix HTTP create by ${c.who} for ${kind.label} ${nonce()}`;
				const answer = await call(c, 'POST', '/api/v1/log-entries', { text, releasableTo: kind.releasableTo });
				expectAnswer(answer, may, `POST releasableTo ${kind.label}`);
				if (may === 201) expect(answer.body).toMatchObject({ text, releasableTo: kind.releasableTo, authorId: c.actor!.id });
				else expect(await adminLogTexts()).not.toContain(text);
			}
		}
	},
	'log-entries.update': {
		says: "change a log entry's releasability (PATCH /api/v1/log-entries/<id>)",
		async run(c) {
			const may = gate(c.who, 'log-entries.update', 200);
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
					expect(items.at(-1)).toMatchObject({ name: 'log-entries.created', actorName: 'Administrator' });
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
	'users.manage': {
		says: 'manage users (GET/POST /api/v1/users, GET/PATCH /api/v1/users/<id>)',
		async run(c) {
			const may = (success: number) => gate(c.who, 'users.manage', success);
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
	'tokens.manage': {
		says: 'manage API tokens (GET/POST /api/v1/tokens, DELETE /api/v1/tokens/<id>)',
		async run(c) {
			const may = (success: number) => gate(c.who, 'tokens.manage', success);
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
	},
	...ceasefireProbes(OVER_REST),
	'violations.import': probe('violations.import', 'import reports from CSV, previewed and committed (POST /api/v1/violations/import[?dryRun=true])', async (c) => {
		const may = (success: number) => gate(c.who, 'violations.import', success);
		const tag = `matrix CSV import by ${c.who} ${nonce()}`;
		const csv = [IMPORT_HEADER, ...[1, 2].map((n) => `${twoDaysAgo()},Explosions/Remote violence,Shelling,Group A,Donetsk,Pokrovsk,48.28,37.18,0,${tag} #${n},uav`)].join('\n');
		const head = await eventLogHead();
		const preview = await postCsv(c, '/api/v1/violations/import?dryRun=true', csv);
		expectAnswer(preview, may(200), 'the dry run');
		if (preview.status === 200) expect(preview.body).toMatchObject({ rows: 2, valid: 2, errors: [] });
		else expect(preview.text).not.toContain(tag);
		expect(await eventLogHead(), 'a dry run writes nothing').toBe(head);

		const commit = await postCsv(c, '/api/v1/violations/import', csv);
		expectAnswer(commit, may(201), 'the import');
		const imported = (await adminViolations()).filter((v) => v.description.startsWith(tag));
		if (commit.status === 201) {
			expect(commit.body).toMatchObject({ imported: 2 });
			// A file has no releasability column: what it brings is the cell's until someone releases it.
			expect(imported.map((v) => [v.releasableTo, v.reportedBy])).toEqual([
				['cell', c.actor!.displayName],
				['cell', c.actor!.displayName]
			]);
		} else {
			expect(imported, 'refused: no report was imported').toEqual([]);
		}
	}),
	'pledges.import': probe('pledges.import', "import pledges from the Kiel Institute tracker's CSV, previewed and committed (POST /api/v1/pledges/import[?dryRun=true])", async (c) => {
		const may = (success: number) => gate(c.who, 'pledges.import', success);
		const item = `matrix pledge import by ${c.who} ${nonce()}`;
		const csv = [KIEL_HEADER, `Germany,2023-03-15,Military,Commitment,Tanks,${item},18,415000000`, 'France,2023-03-15,Financial,Commitment,Loan,x,,1000'].join('\n');
		const head = await eventLogHead();
		const preview = await postCsv(c, '/api/v1/pledges/import?dryRun=true', csv);
		expectAnswer(preview, may(200), 'the dry run');
		if (preview.status === 200) expect(preview.body).toMatchObject({ rows: 2, valid: 1, errors: [], skipped: { Financial: 1 } });
		else expect(preview.text).not.toContain(item);
		expect(await eventLogHead(), 'a dry run writes nothing').toBe(head);

		const commit = await postCsv(c, '/api/v1/pledges/import?releasableTo=coalition', csv);
		expectAnswer(commit, may(201), 'the import');
		expect((await adminPledgesNamed(item)).map((p) => p.releasableTo)).toEqual(commit.status === 201 ? ['coalition'] : []);
	})
};

/** The same actions through the socket's `command` event, where the socket has them (reads are the snapshot). */
const SOCKET_PROBES: Partial<Record<Action, { says: string; run: (c: Client) => Promise<void> }>> = {
	...contributedProbes('socket'),
	'depot-requests.create': {
		says: 'record requests for access to a defence depot (command depot-requests.create)',
		async run(c) {
			for (const nation of [PARTNER_NATION, 'POL']) {
				const item = `matrix socket depot request by ${c.who} for ${nation} ${nonce()}`;
				const ack = await c.screen.command('depot-requests.create', { nation, depot: 'Depot 7', item, releasableTo: [nation] });
				expect(outcome(ack), `for ${nation}`).toBe(codeOf(forNation(c, nation, 201)) ?? 'ok');
				if (!ack.ok) expect(await adminDepotItems()).not.toContain(item);
			}
		}
	},
	'depot-requests.answer': {
		says: 'grant or refuse depot requests (command depot-requests.answer)',
		async run(c) {
			for (const { nation, id } of await adminDepotRequests()) {
				const ack = await c.screen.command('depot-requests.answer', { id, action: 'refuse', reason: 'matrix: refused' });
				expect(outcome(ack), `refuse the ${nation} request`).toBe(codeOf(forNation(c, nation, 200)) ?? 'ok');
				const now = await asAdmin('GET', `/api/v1/depot-requests/${id}`);
				expect(now.body.status, `the ${nation} request`).toBe(ack.ok ? 'refused' : 'requested');
			}
		}
	},
	'records.read': {
		says: 'see log entries, reports, alerts and sectors in its snapshot',
		async run(c) {
			const [snapshot] = c.screen.snapshots;
			const idsOf = (collection: string) => (snapshot!.data[collection] ?? []).map((e) => e.id);
			const ids = idsOf('log-entries');
			const may = ackGate(c.who, 'records.read') === 'ok';
			for (const f of fixtures) {
				const visible = may && canSee(c.viewer, f.releasableTo);
				expect(ids.includes(f.id), `the ${f.label} record in the snapshot`).toBe(visible);
				if (!visible) expect(JSON.stringify(snapshot)).not.toContain(f.text);
			}
			for (const r of reportFixtures) {
				const visible = may && canSee(c.viewer, r.releasableTo);
				expect(idsOf('violations').includes(r.id), `the ${r.label} report in the snapshot`).toBe(visible);
				expect(idsOf('alerts').includes(r.alertId), `the ${r.label} report's alert in the snapshot`).toBe(may && canSee(c.viewer, alertAudience(r.releasableTo)));
				if (!visible) expect(JSON.stringify(snapshot)).not.toContain(r.text);
			}
			for (const f of sectorFixtures) expect(idsOf('sectors').includes(f.id), `the ${f.label} sector in the snapshot`).toBe(may && canSee(c.viewer, f.releasableTo));
		}
	},
	'log-entries.create': {
		says: 'create log entries (command log-entries.create)',
		async run(c) {
			for (const kind of KINDS) {
				const text = `matrix socket create by ${c.who} for ${kind.label} ${nonce()}`;
				const ack = await c.screen.command('log-entries.create', { text, releasableTo: kind.releasableTo });
				expect(outcome(ack), `releasableTo ${kind.label}`).toBe(ackGate(c.who, 'log-entries.create'));
				if (ack.ok) expect(ack.record).toMatchObject({ text, releasableTo: kind.releasableTo });
				else expect((await adminLogTexts()).includes(text)).toBe(false);
			}
		}
	},
	'log-entries.update': {
		says: "change a log entry's releasability (command log-entries.update)",
		async run(c) {
			const may = ackGate(c.who, 'log-entries.update');
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
	'users.manage': {
		says: 'manage users (commands users.create and users.update)',
		async run(c) {
			const may = ackGate(c.who, 'users.manage');
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
	'tokens.manage': {
		says: 'manage API tokens (commands tokens.issue and tokens.revoke)',
		async run(c) {
			const may = ackGate(c.who, 'tokens.manage');
			const issued = await c.screen.command('tokens.issue', { name: `matrix socket token by ${c.who}`, role: 'wall', nation: 'FRA' });
			expect(outcome(issued), 'tokens.issue').toBe(may);

			const fresh = await issueFreshToken();
			const revoked = await c.screen.command('tokens.revoke', { id: fresh });
			expect(outcome(revoked), 'tokens.revoke').toBe(may);
			expect((await adminToken(fresh)).revokedAt !== null).toBe(may === 'ok');

			const missing = await c.screen.command('tokens.revoke', { id: randomUUID() });
			expect(outcome(missing), 'tokens.revoke of a token that does not exist').toBe(may === 'ok' ? 'not_found' : may);
		}
	},
	...ceasefireProbes(OVER_SOCKET),
	'violations.import': probe('violations.import', 'import reports in bulk, whatever their releasability (command violations.import)', async (c) => {
		const may = ackGate(c.who, 'violations.import');
		const tag = `matrix socket import by ${c.who} ${nonce()}`;
		const rows = KINDS.map((kind) => reportBody(`${tag} for ${kind.label}`, kind.releasableTo));
		const ack = await c.screen.command('violations.import', { rows });
		expect(outcome(ack), 'violations.import').toBe(may);
		const imported = (await adminViolations()).filter((v) => v.description.startsWith(tag));
		if (ack.ok) {
			expect(ack.record).toMatchObject({ rows: KINDS.length, importedBy: c.actor!.displayName });
			for (const kind of KINDS) expect(imported.find((v) => v.description === `${tag} for ${kind.label}`)?.releasableTo, `the ${kind.label} row`).toEqual(kind.releasableTo);
		} else {
			expect(JSON.stringify(ack)).not.toContain(tag);
			expect(imported, 'refused: no report was imported').toEqual([]);
		}
	}),
	'pledges.import': probe('pledges.import', 'import pledges in bulk (command pledges.import)', async (c) => {
		const item = `matrix socket pledge import by ${c.who} ${nonce()}`;
		const row = { donor: PARTNER_NATION, announcedOn: '2023-03-15', measure: 'commitment', category: 'armoured-vehicles', item, quantity: 18, channel: 'stockpile' };
		const ack = await c.screen.command('pledges.import', { rows: [row], releasableTo: [PARTNER_NATION] });
		expect(outcome(ack), 'pledges.import').toBe(ackGate(c.who, 'pledges.import'));
		if (ack.ok) expect(ack.record).toMatchObject({ rows: 1, importedBy: c.actor!.displayName });
		else expect(JSON.stringify(ack)).not.toContain(item);
		expect((await adminPledgesNamed(item)).map((p) => p.releasableTo)).toEqual(ack.ok ? [[PARTNER_NATION]] : []);
	})
};

const someone = (who: Who) => (who === 'anonymous' ? 'someone not signed in' : /^[aeiou]/.test(who) ? `an ${who}` : `a ${who}`);
const verdict = (who: Who, action: Action) => (who !== 'anonymous' && allows(who, action) ? 'may' : 'may not');

/** The identity and watch-log actions this issue is about, then the ceasefire's and the pledge import: each must have its probe here. */
const ISSUE_ACTIONS: Action[] = [
	'records.read',
	'log-entries.create',
	'log-entries.update',
	'history.read',
	'audit.read',
	'users.manage',
	'tokens.manage',
	'violations.report',
	'violations.verify',
	'violations.attribute',
	'violations.close',
	'violations.import',
	'sectors.manage',
	'alerts.acknowledge',
	'depot-requests.create',
	'depot-requests.answer',
	'pledges.create',
	'pledges.update',
	'deliveries.create',
	'deliveries.update',
	'deliveries.step',
	'fortifications.manage',
	'units.create',
	'units.update',
	'units.readiness',
	'brigades.manage',
	'pledges.import',
	'commitments.manage',
	'commitments.respond',
	'activations.manage',
	'programmes.manage',
	'handovers.manage',
	'settings.manage'
];
/** Reads the socket has no command for: a record's history and the audit trail are REST only. */
const REST_ONLY: Action[] = ['history.read', 'audit.read'];

describeEachBackend('authorization matrix (%s)', (backendName) => {
	setUpMatrix(backendName);

	describe('the matrix covers what the issue lists', () => {
		it('has the six roles of the cell and a REST probe for every identity, watch-log and ceasefire action', () => {
			expect([...ROLES].sort()).toEqual(['admin', 'commission', 'leadership', 'officer', 'partner', 'wall']);
			expect(ISSUE_ACTIONS.filter((a) => !(ACTIONS as string[]).includes(a)), 'actions gone from PERMISSIONS').toEqual([]);
			expect(ISSUE_ACTIONS.filter((a) => !HTTP_PROBES[a]), 'actions without a probe').toEqual([]);
		});
		it('has a socket probe for every one of them the socket can do', () => {
			expect(ISSUE_ACTIONS.filter((a) => !REST_ONLY.includes(a) && !SOCKET_PROBES[a]), 'actions without a socket probe').toEqual([]);
		});
		// Actions added to PERMISSIONS for other parts of the product show up here until they get a probe.
		for (const action of ACTIONS.filter((a) => !HTTP_PROBES[a])) it.todo(`${action}: add a probe to this matrix once its endpoints exist`);
	});

	for (const [channel, probes] of [
		['over REST', HTTP_PROBES],
		['over the socket', SOCKET_PROBES]
	] as const) {
		describe(channel, () => {
			for (const who of EVERYONE) {
				describe(someone(who), () => {
					for (const action of ACTIONS) {
						const probe = probes[action];
						if (!probe) continue;
						it(`${verdict(who, action)} ${probe.says}`, () => probe.run(client(who)));
					}
				});
			}
		});
	}

	describe('expectations written by hand (not derived from PERMISSIONS)', () => {
		interface Row {
			who: Who;
			method: string;
			/**
			 * `{cell}`, `{POL}`, … stand for the fixture record of that releasability, `{report:POL}`,
			 * `{alert:POL}` and `{sector:POL}` for the ceasefire's; `{target}` for a user; `{nowhere}` for an id that names nothing.
			 */
			path: string;
			body?: unknown;
			status: number;
		}
		const entry = () => ({ text: `hand-written expectation ${nonce()}` });
		const widen = { releasableTo: 'coalition' };
		const report = (releasableTo: Releasability = 'cell') => reportBody(`hand-written report ${nonce()}`, releasableTo);
		const step = { reason: 'hand-written step' };
		const attribution = { ...step, ...ATTRIBUTION };
		const override = { status: 'violated', reason: 'hand-written override', expiresInHours: 1 };
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
			{ who: 'anonymous', method: 'POST', path: '/api/v1/log-entries', body: entry(), status: 401 },
			// Ceasefire reports: a partner reads what is released to DEU, and writes nothing.
			{ who: 'partner', method: 'GET', path: '/api/v1/violations/{report:DEU}', status: 200 },
			{ who: 'partner', method: 'GET', path: '/api/v1/violations/{report:coalition}', status: 200 },
			{ who: 'partner', method: 'GET', path: '/api/v1/violations/{report:DEU+POL}', status: 200 },
			{ who: 'partner', method: 'GET', path: '/api/v1/violations/{report:POL}', status: 404 },
			{ who: 'partner', method: 'GET', path: '/api/v1/violations/{report:cell}', status: 404 },
			{ who: 'partner', method: 'POST', path: '/api/v1/violations', body: report(['DEU']), status: 403 },
			// Refused alike whether the report is released to the partner, not released, or does not exist.
			...['{report:DEU}', '{report:POL}', '{nowhere}'].map((report): Row => ({ who: 'partner', method: 'POST', path: `/api/v1/violations/${report}/begin-verification`, body: step, status: 403 })),
			{ who: 'partner', method: 'POST', path: '/api/v1/violations/{report:cell}/close', body: step, status: 403 },
			{ who: 'partner', method: 'POST', path: '/api/v1/violations/{report:coalition}/verify', body: step, status: 403 },
			{ who: 'partner', method: 'PATCH', path: '/api/v1/violations/{report:POL}', body: widen, status: 403 },
			{ who: 'partner', method: 'POST', path: '/api/v1/violations/import', body: {}, status: 403 },
			...['DEU', 'POL', 'cell'].map((label): Row => ({ who: 'partner', method: 'POST', path: `/api/v1/alerts/{alert:${label}}/acknowledge`, status: 403 })),
			...['DEU', 'POL'].map((label): Row => ({ who: 'partner', method: 'POST', path: `/api/v1/sectors/{sector:${label}}/check-in`, status: 403 })),
			{ who: 'partner', method: 'POST', path: '/api/v1/sectors/{sector:cell}/override', body: override, status: 403 },
			// The wall and leadership watch the ceasefire and touch nothing.
			{ who: 'wall', method: 'GET', path: '/api/v1/violations/{report:POL}', status: 200 },
			{ who: 'wall', method: 'POST', path: '/api/v1/violations', body: report(), status: 403 },
			{ who: 'wall', method: 'POST', path: '/api/v1/alerts/{alert:cell}/acknowledge', status: 403 },
			{ who: 'leadership', method: 'GET', path: '/api/v1/violations/{report:cell}', status: 200 },
			{ who: 'leadership', method: 'POST', path: '/api/v1/violations/{report:cell}/begin-verification', body: step, status: 403 },
			{ who: 'leadership', method: 'POST', path: '/api/v1/violations/{nowhere}/close', body: step, status: 403 },
			{ who: 'leadership', method: 'POST', path: '/api/v1/sectors/{sector:cell}/check-in', status: 403 },
			// The commission reports, attributes and closes; it does not verify, release, import, manage sectors or acknowledge.
			{ who: 'commission', method: 'POST', path: '/api/v1/violations', body: report(), status: 201 },
			{ who: 'commission', method: 'POST', path: '/api/v1/violations/{report:cell}/begin-verification', body: step, status: 403 },
			{ who: 'commission', method: 'PATCH', path: '/api/v1/violations/{report:cell}', body: widen, status: 403 },
			// It may attribute, so what stops it here is the report's status (409), not its role.
			{ who: 'commission', method: 'POST', path: '/api/v1/violations/{report:cell}/attribute', body: attribution, status: 409 },
			{ who: 'commission', method: 'POST', path: '/api/v1/violations/{nowhere}/close', body: step, status: 404 },
			{ who: 'commission', method: 'POST', path: '/api/v1/violations/import?dryRun=true', body: {}, status: 403 },
			{ who: 'commission', method: 'POST', path: '/api/v1/sectors/{sector:cell}/override', body: override, status: 403 },
			{ who: 'commission', method: 'POST', path: '/api/v1/alerts/{alert:cell}/acknowledge', status: 403 },
			// The watch officer verifies but does not attribute; it manages sectors and acknowledges alerts.
			{ who: 'officer', method: 'POST', path: '/api/v1/violations/{report:cell}/attribute', body: attribution, status: 403 },
			{ who: 'officer', method: 'POST', path: '/api/v1/violations/{report:cell}/remedy', body: step, status: 403 },
			{ who: 'officer', method: 'POST', path: '/api/v1/violations/{report:cell}/refer', body: step, status: 409 },
			{ who: 'officer', method: 'POST', path: '/api/v1/violations/{nowhere}/verify', body: step, status: 404 },
			{ who: 'officer', method: 'POST', path: '/api/v1/violations/{report:cell}/approve', body: step, status: 404 },
			// It may import, so an upload that is no CSV is what is wrong (400).
			{ who: 'officer', method: 'POST', path: '/api/v1/violations/import?dryRun=true', body: {}, status: 400 },
			...['POL', 'cell'].map((label): Row => ({ who: 'officer', method: 'POST', path: `/api/v1/sectors/{sector:${label}}/check-in`, status: 200 })),
			{ who: 'officer', method: 'POST', path: '/api/v1/sectors/mx-no-such-sector/check-in', status: 404 },
			{ who: 'officer', method: 'POST', path: '/api/v1/alerts/{nowhere}/acknowledge', status: 404 },
			// Nobody without credentials.
			{ who: 'anonymous', method: 'GET', path: '/api/v1/violations', status: 401 },
			{ who: 'anonymous', method: 'GET', path: '/api/v1/violations/{report:coalition}', status: 401 },
			{ who: 'anonymous', method: 'GET', path: '/api/v1/alerts', status: 401 },
			{ who: 'anonymous', method: 'POST', path: '/api/v1/violations', body: report('coalition'), status: 401 },
			{ who: 'anonymous', method: 'POST', path: '/api/v1/violations/{report:cell}/verify', body: step, status: 401 },
			{ who: 'anonymous', method: 'POST', path: '/api/v1/violations/import', body: {}, status: 401 },
			{ who: 'anonymous', method: 'POST', path: '/api/v1/sectors/{sector:coalition}/check-in', status: 401 },
			{ who: 'anonymous', method: 'POST', path: '/api/v1/alerts/{alert:coalition}/acknowledge', status: 401 },
			// Support: a partner pledges for its own nation, releasable to it; not for another, nor hidden from itself.
			{ who: 'partner', method: 'POST', path: '/api/v1/pledges', body: pledgeBody('DEU', 'hand-written'), status: 201 },
			{ who: 'partner', method: 'POST', path: '/api/v1/pledges', body: pledgeBody('POL', 'hand-written'), status: 403 },
			{ who: 'partner', method: 'POST', path: '/api/v1/pledges', body: { ...pledgeBody('DEU', 'hand-written'), releasableTo: 'cell' }, status: 400 },
			{ who: 'partner', method: 'POST', path: '/api/v1/pledges', body: { ...pledgeBody('DEU', 'hand-written'), releasableTo: ['POL'] }, status: 400 },
			{ who: 'partner', method: 'POST', path: '/api/v1/pledges', body: { ...pledgeBody('DEU', 'hand-written'), releasableTo: 'coalition' }, status: 201 },
			{ who: 'partner', method: 'POST', path: '/api/v1/fortifications', body: { sectorId: 'kupiansk', kind: 'minefield', unit: 'sites', planned: 3 }, status: 403 },
			{ who: 'partner', method: 'POST', path: '/api/v1/deliveries/{nowhere}/deliver', body: step, status: 404 },
			// The wall, leadership and the commission follow support and write none of it.
			...(['wall', 'leadership', 'commission'] as const).map((who): Row => ({ who, method: 'POST', path: '/api/v1/pledges', body: pledgeBody('DEU', 'hand-written'), status: 403 })),
			{ who: 'leadership', method: 'GET', path: '/api/v1/pledges', status: 200 },
			{ who: 'wall', method: 'GET', path: '/api/v1/deliveries.csv', status: 200 },
			// The watch officer records any nation's pledge, and the cell's own.
			{ who: 'officer', method: 'POST', path: '/api/v1/pledges', body: { ...pledgeBody('POL', 'hand-written'), releasableTo: 'cell' }, status: 201 },
			{ who: 'anonymous', method: 'GET', path: '/api/v1/pledges', status: 401 },
			{ who: 'anonymous', method: 'POST', path: '/api/v1/deliveries', body: { pledgeId: randomUUID(), quantity: 1 }, status: 401 }
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
				const path = row.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
					const [kind, label] = name.includes(':') ? name.split(':') : ['entry', name];
					if (name === 'target') return target.id;
					if (name === 'nowhere') return randomUUID();
					if (kind === 'report') return reportFixture(label!).id;
					if (kind === 'alert') return reportFixture(label!).alertId;
					if (kind === 'sector') return sectorFixture(label!).id;
					return fixture(label!).id;
				});
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

		it('the same for reports, their alerts and sectors: a partner of DEU sees the coalition, DEU and DEU+POL ones, but none of their alerts (they name the POL-only sector); the wall all five', () => {
			const labels = (who: Who) => {
				const data = client(who).screen.snapshots[0]!.data;
				const has = (collection: string, id: string) => (data[collection] ?? []).some((r) => r.id === id);
				return {
					reports: reportFixtures.filter((f) => has('violations', f.id)).map((f) => f.label),
					alerts: reportFixtures.filter((f) => has('alerts', f.alertId)).map((f) => f.label),
					sectors: sectorFixtures.filter((f) => has('sectors', f.id)).map((f) => f.label)
				};
			};
			const all = ['cell', 'coalition', 'DEU', 'POL', 'DEU+POL'];
			const deu = ['coalition', 'DEU', 'DEU+POL'];
			expect(labels('partner')).toEqual({ reports: deu, alerts: [], sectors: deu });
			expect(labels('wall')).toEqual({ reports: all, alerts: all, sectors: all });
			expect(labels('commission')).toEqual({ reports: all, alerts: all, sectors: all });
			expect(labels('anonymous')).toEqual({ reports: [], alerts: [], sectors: [] });
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
			{ who: 'anonymous', type: 'tokens.issue', payload: () => ({ name: 'hand', role: 'admin', nation: 'FRA' }), code: 'unauthenticated' },
			// Ceasefire commands. A partner is refused alike on a report released to it, one not released, and none at all.
			{ who: 'partner', type: 'violations.report', payload: () => report(['DEU']), code: 'forbidden' },
			{ who: 'partner', type: 'violations.step', payload: () => ({ ...step, id: reportFixture('DEU').id, action: 'begin-verification' }), code: 'forbidden' },
			{ who: 'partner', type: 'violations.step', payload: () => ({ ...step, id: reportFixture('POL').id, action: 'begin-verification' }), code: 'forbidden' },
			{ who: 'partner', type: 'violations.step', payload: () => ({ ...step, id: randomUUID(), action: 'begin-verification' }), code: 'forbidden' },
			{ who: 'partner', type: 'violations.update', payload: () => ({ id: reportFixture('POL').id, ...widen }), code: 'forbidden' },
			{ who: 'partner', type: 'violations.import', payload: () => ({ rows: [report(['DEU'])] }), code: 'forbidden' },
			{ who: 'partner', type: 'alerts.acknowledge', payload: () => ({ id: reportFixture('POL').alertId }), code: 'forbidden' },
			{ who: 'partner', type: 'sectors.check-in', payload: () => ({ id: sectorFixture('DEU').id }), code: 'forbidden' },
			{ who: 'wall', type: 'violations.report', payload: () => report(), code: 'forbidden' },
			{ who: 'wall', type: 'alerts.acknowledge', payload: () => ({ id: reportFixture('cell').alertId }), code: 'forbidden' },
			{ who: 'leadership', type: 'violations.step', payload: () => ({ ...step, id: reportFixture('cell').id, action: 'begin-verification' }), code: 'forbidden' },
			{ who: 'leadership', type: 'sectors.check-in', payload: () => ({ id: sectorFixture('cell').id }), code: 'forbidden' },
			{ who: 'commission', type: 'violations.step', payload: () => ({ ...step, id: reportFixture('cell').id, action: 'begin-verification' }), code: 'forbidden' },
			{ who: 'commission', type: 'violations.step', payload: () => ({ ...attribution, id: reportFixture('cell').id, action: 'attribute' }), code: 'conflict' },
			{ who: 'commission', type: 'violations.update', payload: () => ({ id: reportFixture('cell').id, ...widen }), code: 'forbidden' },
			{ who: 'commission', type: 'violations.import', payload: () => ({ rows: [report()] }), code: 'forbidden' },
			{ who: 'commission', type: 'sectors.create', payload: () => ({ id: `hand-${nonce()}`, name: 'Hand-written', geometry: square(squares++) }), code: 'forbidden' },
			{ who: 'commission', type: 'alerts.acknowledge', payload: () => ({ id: reportFixture('cell').alertId }), code: 'forbidden' },
			{ who: 'officer', type: 'violations.step', payload: () => ({ ...attribution, id: reportFixture('cell').id, action: 'attribute' }), code: 'forbidden' },
			{ who: 'officer', type: 'violations.step', payload: () => ({ ...step, id: reportFixture('cell').id, action: 'refer' }), code: 'conflict' },
			{ who: 'officer', type: 'violations.step', payload: () => ({ ...step, id: randomUUID(), action: 'verify' }), code: 'not_found' },
			{ who: 'officer', type: 'violations.import', payload: () => ({ rows: [] }), code: 'validation' },
			{ who: 'officer', type: 'sectors.override', payload: () => ({ ...override, id: 'mx-no-such-sector' }), code: 'not_found' },
			{ who: 'officer', type: 'alerts.acknowledge', payload: () => ({ id: randomUUID() }), code: 'not_found' },
			{ who: 'anonymous', type: 'violations.report', payload: () => report('coalition'), code: 'unauthenticated' },
			{ who: 'anonymous', type: 'violations.step', payload: () => ({ ...step, id: reportFixture('coalition').id, action: 'begin-verification' }), code: 'unauthenticated' },
			{ who: 'anonymous', type: 'alerts.acknowledge', payload: () => ({ id: reportFixture('coalition').alertId }), code: 'unauthenticated' }
		];
		for (const row of acks) {
			it(`${someone(row.who)}: the socket command ${row.type} is acknowledged with ${row.code}`, async () => {
				const ack = await client(row.who).screen.command(row.type, row.payload());
				expect(outcome(ack)).toBe(row.code);
				if (!ack.ok && row.code === 'validation') expect(Object.keys(ack.error.fields ?? {}).length).toBeGreaterThan(0);
			});
		}

		it('the fixture reports, alerts and sectors are as they were made (the refused writes above changed nothing)', async () => {
			const [reports, alerts, sectors] = await Promise.all([Promise.all(reportFixtures.map((f) => adminViolation(f.id))), adminAlertsOf(reportFixtures), adminSectors()]);
			for (const [i, f] of reportFixtures.entries()) {
				expect(reports[i], `the ${f.label} report`).toMatchObject({ status: 'reported', releasableTo: f.releasableTo, responsibleParty: null });
				expect(alerts[i], `the ${f.label} report's alert`).toMatchObject({ acknowledgedBy: null, releasableTo: alertAudience(f.releasableTo) });
			}
			for (const f of sectorFixtures) expect(sectors.get(f.id), `the ${f.label} sector`).toMatchObject({ override: null, releasableTo: f.releasableTo });
		});
	});

	describe('what the live screens were sent while the matrix ran', () => {
		it('a partner of DEU was sent no record that is not released to it, nor word of one it never saw', () => {
			const partner = client('partner');
			const seen = new Set(Object.values(partner.screen.snapshots[0]!.data).flatMap((records) => records.map((r) => r.id)));
			const upserts = partner.screen.deltas.filter((d) => d.op === 'upsert' && d.collection !== 'kpis');
			expect(upserts.length, 'the partner was sent the reports released to it').toBeGreaterThan(0);
			for (const delta of partner.screen.deltas) {
				if (delta.collection === 'kpis') continue;
				if (delta.op === 'upsert') {
					const releasableTo = (delta.record as { releasableTo?: Releasability }).releasableTo;
					expect(releasableTo !== undefined && canSee(partner.viewer, releasableTo), `${delta.collection} ${delta.id}: ${JSON.stringify(delta.record).slice(0, 200)}`).toBe(true);
					seen.add(delta.id);
				} else {
					expect(seen.has(delta.id), `the removal of ${delta.collection} ${delta.id}, which it never saw`).toBe(true);
				}
			}
		});
		it('someone not signed in was sent nothing at all', () => {
			expect(client('anonymous').screen.deltas.filter((d) => d.collection !== 'kpis')).toEqual([]);
			expect(client('anonymous').screen.snapshots[0]!.kpis, 'no KPIs in the anonymous snapshot').toEqual({});
		});

		it('a partner of DEU was sent no word of a sector not released to it: no sector id in a record, no alert naming it, no KPI of it', () => {
			const partner = client('partner');
			const hidden = sectorFixtures.filter((f) => !canSee(partner.viewer, f.releasableTo));
			expect(hidden.map((f) => f.label)).toEqual(['cell', 'POL']);
			const frames = partner.screen.wire.join('\n');
			for (const sector of hidden) {
				expect(frames, `the id of the ${sector.label} sector`).not.toContain(`"${sector.id}"`);
				expect(frames, `the name of the ${sector.label} sector`).not.toContain(LINE_OF_CONTACT.find((s) => s.id === sector.id)!.name);
			}
			// Its fixture report lies in the POL-only sector: it came, without the sector, and without its alert.
			const deuReport = reportFixture('DEU');
			const sent = [...partner.screen.snapshots.flatMap((s) => s.data.violations ?? []), ...partner.screen.deltas.flatMap((d) => (d.op === 'upsert' ? [d.record] : []))].filter((r) => r.id === deuReport.id);
			expect(sent.length, 'the DEU report reached the DEU partner').toBeGreaterThan(0);
			for (const record of sent) expect(record.sectorId).toBeNull();
			expect(frames).not.toContain(deuReport.alertId);
			for (const delta of partner.screen.deltas.filter((d) => d.collection === 'kpis' && d.op === 'upsert')) {
				expect(delta.op === 'upsert' && delta.record.releasableTo, 'a KPI record computed for DEU').toEqual([PARTNER_NATION]);
			}
		});
	});

	describe('screens that resume after a record was released to the coalition and withdrawn', () => {
		it('replay to a partner, and to a partner account made after the withdrawal, from an old seq or from 0, only what they may see now', async () => {
			const oldSeq = client('partner').screen.snapshots[0]!.seq;
			const secret = `matrix withdrawn ${nonce()}`;
			const released = await asAdmin('POST', '/api/v1/log-entries', { text: secret, releasableTo: 'coalition' });
			expectAnswer(released, 201, 'release an entry to the coalition');
			expectAnswer(await asAdmin('PATCH', `/api/v1/log-entries/${released.body.id}`, { releasableTo: 'cell' }), 200, 'withdraw it');
			const late = await asAdmin('POST', '/api/v1/users', { username: `mx-late-${nonce()}`, role: 'partner', nation: PARTNER_NATION, password: 'mx-late-password-123' });
			expectAnswer(late, 201, 'a partner account made after the withdrawal');
			const lateCookie = await signIn(server!.url, late.body.username, 'mx-late-password-123');
			const barrierText = `matrix resume barrier ${nonce()}`;
			const resumers = [
				{ who: 'the partner from an old seq', cookie: client('partner').cookie!, lastSeq: oldSeq },
				{ who: 'the partner from 0', cookie: client('partner').cookie!, lastSeq: 0 },
				{ who: 'the late account from an old seq', cookie: lateCookie, lastSeq: oldSeq },
				{ who: 'the late account from 0', cookie: lateCookie, lastSeq: 0 }
			].map((r) => ({ ...r, screen: new Screen(server!.url, { cookie: r.cookie, resumeFrom: { lastSeq: r.lastSeq } }) }));
			screens.push(...resumers.map((r) => r.screen));
			await Promise.all(resumers.map((r) => r.screen.until((s) => s.socket.connected, `${r.who} connected`)));
			expectAnswer(await asAdmin('POST', '/api/v1/log-entries', { text: barrierText, releasableTo: 'coalition' }), 201, 'the barrier');
			for (const { who, screen } of resumers) {
				await screen.until((s) => s.deltas.some((d) => d.op === 'upsert' && d.record.text === barrierText), `the barrier on ${who}'s screen`);
				// Replayed, or sent a snapshot when the gap is wider than the replay window: either way, only what it may see now.
				expect(screen.wire.join('\n'), who).not.toContain(secret);
				const records = [...screen.snapshots.flatMap((x) => Object.values(x.data).flat()), ...screen.deltas.flatMap((d) => (d.op === 'upsert' && d.collection !== 'kpis' ? [d.record] : []))];
				for (const record of records) expect(canSee(client('partner').viewer, record.releasableTo), `${who}: ${record.id}`).toBe(true);
			}
		});
	});
});
