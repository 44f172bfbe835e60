import { createContext } from 'svelte';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { LiveCollection, LiveCollections } from '$lib/domain/core/collections';
import type { CommandType, Commands } from '$lib/domain/core/commands';
import type { ClientToServer, CommandAck, Delta, ServerToClient, Snapshot, ViewerInfo } from '$lib/domain/core/protocol';
import { PRESENCE_COLLECTION, type Presence } from '$lib/domain/cell/presence';
import { applyDeltas, applySnapshot, EMPTY_LIVE_DATA, recordsOf, type LiveData } from './live-store';

export type LiveStatus = 'connecting' | 'live' | 'resuming' | 'offline';

export type LiveSocket = Socket<ServerToClient, ClientToServer>;
export type SocketFactory = (uri: string, options: Partial<ManagerOptions & SocketOptions>) => LiveSocket;

/** The server never answered: the command may or may not have been recorded, so the caller must keep its input. */
export class CommandTimeoutError extends Error {
	override name = 'CommandTimeoutError';
	constructor(
		readonly commandId: string,
		timeoutMs: number
	) {
		super(
			`The server did not confirm within ${Math.round(timeoutMs / 1000)} s. Nothing is lost: send again and it will not be recorded twice.`
		);
	}
}

export class ConnectionClosedError extends Error {
	override name = 'ConnectionClosedError';
	constructor() {
		super('The live connection was closed before the server confirmed.');
	}
}

/**
 * A random UUID v4 for idempotency keys. `crypto.randomUUID` exists only in secure contexts, and an
 * ops-room deployment may well be plain http on an internal address; `getRandomValues` works everywhere.
 */
