/**
 * What the fault drills share: screens that record everything they receive in order, command
 * flows that record every answer, a reader of what Postgres (or PGlite) holds, and the one
 * assertion every drill ends with — every acknowledged command is in the record and on every
 * screen exactly once, in seq order; every other one was refused with the error contract and
 * never half-applied.
 */
import { io, type Socket } from 'socket.io-client';
import postgres from 'postgres';
import { afterAll, expect } from 'vitest';
import { ERROR_STATUS } from '$lib/domain/core/errors';
import type { CommandAck, Delta, Snapshot, WireRecord } from '$lib/domain/core/protocol';
import { startServerProcess, type ServerProcess } from './server-process';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until the predicate holds, polling; throws with `what` (and the detail, if any) after the timeout. */
export async function eventually(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000, detail?: () => string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `: ${detail()}` : ''}`);
		await sleep(25);
	}
}

// ————————————————————————————————————————————— screens

export type Seen =
	| { kind: 'connect'; url: string; resumedFrom: number | null }
	| { kind: 'snapshot'; snapshot: Snapshot }
	| { kind: 'delta'; delta: Delta }
	| { kind: 'status'; stale: boolean }
	| { kind: 'reconnect'; reason: string }
	| { kind: 'disconnect'; reason: string };

export interface Credentials {
	cookie?: string;
	token?: string;
}

/**
 * A screen as the drills see it: one ordered record of everything it received over all its
 * connections, the log entries it shows now, and resume from its last seq as the browser does.
 */
export class DrillScreen {
	readonly seen: Seen[] = [];
	/** The log entries this screen shows now: id → record. */
	readonly entries = new Map<string, WireRecord>();
	socket: Socket | null = null;
	lastSeq = 0;
	epoch: string | undefined;
	#closed = false;

	constructor(
		readonly name: string,
		public url: string,
		private readonly credentials: Credentials = {}
	) {}

	get connected(): boolean {
		return this.socket?.connected ?? false;
	}

	get snapshots(): Snapshot[] {
		return this.seen.flatMap((s) => (s.kind === 'snapshot' ? [s.snapshot] : []));
	}

	get deltas(): Delta[] {
		return this.seen.flatMap((s) => (s.kind === 'delta' ? [s.delta] : []));
	}

	get statuses(): boolean[] {
		return this.seen.flatMap((s) => (s.kind === 'status' ? [s.stale] : []));
	}

	count(kind: Seen['kind']): number {
		return this.seen.filter((s) => s.kind === kind).length;
	}

	has(id: string): boolean {
		return this.entries.has(id);
	}

	#socketTo(url: string, resumeFrom: { lastSeq: number; epoch?: string } | null): Socket {
		this.socket?.removeAllListeners();
		this.socket?.disconnect();
		const socket = io(`${url}/live`, {
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			timeout: 5000,
			extraHeaders: this.credentials.cookie ? { cookie: this.credentials.cookie } : undefined,
			auth: { ...(this.credentials.token ? { token: this.credentials.token } : {}), ...(resumeFrom ?? {}) }
		});
		this.url = url;
		this.socket = socket;
		socket.on('connect', () => this.seen.push({ kind: 'connect', url, resumedFrom: resumeFrom?.lastSeq ?? null }));
		socket.on('snapshot', (snapshot: Snapshot) => {
			this.seen.push({ kind: 'snapshot', snapshot });
			this.lastSeq = snapshot.seq;
			this.epoch = snapshot.epoch;
			this.entries.clear();
			for (const record of snapshot.data['log-entries'] ?? []) this.entries.set(record.id, record);
		});
		socket.on('delta', (delta: Delta) => {
			this.seen.push({ kind: 'delta', delta });
			this.lastSeq = Math.max(this.lastSeq, delta.seq);
			if (delta.collection !== 'log-entries') return;
			if (delta.op === 'upsert') this.entries.set(delta.id, delta.record);
			else this.entries.delete(delta.id);
		});
		socket.on('status', (status: { stale: boolean }) => this.seen.push({ kind: 'status', stale: status.stale }));
		socket.on('reconnect', (info: { reason: string }) => this.seen.push({ kind: 'reconnect', reason: info.reason }));
		socket.on('disconnect', (reason: string) => this.seen.push({ kind: 'disconnect', reason }));
		return socket;
	}

	/** A fresh connection (no last seq): resolves with its snapshot. */
	async open(url = this.url): Promise<void> {
		const before = this.count('snapshot');
		const socket = this.#socketTo(url, null);
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`${this.name}: no snapshot from ${url} within 15 s`)), 15_000);
			socket.once('connect_error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			const check = () => {
				if (this.count('snapshot') > before) {
					clearTimeout(timer);
					resolve();
				} else socket.once('snapshot', () => setImmediate(check));
			};
			check();
		});
	}

	/** Reconnects with its last seq and epoch in the handshake, as the browser client does; retries until connected. */
	async resume(url = this.url, timeoutMs = 20_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const socket = this.#socketTo(url, { lastSeq: this.lastSeq, epoch: this.epoch });
			try {
				await new Promise<void>((resolve, reject) => {
					socket.once('connect', () => resolve());
					socket.once('connect_error', reject);
				});
				return;
			} catch (error) {
				if (this.#closed || Date.now() > deadline) throw new Error(`${this.name}: could not resume on ${url}: ${String(error)}`);
				await sleep(200);
			}
		}
	}

	/** Waits until this screen shows every one of these log entry ids. */
	async showsAll(ids: Iterable<string>, what: string, timeoutMs = 20_000): Promise<void> {
		const wanted = [...ids];
		await eventually(
			() => wanted.every((id) => this.entries.has(id)),
			`${this.name} to show ${what}`,
			timeoutMs,
			() => `${wanted.filter((id) => !this.entries.has(id)).length} of ${wanted.length} missing; connected=${this.connected}; last seen: ${JSON.stringify(this.seen.slice(-3)).slice(0, 500)}`
		);
	}

	/** Drops the connection as a closed laptop lid would; resume() brings it back from its last seq. */
	goOffline(): void {
		this.socket?.removeAllListeners();
		this.socket?.disconnect();
		this.seen.push({ kind: 'disconnect', reason: 'went offline (test)' });
	}

	close(): void {
		this.#closed = true;
		this.socket?.removeAllListeners();
		this.socket?.disconnect();
	}
}

// ————————————————————————————————————————————— commands

interface Sent {
	key: string;
	text: string;
	via: 'socket' | 'rest';
	/** When it was sent and answered (Date.now()), for telling what happened when. */
	sentAt: number;
	answeredAt: number;
}
export type Outcome =
	| (Sent & { answer: 'ok'; seq: number; record: WireRecord })
	| (Sent & { answer: 'refused'; status?: number; error: { code: string; message: string; fields?: unknown } })
	/** No answer at all: the connection went away first (or no answer in time). Outcome unknown to the client. */
	| (Sent & { answer: 'lost'; reason: string });

/** Every code of the error contract. */
const ERROR_CODES = new Set(Object.keys(ERROR_STATUS));

/** `{ code, message, fields? }` with a known code and a non-empty message, nothing else. */
export function isErrorBody(error: unknown): boolean {
	if (!error || typeof error !== 'object') return false;
	const e = error as Record<string, unknown>;
	const keys = Object.keys(e).filter((k) => k !== 'fields');
	return keys.length === 2 && typeof e.code === 'string' && ERROR_CODES.has(e.code) && typeof e.message === 'string' && e.message.length > 0;
}

/** A command over a socket, answered through its ack; rejects (lost) when the connection goes first. */
export function commandOver(socket: Socket, command: { type: string; id: string; payload: unknown }, timeoutMs = 15_000): Promise<CommandAck> {
	return new Promise((resolve, reject) => {
		if (!socket.connected) return reject(new Error('not connected'));
		const onDisconnect = (reason: string) => {
			clearTimeout(timer);
			reject(new Error(`disconnected (${reason}) before the answer`));
		};
		const timer = setTimeout(() => {
			socket.off('disconnect', onDisconnect);
			reject(new Error(`no answer within ${timeoutMs} ms`));
		}, timeoutMs);
		socket.once('disconnect', onDisconnect);
		socket.emit('command', command, (ack: CommandAck) => {
			clearTimeout(timer);
			socket.off('disconnect', onDisconnect);
			resolve(ack);
		});
	});
}

/** Sends log entries and keeps every answer, so a drill can check each one against the record. */
export class CommandLedger {
	readonly outcomes: Outcome[] = [];
	/** When each command still waiting for its answer was sent. */
	readonly #inFlight = new Set<{ sentAt: number }>();
	#n = 0;

	constructor(readonly label: string) {}

	nextText(): string {
		return `${this.label} #${++this.#n}`;
	}

	get acknowledged() {
		return this.outcomes.filter((o): o is Extract<Outcome, { answer: 'ok' }> => o.answer === 'ok');
	}
	get refused() {
		return this.outcomes.filter((o): o is Extract<Outcome, { answer: 'refused' }> => o.answer === 'refused');
	}
	get lost() {
		return this.outcomes.filter((o): o is Extract<Outcome, { answer: 'lost' }> => o.answer === 'lost');
	}

	/** True once every command sent before `at` has been answered (or given up on as lost). */
	settledBefore(at: number): boolean {
		for (const sent of this.#inFlight) if (sent.sentAt < at) return false;
		return true;
	}

	/**
	 * One create over a socket; the answer (or its absence) is recorded and returned. Null, and
	 * nothing sent, while the socket is not connected (a client holds its input until it is).
	 */
	async viaSocket(socket: Socket, text?: string, key: string = crypto.randomUUID(), timeoutMs?: number): Promise<Outcome | null> {
		if (!socket.connected) {
			await sleep(20);
			return null;
		}
		text ??= this.nextText();
		let outcome: Outcome;
		const sent = { key, text, via: 'socket' as const, sentAt: Date.now() };
		this.#inFlight.add(sent);
		try {
			const ack = await commandOver(socket, { type: 'log-entries.create', id: key, payload: { text } }, timeoutMs);
			const answeredAt = Date.now();
			outcome = ack.ok ? { ...sent, answeredAt, answer: 'ok', seq: ack.seq, record: ack.record } : { ...sent, answeredAt, answer: 'refused', error: ack.error };
		} catch (error) {
			outcome = { ...sent, answeredAt: Date.now(), answer: 'lost', reason: error instanceof Error ? error.message : String(error) };
		}
		this.#record(outcome, sent);
		return outcome;
	}

	/** One create over REST with an Idempotency-Key. */
	async viaRest(baseUrl: string, cookie: string, text = this.nextText(), key: string = crypto.randomUUID(), timeoutMs = 15_000): Promise<Outcome> {
		let outcome: Outcome;
		const sent = { key, text, via: 'rest' as const, sentAt: Date.now() };
		this.#inFlight.add(sent);
		try {
			const response = await fetch(`${baseUrl}/api/v1/log-entries`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie, 'idempotency-key': key },
				body: JSON.stringify({ text }),
				signal: AbortSignal.timeout(timeoutMs)
			});
			const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
			const answeredAt = Date.now();
			if (response.status === 200 || response.status === 201) {
				outcome = { ...sent, answeredAt, answer: 'ok', seq: Number(response.headers.get('x-watchfloor-seq')), record: body as unknown as WireRecord };
			} else {
				// The error contract is `{ error: {...} }`; anything else is kept whole so the check shows it.
				const error = body && Object.keys(body).length === 1 && body.error ? body.error : { code: 'not the error contract', message: JSON.stringify(body) };
				outcome = { ...sent, answeredAt, answer: 'refused', status: response.status, error: error as { code: string; message: string } };
			}
		} catch (error) {
			outcome = { ...sent, answeredAt: Date.now(), answer: 'lost', reason: error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ''}` : String(error) };
		}
		this.#record(outcome, sent);
		return outcome;
	}

	#record(outcome: Outcome, sent: { sentAt: number }) {
		this.#inFlight.delete(sent);
		// A retry with the same key replaces the earlier answer: the client's last word is what counts.
		const earlier = this.outcomes.findIndex((o) => o.key === outcome.key);
		if (earlier >= 0) this.outcomes.splice(earlier, 1);
		this.outcomes.push(outcome);
	}

	/**
	 * As a client does after an outage: send every command that was refused as unavailable, or got
	 * no answer, again with the same key, until each is answered. A key is never applied twice.
	 */
	async retryUnsettled(send: (o: Outcome) => Promise<Outcome>, timeoutMs = 20_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const unsettled = this.outcomes.filter((o) => o.answer === 'lost' || (o.answer === 'refused' && ['unavailable', 'rate_limited'].includes(o.error.code)));
			if (unsettled.length === 0) return;
			if (Date.now() > deadline) throw new Error(`${unsettled.length} commands still unanswered after retrying: ${JSON.stringify(unsettled.slice(0, 3))}`);
			for (const o of unsettled) await send(o);
			await sleep(100);
		}
	}
}

export interface Flow {
	stop(): Promise<void>;
	readonly sent: number;
}
const flowing = new Set<Flow>();

/** Stops every flow still running (a drill that failed halfway leaves them on). */
async function stopFlows(): Promise<void> {
	await Promise.all([...flowing].map((f) => f.stop()));
}

/** `concurrency` loops that each send the next command as soon as the previous one is answered. */
export function flow(send: () => Promise<unknown>, concurrency: number): Flow {
	let running = true;
	let sent = 0;
	const loops = Array.from({ length: concurrency }, async () => {
		while (running) {
			sent++;
			await send();
			// Yield, so a flow that is refused instantly cannot starve the test's timers.
			await new Promise((r) => setImmediate(r));
		}
	});
	const handle: Flow = {
		get sent() {
			return sent;
		},
		async stop() {
			running = false;
			flowing.delete(handle);
			await Promise.all(loops);
		}
	};
	flowing.add(handle);
	return handle;
}

/**
 * What one drill starts, undone in afterAll even when it failed halfway: its flows stopped, its
 * screens closed, its servers stopped, then whatever it registered with `afterwards`, last first
 * (a database after the runtime that uses it). Create it in the drill's describe block.
 */
export class Drill {
	readonly screens: DrillScreen[] = [];
	readonly servers: ServerProcess[] = [];
	readonly #undo: (() => unknown)[] = [];

	constructor() {
		afterAll(async () => {
			await stopFlows();
			for (const s of this.screens) s.close();
			await Promise.allSettled(this.servers.map((s) => s.stop()));
			for (const undo of this.#undo.reverse()) await undo();
		});
	}

	/** A server process this drill stops at the end. */
	async startServer(env: Record<string, string>): Promise<ServerProcess> {
		const server = await startServerProcess(env);
		this.servers.push(server);
		return server;
	}

	/** Screens signed in with `cookie`, one per name, all open (a tuple, so each can be destructured). */
	async openScreens<const Names extends readonly string[]>(url: string, cookie: string, names: Names): Promise<{ [K in keyof Names]: DrillScreen }> {
		const opened = names.map((name) => new DrillScreen(name, url, { cookie }));
		this.screens.push(...opened);
		await Promise.all(opened.map((s) => s.open()));
		return opened as { [K in keyof Names]: DrillScreen };
	}

	afterwards(undo: () => unknown): void {
		this.#undo.push(undo);
	}
}

// ————————————————————————————————————————————— the record

export interface LoggedEvent {
	seq: number;
	collection: string;
	entityId: string;
	op: string;
	record: WireRecord | null;
	idempotencyKey: string | null;
}

export interface TheRecord {
	events: LoggedEvent[];
	/** log_entries rows, id → text. */
	entries: Map<string, string>;
}

type Row = Record<string, unknown>;
function toRecord(eventRows: Row[], entryRows: Row[]): TheRecord {
	return {
		events: eventRows.map((r) => ({
			seq: Number(r.seq),
			collection: String(r.collection),
			entityId: String(r.entity_id),
			op: String(r.op),
			record: (typeof r.record === 'string' ? JSON.parse(r.record) : r.record) as WireRecord | null,
			idempotencyKey: (r.idempotency_key as string | null) ?? null
		})),
		entries: new Map(entryRows.map((r) => [String(r.id), String(r.text)]))
	};
}

const EVENTS_SQL = 'select seq, collection, entity_id, op, record, idempotency_key from events order by seq';
const ENTRIES_SQL = 'select id, text from log_entries';

/** Reads the event log and the log entries straight from Postgres. */
export async function readPostgres(url: string): Promise<TheRecord> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		return toRecord(await sql.unsafe(EVENTS_SQL), await sql.unsafe(ENTRIES_SQL));
	} finally {
		await sql.end({ timeout: 5 });
	}
}

/** Reads a PGlite data directory (only once the server that used it has exited). */
export async function readPglite(dataDir: string): Promise<TheRecord> {
	const { PGlite } = await import('@electric-sql/pglite');
	const db = await PGlite.create(dataDir);
	try {
		return toRecord((await db.query<Row>(EVENTS_SQL)).rows, (await db.query<Row>(ENTRIES_SQL)).rows);
	} finally {
		await db.close();
	}
}

/** Reads through a runtime's own database handle (an in-process server; PGlite cannot be opened twice). */
export async function readThroughDb(db: { execute(query: unknown): Promise<unknown> }): Promise<TheRecord> {
	const { sql } = await import('drizzle-orm');
	const rows = async (query: string): Promise<Row[]> => {
		const result = (await db.execute(sql.raw(query))) as { rows?: Row[] } | Row[];
		return Array.isArray(result) ? result : (result.rows ?? []);
	};
	return toRecord(await rows(EVENTS_SQL), await rows(ENTRIES_SQL));
}

/** The record of a backend's env: Postgres when it has DATABASE_URL, else its PGlite directory. */
export function readRecord(env: Record<string, string>): Promise<TheRecord> {
	if (env.DATABASE_URL) return readPostgres(env.DATABASE_URL);
	return readPglite(env.WATCHFLOOR_DATA_DIR!);
}

// ————————————————————————————————————————————— the assertion every drill ends with

export interface ExactlyOnceOptions {
	/**
	 * Codes a refusal may carry in this drill; a refused command must not be in the record.
	 * (Refusals a client retried with the same key are replaced by the retry's answer.)
	 */
	refusals?: string[];
	/** A command that got no answer may have been committed just before its connection died: allowed, but then whole. */
	lostMayBeCommitted?: boolean;
}

/**
 * Every acknowledged command is in the record (its row, and its event with its seq and key) and on
 * every screen exactly once, in seq order, with no gap; every other command was refused with the
 * error contract and is not in the record; nothing is half-applied; no key was applied twice.
 */
export function expectExactlyOnce(ledger: CommandLedger | CommandLedger[], record: TheRecord, screens: DrillScreen[], options: ExactlyOnceOptions = {}): void {
	const outcomes = (Array.isArray(ledger) ? ledger : [ledger]).flatMap((l) => l.outcomes);
	const logEvents = record.events.filter((e) => e.collection === 'log-entries');
	const bySeq = new Map(record.events.map((e) => [e.seq, e]));
	const byKey = new Map<string, LoggedEvent[]>();
	for (const e of record.events) if (e.idempotencyKey) byKey.set(e.idempotencyKey, [...(byKey.get(e.idempotencyKey) ?? []), e]);

	// Nothing half-applied: one create event per row, one row per create event.
	const created = logEvents.filter((e) => e.op === 'upsert');
	expect(new Set(created.map((e) => e.entityId)).size, 'one create event per log entry').toBe(created.length);
	expect([...record.entries.keys()].sort(), 'log_entries rows and their events agree').toEqual(created.map((e) => e.entityId).sort());
	for (const [key, events] of byKey) expect(events.length, `idempotency key ${key} applied once`).toBe(1);

	for (const o of outcomes) {
		const logged = byKey.get(o.key)?.[0];
		if (o.answer === 'ok') {
			expect(logged, `acknowledged ${o.text} (seq ${o.seq}) is in the event log`).toBeDefined();
			expect(logged!.seq, `acknowledged ${o.text}: its seq`).toBe(o.seq);
			expect(bySeq.get(o.seq)!.entityId).toBe(o.record.id);
			expect(record.entries.get(o.record.id), `acknowledged ${o.text}: its row`).toBe(o.text);
			expect(o.record.text).toBe(o.text);
		} else if (o.answer === 'refused') {
			expect(isErrorBody(o.error), `refusal of ${o.text} follows the error contract: ${JSON.stringify(o.error)}`).toBe(true);
			if (options.refusals) expect(options.refusals, `refusal of ${o.text}: ${JSON.stringify(o.error)}`).toContain(o.error.code);
			expect(logged, `refused ${o.text} (${o.error.code}) is not in the record`).toBeUndefined();
		} else {
			if (!options.lostMayBeCommitted) expect(logged, `${o.text} got no answer (${o.reason}) yet is in the record`).toBeUndefined();
			if (logged) expect(record.entries.get(logged.entityId), `${o.text} committed without an answer is whole`).toBe(o.text);
		}
	}

	const lastLogged = logEvents.at(-1)?.seq ?? 0;
	for (const screen of screens) expectScreenExact(screen, logEvents, lastLogged);
}

/**
 * One screen's whole history: after each snapshot, a delta for exactly every logged event after
 * it (no gap, no duplicate), strictly increasing; and at the end it shows exactly what the log holds.
 */
export function expectScreenExact(screen: DrillScreen, logEvents: LoggedEvent[], upTo: number): void {
	const name = screen.name;
	let cursor: number | null = null;
	let segmentStart = 0;
	const received: number[] = [];
	const deltasBySeq = new Map<number, Delta>();
	const checkSegment = (until: number) => {
		// Every logged event of a live collection in (segmentStart, until] arrived, in order, once.
		const expected = logEvents.filter((e) => e.seq > segmentStart && e.seq <= until).map((e) => e.seq);
		expect(received, `${name}: deltas after its snapshot at seq ${segmentStart}`).toEqual(expected);
	};
	for (const item of screen.seen) {
		if (item.kind === 'snapshot') {
			if (cursor !== null) {
				expect(item.snapshot.seq, `${name}: a later snapshot never goes back`).toBeGreaterThanOrEqual(cursor);
				checkSegment(Math.min(cursor, item.snapshot.seq));
			}
			cursor = segmentStart = item.snapshot.seq;
			received.length = 0;
		} else if (item.kind === 'delta') {
			expect(cursor, `${name}: a delta before any snapshot`).not.toBeNull();
			// KPI deltas too (they have seqs of their own between the events', and are not log events).
			expect(item.delta.seq, `${name}: seq strictly increasing`).toBeGreaterThan(cursor!);
			cursor = item.delta.seq;
			if (item.delta.collection !== 'log-entries') continue;
			received.push(item.delta.seq);
			deltasBySeq.set(item.delta.seq, item.delta);
		}
	}
	expect(cursor, `${name}: it got a snapshot`).not.toBeNull();
	expect(cursor!, `${name}: caught up with the log`).toBeGreaterThanOrEqual(upTo);
	checkSegment(upTo);
	for (const e of logEvents) {
		const delta = deltasBySeq.get(e.seq);
		if (delta) expect(delta, `${name}: the delta of seq ${e.seq} is the logged change`).toMatchObject({ id: e.entityId, op: e.op, ...(e.record ? { record: e.record } : {}) });
	}
	// What it shows now is what the log says.
	const shown = new Map<string, WireRecord>();
	for (const e of logEvents) {
		if (e.op === 'upsert' && e.record) shown.set(e.entityId, e.record);
		else shown.delete(e.entityId);
	}
	expect([...screen.entries.keys()].sort(), `${name}: the entries it shows`).toEqual([...shown.keys()].sort());
}
