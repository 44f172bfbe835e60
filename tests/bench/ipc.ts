/**
 * Parent ↔ load-generator processes: a tiny request/reply protocol over Node's IPC channel.
 * Requests carry an id and are answered once; messages without an id (progress) are one-way.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HistogramData } from './stats';

export type WorkerRole = 'screens' | 'driver';

/** One live screen a worker should open. `nation` null means a cell viewer (wall, officer…). */
export interface ScreenSpec {
	url: string;
	cookie?: string;
	nation: string | null;
}

export interface ConnectResult {
	connected: number;
	failed: number;
	errors: string[];
	/** io() → first snapshot, per socket, in ms. */
	connectMs: number[];
	wallMs: number;
}

export interface WindowStats {
	/** Deltas received between mark and collect, over all this worker's screens. */
	received: number;
	latency: HistogramData;
}

export interface EndStats {
	/** Deltas received since begin (warm-up, window and drain). */
	total: number;
	/** Max latency per command number of the tracked job, received from mark until end. */
	perCommand: [number, number][];
	/** Deltas of earlier phases (another tag) that arrived during this one: not counted. */
	stale: number;
	/** A delta for a record this screen may not see (should be 0). */
	leaks: number;
	/** A delta whose seq was not above the previous one on that socket (should be 0). */
	outOfOrder: number;
	/** Disconnections since begin, by reason. */
	disconnects: Record<string, number>;
	/** Extra snapshots (a resync) since begin. */
	resyncs: number;
	open: number;
	/** Deltas of other collections (e.g. `kpis`), by collection: not counted as deliveries. */
	otherDeltas: Record<string, number>;
}

export type Releasing = 'cell' | 'mixed';

/** A record's releasability as the wire carries it. */
export type Releasability = 'cell' | 'coalition' | string[];

/**
 * What a driver sends: `log` only `log-entries.create`; `mixed` in turn a log entry, a violation
 * report, a delivery against one of `pledges`, and a step of a delivery it made (contract, dispatch,
 * deliver), each stamped for the screens to time.
 */
export type CommandMix = 'log' | 'mixed';

/** A pledge the mixed commands make deliveries against: a delivery is releasable exactly as its pledge. */
export interface BenchPledge {
	id: string;
	releasableTo: Releasability;
}

/** Who receives what: cell viewers see everything; nation screens per nation. */
export interface Audience {
	cell: number;
	byNation: Record<string, number>;
}

export interface RunSpec {
	/** `resumes`: every socket of the driver sends `resume {lastSeq: 0}` at `rate`, not waiting for answers (a resume flood). */
	mode: 'max' | 'steady' | 'resumes';
	/** Commands in flight (max mode). */
	window?: number;
	/** Commands per second (steady mode); resumes per second per socket (resumes mode). */
	rate?: number;
	/** One letter put in each command's text, unique per phase (set by runPhase): late deltas of an earlier phase are not counted. */
	tag: string;
	/** The screens keep the slowest delivery per command of this job ("last screen" latency). */
	track?: boolean;
	releasing: Releasing;
	/** `log` when absent. */
	commands?: CommandMix;
	/** mixed: the seeded pledges, and where reports come from (a point in each sector). */
	pledges?: BenchPledge[];
	places?: { lat: number; lon: number }[];
	nations: string[];
	audience: Audience;
	/**
	 * Stop sending while more than this many deliveries are still on their way to the screens
	 * (sent, not yet reported received): keeps the system in steady state instead of piling
	 * deltas into the server's socket buffers. null: no such bound (the flooder).
	 */
	valveDeliveries: number | null;
}

export interface DriverWindow {
	sent: number;
	ok: number;
	/** Acknowledged commands by type (the mixed commands' share of each). */
	okByType: Record<string, number>;
	errors: Record<string, number>;
	ack: HistogramData;
	/** Numbers of the first and last command sent in the window. */
	firstN: number;
	lastN: number;
	/** Time the valve held sending back, ms. */
	valveHeldMs: number;
	/** The driver's sockets dropped in the window, by reason (`io server disconnect`: the server's doing). */
	disconnects: Record<string, number>;
}

export interface DriverTotals {
	sent: number;
	ok: number;
	errors: Record<string, number>;
	/** Deliveries the acknowledged commands should make. */
	expectedDeliveries: number;
	unanswered: number;
	/** Deliveries of commands that got no answer in time: they may or may not arrive. */
	unansweredDeliveries: number;
	disconnects: Record<string, number>;
}

export interface SnapshotProbe {
	/** io() → snapshot received, ms. */
	times: number[];
	/** io() → connected (handshake and authentication), ms. */
	connectTimes: number[];
	/** Size of the snapshot message as it came off the wire, bytes. */
	bytes: number[];
	records: number[];
	failures: string[];
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** A load-generator child process (socket.io-client), driven by request/reply messages. */
export class WorkerHandle {
	readonly child: ChildProcess;
	#pending = new Map<number, Pending>();
	#next = 1;
	onProgress: ((message: { type: 'progress'; total: number }) => void) | undefined;

	private constructor(
		readonly role: WorkerRole,
		readonly name: string,
		cwd: string
	) {
		const profileDir = process.env.BENCH_PROFILE_CLIENTS;
		const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
		this.child = fork(WORKER, [role, name], { cwd, execArgv: ['--import', 'tsx', ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		this.child.on('message', (message: { id?: number; result?: unknown; error?: string; type?: string; total?: number }) => {
			if (message.id !== undefined) {
				const pending = this.#pending.get(message.id);
				if (!pending) return;
				this.#pending.delete(message.id);
				clearTimeout(pending.timer);
				if (message.error !== undefined) pending.reject(new Error(`${this.name}: ${message.error}`));
				else pending.resolve(message.result);
			} else if (message.type === 'progress') {
				this.onProgress?.(message as { type: 'progress'; total: number });
			}
		});
		// A send on a closed channel (the worker died) is reported here; the pending call is rejected on exit.
		this.child.on('error', () => {});
		this.child.on('exit', (code, signal) => {
			for (const pending of this.#pending.values()) {
				clearTimeout(pending.timer);
				pending.reject(new Error(`${this.name} exited (${code ?? signal})`));
			}
			this.#pending.clear();
		});
	}

	get pid(): number {
		return this.child.pid!;
	}

	static async spawn(role: WorkerRole, name: string, cwd: string): Promise<WorkerHandle> {
		const worker = new WorkerHandle(role, name, cwd);
		await worker.call('ping', {}, 60_000);
		return worker;
	}

	call<T = unknown>(type: string, payload: object = {}, timeoutMs = 180_000): Promise<T> {
		const id = this.#next++;
		if (!this.child.connected) return Promise.reject(new Error(`${this.name} is gone (exit ${this.child.exitCode ?? this.child.signalCode})`));
		return new Promise<T>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#pending.delete(id);
				reject(new Error(`${this.name}: no answer to ${type} within ${timeoutMs / 1000} s`));
			}, timeoutMs);
			this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
			this.child.send({ id, type, ...payload });
		});
	}

	/** One-way message (no answer). */
	tell(type: string, payload: object = {}): void {
		if (this.child.connected) this.child.send({ type, ...payload });
	}

	async kill(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
		this.child.kill('SIGTERM');
		const force = setTimeout(() => this.child.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(force);
	}
}
