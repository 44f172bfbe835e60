import { z } from 'zod';
import type { ErrorBody } from './errors';
import type { Releasability } from './releasability';

/** Every record on the wire carries an id and its releasability. */
export interface WireRecord {
	id: string;
	releasableTo: Releasability;
	[field: string]: unknown;
}

/** Who the server took this screen to be; null when it is not signed in (or its session ended). */
export interface ViewerInfo {
	username: string;
	displayName: string;
	role: string;
	nation: string;
}

export interface Snapshot {
	seq: number;
	viewer: ViewerInfo | null;
	/** Changes when the event log was wiped or replaced: a client's old seq means nothing then. */
	epoch: string;
	data: Record<string, WireRecord[]>;
	kpis: Record<string, unknown>;
}

export type Delta =
	| { seq: number; collection: string; op: 'upsert'; id: string; record: WireRecord }
	| { seq: number; collection: string; op: 'remove'; id: string };

/** `reply` carries what the command answers once and never logs (a new token's secret). */
export type CommandAck = { ok: true; seq: number; record: WireRecord; reply?: Record<string, unknown> } | { ok: false; error: ErrorBody };

export interface ServerToClient {
	snapshot: (snapshot: Snapshot) => void;
	delta: (delta: Delta) => void;
	/** The server cannot read the log (database away): what the screen shows is stale until `stale: false`. */
	status: (status: { stale: boolean }) => void;
	/** A request was refused (a `resume` over its rate limit): the error contract's body. */
	error: (refusal: { error: ErrorBody }) => void;
	/** Sent before a planned shutdown: reconnect (elsewhere) and resume. */
	reconnect: (info: { reason: string }) => void;
}

export interface ClientToServer {
	resume: (request: unknown) => void;
	command: (command: unknown, ack: (ack: CommandAck) => void) => void;
	/** The page the screen shows now (`{view: "/ceasefire"}`), for the cell's roster of screens. */
	view: (report: unknown) => void;
}

/** The names of the events above; anything else from a client is refused. */
export const CLIENT_EVENTS = ['resume', 'command', 'view'] as const;

export const ResumeRequest = z.strictObject({
	lastSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
	epoch: z.string().max(64).optional()
});
export type ResumeRequest = z.infer<typeof ResumeRequest>;

export const HandshakeAuth = z.object({
	lastSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
	epoch: z.string().max(64).optional(),
	token: z.string().max(200).optional(),
	/** The page the screen opens on (its path), for the roster of screens. */
	view: z.string().max(2048).optional()
});

export const CommandEnvelope = z.strictObject({
	type: z.string().min(1).max(64),
	id: z.string().min(8).max(128),
	payload: z.unknown()
});
export type CommandEnvelope = z.infer<typeof CommandEnvelope>;
