import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Releasability } from '$lib/domain/releasability';
import type { WireRecord } from '$lib/domain/protocol';

/**
 * The event log: the history of every write, appended in the same transaction as the row.
 * `seq` order is commit order (appends are serialized), which is what makes resume exact.
 */
export const events = pgTable(
	'events',
	{
		seq: bigserial('seq', { mode: 'number' }).primaryKey(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		name: text('name').notNull(),
		collection: text('collection').notNull(),
		entityId: text('entity_id').notNull(),
		op: text('op', { enum: ['upsert', 'remove'] }).notNull(),
		record: jsonb('record').$type<WireRecord | null>(),
		releasableTo: jsonb('releasable_to').$type<Releasability>().notNull(),
		/** Set when a change narrowed who may see the record: those who lost sight get a removal. */
		previousReleasableTo: jsonb('previous_releasable_to').$type<Releasability | null>(),
		actorId: uuid('actor_id').notNull(),
		actorName: text('actor_name').notNull(),
		idempotencyKey: text('idempotency_key'),
		requestHash: text('request_hash')
	},
	(t) => [
		uniqueIndex('events_actor_idempotency_key').on(t.actorId, t.idempotencyKey),
		index('events_entity').on(t.collection, t.entityId, t.seq)
	]
);

export const users = pgTable('users', {
	id: uuid('id').primaryKey(),
	username: text('username').notNull().unique(),
	displayName: text('display_name').notNull(),
	passwordHash: text('password_hash').notNull(),
	role: text('role').notNull(),
	nation: text('nation').notNull(),
	disabled: boolean('disabled').notNull().default(false),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const sessions = pgTable(
	'sessions',
	{
		/** SHA-256 of the cookie value: a leaked table does not hand out sessions. */
		idHash: text('id_hash').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [index('sessions_user').on(t.userId)]
);

export const logEntries = pgTable(
	'log_entries',
	{
		id: uuid('id').primaryKey(),
		text: text('text').notNull(),
		authorId: uuid('author_id').notNull(),
		authorName: text('author_name').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"cell"'::jsonb`)
	},
	(t) => [index('log_entries_created').on(t.createdAt)]
);

/** Facts about this database itself, such as the epoch of its event log. */
export const meta = pgTable('meta', {
	key: text('key').primaryKey(),
	value: text('value').notNull()
});
