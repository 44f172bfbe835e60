import type { Viewer } from '$lib/domain/identity/actor';
import { ceasefireKpis, type CeasefireKpis } from '$lib/domain/ceasefire/kpis';
import type { Sector } from '$lib/domain/ceasefire/sectors';
import type { Violation } from '$lib/domain/ceasefire/violations';
import { canSee, CELL_ROOM, nationRoom, type Releasability } from '$lib/domain/core/releasability';
import type { WireRecord } from '$lib/domain/core/protocol';
import type { EventRow } from '../../events';
import type { LiveImage } from '../../live/live-state';

const KPI_COLLECTIONS = new Set(['sectors', 'violations']);

/** The KPI record as it travels in the `kpis` collection, for one audience. */
export type KpiRecord = WireRecord & CeasefireKpis;

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
 * This process's view of sectors and reports, fed by the log tailer, from which the ceasefire KPIs
 * are computed per audience, over only what that audience may see.
 */
export class CeasefireBoard {
	#sectors = new Map<string, Sector>();
	#violations = new Map<string, Violation>();
	#cache = new Map<string, KpiRecord>();

	load(image: LiveImage): void {
		this.#sectors = new Map((image.data.sectors ?? []).map((r) => [r.id, r as unknown as Sector]));
		this.#violations = new Map((image.data.violations ?? []).map((r) => [r.id, r as unknown as Violation]));
		this.#cache.clear();
	}

	/** True when the batch changed anything the KPIs depend on. */
	apply(rows: readonly EventRow[]): boolean {
		let changed = false;
		for (const row of rows) {
			if (!KPI_COLLECTIONS.has(row.collection)) continue;
			const map = (row.collection === 'sectors' ? this.#sectors : this.#violations) as Map<string, unknown>;
			if (row.op === 'upsert' && row.record) map.set(row.entityId, row.record);
			else map.delete(row.entityId);
			changed = true;
		}
		if (changed) this.#cache.clear();
		return changed;
	}

	/** Time alone changes statuses (a violation ages out, a sector goes unknown). */
	expire(): void {
		this.#cache.clear();
	}

	kpisFor(audience: Audience, now = new Date()): KpiRecord {
		const cached = this.#cache.get(audience.room);
		if (cached) return cached;
		const visible = <T extends { releasableTo: Releasability }>(items: Iterable<T>) => [...items].filter((i) => canSee(audience.viewer, i.releasableTo));
		const kpis = ceasefireKpis(visible(this.#sectors.values()), visible(this.#violations.values()), now);
		const record: KpiRecord = { id: 'ceasefire', releasableTo: audience.releasableTo, ...kpis };
		this.#cache.set(audience.room, record);
		return record;
	}
}
