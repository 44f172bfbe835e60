import { io, type Socket } from 'socket.io-client';
import type { CommandAck, Delta, Snapshot, WireRecord } from '$lib/domain/core/protocol';
import { applyDeltas, applySnapshot, EMPTY_LIVE_DATA, recordsOf, type LiveData } from '$lib/client/live-store';

/**
 * A live screen as a test sees it: every snapshot and delta it received, in order,
 * and a way to drop and resume the connection like a browser tab would.
 */
export class Screen {
	readonly snapshots: Snapshot[] = [];
	readonly deltas: Delta[] = [];
	/** Every message frame this screen's connections took off the wire, as sent (engine.io payloads, undecoded). */
	readonly wire: string[] = [];
	/** The reason of every disconnection, in order (e.g. `io server disconnect` when the server dropped it). */
	readonly disconnects: string[] = [];
	/** Every `error` message the server sent (a refused request), in order. */
	readonly errors: { error: { code: string; message: string } }[] = [];
	/** What this screen holds now, by the browser's own rules (live-store.ts): a delta at a seq already held is dropped. */
	live: LiveData = EMPTY_LIVE_DATA;
	socket: Socket;
	#lastSeq = 0;
	#epoch: string | undefined;

	constructor(
		private baseUrl: string,
		private readonly options: { cookie?: string; token?: string; view?: string; resumeFrom?: { lastSeq: number; epoch?: string } } = {}
	) {
		// A screen made to resume holds, as far as the test cares, what it had up to there.
		if (options.resumeFrom) this.live = { ...EMPTY_LIVE_DATA, epoch: options.resumeFrom.epoch ?? 'held', seq: options.resumeFrom.lastSeq };
		this.socket = this.#connect(options.resumeFrom);
	}

	get lastSeq() {
		return this.#lastSeq;
	}

	/** Each board's KPI record as this screen holds it now. */
	get kpis(): Map<string, Record<string, unknown>> {
		return new Map(Object.entries(this.live.kpis) as [string, Record<string, unknown>][]);
	}

	/** One collection's records as this screen holds them now. */
	records(collection: string): WireRecord[] {
		return recordsOf(this.live, collection);
	}

	#connect(resumeFrom: { lastSeq: number; epoch?: string } | undefined): Socket {
		const socket = io(`${this.baseUrl}/live`, {
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			extraHeaders: this.options.cookie ? { cookie: this.options.cookie } : undefined,
			auth: { ...(this.options.token ? { token: this.options.token } : {}), ...(this.options.view ? { view: this.options.view } : {}), ...(resumeFrom ?? {}) }
		});
		// The engine exists as soon as io() returns: nothing it receives can slip past this.
		socket.io.engine.on('data', (data: unknown) => {
			this.wire.push(typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('utf8'));
		});
		socket.on('disconnect', (reason: string) => this.disconnects.push(reason));
		socket.on('error', (refusal: { error: { code: string; message: string } }) => this.errors.push(refusal));
		socket.on('snapshot', (snapshot: Snapshot) => {
			this.snapshots.push(snapshot);
			this.live = applySnapshot(this.live, snapshot);
			this.#lastSeq = snapshot.seq;
			this.#epoch = snapshot.epoch;
		});
		socket.on('delta', (delta: Delta) => {
			this.deltas.push(delta);
			this.live = applyDeltas(this.live, [delta]).state;
			this.#lastSeq = Math.max(this.#lastSeq, delta.seq);
		});
		return socket;
	}

	/** Resolves when the first snapshot (or, when resuming, the connection) is in. */
	async ready(): Promise<void> {
		if (this.snapshots.length) return;
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('no snapshot within 10 s')), 10_000);
			this.socket.once('snapshot', () => {
				clearTimeout(timer);
				resolve();
			});
			this.socket.once('connect_error', (e) => {
				clearTimeout(timer);
				reject(e);
			});
		});
	}

	disconnect(): void {
		this.socket.disconnect();
	}

	/**
	 * Reconnects with the last seq in the handshake, as the browser client does; to another
	 * server of the cluster when given its URL (as after a load balancer's failover).
	 */
	async resume(elsewhere?: string): Promise<void> {
		if (elsewhere) this.baseUrl = elsewhere;
		this.socket = this.#connect({ lastSeq: this.#lastSeq, epoch: this.#epoch });
		await new Promise<void>((resolve, reject) => {
			this.socket.once('connect', () => resolve());
			this.socket.once('connect_error', reject);
		});
	}

	/** Says which page this screen shows now (the `view` message). */
	showing(path: unknown): void {
		this.socket.emit('view', path);
	}

	/** Asks the server, on the open connection, for what came after `lastSeq` (the `resume` message). */
	requestResume(lastSeq: number, epoch?: string): void {
		this.socket.emit('resume', { lastSeq, ...(epoch ? { epoch } : {}) });
	}

	command(type: string, payload: unknown, id: string = crypto.randomUUID()): Promise<CommandAck> {
		return this.socket.timeout(10_000).emitWithAck('command', { type, id, payload });
	}

	/** Waits until the predicate holds over what this screen has received. */
	async until(predicate: (screen: Screen) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!predicate(this)) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
			await new Promise((r) => setTimeout(r, 20));
		}
	}

	close(): void {
		this.socket.disconnect();
	}
}
