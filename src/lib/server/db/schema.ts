import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, date, doublePrecision, integer, index, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Releasability } from '$lib/domain/core/releasability';
import type { WireRecord } from '$lib/domain/core/protocol';
import type { SectorGeometry, SectorOverride } from '$lib/domain/ceasefire/sectors';
import type { Category, Severity, Source, Violation, ViolationStatus } from '$lib/domain/ceasefire/violations';
import type { DepotRequestStatus } from '$lib/domain/support/depot-requests';
import type { DeliveryStatus, DeliveryStep } from '$lib/domain/support/deliveries';
import type { FortificationKind, FortificationUnit } from '$lib/domain/support/fortifications';
import type { Channel, Measure, PledgeCategory, Valuation } from '$lib/domain/support/pledges';
import type { BrigadeStage } from '$lib/domain/forces/brigades';
import type { ActivationState } from '$lib/domain/commitments/activations';
import type { Commitment, CommitmentStatus, CommitmentType } from '$lib/domain/commitments/commitments';
import type { MonthlyQuantity, ProgrammeKind } from '$lib/domain/cooperation/programmes';
import type { Metric } from '$lib/domain/cell/trends';
import type { WallSettingsValues } from '$lib/domain/cell/wall-settings';
import type { Domain, Mission, Readiness, Unit } from '$lib/domain/forces/units';

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
		/** For the audit view's filter by nation; the actor's nation at the time of the change. */
		actorNation: text('actor_nation').notNull().default(''),
		idempotencyKey: text('idempotency_key'),
		requestHash: text('request_hash')
	},
	(t) => [
		uniqueIndex('events_actor_idempotency_key').on(t.actorId, t.idempotencyKey),
		index('events_entity').on(t.collection, t.entityId, t.seq),
		index('events_actor').on(t.actorId, t.seq),
		index('events_at').on(t.at)
	]
);

