import { randomUUID } from 'node:crypto';
import type { Namespace, Socket } from 'socket.io';
import { viewerOf, type Actor, type Viewer } from '$lib/domain/identity/actor';
import type { ExtendedError } from 'socket.io';
import { toErrorBody } from '$lib/domain/core/errors';
import {
	CLIENT_EVENTS,
	CommandEnvelope,
	HandshakeAuth,
	ResumeRequest,
	type ClientToServer,
	type CommandAck,
	type Delta,
	type WireRecord,
	type ServerToClient
} from '$lib/domain/core/protocol';
import { roomsOf } from '$lib/domain/core/releasability';
import { presenceOf, viewOf, ViewReport } from '$lib/domain/cell/presence';
import { COMMAND_ALIASES } from '$lib/domain/core/commands';
import type { Db } from '../db/client';
import { bearerSecret, type Authenticated } from '../auth/credentials';
import { eventsAfter, type EventRow } from '../events';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { CommandInput, CommandResult } from '../commands/execute';
import type { ReleasabilityOf } from '$lib/domain/core/references';
import { collapseGap, encoded, type CatchUps, type EncodedDelta } from './catch-up';
import { snapshotFor } from './deltas';
import { emitTailed } from './wire-encoder';
import type { SnapshotCache } from './snapshots';
import type { LogTailer } from './tailer';
import type { DerivedData } from './derived';
import type { ScreenAudience } from './audience-writes';

/** Between the nodes of a cluster: each announces its screens for the cell's roster (presence.ts). */
export interface BetweenNodes {
	presence: (announcement: unknown) => void;
}

export type LiveNamespace = Namespace<ClientToServer, ServerToClient, BetweenNodes, SocketData>;
export type LiveSocket = Socket<ClientToServer, ServerToClient, BetweenNodes, SocketData>;

type ResumePoint = { lastSeq: number; epoch?: string } | null;

export interface SocketData {
	viewer: Viewer;
	/** Rooms of the credential (session, user, token): logout and revocation drop sockets through them. */
	credentialRooms: string[];
	expiresAt: Date | null;
	/** One catch-up at a time per socket: while one runs, the newest request waits (older ones are moot). */
	catchUp: { running: boolean; queued: { from: ResumePoint } | null };
	refusedResumes: number;
	/** The screen's record in the roster of connected screens; signed-in screens only. */
	presenceId: string | null;
	/** Its audience's rooms, once joined: deltas reach it from then on (audience-writes.ts). */
	audience?: ScreenAudience;
}

/** A socket refused this many resumes is looping or attacking: it is disconnected. */
const MAX_REFUSED_RESUMES = 10;

// setTimeout's ceiling; a session expiring later is checked again when the socket reconnects.
const MAX_TIMER_MS = 2_147_483_647;

export interface LiveDeps {
	db: Db;
	snapshots: SnapshotCache;
	catchUps: CatchUps;
	releasabilityOf: ReleasabilityOf;
	/** Throws rate_limited when a socket (or its actor's sockets) ask to resume too often. */
	limitResume(socketId: string, actorKey: string): Promise<void>;
	tailer: LogTailer;
	epoch: () => string;
	logger: Logger;
	metrics: Metrics;
	authenticate(request: { cookie?: string; token?: string | null }): Promise<Authenticated | null>;
	execute(actor: Actor | null, command: CommandInput): Promise<CommandResult>;
	/** The KPIs and the roster of connected screens (derived.ts). */
	derived: DerivedData;
	/** Throws rate_limited when a socket reports a new view too often. */
	limitView(socketId: string): Promise<void>;
}

