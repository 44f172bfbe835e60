import { PacketType } from 'socket.io-parser';
import type { Delta } from '$lib/domain/core/protocol';
import type { LiveNamespace, LiveSocket } from './live-namespace';
import { textFrameHead } from './wire-encoder';

/** Whom a delta is for: the screens in any of `to`'s rooms and in none of `except`'s (Socket.IO's own rules for `to` and `except`). */
export interface RoomDelta {
	delta: Delta;
	to: readonly string[];
	except?: readonly string[];
}

/** The rooms a screen joined once it was brought up to date (live-namespace.ts): every screen with the same rooms gets the same deltas. */
export interface ScreenAudience {
	key: string;
	rooms: readonly string[];
}

/** The engine.io option a slow-screen check reads: how many messages a packet of joined frames carries (slow-screens.ts). */
export interface JoinedFramesOptions {
	preEncoded: true;
	wsPreEncodedFrame: [Buffer];
	messages: number;
}

const reaches = (rooms: readonly string[], { to, except }: RoomDelta) => to.some((room) => rooms.includes(room)) && !except?.some((room) => rooms.includes(room));

/**
 * Sends a batch of deltas (events read from the log, a KPI publication) to this process's screens,
 * each getting its share in order. Screens with the same rooms get the same share, so it is worked
 * out, encoded and framed once per audience, not once per delta per screen: on a WebSocket each
 * screen then gets its share as WebSocket frames joined in one buffer that the whole audience shares,
 * one engine.io packet and one TCP write; a long-polling screen gets the deltas one packet each.
 * On the wire nothing changes: one Socket.IO `delta` message, in its own frame, per delta.
 *
 * Through Socket.IO's own broadcast every delta was a packet, a frame and a buffer of its own on
 * every screen, and at a thousand screens that per-delta, per-screen bookkeeping was most of the
 * server's time (README → Performance).
 */
export function sendToRooms(nsp: LiveNamespace, deltas: readonly RoomDelta[]): void {
	if (deltas.length === 0) return;
	if (gathered) {
		const sends = gathered.get(nsp);
		if (sends) sends.push(...deltas);
		else gathered.set(nsp, [...deltas]);
		return;
	}
	const audiences = new Map<string, { rooms: readonly string[]; sockets: LiveSocket[] }>();
	for (const socket of nsp.sockets.values()) {
		const audience = socket.data.audience;
		if (!audience) continue;
		const group = audiences.get(audience.key);
		if (group) group.sockets.push(socket);
		else audiences.set(audience.key, { rooms: audience.rooms, sockets: [socket] });
	}
	const frames: (Buffer | undefined)[] = [];
	const frameOf = (i: number) => (frames[i] ??= webSocketFrame(nsp, deltas[i]!.delta));
	for (const { rooms, sockets } of audiences.values()) {
		const share = deltas.flatMap((delta, i) => (reaches(rooms, delta) ? [i] : []));
		if (share.length === 0) continue;
		let joined: JoinedFramesOptions | undefined;
		for (const socket of sockets) {
			const transport = socket.conn.transport as unknown as { name: string; perMessageDeflate?: unknown };
			if (transport.name === 'websocket' && !transport.perMessageDeflate) {
				joined ??= { preEncoded: true, wsPreEncodedFrame: [Buffer.concat(share.map(frameOf))], messages: share.length };
				// engine.io writes the frames as they are; the packet's text would only be read by long-polling.
				socket.client._packet([''] as never, joined as object);
			} else {
				for (const i of share) socket.emit('delta', deltas[i]!.delta);
			}
		}
	}
}

let gathered: Map<LiveNamespace, RoomDelta[]> | null = null;

/**
 * Runs `work`, and sends what it sends (sendToRooms) when it is done, together: each screen gets it
 * in one write, in the order it was sent (a batch of events and the publication after them).
 */
export function gatheringWrites(work: () => void): void {
	if (gathered) return work();
	const sends = (gathered = new Map());
	try {
		work();
	} finally {
		// Also when work failed half-way: what it sent goes, as it would have without gathering.
		gathered = null;
		for (const [nsp, deltas] of sends) sendToRooms(nsp, deltas);
	}
}

/** A delta as Socket.IO's broadcast frames it for a WebSocket: the event's packet, as an engine.io message, in a text frame. */
function webSocketFrame(nsp: LiveNamespace, delta: Delta): Buffer {
	const [text] = nsp.server.encoder.encode({ type: PacketType.EVENT, nsp: nsp.name, data: ['delta', delta] }) as [string];
	return textFrameHead(text);
}
