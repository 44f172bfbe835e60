import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';

/** An event argument that is JSON text already: written as it is, not serialized again per socket. */
export class PreEncodedJson {
	constructor(readonly json: string) {}
}

/**
 * socket.io-parser's encoder, except that a PreEncodedJson argument of an event goes out as its
 * text. A snapshot is mostly the same few MiB for everyone in an audience: serialized once per
 * audience (SnapshotCache), not once per screen. The wire format is the default parser's, so
 * clients use the stock one.
 */
export class WireEncoder extends Encoder {
	override encode(packet: Packet) {
		const args: unknown[] | undefined = packet.data;
		if (packet.type !== PacketType.EVENT || !Array.isArray(args) || !args.some((arg) => arg instanceof PreEncodedJson)) return super.encode(packet);
		const nsp = packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : '';
		const json = args.map((arg) => (arg instanceof PreEncodedJson ? arg.json : JSON.stringify(arg))).join(',');
		return [`${packet.type}${nsp}${packet.id ?? ''}[${json}]`];
	}
}

/** The Socket.IO server's `parser` option. */
export const wireParser = { Encoder: WireEncoder, Decoder };
