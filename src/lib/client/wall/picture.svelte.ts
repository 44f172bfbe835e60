import { untrack } from 'svelte';
import type { LiveCollection, LiveCollections } from '$lib/domain/core/collections';
import type { Delta } from '$lib/domain/core/protocol';
import type { LiveConnection } from '../live.svelte';
import { coalescer, WALL_COALESCE_MS, type Timers } from './coalesce';
import { newestLines, tickerItems, type TickerContext, type TickerItem } from './ticker';

/** The part of the live connection the wall follows: tests hand in a plain object with runes. */
export type WallLiveSource = Pick<LiveConnection, 'records' | 'kpis' | 'seq' | 'epoch' | 'onDeltas'>;

export interface PictureOptions {
	intervalMs?: number;
	/** Lines the ticker keeps. */
	tickerSize?: number;
	timers?: Timers;
	/** Names the sectors in ticker lines, read when a line is made. */
	context?: TickerContext;
}

const NO_SECTOR_NAMES: TickerContext = { sectorName: (id) => id };

/**
 * The live picture as the wall draws it: the live store's records and KPIs, redrawn at most every
 * `intervalMs` (500 ms) however fast deltas come, and the newest changes as ticker lines. Readers
 * depend on one version counter, so a burst of a hundred deltas re-runs the wall's figures once.
 * Construct it while a component initialises (it registers effects, removed with the component).
 */
export class WallPicture {
	#live: WallLiveSource;
	#version = $state(0);
	#ticker = $state.raw<TickerItem[]>([]);
	#pending: Delta[] = [];
	#tickerSize: number;
	#context: TickerContext;

	constructor(live: WallLiveSource, { intervalMs = WALL_COALESCE_MS, tickerSize = 12, timers, context = NO_SECTOR_NAMES }: PictureOptions = {}) {
		this.#live = live;
		this.#tickerSize = tickerSize;
		this.#context = context;
		const redraw = coalescer(intervalMs, () => this.#flush(), timers);
		$effect(() => {
			// Any change of the store (a snapshot, applied deltas) moves one of these.
			void live.seq;
			void live.epoch;
			untrack(() => redraw.changed());
		});
		$effect(() => {
			const stop = live.onDeltas((deltas) => {
				this.#pending.push(...deltas);
				redraw.changed();
			});
			return () => {
				stop();
				redraw.dispose();
			};
		});
	}

	records<C extends LiveCollection>(collection: C): LiveCollections[C][] {
		void this.#version;
		return untrack(() => this.#live.records(collection));
	}

	get kpis(): Readonly<Record<string, unknown>> {
		void this.#version;
		return untrack(() => this.#live.kpis);
	}

	/** The newest changes first, as of the last redraw. */
	get ticker(): TickerItem[] {
		return this.#ticker;
	}

	#flush(): void {
		if (this.#pending.length) {
			const fresh = tickerItems(this.#pending, this.#context, new Date());
			this.#pending = [];
			this.#ticker = newestLines(this.#ticker, fresh, this.#tickerSize);
		}
		this.#version++;
	}
}
