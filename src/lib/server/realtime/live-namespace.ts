import type { Namespace, Socket } from 'socket.io';
import { viewerOf, type Actor, type Viewer } from '$lib/domain/actor';
import type { ExtendedError } from 'socket.io';
import { toErrorBody } from '$lib/domain/errors';
import {
	CLIENT_EVENTS,
	CommandEnvelope,
	HandshakeAuth,
	ResumeRequest,
	type ClientToServer,
	type CommandAck,
	type ServerToClient,
	type Snapshot
} from '$lib/domain/protocol';
import { roomsOf } from '$lib/domain/releasability';
import type { Db } from '../db/client';
import { bearerSecret, type Authenticated } from '../auth/credentials';
import { eventsAfter } from '../events';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { CommandInput, CommandResult } from '../commands/execute';
import { deltaFor, snapshotFor } from './deltas';
import type { SnapshotCache } from './snapshots';
import type { LogTailer } from './tailer';

export type LiveNamespace = Namespace<ClientToServer, ServerToClient, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, SocketData>;

export interface SocketData {
	viewer: Viewer;
	/** Rooms of the credential (session, user, token): logout and revocation drop sockets through them. */
	credentialRooms: string[];
	expiresAt: Date | null;
}

// setTimeout's ceiling; a session expiring later is checked again when the socket reconnects.
const MAX_TIMER_MS = 2_147_483_647;

export interface LiveDeps {
	db: Db;
	snapshots: SnapshotCache;
	tailer: LogTailer;
	epoch: () => string;
	replayWindow: number;
	logger: Logger;
	metrics: Metrics;
	authenticate(request: { cookie?: string; token?: string | null }): Promise<Authenticated | null>;
	execute(actor: Actor | null, command: CommandInput): Promise<CommandResult>;
	/** The KPIs this viewer may see, as of now. */
	kpisFor(viewer: Viewer): Record<string, unknown>;
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
		socket.on('disconnect', () => {
			clearTimeout(expiry);
			deps.metrics.sockets.dec();
		});
		socket.onAny((event: string) => {
			if (!(CLIENT_EVENTS as readonly string[]).includes(event)) deps.metrics.rejectedMessages.inc({ reason: 'unknown_event' });
		});

		const auth = HandshakeAuth.safeParse(socket.handshake.auth ?? {});
		const from = auth.success && auth.data.lastSeq !== undefined ? { lastSeq: auth.data.lastSeq, epoch: auth.data.epoch } : null;
		void synchronize(socket, from, deps);

		socket.on('resume', (raw) => {
			const request = ResumeRequest.safeParse(raw);
			if (!request.success) {
				deps.metrics.rejectedMessages.inc({ reason: 'invalid_resume' });
				return;
			}
			void synchronize(socket, request.data, deps);
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
				const result = await deps.execute(socket.data.viewer.actor, envelope.data);
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
 * Brings one socket up to date and into its rooms without a gap or a duplicate: either the
 * logged events after its last seq, or a snapshot (plus anything logged since it was taken).
 * Runs under the tailer's lock, so no broadcast slips between the catch-up and the room join.
 */
async function synchronize(socket: LiveSocket, from: { lastSeq: number; epoch?: string } | null, deps: LiveDeps) {
	const viewer = socket.data.viewer;
	try {
		// A stranger (session ended, token revoked) always gets a snapshot: it carries `viewer: null`, which sends the screen to sign in.
		if (from && viewer.actor && (from.epoch === undefined || from.epoch === deps.epoch())) {
			// A screen that saw more than this process has yet (it came from another node) waits a moment.
			if (from.lastSeq > deps.tailer.cursor) await deps.tailer.waitFor(from.lastSeq);
			const resumed = await deps.tailer.exclusive(async (cursor) => {
				if (from.lastSeq > cursor || cursor - from.lastSeq > deps.replayWindow) return false;
				await replay(socket, viewer, from.lastSeq, cursor, deps.db);
				socket.join(roomsOf(viewer));
				return true;
			});
			if (resumed) {
				deps.metrics.resumes.inc({ outcome: 'replayed' });
				return;
			}
			deps.metrics.resumes.inc({ outcome: 'snapshot' });
		}
		const image = await deps.snapshots.image(deps.tailer.cursor);
		if (image.seq > deps.tailer.cursor) await deps.tailer.waitFor(image.seq);
		await deps.tailer.exclusive(async (cursor) => {
			// A Snapshot on the wire, its bulk serialized once per audience (wire-encoder.ts).
			socket.emit('snapshot', snapshotFor(image, deps.snapshots.jsonFor(image, viewer), viewer, deps.kpisFor(viewer)) as unknown as Snapshot);
			if (cursor > image.seq) await replay(socket, viewer, image.seq, cursor, deps.db);
			socket.join(roomsOf(viewer));
		});
	} catch (error) {
		deps.logger.error({ err: error }, 'could not synchronize a screen; disconnecting it so it retries');
		socket.disconnect(true);
	}
}

async function replay(socket: LiveSocket, viewer: Viewer, afterSeq: number, upTo: number, db: Db) {
	let cursor = afterSeq;
	while (cursor < upTo) {
		const rows = await eventsAfter(db, cursor, Math.min(1000, upTo - cursor));
		if (rows.length === 0) break;
		for (const row of rows) {
			if (row.seq > upTo) return;
			const delta = deltaFor(row, viewer);
			if (delta) socket.emit('delta', delta);
		}
		cursor = rows[rows.length - 1]!.seq;
	}
}
