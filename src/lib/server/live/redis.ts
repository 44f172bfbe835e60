import { createClient, defineScript, type CommandParser } from 'redis';
import type { WireRecord } from '$lib/domain/core/protocol';
import type { LiveChange, LiveImage, LiveState } from './live-state';

/** Bounds every wait on an unreachable Redis: health checks must answer, not hang. */
const CONNECT_TIMEOUT_MS = 2_000;
const PING_TIMEOUT_MS = 2_000;
const CLOSE_TIMEOUT_MS = 2_000;
const MAX_RECONNECT_DELAY_MS = 5_000;

interface Keys {
	/** Hash: epoch, seq. Absent when nothing is held. */
	position: string;
	/** Set of collection names, so a snapshot finds every collection hash. */
	collections: string;
	/** Followed by a collection name: hash id → record JSON. */
	collectionPrefix: string;
}

/** seq travels as a string: Lua numbers print as %.14g, which would mangle large seqs. */
interface EncodedChange {
	seq: string;
	collection: string;
	op: LiveChange['op'];
	id: string;
	json: string;
}

// Each script takes the position and collections keys, then the collection key prefix. Collection
// keys are built inside the scripts because collections are only known at run time: this layout
// is for a single Redis (optionally behind Sentinel), not Redis Cluster.
const liveApply = defineScript({
	SCRIPT: `
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
	return redis.error_reply('live state must be built first via replace()')
end
local current = redis.call('HGET', KEYS[1], 'seq')
local seq = tonumber(current)
local last = current
for i = 2, #ARGV, 5 do
	local s = tonumber(ARGV[i])
	if s > seq then
		local key = ARGV[1] .. ARGV[i + 1]
		if ARGV[i + 2] == 'upsert' then
			redis.call('HSET', key, ARGV[i + 3], ARGV[i + 4])
			redis.call('SADD', KEYS[2], ARGV[i + 1])
		else
			redis.call('HDEL', key, ARGV[i + 3])
		end
		seq = s
		last = ARGV[i]
	end
end
if last ~= current then
	redis.call('HSET', KEYS[1], 'seq', last)
end
return last`,
	NUMBER_OF_KEYS: 2,
	parseCommand(parser: CommandParser, keys: Keys, changes: readonly EncodedChange[]) {
		parser.pushKeys([keys.position, keys.collections]);
		parser.push(keys.collectionPrefix);
		for (const change of changes) parser.push(change.seq, change.collection, change.op, change.id, change.json);
	},
	transformReply: (reply: string) => Number(reply)
});

const liveSnapshot = defineScript({
	SCRIPT: `
local position = redis.call('HMGET', KEYS[1], 'epoch', 'seq')
if not position[1] then
	return {}
end
local reply = { position[1], position[2] }
for _, name in ipairs(redis.call('SMEMBERS', KEYS[2])) do
	reply[#reply + 1] = name
	reply[#reply + 1] = redis.call('HVALS', ARGV[1] .. name)
end
return reply`,
	NUMBER_OF_KEYS: 2,
	parseCommand(parser: CommandParser, keys: Keys) {
		parser.pushKeys([keys.position, keys.collections]);
		parser.push(keys.collectionPrefix);
	},
	transformReply(reply: Array<string | string[]>): LiveImage {
		if (reply.length === 0) return { epoch: '', seq: 0, data: {} };
		const entries: [string, WireRecord[]][] = [];
		for (let i = 2; i < reply.length; i += 2) {
			entries.push([reply[i] as string, (reply[i + 1] as string[]).map(parseRecord)]);
		}
		return { epoch: reply[0] as string, seq: Number(reply[1]), data: Object.fromEntries(entries) };
	}
});

/** Only ever queued inside the MULTI of replace(), so wiping and writing are one step. */
const liveWipe = defineScript({
	SCRIPT: `
for _, name in ipairs(redis.call('SMEMBERS', KEYS[2])) do
	redis.call('UNLINK', ARGV[1] .. name)
end
return redis.call('UNLINK', KEYS[1], KEYS[2])`,
	NUMBER_OF_KEYS: 2,
	parseCommand(parser: CommandParser, keys: Keys) {
		parser.pushKeys([keys.position, keys.collections]);
		parser.push(keys.collectionPrefix);
	},
	transformReply: (reply: number) => reply
});

/**
 * Live state in Redis, shared by every server process. Resolves once the first connection attempt
 * has settled, even if it failed: the client keeps reconnecting, and until it is back every call
 * fails fast (ping() is how callers tell).
 */
export async function createRedisLiveState(options: {
	url: string;
	prefix: string;
	/** Connection errors; the client reports them here instead of crashing the process. */
	onError?: (error: Error) => void;
}): Promise<LiveState> {
	const base = `${options.prefix}live:`;
	const keys: Keys = { position: `${base}pos`, collections: `${base}collections`, collectionPrefix: `${base}c:` };
	const client = createClient({
		url: options.url,
		disableOfflineQueue: true,
		socket: {
			connectTimeout: CONNECT_TIMEOUT_MS,
			// Jitter keeps many processes from reconnecting in lockstep after an outage.
			reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) + Math.floor(Math.random() * 100)
		},
		scripts: { liveApply, liveSnapshot, liveWipe }
	});
	client.on('error', (error: Error) => options.onError?.(error));
	await new Promise<void>((resolve) => {
		const settle = () => {
			client.off('ready', settle).off('error', settle);
			resolve();
		};
		client.on('ready', settle).on('error', settle);
		// Rejects only when close() interrupts connecting, which is deliberate.
		client.connect().catch(() => {});
	});
	let closed = false;

	return {
		kind: 'redis',

		async position() {
			const [epoch, seq] = await client.hmGet(keys.position, ['epoch', 'seq']);
			return epoch == null ? null : { epoch: String(epoch), seq: Number(seq) };
		},

		async apply(changes) {
			return client.liveApply(keys, changes.map(encodeChange));
		},

		async snapshot() {
			return client.liveSnapshot(keys);
		},

		async replace(image) {
			const multi = client.multi().liveWipe(keys).hSet(keys.position, { epoch: image.epoch, seq: String(image.seq) });
			const names = Object.keys(image.data);
			if (names.length > 0) multi.sAdd(keys.collections, names);
			for (const [name, records] of Object.entries(image.data)) {
				if (records.length === 0) continue;
				multi.hSet(`${keys.collectionPrefix}${name}`, new Map(records.map((record) => [record.id, JSON.stringify(record)])));
			}
			await multi.exec();
		},

		async ping() {
			await withTimeout(client.ping(), PING_TIMEOUT_MS, 'redis ping timed out');
		},

		async close() {
			if (closed) return;
			closed = true;
			if (!client.isReady) return client.destroy();
			await withTimeout(client.close(), CLOSE_TIMEOUT_MS, 'redis close timed out').catch(() => client.destroy());
		}
	};
}

function encodeChange(change: LiveChange): EncodedChange {
	const { seq, collection, op, id, record } = change;
	if (op === 'remove') return { seq: String(seq), collection, op, id, json: '' };
	if (!record) throw new Error(`upsert at seq ${seq} has no record`);
	return { seq: String(seq), collection, op, id, json: JSON.stringify(record) };
}

function parseRecord(json: string): WireRecord {
	return JSON.parse(json) as WireRecord;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(message)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
