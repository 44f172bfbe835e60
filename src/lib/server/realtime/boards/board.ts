import type { Viewer } from '$lib/domain/identity/actor';
import { utcDay } from '$lib/domain/core/dates';
import { canSee, CELL_ROOM, nationRoom, type Releasability } from '$lib/domain/core/releasability';
import type { WireRecord } from '$lib/domain/core/protocol';
import type { EventRow } from '../../events';
import type { LiveImage } from '../../live/live-state';

/** Who a board's figures are computed for: the cell, or one nation's partners. */
export interface Audience {
	room: string;
	viewer: Viewer;
	releasableTo: Releasability;
}

/** The audiences KPIs are computed for: the cell, and each nation whose partners are connected. */
export function audienceOfRoom(room: string): Audience | null {
	if (room === CELL_ROOM) return { room, viewer: { actor: null, audience: { kind: 'cell' } }, releasableTo: 'cell' };
	const nation = /^nation:([A-Z]{3})$/.exec(room)?.[1];
	return nation ? { room, viewer: { actor: null, audience: { kind: 'nation', nation } }, releasableTo: [nation] } : null;
}

export function audienceOfViewer(viewer: Viewer): Audience | null {
	if (viewer.audience.kind === 'cell') return audienceOfRoom(CELL_ROOM);
	if (viewer.audience.kind === 'nation') return audienceOfRoom(nationRoom(viewer.audience.nation));
	return null;
}

/**
 * One audience's figures, kept up to date as records come into its view and leave it, so that a
 * change costs in proportion to itself and not to the data. An update is a removal of the record as
 * it was, then an addition of the record as it is: a narrowing or a widening needs no case of its own.
 */
export interface Tally<Figures> {
	/** A record of a followed collection came into view: new, changed, or widened to this audience. */
	add(collection: string, record: WireRecord): void;
	/** A record left the view, exactly as it was added: removed, changed, or narrowed away. */
	remove(collection: string, record: WireRecord): void;
	/** Only on boards whose figures time alone changes: moves the tally's clock forward. */
	advance?(now: Date): void;
	figures(): Figures;
}

/** A KPI board: the live collections it follows, and how to tally one audience's figures from them. */
export interface BoardDefinition<Figures extends object> {
	/** The id of its record in the `kpis` collection (`snapshot.kpis.<id>`, deltas `{collection: 'kpis', id}`). */
	id: string;
	collections: readonly string[];
	/** An empty tally for one audience, its clock at `now`. */
	tally(now: Date): Tally<Figures>;
}

/** A tally that counts each record in (+1) and out (−1) the same way. */
export abstract class CountingTally<Figures> implements Tally<Figures> {
	add(collection: string, record: WireRecord): void {
		this.count(collection, record, 1);
	}

	remove(collection: string, record: WireRecord): void {
		this.count(collection, record, -1);
	}

	protected abstract count(collection: string, record: WireRecord, sign: 1 | -1): void;
	abstract figures(): Figures;
}

/** A counting tally with figures that date alone moves (overdue, behind schedule): it keeps the UTC day. */
export abstract class DatedTally<Figures> extends CountingTally<Figures> {
	protected today: string;

	constructor(now: Date) {
		super();
		this.today = utcDay(now);
	}

	advance(now: Date): void {
		this.today = utcDay(now);
	}
}

export function defineBoard<Figures extends object>(definition: BoardDefinition<Figures>): BoardDefinition<Figures> {
	return definition;
}

/** A board's record as it travels in the `kpis` collection, for one audience. */
export type KpiRecord<Figures extends object = object> = WireRecord & Figures;

/** The part of a logged event a board reads. */
export type BoardEvent = Pick<EventRow, 'collection' | 'entityId' | 'op' | 'record'>;

/** A board at work in this process: fed by the log tailer, one tally per audience. */
export class Board<Figures extends object> {
	readonly id: string;
	readonly #definition: BoardDefinition<Figures>;
	readonly #followed: ReadonlySet<string>;
	/** Every record of the followed collections, whoever may see it: what a new audience's tally starts from. */
	#records = new Map<string, Map<string, WireRecord>>();
	/**
	 * Per audience room. Kept once made (one per nation at most): a nation whose screens all left
	 * would otherwise be recounted from every record for each REST read.
	 */
	#tallies = new Map<string, { audience: Audience; tally: Tally<Figures> }>();
	/** Per audience room, the record until that audience's tally changes. */
	#latest = new Map<string, KpiRecord<Figures>>();
	#now: Date;

	constructor(definition: BoardDefinition<Figures>, image: LiveImage, now = new Date()) {
		this.id = definition.id;
		this.#definition = definition;
		this.#followed = new Set(definition.collections);
		for (const collection of definition.collections) this.#records.set(collection, new Map((image.data[collection] ?? []).map((r) => [r.id, r])));
		this.#now = now;
	}

	/** True when the batch touched a followed collection. */
	apply(events: readonly BoardEvent[]): boolean {
		let changed = false;
		for (const event of events) {
			if (!this.#followed.has(event.collection)) continue;
			changed = true;
			const records = this.#records.get(event.collection)!;
			const before = records.get(event.entityId);
			const after = event.op === 'upsert' ? event.record : null;
			if (after) records.set(event.entityId, after);
			else records.delete(event.entityId);
			for (const [room, { audience, tally }] of this.#tallies) {
				const sawBefore = before !== undefined && canSee(audience.viewer, before.releasableTo);
				const seesAfter = after !== null && canSee(audience.viewer, after.releasableTo);
				if (sawBefore) tally.remove(event.collection, before);
				if (seesAfter) tally.add(event.collection, after);
				if (sawBefore || seesAfter) this.#latest.delete(room);
			}
		}
		return changed;
	}

	/** Moves the clock forward (never back: what left a time window is not kept to come back); true when time may have changed figures. */
	tick(now: Date): boolean {
		if (now <= this.#now) return false;
		this.#now = now;
		let timed = false;
		for (const [room, { tally }] of this.#tallies) {
			if (!tally.advance) continue;
			tally.advance(now);
			this.#latest.delete(room);
			timed = true;
		}
		return timed;
	}

	kpisFor(audience: Audience): KpiRecord<Figures> {
		const cached = this.#latest.get(audience.room);
		if (cached) return cached;
		const record: KpiRecord<Figures> = { id: this.id, releasableTo: audience.releasableTo, ...this.#tallyOf(audience).figures() };
		this.#latest.set(audience.room, record);
		return record;
	}

	#tallyOf(audience: Audience): Tally<Figures> {
		const known = this.#tallies.get(audience.room);
		if (known) return known.tally;
		// Once per audience, the full count; from then on, only changes.
		const tally = this.#definition.tally(this.#now);
		for (const [collection, records] of this.#records) {
			for (const record of records.values()) if (canSee(audience.viewer, record.releasableTo)) tally.add(collection, record);
		}
		this.#tallies.set(audience.room, { audience, tally });
		return tally;
	}
}
