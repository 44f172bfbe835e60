import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import type { Socket } from 'socket.io';

/** An event argument that is JSON text already: written as it is, not serialized again per socket. */
export class PreEncodedJson {
	constructor(readonly json: string) {}
}

/**
 * socket.io-parser's encoder, except that a PreEncodedJson argument of an event goes out as its
 * text. The wire format is the default parser's, so clients use the stock one.
 */
export class WireEncoder extends Encoder {
	override encode(packet: Packet) {
		const args: unknown[] | undefined = packet.data;
		if (packet.type !== PacketType.EVENT || !Array.isArray(args) || !args.some((arg) => arg instanceof PreEncodedJson)) return super.encode(packet);
		const json = args.map((arg) => (arg instanceof PreEncodedJson ? arg.json : JSON.stringify(arg))).join(',');
		return [`${packet.type}${namespacePrefix(packet.nsp)}${packet.id ?? ''}[${json}]`];
	}
}

/** The Socket.IO server's `parser` option. */
export const wireParser = { Encoder: WireEncoder, Decoder };

const namespacePrefix = (nsp: string | undefined) => (nsp && nsp !== '/' ? `${nsp},` : '');

/** The end of an event's packet that many screens get alike: its text, and its UTF-8 bytes made once, when a WebSocket first needs them. */
export class SharedTail {
	#bytes: Buffer | undefined;
	constructor(readonly text: string) {}
	get bytes(): Buffer {
		return (this.#bytes ??= Buffer.from(this.text));
	}
}

/** An event's arguments as JSON text, `[…]`, split into this screen's own beginning (`["name",…`) and a shared end. */
export interface TailedEvent {
	head: string;
	tail: SharedTail;
}

/**
 * Emits a TailedEvent to one socket. A snapshot is some MiB that every screen of an audience gets
 * alike, after a few hundred bytes of its own; through `socket.emit` each screen would cost a join of
 * the whole packet, a UTF-8 length and a UTF-8 encoding. On a WebSocket the frame goes out instead as
 * its header with the screen's own bytes, then the shared bytes as they are, through engine.io's
 * pre-encoded frame option (the one Socket.IO's broadcasts use); long-polling gets the text.
 */
export function emitTailed(socket: Socket, event: TailedEvent): void {
	const text = `${PacketType.EVENT}${namespacePrefix(socket.nsp.name)}${event.head}`;
	const frame = [textFrameHead(text, event.tail.bytes.length), event.tail.bytes];
	// `socket.emit` with a pre-encoded packet, as the adapter's broadcast writes one (socket.io 4: Client#_packet).
	socket.client._packet([`${text}${event.tail.text}`] as unknown as Packet[], { preEncoded: true, wsPreEncodedFrame: frame } as object);
}

/**
 * A Socket.IO packet's text as the start of a WebSocket text frame, as engine.io writes it: the frame
 * header, the Engine.IO message type and the text; `tailLength` more bytes of payload may follow.
 */
export function textFrameHead(text: string, tailLength = 0): Buffer {
	// "4": an Engine.IO message.
	const own = Buffer.from(`4${text}`);
	return Buffer.concat([textFrameHeader(own.length + tailLength), own]);
}

/** A WebSocket frame header as a server writes it (RFC 6455 §5.2): final, text, unmasked, then the payload's length in 7, 7+16 or 7+64 bits. */
export function textFrameHeader(length: number): Buffer {
	const header = Buffer.alloc(length > 0xffff ? 10 : length > 125 ? 4 : 2);
	header[0] = 0x81;
	if (length > 0xffff) {
		header[1] = 127;
		header.writeBigUInt64BE(BigInt(length), 2);
	} else if (length > 125) {
		header[1] = 126;
		header.writeUInt16BE(length, 2);
	} else header[1] = length;
	return header;
}
