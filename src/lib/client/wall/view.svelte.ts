import { untrack } from 'svelte';
import type { Alert } from '$lib/domain/cell/alerts';
import type { LogEntry } from '$lib/domain/cell/watch-log';
import { wallSettingsOf, type WallSettings } from '$lib/domain/cell/wall-settings';
import type { CommitmentsKpis } from '$lib/domain/commitments/kpis';
import type { Commitment } from '$lib/domain/commitments/commitments';
import type { CooperationKpis } from '$lib/domain/cooperation/kpis';
import { isOverdueMilestone, type Milestone } from '$lib/domain/cooperation/milestones';
import type { Programme } from '$lib/domain/cooperation/programmes';
import type { ForcesKpis } from '$lib/domain/forces/kpis';
import type { Unit } from '$lib/domain/forces/units';
import type { SupportKpis } from '$lib/domain/support/kpis';
import { CeasefireView } from '../ceasefire/view.svelte';
import type { LiveConnection } from '../live.svelte';
import { kpisOf } from '../live-store';
import { drillPicture, type DrillPicture } from './drill';
import { freshness, type Freshness } from './staleness';

/** What the wall reads: the coalesced picture (WallPicture) in the page, a plain object in tests. */
export type WallSource = Pick<LiveConnection, 'records' | 'kpis'>;
/** The connection itself, for whether the picture is current. */
export type WallConnection = Pick<LiveConnection, 'status' | 'ready'>;

/** A programme's output against its plan, to date: what the cooperation panel draws. */
export interface ProductionLine {
	id: string;
	title: string;
	unit: string | null;
	plannedToDate: number;
	actualToDate: number;
}

/** Overdue first (oldest due first), then the next ones due. */
export interface MilestoneLine {
	milestone: Milestone;
	programme: string | null;
	overdue: boolean;
}

/**
 * Everything the wall shows, derived once per redraw of the picture: the five guarantees' boards,
 * the drill when one is under way, the settings that rotate its stage, and whether all of it is
 * current. Construct it while the page initialises (it watches the connection with an effect).
 */
export class WallView {
	readonly ceasefire: CeasefireView;
	#source: WallSource;
	#connection: WallConnection;
	#now: () => Date;
	#lostAt = $state.raw<Date | null>(null);

	#forces: ForcesKpis | null;
	#support: SupportKpis | null;
	#commitments: CommitmentsKpis | null;
	#cooperation: CooperationKpis | null;
	#drill: DrillPicture | null;
	#settings: WallSettings;
	#alerts: Alert[];

	constructor(source: WallSource, connection: WallConnection, now: () => Date) {
		this.#source = source;
		this.#connection = connection;
		this.#now = now;
		this.ceasefire = new CeasefireView(source);
		this.#forces = $derived(kpisOf(source.kpis, 'forces'));
		this.#support = $derived(kpisOf(source.kpis, 'support'));
		this.#commitments = $derived(kpisOf(source.kpis, 'commitments'));
		this.#cooperation = $derived(kpisOf(source.kpis, 'cooperation'));
		this.#drill = $derived(drillPicture(this.#commitments?.activation ?? null, source.records('activations'), source.records('commitments')));
		this.#settings = $derived(wallSettingsOf(source.records('settings')));
		this.#alerts = $derived(source.records('alerts'));
		$effect(() => {
			const live = connection.status === 'live';
			untrack(() => {
				if (live) this.#lostAt = null;
				else this.#lostAt ??= this.#now();
			});
		});
	}

	get forces(): ForcesKpis | null {
		return this.#forces;
	}
	get support(): SupportKpis | null {
		return this.#support;
	}
	get commitments(): CommitmentsKpis | null {
		return this.#commitments;
	}
	get cooperation(): CooperationKpis | null {
		return this.#cooperation;
	}
	/** The activation under way and every nation's answers, or null: the drill board takes the screen while it is not. */
	get drill(): DrillPicture | null {
		return this.#drill;
	}
	get settings(): WallSettings {
		return this.#settings;
	}
	get alerts(): Alert[] {
		return this.#alerts;
	}
	get openAlerts(): number {
		return this.#alerts.filter((alert) => !alert.acknowledgedBy).length;
	}
	get logEntries(): LogEntry[] {
		return this.#source.records('log-entries');
	}
	/** For the unit layer of the wall's map. */
	get units(): Unit[] {
		return this.#source.records('units');
	}
	get commitmentRecords(): Commitment[] {
		return this.#source.records('commitments');
	}

	/** Whether the figures may be shown as current, as of `now`. */
	freshness(now: Date): Freshness {
		return freshness({ ready: this.#connection.ready, live: this.#connection.status === 'live', lostAt: this.#lostAt, now });
	}

	/** Each programme with a plan or an output, by title. */
	production(): ProductionLine[] {
		const production = this.#cooperation?.production ?? {};
		return this.#source
			.records('programmes')
			.filter((programme: Programme) => production[programme.id])
			.map((programme) => ({ id: programme.id, title: programme.title, unit: programme.unit, ...production[programme.id]! }))
			.sort((a, b) => a.title.localeCompare(b.title));
	}

	/** Milestones not done: overdue first, then by due day; `limit` of them. */
	milestones(today: string, limit: number): MilestoneLine[] {
		const titles = new Map(this.#source.records('programmes').map((p) => [p.id, p.title]));
		return this.#source
			.records('milestones')
			.filter((m) => m.doneOn === null)
			.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.title.localeCompare(b.title))
			.slice(0, limit)
			.map((milestone) => ({ milestone, programme: titles.get(milestone.programmeId) ?? null, overdue: isOverdueMilestone(milestone, today) }));
	}
}
