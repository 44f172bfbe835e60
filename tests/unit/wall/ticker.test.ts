import { describe, expect, it } from 'vitest';
import { newestLines, tickerItems } from '$lib/client/wall/ticker';
import type { Delta } from '$lib/domain/core/protocol';

const at = new Date('2026-01-06T04:12:30Z');
const context = { sectorName: (id: string | null) => (id === 'pokrovsk' ? 'Pokrovsk' : id) };
const upsert = (seq: number, collection: string, record: Record<string, unknown>): Delta => ({ seq, collection, op: 'upsert', id: String(record.id ?? seq), record: { id: String(seq), releasableTo: 'cell', ...record } });

describe("the wall's ticker", () => {
	it('words each change from its record, newest first, as plain text', () => {
		const items = tickerItems(
			[
				upsert(10, 'violations', { category: 'artillery', sectorId: 'pokrovsk', severity: 'high', status: 'reported' }),
				upsert(11, 'units', { name: 'Battlegroup Rhône', nation: 'FRA', readiness: 'C2' }),
				upsert(12, 'log-entries', { authorName: 'Officer Duval', text: '<img src=x onerror=alert(1)> shift quiet' })
			],
			context,
			at
		);
		expect(items.map((i) => [i.key, i.kind, i.text])).toEqual([
			[12, 'Log entry', 'Officer Duval: <img src=x onerror=alert(1)> shift quiet'],
			[11, 'Unit', 'Battlegroup Rhône (FRA) at C2'],
			[10, 'Violation report', 'Artillery · Pokrovsk · high · reported']
		]);
		expect(items[0]!.at).toBe('2026-01-06T04:12:30Z');
	});

	it('leaves out KPI figures and collections this build does not know', () => {
		const items = tickerItems([upsert(5, 'kpis', { overall: 'tense' }), upsert(6, 'future-things', { name: 'x' })], context, at);
		expect(items).toEqual([]);
	});

	it('says a record was withdrawn, and keeps a line for a record it cannot word', () => {
		const items = tickerItems([{ seq: 7, collection: 'pledges', op: 'remove', id: 'p1' }, upsert(8, 'deliveries', { donor: 'DEU', status: 'teleported' })], context, at);
		expect(items.map((i) => i.text)).toEqual(['changed', 'withdrawn from this screen']);
	});

	it('shortens a long text to one line of at most 140 characters', () => {
		const [item] = tickerItems([upsert(9, 'log-entries', { authorName: 'A', text: `line one\n\nline two ${'x'.repeat(300)}` })], context, at);
		expect(item!.text.length).toBe(140);
		expect(item!.text).toMatch(/^A: line one line two x+…$/);
	});

	it('keeps the newest lines on top and no more than asked', () => {
		const shown = tickerItems([upsert(1, 'sectors', { name: 'A' }), upsert(2, 'sectors', { name: 'B' })], context, at);
		const fresh = tickerItems([upsert(3, 'sectors', { name: 'C' })], context, at);
		expect(newestLines(shown, fresh, 2).map((i) => i.text)).toEqual(['Sector C', 'Sector B']);
	});
});
