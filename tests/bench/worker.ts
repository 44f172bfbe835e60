/**
 * A load-generator process of the bench, forked by the parent (see ipc.ts). Two roles:
 *
 * - `screens`: holds many live screens (socket.io-client, websocket only), counts the deltas they
 *   receive and how long each took from the command being sent (the send time travels in the
 *   command's text; CLOCK_MONOTONIC is shared by every process of the machine);
 * - `driver`: officer sockets that send commands, as fast as they are acknowledged (a window in
 *   flight) or at a steady rate, or a misbehaving screen's sockets flooding `resume`; also measures
 *   how long a new screen waits for its snapshot.
 *
 * Running apart from the server and from each other, they keep the server's CPU its own.
 */
import { io, type Socket } from 'socket.io-client';
import type {
	Audience,
	ConnectResult,
	DriverTotals,
	DriverWindow,
	EndStats,
	Releasability,
	RunSpec,
	ScreenSpec,
	SnapshotProbe,
	WindowStats
} from './ipc';
import { Histogram, nowMs } from './stats';

const role = process.argv[2];
const name = process.argv[3] ?? role;

type Message = { id?: number; type: string; [key: string]: unknown };
type Handler = (message: Message) => unknown;

const handlers: Record<string, Handler> = { ping: () => ({ pid: process.pid, role }) };

process.on('message', async (message: Message) => {
	const handler = handlers[message.type];
	if (message.id === undefined) {
		handler?.(message);
		return;
	}
	try {
		if (!handler) throw new Error(`unknown request ${message.type}`);
		const result = await handler(message);
		process.send!({ id: message.id, result: result ?? null });
	} catch (error) {
		process.send!({ id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) });
	}
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `reconnection` true keeps socket.io-client's default reconnection and back-off (the resume flooder). */
function openSocket(url: string, cookie: string | undefined, reconnection = false): Socket {
	return io(`${url}/live`, {
		transports: ['websocket'],
		reconnection,
		forceNew: true,
		timeout: 60_000,
		extraHeaders: cookie ? { cookie } : undefined
	});
}

/** Resolves with the time to the first snapshot; rejects on a connection error or after timeoutMs. */
function firstSnapshot(socket: Socket, timeoutMs: number): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => done(new Error(`no snapshot within ${timeoutMs} ms`)), timeoutMs);
		const onSnapshot = (snapshot: unknown) => done(null, snapshot);
		const onError = (error: Error) => done(new Error(`connect_error: ${error.message}`));
		const onDisconnect = (reason: string) => done(new Error(`disconnected before the snapshot: ${reason}`));
		function done(error: Error | null, snapshot?: unknown) {
			clearTimeout(timer);
			socket.off('snapshot', onSnapshot).off('connect_error', onError).off('disconnect', onDisconnect);
			if (error) reject(error);
			else resolve(snapshot);
		}
		socket.once('snapshot', onSnapshot).once('connect_error', onError).once('disconnect', onDisconnect);
	});
}

/** `bench <tag><n> <sentAtMs> …`: what a command's text carries for the screens to time it. */
function stamp(tag: string, n: number): string {
	return `bench ${tag}${n} ${nowMs().toFixed(3)} Sector quiet, patrol reports no change; next report at the top of the hour.`;
}

/** What the screens read of a record: where a stamp may be, and who may see it. */
interface BenchRecord {
	text?: unknown;
	description?: unknown;
	hub?: unknown;
	lastStep?: { reason?: unknown } | null;
	releasableTo?: unknown;
}

/** The collections bench commands write, each record stamped: the rest (KPIs, alerts, a pledge's delivered sums) are tallied apart. */
const STAMPED = new Set(['log-entries', 'violations', 'deliveries']);

/** Where a command put its stamp: a log entry's text, a report's description, a delivery's last step's reason or, before any step, its hub. */
function stampOf(collection: string, record: BenchRecord | undefined): unknown {
	if (collection === 'log-entries') return record?.text;
	if (collection === 'violations') return record?.description;
	return record?.lastStep?.reason ?? record?.hub;
}

function parseStamp(text: unknown): { tag: string; n: number; sentAt: number } | null {
	if (typeof text !== 'string' || !text.startsWith('bench ')) return null;
	const space = text.indexOf(' ', 6);
	const end = text.indexOf(' ', space + 1);
	if (space < 0 || end < 0) return null;
	return { tag: text[6]!, n: Number(text.slice(7, space)), sentAt: Number(text.slice(space + 1, end)) };
}

/**
 * What socket.io-client's manager waits before its first reconnection attempt (its back-off
 * restarts at every close): its reconnectionDelay, ± randomizationFactor, at most reconnectionDelayMax.
 */