/** Wires the `/live` namespace: authenticate the handshake, then snapshot or resume, then commands. */
export function setUpLiveNamespace(nsp: LiveNamespace, deps: LiveDeps): void {
	nsp.use(async (socket, next) => {
		try {
			const auth = HandshakeAuth.safeParse(socket.handshake.auth ?? {});
			const token = (auth.success ? auth.data.token : undefined) ?? bearerSecret(socket.handshake.headers.authorization);
			if (token) {
				// A machine that presents a token means it: a wrong one is refused, not downgraded to anonymous.
				const found = await deps.authenticate({ token });
				if (!found) return next(new Error('unauthenticated'));
				return admit(socket, found, next);
			}
			admit(socket, await deps.authenticate({ cookie: socket.handshake.headers.cookie }), next);
		} catch (error) {
			deps.logger.error({ err: error }, 'socket authentication failed');
			next(new Error('unavailable'));
		}
	});

	nsp.on('connection', (socket) => {
		deps.metrics.sockets.inc();
		const { expiresAt, credentialRooms } = socket.data;
		socket.join(credentialRooms);
		const expiry = expiresAt ? setTimeout(() => socket.disconnect(true), Math.min(MAX_TIMER_MS, expiresAt.getTime() - Date.now())) : undefined;
		const actor = socket.data.viewer.actor;
		const auth = HandshakeAuth.safeParse(socket.handshake.auth ?? {});
		socket.data.presenceId = actor ? randomUUID() : null;
		const view = auth.data?.view;
		if (actor) deps.derived.roster.arrived(presenceOf(socket.data.presenceId!, actor, view === undefined ? null : viewOf(view), new Date()));
		socket.on('disconnect', () => {
			clearTimeout(expiry);
			deps.metrics.sockets.dec();
			if (socket.data.presenceId) deps.derived.roster.left(socket.data.presenceId);
		});
		socket.onAny((event: string) => {
			if (!(CLIENT_EVENTS as readonly string[]).includes(event)) deps.metrics.rejectedMessages.inc({ reason: 'unknown_event' });
		});

		const from = auth.success && auth.data.lastSeq !== undefined ? { lastSeq: auth.data.lastSeq, epoch: auth.data.epoch } : null;
		socket.data.catchUp = { running: false, queued: null };
		socket.data.refusedResumes = 0;
		catchUp(socket, from, deps);

		socket.on('resume', async (raw) => {
			const request = ResumeRequest.safeParse(raw);
			if (!request.success) {
				deps.metrics.rejectedMessages.inc({ reason: 'invalid_resume' });
				return;
			}
			try {
				const actor = socket.data.viewer.actor;
				await deps.limitResume(socket.id, actor ? `${actor.kind}:${actor.id}` : `anonymous:${socket.handshake.address}`);
			} catch (error) {
				deps.metrics.rejectedMessages.inc({ reason: 'resume_rate_limited' });
				socket.emit('error', { error: toErrorBody(error) });
				if (++socket.data.refusedResumes > MAX_REFUSED_RESUMES) socket.disconnect(true);
				return;
			}
			catchUp(socket, request.data, deps);
		});

		socket.on('view', async (raw) => {
			const report = ViewReport.safeParse(raw);
			if (!report.success || !socket.data.presenceId) {
				deps.metrics.rejectedMessages.inc({ reason: 'invalid_view' });
				return;
			}
			try {
				await deps.limitView(socket.id);
			} catch (error) {
				deps.metrics.rejectedMessages.inc({ reason: 'view_rate_limited' });
				socket.emit('error', { error: toErrorBody(error) });
				return;
			}
			deps.derived.roster.viewed(socket.data.presenceId, viewOf(report.data.view));
		});

		socket.on('command', async (raw, ack) => {
			if (typeof ack !== 'function') {
				deps.metrics.rejectedMessages.inc({ reason: 'command_without_ack' });
				return;
			}
			const envelope = CommandEnvelope.safeParse(raw);
			if (!envelope.success) {
				ack({ ok: false, error: { code: 'validation', message: 'A command is { type, id, payload }' } });
				return;
			}
			let answer: CommandAck;
			try {
				const { type, ...command } = envelope.data;
				const result = await deps.execute(socket.data.viewer.actor, { ...command, type: COMMAND_ALIASES[type] ?? type });
				answer = { ok: true, seq: result.seq, record: result.record!, ...(result.reply && { reply: result.reply }) };
			} catch (error) {
				answer = { ok: false, error: toErrorBody(error) };
			}
			ack(answer);
		});
	});
}

function admit(socket: LiveSocket, found: Authenticated | null, next: (err?: ExtendedError) => void) {
	socket.data.viewer = viewerOf(found?.actor ?? null);
	socket.data.credentialRooms = found?.rooms ?? [];
	socket.data.expiresAt = found?.expiresAt ?? null;
	next();
}

/**
 * Runs one catch-up at a time per socket: requests arriving meanwhile collapse into the newest, and
 * nothing more is done for a socket that has gone.
 */
function catchUp(socket: LiveSocket, from: ResumePoint, deps: LiveDeps) {
	const state = socket.data.catchUp;
	state.queued = { from };
	if (state.running) return;
	state.running = true;
	void (async () => {
		while (state.queued && socket.connected) {
			const next = state.queued.from;
			state.queued = null;
			await synchronize(socket, next, deps);
		}
		state.running = false;
		state.queued = null;
	})();
}

