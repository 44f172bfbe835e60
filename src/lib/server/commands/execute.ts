import { createHash } from 'node:crypto';
import type { Actor } from '$lib/domain/identity/actor';
import { AppError } from '$lib/domain/core/errors';
import { allows } from '$lib/domain/identity/roles';
import type { WireRecord } from '$lib/domain/core/protocol';
import { parseOrThrow } from '$lib/domain/core/validation';
import type { Db } from '../db/client';
import type { Statement } from '../db/statements';
import { isDatabaseUnavailable } from '../db/errors';
import { commitWithEvents, findByIdempotencyKey, type EventRow } from '../events';
import { rollupWrites } from '../rollups';
import type { Change, CommandSpec } from './command';
import * as cell from './cell';
import * as ceasefire from './ceasefire';
import * as commitments from './commitments';
import * as cooperation from './cooperation';
import * as forces from './forces';
import * as identity from './identity';
import * as support from './support';

/** Every command the guarantee modules define, by type: adding a command is defining it in its module. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const SPECS: ReadonlyMap<string, CommandSpec<any, any, any>> = new Map(
	[cell, identity, ceasefire, support, forces, commitments, cooperation]
		.flatMap((module) => Object.values(module))
		.filter((value): value is CommandSpec => typeof value === 'object' && value !== null && 'type' in value && 'apply' in value)
		.map((spec) => [spec.type, spec])
);

/** A command's spec by type: its schema is also what the OpenAPI document shows of its body. */
export function commandSpec(type: string): CommandSpec | undefined {
	return SPECS.get(type);
}

export interface CommandInput {
	type: string;
	/** The client's idempotency key: a retry with the same key is applied once and answered the same. */
	id: string | null;
	payload: unknown;
}

export interface CommandResult {
	seq: number;
	record: WireRecord | null;
	/** Extra answer for the first caller only, e.g. a new token's secret; absent on a retry. */
	reply?: Record<string, unknown>;
	/** True when this answers a retry of a command already applied. */
	replayed: boolean;
}

export interface CommandContext {
	db: Db;
	/** After commit: bring screens up to `seq` (the tailer; live state follows), bounded in time. */
	published(seq: number, startedAt: number): Promise<void>;
	/** After commit: drop the live sockets in these rooms, on every node. */
	disconnect(rooms: string[]): void;
	observe?(type: string, outcome: 'ok' | 'replayed' | 'error', seconds: number): void;
	/** The answered record as the actor may see it: an answer is a read too (references.ts). */
	present?(actor: Actor, collection: string, record: WireRecord): WireRecord;
}

function requestHash(type: string, payload: unknown): string {
	return createHash('sha256').update(type).update('\0').update(canonicalJson(payload)).digest('base64url');
}

/** JSON with sorted keys, so a retry that orders its fields differently is still the same request. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

function presented(ctx: CommandContext, actor: Actor, event: EventRow): WireRecord | null {
	return event.record && ctx.present ? ctx.present(actor, event.collection, event.record) : event.record;
}

function answerRetry(ctx: CommandContext, actor: Actor, existing: EventRow, hash: string): CommandResult {
	if (existing.requestHash !== hash) {
		throw new AppError('idempotency_mismatch', 'This idempotency key was already used for a different request');
	}
	return { seq: existing.seq, record: presented(ctx, actor, existing), replayed: true };
}

/** The one write path. Socket commands, form actions, REST and the seed all come through here. */
export async function execute(ctx: CommandContext, actor: Actor | null, command: CommandInput): Promise<CommandResult> {
	const started = performance.now();
	try {
		const result = await run(ctx, actor, command, started);
		ctx.observe?.(command.type, result.replayed ? 'replayed' : 'ok', (performance.now() - started) / 1000);
		return result;
	} catch (error) {
		ctx.observe?.(command.type, 'error', (performance.now() - started) / 1000);
		// Nothing was committed (the transaction could not finish): say so plainly, so the client retries.
		if (isDatabaseUnavailable(error)) throw new AppError('unavailable', 'The database cannot be reached. Retry with the same id: a command is never applied twice');
		throw error;
	}
}

function logFields(change: Omit<Change, 'reply' | 'disconnect'>, actor: Actor, at: Date) {
	return { ...change, at, previousReleasableTo: change.previousReleasableTo ?? null, actorId: actor.id, actorName: actor.displayName, actorNation: actor.nation };
}

async function run(ctx: CommandContext, actor: Actor | null, command: CommandInput, startedAt: number): Promise<CommandResult> {
	const spec = SPECS.get(command.type);
	if (!spec) throw new AppError('validation', `Unknown command type`, { type: [`Unknown: ${String(command.type).slice(0, 64)}`] });
	if (!actor) throw new AppError('unauthenticated', 'Sign in first');
	const input = parseOrThrow(spec.schema, command.payload);
	const action = typeof spec.action === 'function' ? spec.action(input) : spec.action;
	if (!allows(actor.role, action)) throw new AppError('forbidden', `Your role may not ${action}`);

	const hash = requestHash(command.type, command.payload);
	const prepared = spec.prepare ? await spec.prepare(input, actor) : undefined;

	let outcome;
	try {
		const { value, logged } = await commitWithEvents(ctx.db, async (tx) => {
			const target = spec.load ? await spec.load.load(tx, actor, (input as { id: string }).id) : undefined;
			const deferred: Statement[] = [];
			const applied = await spec.apply(tx, actor, input, { prepared, target, defer: (write) => void deferred.push('getSQL' in write ? write.getSQL() : write) });
			const [primary, ...consequences] = Array.isArray(applied) ? applied : [applied];
			const { reply, disconnect, ...change } = primary!;
			// One time for the log and the trends it moves, so a rebuild from the log books each change on the same day.
			const at = new Date();
			// A command's consequences (an alert a report raised) are logged right after it, in the same transaction.
			const batch = [
				{ ...logFields(change, actor, at), idempotencyKey: command.id, requestHash: hash },
				...consequences.map(({ reply: _r, disconnect: _d, ...consequence }) => ({ ...logFields(consequence, actor, at), idempotencyKey: null, requestHash: null }))
			];
			return { value: { reply, disconnect }, batch, alongside: [...deferred, ...(await rollupWrites(tx, batch, at))] };
		});
		outcome = { logged, ...value };
	} catch (error) {
		// A retry of a command already applied fails here: on the log's unique idempotency index (also
		// one racing the first attempt), or in apply when the record has moved on since. The first
		// attempt's answer is the answer. Looked up only on failure, so a first attempt costs no round trip for it.
		const existing = command.id && !isDatabaseUnavailable(error) ? await findByIdempotencyKey(ctx.db, actor.id, command.id) : undefined;
		if (existing) return answerRetry(ctx, actor, existing, hash);
		throw error;
	}

	const [event] = outcome.logged;
	await ctx.published(outcome.logged.at(-1)!.seq, startedAt);
	if (outcome.disconnect?.length) ctx.disconnect(outcome.disconnect);
	return { seq: event!.seq, record: presented(ctx, actor, event!), replayed: false, ...(outcome.reply ? { reply: outcome.reply } : {}) };
}
