import fc from 'fast-check';
import { expect } from 'vitest';
import { canSee } from '$lib/domain/core/releasability';
import type { WireRecord } from '$lib/domain/core/protocol';
import type { CeasefireServer } from './ceasefire/server';
import type { Screen } from './screen';
import { audienceOfRoom, Board, type Audience, type BoardDefinition } from '$lib/server/realtime/boards/board';

const HOUR = 3_600_000;
export const NATIONS = ['DEU', 'POL', 'FRA'] as const;

/** A record put into one of a board's collections (new, or replacing the one with its id). */
export interface Put {
	collection: string;
	record: WireRecord;
}

/**
 * The property every board must have: after any sequence of records put and removed, clock ticks
 * and looks, each audience's incremental figures equal a full recount over what it may see. The
 * cell and DEU are tallied change by change from the start; POL and FRA from the records as they are
 * when first asked for.
 */
export function assertBoardEqualsRecount(options: {
	board: BoardDefinition<object>;
	start: Date;
	/** Records for the board's collections, with ids from a small set so that puts replace each other. */
	put: fc.Arbitrary<Put>;
	recount(visible: (collection: string) => WireRecord[], now: Date): object;
	numRuns?: number;
}): void {
	const step = fc.oneof(
		{ arbitrary: fc.record({ kind: fc.constant('put' as const) }), weight: 6 },
		{ arbitrary: fc.record({ kind: fc.constant('remove' as const), collection: fc.constantFrom(...options.board.collections), index: fc.nat() }), weight: 2 },
		{ arbitrary: fc.record({ kind: fc.constant('tick' as const), hours: fc.integer({ min: 0, max: 60 }) }), weight: 2 },
		{ arbitrary: fc.record({ kind: fc.constant('look' as const), room: fc.constantFrom('cell', ...NATIONS.map((n) => `nation:${n}`)) }), weight: 1 }
	);
	fc.assert(
		fc.property(fc.array(fc.tuple(step, options.put), { maxLength: 80, size: 'max' }), (steps) => {
			let now = options.start;
			const records = new Map(options.board.collections.map((c) => [c, new Map<string, WireRecord>()]));
			const board = new Board(options.board, { epoch: 'e', seq: 0, data: {} }, now);
			const recount = (audience: Audience) => ({
				id: options.board.id,
				releasableTo: audience.releasableTo,
				...options.recount((collection) => [...records.get(collection)!.values()].filter((r) => canSee(audience.viewer, r.releasableTo)), now)
			});
			const rooms = ['cell', 'nation:DEU', 'nation:POL', 'nation:FRA'].map((room) => audienceOfRoom(room)!);
			board.kpisFor(rooms[0]!);
			board.kpisFor(rooms[1]!);
			for (const [s, put] of steps) {
				if (s.kind === 'put') {
					records.get(put.collection)!.set(put.record.id, put.record);
					board.apply([{ collection: put.collection, entityId: put.record.id, op: 'upsert', record: put.record }]);
				} else if (s.kind === 'remove') {
					const ids = [...records.get(s.collection)!.keys()];
					if (!ids.length) continue;
					const id = ids[s.index % ids.length]!;
					records.get(s.collection)!.delete(id);
					board.apply([{ collection: s.collection, entityId: id, op: 'remove', record: null }]);
				} else if (s.kind === 'tick') {
					now = new Date(now.getTime() + s.hours * HOUR);
					board.tick(now);
				} else {
					const audience = audienceOfRoom(s.room)!;
					expect(board.kpisFor(audience)).toEqual(recount(audience));
				}
			}
			for (const audience of rooms) expect(board.kpisFor(audience)).toEqual(recount(audience));
		}),
		{ numRuns: options.numRuns ?? 300 }
	);
}

/** A board's figures as a screen holds them now, without the record's id and marking. */
export function screenFigures(screen: Screen, board: string): Record<string, unknown> {
	const { id: _id, releasableTo: _r, ...figures } = (screen.kpis.get(board) ?? {}) as Record<string, unknown>;
	return figures;
}

/**
 * After a barrier (so every data delta is in), each screen's KPIs of a board equal the recount made
 * for its user; the KPI delta follows the data deltas, so it is waited for rather than slept for.
 */
export async function expectBroadcastEqualsRecount(server: CeasefireServer, board: string, screens: { username: string; screen: Screen }[], recount: (username: string) => Promise<object>): Promise<void> {
	await server.barrier(screens[0]!.username, ...screens.map((s) => s.screen));
	for (const { username, screen } of screens) {
		const expected = await recount(username);
		await screen.until((s) => JSON.stringify(screenFigures(s, board)) === JSON.stringify(expected), `${username}'s kpis.${board}`, 5_000).catch(() => {});
		expect(screenFigures(screen, board), `${username}'s kpis.${board}`).toEqual(expected);
	}
}