export function newCommandId(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	bytes[6] = (bytes[6]! & 0x0f) | 0x40;
	bytes[8] = (bytes[8]! & 0x3f) | 0x80;
	const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * While deltas keep coming, they are applied at most this often. A CSV import sends thousands at
 * once; applied one by one, each would re-run every reader of the records (lists, map, filters)
 * and the page would freeze. A delta after a quiet spell is applied at once.
 */
const DELTA_PACE_MS = 100;

export interface LiveOptions {
	namespace?: string;
	commandTimeoutMs?: number;
	/** Failed reconnection attempts in a row before the screen says offline instead of reconnecting. */
	offlineAfterFailures?: number;
	/** Delay before trying again after the server refused or dropped us on purpose (e.g. an expired session). */
	refusedRetryMs?: number;
	/**
	 * Delay before the first reconnect after the server dropped the socket: it does so when what
	 * this screen may see changed (role, nation, logout elsewhere, a revoked token), and the
	 * reconnect's snapshot says who the screen is now. Repeated drops wait `refusedRetryMs`.
	 */
	droppedRetryMs?: number;
	createSocket?: SocketFactory;
}

export interface SendOptions {
	/** Idempotency key; reuse it when retrying the same write so it is recorded at most once. */
	id?: string;
	timeoutMs?: number;
}

interface PendingCommand {
	id: string;
	type: string;
	payload: unknown;
	promise: Promise<CommandAck>;
	resolve: (ack: CommandAck) => void;
	reject: (error: Error) => void;
	timer: ReturnType<typeof setTimeout>;
}

/**
 * The screen's live picture: a snapshot, then deltas in seq order, resumed from the last seq after
 * a reconnect. Commands go out over the same socket and resolve with the server's acknowledgement.
 */
export class LiveConnection {
	#status = $state<LiveStatus>('connecting');
	#lastUpdateAt = $state<Date | null>(null);
	#data = $state.raw<LiveData>(EMPTY_LIVE_DATA);
	#viewer = $state.raw<ViewerInfo | null | undefined>(undefined);

	#options: Required<Omit<LiveOptions, 'createSocket'>> & { createSocket: SocketFactory };
	#socket: LiveSocket | null = null;
	#pending = new Map<string, PendingCommand>();
	#failures = 0;
	#dropsSinceSnapshot = 0;
	/**
	 * Set when the server dropped the socket on purpose: what this screen may see has changed, so
	 * its old picture cannot be resumed (records it may no longer see would stay, records it may now
	 * see would never come). The next connection asks for a fresh snapshot, which also says who it is.
	 */
	#needsSnapshot = false;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	/** Deltas received but not applied yet (see DELTA_PACE_MS), and the timer that applies them. */
	#held: Delta[] = [];
	#paceTimer: ReturnType<typeof setTimeout> | null = null;
	#detach: (() => void) | null = null;
	#deltaListeners = new Set<(deltas: readonly Delta[]) => void>();
	/** The page this screen shows, for the cell's roster of connected screens. */
	#view: string | null = null;

	constructor(options: LiveOptions = {}) {
		this.#options = {
			namespace: options.namespace ?? '/live',
			commandTimeoutMs: options.commandTimeoutMs ?? 15_000,
			offlineAfterFailures: options.offlineAfterFailures ?? 3,
			refusedRetryMs: options.refusedRetryMs ?? 15_000,
			droppedRetryMs: options.droppedRetryMs ?? 1_000,
			createSocket: options.createSocket ?? ((uri, opts) => io(uri, opts))
		};
	}

	get status(): LiveStatus {
		return this.#status;
	}
	/**
	 * Who the server takes this screen to be, as of the last snapshot: undefined before the first,
	 * null when it is not signed in (the session ended, expired or its token was revoked).
	 */
	get viewer(): ViewerInfo | null | undefined {
		return this.#viewer;
	}
	get lastUpdateAt(): Date | null {
		return this.#lastUpdateAt;
	}
	get seq(): number {
		return this.#data.seq;
	}
	get epoch(): string | null {
		return this.#data.epoch;
	}
	/** True once a snapshot arrived: from then on the records are the whole picture this user may see. */
	get ready(): boolean {
		return this.#data.epoch !== null;
	}
	get kpis(): Readonly<Record<string, unknown>> {
		return this.#data.kpis;
	}
	/** Commands sent but not yet acknowledged. */
	get pendingCount(): number {
		return this.#pending.size;
	}

	records<C extends LiveCollection>(collection: C): LiveCollections[C][] {
		// The server's presenters decide the wire shape per collection; the map in the domain names it.
		return recordsOf(this.#data, collection) as unknown as LiveCollections[C][];
	}

	/**
	 * Calls `listener` with each batch of deltas once applied: only those new to a picture this screen
	 * already had (not the ones a snapshot brings, nor repeats). For what changed, not what is: a
	 * wall's ticker of the newest events. Returns the function that stops it.
	 */
	onDeltas(listener: (deltas: readonly Delta[]) => void): () => void {
		this.#deltaListeners.add(listener);
		return () => this.#deltaListeners.delete(listener);
	}

	/** The connected screens (the cell's staff only; empty for everyone else). */
	get presence(): Presence[] {
		return recordsOf(this.#data, PRESENCE_COLLECTION) as unknown as Presence[];
	}

	/** Tells the server which page this screen shows now (the handshake carries it on every reconnect). */
	showing(path: string): void {
		if (path === this.#view) return;
		this.#view = path;
		if (this.#socket?.connected) this.#socket.emit('view', { view: path });
	}

	has(collection: string, id: string): boolean {
		return this.#data.collections[collection]?.has(id) ?? false;
	}

	/** Opens the socket (browser only). Safe to call twice. */
	connect(): void {
		if (this.#socket) return;
		const socket = this.#options.createSocket(this.#options.namespace, {
			// Called on every (re)connect, so a reconnect asks for exactly what it missed.
			auth: (cb) => cb({ ...this.#resumePoint(), ...(this.#view !== null && { view: this.#view }) }),
			// Websocket first: a load balancer without sticky sessions would break long-polling.
			transports: ['websocket', 'polling'],
			tryAllTransports: true
		});
		this.#socket = socket;

		socket.on('connect', () => {
			this.#failures = 0;
			this.#status = this.ready ? 'live' : 'connecting';
			// Acknowledgements of the previous connection are dropped by socket.io: send those commands again, same id.
			for (const command of this.#pending.values()) this.#emit(command);
		});
		socket.on('snapshot', (snapshot: Snapshot) => {
			// Deltas held back came before the snapshot: they go first (ones it already covers are dropped).
			this.#applyHeld();
			this.#data = applySnapshot(this.#data, snapshot);
			this.#viewer = snapshot.viewer ?? null;
			this.#dropsSinceSnapshot = 0;
			this.#needsSnapshot = false;
			this.#status = 'live';
			this.#lastUpdateAt = new Date();
		});
		socket.on('delta', (delta: Delta) => {
			this.#held.push(delta);
			if (this.#paceTimer === null) this.#paceDeltas();
		});
		socket.on('reconnect', () => {
			// A planned shutdown: closing the transport (not the socket) lets the manager reconnect with its back-off.
			socket.io.engine?.close();
		});
		socket.on('disconnect', (reason) => {
			if (reason === 'io client disconnect') {
				this.#status = 'offline';
			} else if (socket.active) {
				this.#status = this.ready ? 'resuming' : 'connecting';
			} else {
				// Dropped by the server on purpose: come back soon to learn what this screen may see now.
				this.#status = 'offline';
				this.#needsSnapshot = true;
				this.#dropsSinceSnapshot += 1;
				this.#retryLater(this.#dropsSinceSnapshot === 1 ? this.#options.droppedRetryMs : this.#options.refusedRetryMs);
			}
		});
		socket.on('connect_error', () => {
			this.#failures += 1;
			if (!socket.active) {
				// Refused by the server (e.g. the session ended): socket.io gives up, a wall device must not.
				this.#status = 'offline';
				this.#retryLater();
			} else if (this.#failures >= this.#options.offlineAfterFailures) {
				this.#status = 'offline';
			}
		});

		if (typeof window === 'undefined') return;
		const online = () => {
			if (!socket.connected && !socket.active) socket.connect();
		};
		const offline = () => {
			if (!socket.connected) this.#status = 'offline';
		};
		window.addEventListener('online', online);
		window.addEventListener('offline', offline);
		this.#detach = () => {
			window.removeEventListener('online', online);
			window.removeEventListener('offline', offline);
		};
	}

	/** Closes the socket, forgets the picture (the next user may see less) and fails every unacknowledged command. */
	disconnect(): void {
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
		if (this.#paceTimer) clearTimeout(this.#paceTimer);
		this.#paceTimer = null;
		this.#held = [];
		this.#detach?.();
		this.#detach = null;
		this.#socket?.removeAllListeners();
		this.#socket?.disconnect();
		this.#socket = null;
		this.#status = 'offline';
		this.#data = EMPTY_LIVE_DATA;
		this.#viewer = undefined;
		this.#dropsSinceSnapshot = 0;
		this.#needsSnapshot = false;
		this.#lastUpdateAt = null;
		for (const command of this.#pending.values()) {
			clearTimeout(command.timer);
			command.reject(new ConnectionClosedError());
		}
		this.#pending.clear();
	}

	/**
	 * Sends a command and resolves with the server's acknowledgement (which may be a refusal).
	 * Rejects with CommandTimeoutError when no answer comes in time; until then the command is
	 * re-sent after every reconnect with the same id.
	 */
	send<T extends CommandType>(type: T, payload: Commands[T], options: SendOptions = {}): Promise<CommandAck> {
		const id = options.id ?? newCommandId();
		const inFlight = this.#pending.get(id);
		if (inFlight) return inFlight.promise;

		const timeoutMs = options.timeoutMs ?? this.#options.commandTimeoutMs;
		let resolve!: (ack: CommandAck) => void;
		let reject!: (error: Error) => void;
		const promise = new Promise<CommandAck>((res, rej) => {
			resolve = res;
			reject = rej;
		});
		const command: PendingCommand = {
			id,
			type,
			payload,
			promise,
			resolve,
			reject,
			timer: setTimeout(() => {
				if (this.#pending.get(id) !== command) return;
				this.#pending.delete(id);
				reject(new CommandTimeoutError(id, timeoutMs));
			}, timeoutMs)
		};
		this.#pending.set(id, command);
		if (this.#socket?.connected) this.#emit(command);
		return promise;
	}

	#emit(command: PendingCommand): void {
		this.#socket?.emit('command', { type: command.type, id: command.id, payload: command.payload }, (ack: CommandAck) => {
			// Only the first answer counts; a late one for a command that already timed out is dropped.
			if (this.#pending.get(command.id) !== command) return;
			this.#pending.delete(command.id);
			clearTimeout(command.timer);
			// The command's own delta came before its ack: the caller finds the record in place.
			this.#applyHeld();
			command.resolve(ack);
		});
	}

	/** Applies the held deltas now; false when there were none. */
	#applyHeld(): boolean {
		if (this.#held.length === 0) return false;
		const before = this.#data;
		const { state } = applyDeltas(before, this.#held);
		const held = this.#held;
		this.#held = [];
		if (state !== before) {
			this.#data = state;
			this.#lastUpdateAt = new Date();
			if (before.epoch !== null) this.#tell(before.seq, held);
		}
		return true;
	}

	/** The listeners get the deltas applyDeltas took: each above every seq before it. */
	#tell(seqBefore: number, deltas: readonly Delta[]): void {
		if (this.#deltaListeners.size === 0) return;
		let seq = seqBefore;
		const fresh = deltas.filter((delta) => delta.seq > seq && (seq = delta.seq) > 0);
		if (fresh.length === 0) return;
		for (const listener of this.#deltaListeners) listener(fresh);
	}

	/** Applies what is held and, if anything was, holds whatever comes next for DELTA_PACE_MS. */
	#paceDeltas(): void {
		this.#paceTimer = this.#applyHeld() ? setTimeout(() => this.#paceDeltas(), DELTA_PACE_MS) : null;
	}

	#resumePoint(): { lastSeq: number; epoch: string } | Record<string, never> {
		// A reconnect asks for what came after everything received, held or applied.
		this.#applyHeld();
		const { epoch, seq } = this.#data;
		return epoch === null || this.#needsSnapshot ? {} : { lastSeq: seq, epoch };
	}

	#retryLater(delayMs: number = this.#options.refusedRetryMs): void {
		if (this.#retryTimer) return;
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = null;
			if (this.#socket && !this.#socket.connected && !this.#socket.active) {
				this.#status = this.ready ? 'resuming' : 'connecting';
				this.#socket.connect();
			}
		}, delayMs);
	}
}

/**
 * One connection per browser tab, handed down through context rather than a module singleton:
 * module state would be shared by every request during server-side rendering.
 */
export const [getLiveConnection, setLiveConnection] = createContext<LiveConnection>();
