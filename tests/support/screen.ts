import { io, type Socket } from 'socket.io-client';
import type { CommandAck, Delta, Snapshot } from '$lib/domain/core/protocol';

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
	/** Each board's KPI record as this screen holds it now (`kpis` deltas on top of the latest snapshot). */
	readonly kpis = new Map<string, Record<string, unknown>>();
	socket: Socket;
	#lastSeq = 0;
	#epoch: string | undefined;

	constructor(
		private baseUrl: string,
		private readonly options: { cookie?: string; token?: string; resumeFrom?: { lastSeq: number; epoch?: string } } = {}
	) {
		this.socket = this.#connect(options.resumeFrom);
	}

	get lastSeq() {
		return this.#lastSeq;
	}

	#connect(resumeFrom: { lastSeq: number; epoch?: string } | undefined): Socket {
		const socket = io(`${this.baseUrl}/live`, {
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			extraHeaders: this.options.cookie ? { cookie: this.options.cookie } : undefined,
			auth: { ...(this.options.token ? { token: this.options.token } : {}), ...(resumeFrom ?? {}) }
		});
		// The engine exists as soon as io() returns: nothing it receives can slip past this.
		socket.io.engine.on('data', (data: unknown) => {
			this.wire.push(typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('utf8'));
		});
		socket.on('disconnect', (reason: string) => this.disconnects.push(reason));
		socket.on('error', (refusal: { error: { code: string; message: string } }) => this.errors.push(refusal));
		socket.on('snapshot', (snapshot: Snapshot) => {
			this.snapshots.push(snapshot);
			this.kpis.clear();
			for (const [board, record] of Object.entries(snapshot.kpis ?? {})) this.kpis.set(board, record as Record<string, unknown>);
			this.#lastSeq = snapshot.seq;
			this.#epoch = snapshot.epoch;
		});
		socket.on('delta', (delta: Delta) => {
			this.deltas.push(delta);
			if (delta.collection === 'kpis') {
				if (delta.op === 'upsert') this.kpis.set(delta.id, delta.record as Record<string, unknown>);
				else this.kpis.delete(delta.id);
			}
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