/**
 * Brings one socket up to date and into its rooms without a gap or a duplicate: either what changed
 * after its last seq (catch-up.ts: each touched record as this viewer may see it now), or a snapshot
 * (plus what changed since it was taken). Runs under the tailer's lock, so no broadcast slips between
 * the catch-up and the room join; the work there is in memory and shared by an audience.
 */
async function synchronize(socket: LiveSocket, from: ResumePoint, deps: LiveDeps) {
	const viewer = socket.data.viewer;
	try {
		// A stranger (session ended, token revoked) always gets a snapshot: it carries `viewer: null`, which sends the screen to sign in.
		if (from && viewer.actor && (from.epoch === undefined || from.epoch === deps.epoch())) {
			// A screen that saw more than this process has yet (it came from another node) waits a moment.
			if (from.lastSeq > deps.tailer.cursor) await deps.tailer.waitFor(from.lastSeq);
			const resumed = await deps.tailer.exclusive(async (cursor) => {
				if (!socket.connected) return true;
				if (from.lastSeq > cursor) return false;
				const deltas = deps.catchUps.deltasFor(viewer, from.lastSeq, cursor);
				const derived = deps.derived.since(viewer, from.lastSeq);
				if (deltas === null || derived === null) return false;
				emitCatchUp(socket, [...deltas, ...derived.map(encoded)].sort((a, b) => a.seq - b.seq));
				joinAudience(socket);
				return true;
			});
			if (resumed) {
				deps.metrics.resumes.inc({ outcome: 'replayed' });
				return;
			}
			deps.metrics.resumes.inc({ outcome: 'snapshot' });
		}
		if (!socket.connected) return;
		const image = await deps.snapshots.image(deps.tailer.cursor);
		if (image.seq > deps.tailer.cursor) await deps.tailer.waitFor(image.seq);
		await deps.tailer.exclusive(async (cursor) => {
			if (!socket.connected) return;
			// A Snapshot on the wire, its bulk serialized and encoded once per audience and position (wire-encoder.ts).
			const seq = Math.max(cursor, image.seq);
			const current = deps.snapshots.recordsFor(image, viewer, seq);
			if (current !== null) {
				emitTailed(socket, snapshotFor(seq, image.epoch, current, viewer, derivedOf(viewer, deps)));
			} else {
				// Live state lags further than the events kept in memory (it was being rebuilt): the image, then the log.
				emitTailed(socket, snapshotFor(image.seq, image.epoch, deps.snapshots.recordsFor(image, viewer, image.seq)!, viewer, derivedOf(viewer, deps)));
				emitCatchUp(socket, await fromTheLog(viewer, image.seq, cursor, deps));
			}
			joinAudience(socket);
		});
	} catch (error) {
		deps.logger.error({ err: error }, 'could not synchronize a screen; disconnecting it so it retries');
		socket.disconnect(true);
	}
}

/** Into the rooms of what the screen may see: the deltas broadcast from now on reach it. */
function joinAudience(socket: LiveSocket) {
	const rooms = roomsOf(socket.data.viewer);
	socket.join(rooms);
	socket.data.audience = { key: rooms.join(' '), rooms };
}

function emitCatchUp(socket: LiveSocket, deltas: readonly EncodedDelta[]) {
	for (const delta of deltas) socket.emit('delta', delta.packet as unknown as Delta);
}

/** What a snapshot carries beside the log's records: the KPIs, and for the cell the roster of screens. */
function derivedOf(viewer: Viewer, deps: LiveDeps) {
	return { kpis: deps.derived.kpisFor(viewer), presence: deps.derived.presenceFor(viewer) };
}

/**
 * A snapshot older than the events kept in memory (live state was being rebuilt): the gap from the
 * log, a bounded number of reads, collapsed as a resume would be.
 */
async function fromTheLog(viewer: Viewer, afterSeq: number, upTo: number, deps: LiveDeps): Promise<EncodedDelta[]> {
	const rows: EventRow[] = [];
	for (let cursor = afterSeq; cursor < upTo; ) {
		const batch = await eventsAfter(deps.db, cursor, 1000, upTo + 1);
		if (batch.length === 0) break;
		rows.push(...batch);
		cursor = batch[batch.length - 1]!.seq;
	}
	return collapseGap(rows, viewer, deps.releasabilityOf).map(encoded);
}
