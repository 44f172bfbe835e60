import type { Viewer } from '$lib/domain/identity/actor';
import type { Presence } from '$lib/domain/cell/presence';
import { CELL_ROOM } from '$lib/domain/core/releasability';
import type { Delta, WireRecord } from '$lib/domain/core/protocol';
import type { Logger } from '../logger';
import { audienceOfRoom, audienceOfViewer, type Board, type KpiRecord } from './boards/board';
import type { LiveNamespace } from './live-namespace';
import { sendToRooms, type RoomDelta } from './audience-writes';
import { PresenceRoster } from './presence';
import { PublishedKpis } from './published-kpis';
import type { LogTailer } from './tailer';

/** A change of the KPIs or the roster is published after this, gathering what changes with it... */
const THROTTLE_MS = 250;
/**
 * ...and at most once in this: on a busy floor every publication is a write to every screen whose
 * figures moved, and one a second instead of four let the screens take ~10 % more events a second
 * (README → Performance). A change after a quiet second still goes out within THROTTLE_MS.
 */
const PUBLICATION_INTERVAL_MS = 1000;

/**
 * What screens get that is not an event of the log: each board's KPIs per audience, and the cell's
 * roster of connected screens. Published between events at seqs of their own (a board always at the
 * same place in a publication's seqs, then the roster's changes), so screens apply them in order with
 * the events, and a screen that resumes is brought level from memory.
 */
export class DerivedData {
	readonly roster: PresenceRoster;
	#kpis = new PublishedKpis();
	/** Per board, the seq of its place in the newest publication. */
	#boardSeqs: number[];
	#nsp: LiveNamespace | null = null;
	#timer: NodeJS.Timeout | undefined;
	#publishedAt = -Infinity;
	#stopped = false;

	constructor(
		private readonly tailer: LogTailer,
		private readonly boards: readonly Board<object>[],
		private readonly logger: Logger
	) {
		this.#boardSeqs = boards.map(() => 0);
		this.roster = new PresenceRoster(() => this.schedule());
	}

	/** Screens are attached: publications reach them from now on. */
	attach(nsp: LiveNamespace): void {
		this.#nsp = nsp;
	}

	/** A source changed (an event moved a board, the clock ticked, a screen came or went). */
	schedule(): void {
		if (this.#stopped || !this.#nsp || this.#timer) return;
		this.#timer = setTimeout(() => this.#publish(), Math.max(THROTTLE_MS, this.#publishedAt + PUBLICATION_INTERVAL_MS - performance.now()));
	}

	/** Nothing more is published (shutdown: the database is about to close). */
	stop(): void {
		this.#stopped = true;
		clearTimeout(this.#timer);
	}

	/** The KPIs a screen joining its rooms gets (call under the tailer's lock, as publications run). */
	kpisFor(viewer: Viewer): Record<string, KpiRecord> {
		const audience = audienceOfViewer(viewer);
		if (!audience) return {};
		const kpis: Record<string, KpiRecord> = {};
		for (const board of this.boards) {
			kpis[board.id] = board.kpisFor(audience);
			this.#kpis.joined(audience.room, board.id, kpis[board.id]);
		}
		return kpis;
	}

	/** The roster as published, for the cell's screens only. */
	presenceFor(viewer: Viewer): Presence[] | null {
		return viewer.audience.kind === 'cell' ? this.roster.published() : null;
	}

	/**
	 * What a screen that saw everything up to `afterSeq` lacks of the derived data: each board's KPIs as
	 * they are, at its place in the newest publication, when it missed that; the roster's changes for the
	 * cell. Null when that cannot be told from memory (a snapshot then).
	 */
	since(viewer: Viewer, afterSeq: number): Delta[] | null {
		const audience = audienceOfViewer(viewer);
		if (!audience) return [];
		const presence = viewer.audience.kind === 'cell' ? this.roster.since(afterSeq) : [];
		if (presence === null) return null;
		const kpis: Delta[] = [];
		this.boards.forEach((board, i) => {
			const seq = this.#boardSeqs[i]!;
			if (seq <= afterSeq) return;
			const record = board.kpisFor(audience);
			this.#kpis.joined(audience.room, board.id, record);
			kpis.push({ seq, collection: 'kpis', op: 'upsert', id: board.id, record: record as WireRecord });
		});
		return [...kpis, ...presence];
	}

	#publish(): void {
		const nsp = this.#nsp!;
		this.tailer
			.publishBetweenEvents(
				() => this.boards.length + this.roster.pending(),
				(seqs) => {
					this.#timer = undefined;
					this.#publishedAt = performance.now();
					const rooms = new Set(nsp.adapter.rooms.keys());
					this.#kpis.forgetAllBut(rooms);
					const deltas: RoomDelta[] = [];
					this.boards.forEach((board, i) => {
						const seq = seqs[i]!;
						this.#boardSeqs[i] = seq;
						for (const room of rooms) {
							const audience = audienceOfRoom(room);
							if (!audience) continue;
							const record = board.kpisFor(audience);
							if (this.#kpis.publish(room, board.id, record)) deltas.push({ delta: { seq, collection: 'kpis', op: 'upsert', id: board.id, record: record as WireRecord }, to: [room] });
						}
					});
					for (const delta of this.roster.publish(seqs.slice(this.boards.length))) deltas.push({ delta, to: [CELL_ROOM] });
					sendToRooms(nsp, deltas);
				}
			)
			.catch((error) => {
				// The database is away (screens are told they are stale): the next change or tick tries again.
				this.#timer = undefined;
				this.logger.warn({ err: error }, 'could not publish KPIs and presence');
			});
	}
}