function firstReconnectDelay(socket: Socket): number {
	const manager = socket.io;
	const base = manager.reconnectionDelay();
	const deviation = Math.floor(Math.random() * manager.randomizationFactor() * base);
	return Math.min(Math.random() < 0.5 ? base - deviation : base + deviation, manager.reconnectionDelayMax());
}

function canSee(nation: string | null, releasableTo: unknown): boolean {
	if (nation === null) return true;
	return releasableTo === 'coalition' || (Array.isArray(releasableTo) && releasableTo.includes(nation));
}

function countInto(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

// ───────────────────────────── screens ─────────────────────────────

interface Slot {
	socket: Socket;
	nation: string | null;
	lastSeq: number;
	snapshots: number;
}

if (role === 'screens') {
	let slots: Slot[] = [];
	let closing = false;
	let total = 0;
	let windowReceived = 0;
	let recording = false;
	let tracking = false;
	let latency = new Histogram();
	let perCommand = new Map<number, number>();
	let leaks = 0;
	let outOfOrder = 0;
	let resyncs = 0;
	let disconnects: Record<string, number> = {};
	let otherDeltas: Record<string, number> = {};
	let tags: string[] = [];
	let trackTag: string | null = null;
	let stale = 0;
	let progress: NodeJS.Timeout | undefined;

	const onDelta = (slot: Slot, delta: { seq: number; collection: string; record?: BenchRecord }) => {
		const record = delta.record;
		// Whatever the collection (KPIs are computed per audience too), a screen gets only what it may see.
		if (record && !canSee(slot.nation, record.releasableTo)) leaks++;
		// Only the records the bench's commands write are counted; KPI deltas and the like are tallied apart.
		if (!STAMPED.has(delta.collection)) {
			countInto(otherDeltas, delta.collection);
			return;
		}
		if (delta.seq <= slot.lastSeq) outOfOrder++;
		slot.lastSeq = delta.seq;
		const stamped = parseStamp(stampOf(delta.collection, record));
		if (!stamped || !tags.includes(stamped.tag)) {
			stale++;
			return;
		}
		total++;
		if (!recording && !tracking) return;
		const ms = nowMs() - stamped.sentAt;
		if (recording) {
			windowReceived++;
			latency.add(ms);
		}
		if (tracking && stamped.tag === trackTag) {
			const before = perCommand.get(stamped.n);
			if (before === undefined || ms > before) perCommand.set(stamped.n, ms);
		}
	};

	handlers.connect = async (message) => {
		const screens = message.screens as ScreenSpec[];
		const concurrency = Number(message.concurrency ?? 50);
		const timeoutMs = Number(message.timeoutMs ?? 60_000);
		const result: ConnectResult = { connected: 0, failed: 0, errors: [], connectMs: [], wallMs: 0 };
		const started = nowMs();
		let next = 0;
		const open = async () => {
			while (next < screens.length) {
				const spec = screens[next++]!;
				const t0 = nowMs();
				const socket = openSocket(spec.url, spec.cookie);
				const slot: Slot = { socket, nation: spec.nation, lastSeq: 0, snapshots: 0 };
				socket.on('snapshot', (snapshot: { seq: number }) => {
					if (slot.snapshots++ > 0) resyncs++;
					slot.lastSeq = snapshot.seq;
				});
				socket.on('delta', (delta) => onDelta(slot, delta));
				socket.on('disconnect', (reason: string) => {
					if (!closing) countInto(disconnects, reason);
				});
				try {
					await firstSnapshot(socket, timeoutMs);
					result.connectMs.push(nowMs() - t0);
					result.connected++;
					slots.push(slot);
				} catch (error) {
					result.failed++;
					if (result.errors.length < 5) result.errors.push(error instanceof Error ? error.message : String(error));
					socket.disconnect();
				}
			}
		};
		await Promise.all(Array.from({ length: Math.max(1, concurrency) }, open));
		result.wallMs = nowMs() - started;
		return result;
	};

	handlers.begin = (message) => {
		tags = (message.tags as string[] | undefined) ?? [];
		trackTag = (message.track as string | null | undefined) ?? null;
		stale = 0;
		total = 0;
		leaks = 0;
		outOfOrder = 0;
		resyncs = 0;
		disconnects = {};
		otherDeltas = {};
		perCommand = new Map();
		tracking = false;
		recording = false;
		clearInterval(progress);
		progress = setInterval(() => process.send!({ type: 'progress', total }), 20);
		return { open: slots.length };
	};

	handlers.mark = () => {
		windowReceived = 0;
		latency = new Histogram();
		perCommand = new Map();
		recording = true;
		tracking = true;
		return null;
	};

	handlers.collect = (): WindowStats => {
		recording = false;
		return { received: windowReceived, latency: latency.toData() };
	};

	handlers.end = (): EndStats => {
		tracking = false;
		clearInterval(progress);
		const open = slots.filter((s) => s.socket.connected).length;
		return { total, perCommand: [...perCommand], leaks, outOfOrder, disconnects, resyncs, open, otherDeltas, stale };
	};

	handlers.close = async () => {
		closing = true;
		for (const slot of slots) slot.socket.disconnect();
		slots = [];
		// Let the close frames leave before the next scenario starts.
		await sleep(200);
		closing = false;
		return null;
	};
}

// ───────────────────────────── driver ─────────────────────────────

if (role === 'driver') {
	let officers: Socket[] = [];
	let run: RunSpec | null = null;
	let running = false;
	let inFlight = 0;
	let inFlightDeliveries = 0;
	/** Bumped by every run: answers to an earlier run's commands are ignored. */
	let generation = 0;
	let n = 0;
	let received = 0;
	let expectedSent = 0;
	let totals: DriverTotals = newTotals();
	let win = newWindow();
	let windowOpen = false;
	let valveHeldSince: number | null = null;
	let steadyTimer: NodeJS.Timeout | undefined;
	let resumeTimers: NodeJS.Timeout[] = [];
	/** Reconnections of the flooder's sockets after the server dropped them. */
	const reconnectTimers = new Set<NodeJS.Timeout>();
	let idle: (() => void) | null = null;
	const runId = Math.random().toString(36).slice(2, 10).padEnd(8, '0');

	function newTotals(): DriverTotals {
		return { sent: 0, ok: 0, errors: {}, expectedDeliveries: 0, unanswered: 0, unansweredDeliveries: 0, disconnects: {} };
	}
	function newWindow(): DriverWindow & { ackHist: Histogram } {
		return { sent: 0, ok: 0, okByType: {}, errors: {}, ack: { buckets: [], count: 0, sum: 0, min: 0, max: 0 }, firstN: -1, lastN: -1, valveHeldMs: 0, disconnects: {}, ackHist: new Histogram() };
	}

	/** How many screens may see a record released so. */
	function reach(audience: Audience, releasableTo: Releasability): number {
		if (releasableTo === 'cell') return audience.cell;
		if (releasableTo === 'coalition') return audience.cell + Object.values(audience.byNation).reduce((a, b) => a + b, 0);
		return audience.cell + releasableTo.reduce((sum, nation) => sum + (audience.byNation[nation] ?? 0), 0);
	}

	/** The releasability of the k-th record the driver releases itself: coalition, one nation, three nations, the cell in turn. */
	function releasabilityOf(spec: RunSpec, k: number): Releasability {
		const { nations } = spec;
		if (spec.releasing === 'cell') return 'cell';
		const round = Math.floor(k / 4);
		const pick = (offset: number) => nations[(round + offset) % nations.length]!;
		const turns: Releasability[] = ['coalition', [pick(0)], [...new Set([pick(0), pick(10), pick(20)])], 'cell'];
		return turns[k % 4]!;
	}

	/** Deliveries the mixed commands made, with the step each is due next (one command at a time each: it leaves the queue while one is in flight). */
	let deliveriesToStep: { id: string; step: number; releasableTo: Releasability }[] = [];
	/** Counters of the mixed commands: the releasability turns per kind, the pledges and sectors in turn. */
	let mixed = { released: 0, pledge: 0, place: 0 };
	const DELIVERY_STEPS = ['contract', 'dispatch', 'deliver'] as const;

	interface Command {
		type: string;
		payload: object;
		releasableTo: Releasability;
		/** What an accepted command leaves to do next (a delivery to step). */
		accepted?: (record: { id: string }) => void;
	}

	/** The k-th command of a run, its stamp in `text`. */
	function commandOf(spec: RunSpec, k: number, text: string): Command {
		const kind = spec.commands === 'mixed' ? k % 4 : 0;
		if (kind === 0 || kind === 1) {
			const releasableTo = releasabilityOf(spec, spec.commands === 'mixed' ? mixed.released++ : k);
			if (kind === 0) return { type: 'log-entries.create', payload: { text, releasableTo }, releasableTo };
			const place = spec.places![mixed.place++ % spec.places!.length]!;
			// One report in ten severe enough to raise an alert, as on a busy day.
			const severity = k % 40 === 1 ? 'high' : k % 8 === 1 ? 'medium' : 'low';
			const payload = { observedAt: new Date(Date.now() - 60_000).toISOString(), ...place, category: 'artillery', source: 'ground-patrol', severity, description: text, releasableTo };
			return { type: 'violations.report', payload, releasableTo };
		}
		const next = kind === 3 ? deliveriesToStep.shift() : undefined;
		if (next) {
			return {
				type: 'deliveries.step',
				payload: { id: next.id, action: DELIVERY_STEPS[next.step], reason: text },
				releasableTo: next.releasableTo,
				accepted: () => {
					if (next.step + 1 < DELIVERY_STEPS.length) deliveriesToStep.push({ ...next, step: next.step + 1 });
				}
			};
		}
		// A new delivery (also when none is waiting for its next step yet).
		const pledge = spec.pledges![mixed.pledge++ % spec.pledges!.length]!;
		return {
			type: 'deliveries.create',
			payload: { pledgeId: pledge.id, quantity: 1, hub: text },
			releasableTo: pledge.releasableTo,
			accepted: (record) => deliveriesToStep.push({ id: record.id, step: 0, releasableTo: pledge.releasableTo })
		};
	}

	function send(spec: RunSpec): void {
		const k = n++;
		const socket = officers[k % officers.length]!;
		const text = stamp(spec.tag, k);
		const command = commandOf(spec, k, text);
		const deliveries = reach(spec.audience, command.releasableTo);
		const sentAt = nowMs();
		const gen = generation;
		inFlight++;
		inFlightDeliveries += deliveries;
		totals.sent++;
		expectedSent += deliveries;
		const inWindow = windowOpen;
		if (inWindow) {
			win.sent++;
			if (win.firstN < 0) win.firstN = k;
			win.lastN = k;
		}
		socket
			.timeout(30_000)
			.emit('command', { type: command.type, id: `${runId}-${spec.tag}-${k}`, payload: command.payload }, (error: Error | null, ack?: { ok: boolean; error?: { code?: string }; record?: { id: string } }) => {
				if (gen !== generation) return;
				inFlight--;
				inFlightDeliveries -= deliveries;
				if (error || !ack) {
					totals.unanswered++;
					totals.unansweredDeliveries += deliveries;
					countInto(totals.errors, 'no_ack');
					if (windowOpen) countInto(win.errors, 'no_ack');
					expectedSent -= deliveries;
				} else if (ack.ok) {
					totals.ok++;
					totals.expectedDeliveries += deliveries;
					if (ack.record) command.accepted?.(ack.record);
					if (windowOpen) {
						win.ok++;
						countInto(win.okByType, command.type);
						win.ackHist.add(nowMs() - sentAt);
					}
				} else {
					const code = ack.error?.code ?? 'error';
					countInto(totals.errors, code);
					if (windowOpen) countInto(win.errors, code);
					expectedSent -= deliveries;
				}
				if (inFlight === 0) idle?.();
				if (spec.mode === 'max') pump();
			});
	}

	function valveOpen(spec: RunSpec): boolean {
		const open = spec.valveDeliveries === null || expectedSent - received <= spec.valveDeliveries;
		if (!open && valveHeldSince === null) valveHeldSince = nowMs();
		if (open && valveHeldSince !== null) {
			if (windowOpen) win.valveHeldMs += nowMs() - valveHeldSince;
			valveHeldSince = null;
		}
		return open;
	}

	function pump(): void {
		const spec = run;
		if (!running || !spec || spec.mode !== 'max') return;
		while (running && inFlight < (spec.window ?? 50) && valveOpen(spec)) send(spec);
	}

	/** Sending stops; sockets the server dropped are not brought back any more. */
	function stopSending(): void {
		running = false;
		clearTimeout(steadyTimer);
		for (const timer of [...resumeTimers, ...reconnectTimers]) clearTimeout(timer);
		resumeTimers = [];
		reconnectTimers.clear();
	}

	/** The driver's sockets: officers, or with `reconnect` a flooding screen's, which come back when dropped. */
	handlers.open = async (message) => {
		const specs = message.officers as { url: string; cookie?: string }[];
		const reconnect = message.reconnect === true;
		stopSending();
		for (const socket of officers) socket.disconnect();
		officers = [];
		for (const spec of specs) {
			const socket = openSocket(spec.url, spec.cookie, reconnect);
			socket.on('disconnect', (reason: string) => {
				if (!running) return;
				countInto(totals.disconnects, reason);
				if (windowOpen) countInto(win.disconnects, reason);
				// socket.io-client reconnects by itself after a lost transport, but not after the server's own
				// disconnect: a flooder (like the app's client) comes back anyway, after the manager's usual delay.
				if (reconnect && reason === 'io server disconnect') {
					const timer = setTimeout(() => {
						reconnectTimers.delete(timer);
						if (running) socket.connect();
					}, firstReconnectDelay(socket));
					reconnectTimers.add(timer);
				}
			});
			// A refused `resume` is answered with `error` (rate_limited); counted like a refused command.
			socket.on('error', (refusal: { error?: { code?: string } } | undefined) => {
				if (!running) return;
				const code = refusal?.error?.code ?? 'error';
				countInto(totals.errors, code);
				if (windowOpen) countInto(win.errors, code);
			});
			await firstSnapshot(socket, 60_000);
			officers.push(socket);
		}
		return { open: officers.length };
	};

	handlers.run = (message) => {
		run = message.spec as RunSpec;
		running = true;
		generation++;
		inFlight = 0;
		inFlightDeliveries = 0;
		received = 0;
		expectedSent = 0;
		totals = newTotals();
		win = newWindow();
		windowOpen = false;
		valveHeldSince = null;
		deliveriesToStep = [];
		mixed = { released: 0, pledge: 0, place: 0 };
		if (run.mode === 'max') pump();
		else if (run.mode === 'resumes') {
			const everyMs = 1000 / (run.rate ?? 50);
			resumeTimers = officers.map((socket) =>
				setInterval(() => {
					// Only while connected: socket.io-client would buffer the rest and send them at once on reconnection.
					if (!socket.connected) return;
					socket.emit('resume', { lastSeq: 0 });
					totals.sent++;
					if (windowOpen) win.sent++;
				}, everyMs)
			);
		} else {
			const spec = run;
			const rate = spec.rate ?? 50;
			const started = nowMs();
			let sentHere = 0;
			const tick = () => {
				if (!running) return;
				const due = Math.floor(((nowMs() - started) * rate) / 1000) + 1;
				while (sentHere < due) {
					sentHere++;
					send(spec);
				}
				steadyTimer = setTimeout(tick, 2);
			};
			tick();
		}
		return null;
	};

	handlers.progress = (message) => {
		received = Number(message.received);
		pump();
	};

	handlers.mark = () => {
		win = newWindow();
		windowOpen = true;
		if (valveHeldSince !== null) valveHeldSince = nowMs();
		return null;
	};

	handlers.collect = (): DriverWindow => {
		windowOpen = false;
		if (valveHeldSince !== null) win.valveHeldMs += nowMs() - valveHeldSince;
		const { ackHist, ...rest } = win;
		return { ...rest, ack: ackHist.toData() };
	};

	/** Stops sending; waits a while for the answers still due; those that do not come count as unanswered. */
	handlers.stop = async (message): Promise<DriverTotals> => {
		stopSending();
		if (inFlight > 0) {
			await Promise.race([new Promise<void>((resolve) => (idle = resolve)), sleep(Number(message.waitMs ?? 10_000))]);
			idle = null;
		}
		totals.unanswered += inFlight;
		totals.unansweredDeliveries += inFlightDeliveries;
		generation++;
		return totals;
	};

	handlers.close = () => {
		stopSending();
		for (const socket of officers) socket.disconnect();
		officers = [];
		return null;
	};

	/** Connects new screens one after another and times each snapshot. */
	handlers.snapshots = async (message) => {
		const url = String(message.url);
		const cookie = message.cookie as string | undefined;
		const count = Number(message.count);
		const pauseMs = Number(message.pauseMs ?? 100);
		const probe: SnapshotProbe = { times: [], connectTimes: [], bytes: [], records: [], failures: [] };
		for (let i = 0; i < count; i++) {
			const t0 = nowMs();
			const socket = openSocket(url, cookie);
			let biggest = 0;
			socket.io.engine.on('data', (data: unknown) => {
				const size = typeof data === 'string' ? Buffer.byteLength(data) : (data as ArrayBuffer).byteLength;
				if (size > biggest) biggest = size;
			});
			socket.once('connect', () => probe.connectTimes.push(nowMs() - t0));
			try {
				const snapshot = (await firstSnapshot(socket, 60_000)) as { data?: Record<string, unknown[]> };
				probe.times.push(nowMs() - t0);
				probe.bytes.push(biggest);
				probe.records.push(Object.values(snapshot.data ?? {}).reduce((sum, list) => sum + list.length, 0));
			} catch (error) {
				probe.failures.push(error instanceof Error ? error.message : String(error));
			}
			socket.disconnect();
			await sleep(pauseMs);
		}
		return probe;
	};
}
