import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Viewer } from '$lib/domain/identity/actor';
import { changedFields, type AuditEntry, type AuditQuery } from '$lib/domain/cell/audit';
import { AppError } from '$lib/domain/core/errors';
import { canSee } from '$lib/domain/core/releasability';
import { allows } from '$lib/domain/identity/roles';
import { collectionSpec } from '../collections';
import type { WireRecord } from '$lib/domain/core/protocol';
import type { Db } from '../db/client';
import { events } from '../db/schema';

const previous = alias(events, 'previous');

/** Each event with the record as it was just before it, read from the log itself. */
function withBefore(db: Db, where: SQL | undefined, limit: number) {
	const before = sql<WireRecord | null>`(${db
		.select({ record: previous.record })
		.from(previous)
		.where(and(eq(previous.collection, events.collection), eq(previous.entityId, events.entityId), lt(previous.seq, events.seq)))
		.orderBy(desc(previous.seq))
		.limit(1)})`;
	return db
		.select({ event: events, before })
		.from(events)
		.where(where)
		.orderBy(desc(events.seq))
		.limit(limit);
}

function toEntry({ event, before }: { event: typeof events.$inferSelect; before: WireRecord | null }): AuditEntry {
	return {
		seq: event.seq,
		at: event.at.toISOString(),
		name: event.name,
		collection: event.collection,
		entityId: event.entityId,
		actorId: event.actorId,
		actorName: event.actorName,
		actorNation: event.actorNation,
		changes: changedFields(before, event.record)
	};
}


/** Who changed a record, when and how, newest first. Not found when the viewer may not see the record. */
export async function recordHistory(db: Db, viewer: Viewer, collection: string, id: string): Promise<AuditEntry[]> {
	const actor = viewer.actor;
	if (!actor) throw new AppError('unauthenticated', 'Sign in first');
	// Beyond seeing the record, its history needs the registry's permission (users' and tokens' the admin's).
	if (!allows(actor.role, collectionSpec(collection)?.history ?? 'history.read')) throw new AppError('forbidden', 'Your role may not read history');
	const rows = await withBefore(db, and(eq(events.collection, collection), eq(events.entityId, id)), 500);
	// The newest event carries the record's current releasability.
	if (rows.length === 0 || !canSee(viewer, rows[0]!.event.releasableTo)) throw new AppError('not_found', 'No such record');
	return rows.map(toEntry);
}

/** Every change by everyone, for the admin: filtered by actor, nation, collection and time. */
export async function auditTrail(db: Db, query: AuditQuery): Promise<AuditEntry[]> {
	const where = and(
		query.actor ? eq(events.actorId, query.actor) : undefined,
		query.nation ? eq(events.actorNation, query.nation) : undefined,
		query.collection ? eq(events.collection, query.collection) : undefined,
		query.from ? gte(events.at, new Date(query.from)) : undefined,
		query.to ? lte(events.at, new Date(query.to)) : undefined,
		query.before ? lt(events.seq, query.before) : undefined
	);
	return (await withBefore(db, where, query.limit)).map(toEntry);
}