export const users = pgTable('users', {
	id: uuid('id').primaryKey(),
	username: text('username').notNull().unique(),
	displayName: text('display_name').notNull(),
	/** lookalikeKey(displayName): unique, so two accounts cannot look alike even when made at the same moment. Null on an account that already looked like an older one when this column came (migration 0007). */
	displayNameKey: text('display_name_key').unique(),
	passwordHash: text('password_hash').notNull(),
	role: text('role').notNull(),
	nation: text('nation').notNull(),
	disabled: boolean('disabled').notNull().default(false),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** Named credentials for machines and wall devices; the secret is shown once and kept only as a hash. */
export const apiTokens = pgTable('api_tokens', {
	id: uuid('id').primaryKey(),
	name: text('name').notNull(),
	role: text('role').notNull(),
	nation: text('nation').notNull(),
	secretHash: text('secret_hash').notNull().unique(),
	createdBy: uuid('created_by').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	revokedAt: timestamp('revoked_at', { withTimezone: true }),
	lastUsedAt: timestamp('last_used_at', { withTimezone: true })
});

export const sessions = pgTable(
	'sessions',
	{
		/** SHA-256 of the cookie value: a leaked table does not hand out sessions. */
		idHash: text('id_hash').primaryKey(),
		/** A person's session, or a wall device's (opened with its token's device link). */
		userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
		tokenId: uuid('token_id').references(() => apiTokens.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [
		index('sessions_user').on(t.userId),
		index('sessions_token').on(t.tokenId),
		check('sessions_one_owner', sql`(${t.userId} is null) <> (${t.tokenId} is null)`)
	]
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

/** Guarantee 1: sectors of the line of contact. Ids are short slugs (`pokrovsk`) officers recognise. */
export const sectors = pgTable('sectors', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	geometry: jsonb('geometry').$type<SectorGeometry>().notNull(),
	lastCheckInAt: timestamp('last_check_in_at', { withTimezone: true }),
	override: jsonb('override').$type<SectorOverride | null>(),
	exercise: boolean('exercise').notNull().default(false),
	releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"cell"'::jsonb`)
});

export const violations = pgTable(
	'violations',
	{
		id: uuid('id').primaryKey(),
		observedAt: timestamp('observed_at', { withTimezone: true }).notNull(),
		lat: doublePrecision('lat').notNull(),
		lon: doublePrecision('lon').notNull(),
		sectorId: text('sector_id').references(() => sectors.id),
		category: text('category').$type<Category>().notNull(),
		source: text('source').$type<Source>().notNull(),
		severity: text('severity').$type<Severity>().notNull(),
		killed: integer('killed').notNull().default(0),
		wounded: integer('wounded').notNull().default(0),
		description: text('description').notNull(),
		status: text('status').$type<ViolationStatus>().notNull(),
		responsibleParty: text('responsible_party'),
		finding: text('finding'),
		lastStep: jsonb('last_step').$type<Violation['lastStep']>(),
		reportedBy: text('reported_by').notNull(),
		reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		exercise: boolean('exercise').notNull().default(false),
		releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"cell"'::jsonb`)
	},
	(t) => [index('violations_observed').on(t.observedAt), index('violations_sector').on(t.sectorId, t.observedAt), index('violations_status').on(t.status)]
);

/** A high-severity report raises an alert on every screen until one officer acknowledges it for all. */
export const alerts = pgTable(
	'alerts',
	{
		id: uuid('id').primaryKey(),
		violationId: uuid('violation_id')
			.notNull()
			.references(() => violations.id),
		title: text('title').notNull(),
		severity: text('severity').$type<Severity>().notNull(),
		raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
		acknowledgedBy: text('acknowledged_by'),
		acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
		exercise: boolean('exercise').notNull().default(false),
		releasableTo: jsonb('releasable_to').$type<Releasability>().notNull()
	},
	(t) => [index('alerts_raised').on(t.raisedAt)]
);

/** Guarantee 2: Ukraine's requests for access to a donor nation's defence depots. */
export const depotRequests = pgTable(
	'depot_requests',
	{
		id: uuid('id').primaryKey(),
		nation: text('nation').notNull(),
		depot: text('depot').notNull(),
		item: text('item').notNull(),
		purpose: text('purpose'),
		status: text('status').$type<DepotRequestStatus>().notNull(),
		requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
		respondedAt: timestamp('responded_at', { withTimezone: true }),
		reason: text('reason'),
		exercise: boolean('exercise').notNull().default(false),
		releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"cell"'::jsonb`)
	},
	(t) => [index('depot_requests_requested').on(t.requestedAt)]
);

/** EUR to the cent: sums stay exact, and a JS number holds any amount a pledge has. */
const eur = (name: string) => numeric(name, { precision: 15, scale: 2, mode: 'number' });

/** Guarantee 2: what a donor nation announced for Ukraine's forces; the delivered sums follow its deliveries. */
export const pledges = pgTable(
	'pledges',
	{
		id: uuid('id').primaryKey(),
		donor: text('donor').notNull(),
		announcedOn: date('announced_on', { mode: 'string' }).notNull(),
		measure: text('measure').$type<Measure>().notNull(),
		category: text('category').$type<PledgeCategory>().notNull(),
		item: text('item').notNull(),
		quantity: integer('quantity'),
		unit: text('unit'),
		valueEur: eur('value_eur'),
		valuation: text('valuation').$type<Valuation>().notNull(),
		channel: text('channel').$type<Channel>().notNull(),
		source: text('source'),
		deliveredQuantity: integer('delivered_quantity').notNull().default(0),
		deliveredValueEur: eur('delivered_value_eur').notNull().default(0),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		exercise: boolean('exercise').notNull().default(false),
		releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"cell"'::jsonb`)
	},
	(t) => [index('pledges_announced').on(t.announcedOn), index('pledges_donor').on(t.donor)]
);

/**
 * What moves against a pledge. Donor, category, announcement day and releasability are the pledge's,
 * copied here in the pledge's transaction so a delivery is presented, counted and filtered on its own.
 */
export const deliveries = pgTable(
	'deliveries',
	{
		id: uuid('id').primaryKey(),
		pledgeId: uuid('pledge_id')
			.notNull()
			.references(() => pledges.id),
		donor: text('donor').notNull(),
		category: text('category').$type<PledgeCategory>().notNull(),
		pledgeAnnouncedOn: date('pledge_announced_on', { mode: 'string' }).notNull(),
		quantity: integer('quantity'),
		valueEur: eur('value_eur'),
		status: text('status').$type<DeliveryStatus>().notNull(),
		hub: text('hub'),
		expectedOn: date('expected_on', { mode: 'string' }),
		deliveredOn: date('delivered_on', { mode: 'string' }),
		lastStep: jsonb('last_step').$type<DeliveryStep>(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		exercise: boolean('exercise').notNull().default(false),
		releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"cell"'::jsonb`)
	},
	(t) => [index('deliveries_pledge').on(t.pledgeId), index('deliveries_expected').on(t.expectedOn)]
);

/** Guarantee 2: defensive works per sector, planned against built. */
export const fortifications = pgTable(
	'fortifications',
	{
		id: uuid('id').primaryKey(),
		sectorId: text('sector_id')
			.notNull()
			.references(() => sectors.id),
		kind: text('kind').$type<FortificationKind>().notNull(),
		unit: text('unit').$type<FortificationUnit>().notNull(),
		planned: doublePrecision('planned').notNull(),
		built: doublePrecision('built').notNull().default(0),
		notes: text('notes'),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		exercise: boolean('exercise').notNull().default(false),
		releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"cell"'::jsonb`)
	},
	(t) => [index('fortifications_sector').on(t.sectorId)]
);

/** Guarantee 3: the Multinational Force's units, with their symbol and readiness. */
export const units = pgTable(
	'units',
	{
		id: uuid('id').primaryKey(),
		name: text('name').notNull(),
		nation: text('nation').notNull(),
		domain: text('domain').$type<Domain>().notNull(),
		sidc: text('sidc').notNull(),
		lat: doublePrecision('lat'),
		lon: doublePrecision('lon'),
		mission: text('mission').$type<Mission>().notNull(),
		readiness: text('readiness').$type<Readiness>().notNull(),
		noticeToMoveHours: integer('notice_to_move_hours'),
		readinessChangedAt: timestamp('readiness_changed_at', { withTimezone: true }).notNull(),
		lastReport: jsonb('last_report').$type<Unit['lastReport']>(),
		exercise: boolean('exercise').notNull().default(false),
		releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"cell"'::jsonb`)
	},
	(t) => [index('units_nation').on(t.nation)]
);

/** Guarantee 3: Ukraine's brigades in regeneration. */
export const brigades = pgTable('brigades', {
	id: uuid('id').primaryKey(),
	name: text('name').notNull(),
	stage: text('stage').$type<BrigadeStage>().notNull(),
	progress: integer('progress').notNull().default(0),
	plannedCertifiedOn: date('planned_certified_on', { mode: 'string' }).notNull(),
	exercise: boolean('exercise').notNull().default(false),
	releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"cell"'::jsonb`)
});

/** Guarantee 4: each nation's commitments, and its answer to the activation under way. */
export const commitments = pgTable(
	'commitments',
	{
		id: uuid('id').primaryKey(),
		nation: text('nation').notNull(),
		type: text('type').$type<CommitmentType>().notNull(),
		text: text('text').notNull(),
		status: text('status').$type<CommitmentStatus>().notNull(),
		response: jsonb('response').$type<Commitment['response']>(),
		lastChange: jsonb('last_change').$type<Commitment['lastChange']>(),
		exercise: boolean('exercise').notNull().default(false),
		releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"cell"'::jsonb`)
	},
	(t) => [index('commitments_nation').on(t.nation)]
);

/** Guarantee 4: declared armed attacks, real or exercised; one under way at a time. */
export const activations = pgTable('activations', {
	id: uuid('id').primaryKey(),
	scenario: text('scenario').notNull(),
	exercise: boolean('exercise').notNull(),
	state: text('state').$type<ActivationState>().notNull(),
	/** The declarer's account: a real declaration needs another one to confirm it. */
	declaredById: uuid('declared_by_id').notNull(),
	declaredBy: text('declared_by').notNull(),
	declaredAt: timestamp('declared_at', { withTimezone: true }).notNull(),
	confirmedBy: text('confirmed_by'),
	activatedAt: timestamp('activated_at', { withTimezone: true }),
	stoodDownBy: text('stood_down_by'),
	stoodDownAt: timestamp('stood_down_at', { withTimezone: true }),
	releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"cell"'::jsonb`)
});

/** Guarantee 5: cooperation programmes, with production planned and done by month. */
export const programmes = pgTable('programmes', {
	id: uuid('id').primaryKey(),
	kind: text('kind').$type<ProgrammeKind>().notNull(),
	title: text('title').notNull(),
	nations: jsonb('nations').$type<string[]>().notNull(),
	instrument: text('instrument'),
	unit: text('unit'),
	plan: jsonb('plan').$type<MonthlyQuantity[]>().notNull().default(sql`'[]'::jsonb`),
	output: jsonb('output').$type<MonthlyQuantity[]>().notNull().default(sql`'[]'::jsonb`),
	exercise: boolean('exercise').notNull().default(false),
	releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"cell"'::jsonb`)
});

/** A programme's milestones: releasable as their programme, copied here in the programme's transaction. */
export const milestones = pgTable(
	'milestones',
	{
		id: uuid('id').primaryKey(),
		programmeId: uuid('programme_id')
			.notNull()
			.references(() => programmes.id),
		title: text('title').notNull(),
		dueOn: date('due_on', { mode: 'string' }).notNull(),
		doneOn: date('done_on', { mode: 'string' }),
		exercise: boolean('exercise').notNull().default(false),
		releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"cell"'::jsonb`)
	},
	(t) => [index('milestones_programme').on(t.programmeId)]
);

/**
 * Leadership's daily trends, kept per day, metric, breakdown and releasability, moved in the
 * transaction of the events they count (rollups.ts); a viewer's figure sums the rows it may see.
 * Values are whole numbers: counts, or EUR in cents.
 */
export const rollups = pgTable(
	'rollups',
	{
		day: date('day', { mode: 'string' }).notNull(),
		metric: text('metric').$type<Metric>().notNull(),
		key: text('key').notNull().default(''),
		/** The releasability as canonical JSON: part of the key, as jsonb cannot be. */
		releasableKey: text('releasable_key').notNull(),
		releasableTo: jsonb('releasable_to').$type<Releasability>().notNull(),
		value: bigint('value', { mode: 'number' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.day, t.metric, t.key, t.releasableKey] })]
);

/** The cell's shift handovers: written by the outgoing watch officer, acknowledged by the incoming one. */
export const handovers = pgTable(
	'handovers',
	{
		id: uuid('id').primaryKey(),
		summary: text('summary').notNull(),
		openItems: jsonb('open_items').$type<string[]>().notNull(),
		handedById: uuid('handed_by_id').notNull(),
		handedBy: text('handed_by').notNull(),
		handedAt: timestamp('handed_at', { withTimezone: true }).notNull(),
		acknowledgedBy: text('acknowledged_by'),
		acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true })
	},
	(t) => [index('handovers_handed').on(t.handedAt)]
);

/** Settings every screen follows live, one row per kind (`wall`: how the ops-room walls rotate), its values as the domain checked them. */
export const settings = pgTable('settings', {
	id: text('id').primaryKey(),
	value: jsonb('value').$type<WallSettingsValues>().notNull(),
	updatedBy: text('updated_by').notNull(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
	releasableTo: jsonb('releasable_to').$type<Releasability>().notNull().default(sql`'"coalition"'::jsonb`)
});
