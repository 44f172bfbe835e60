/**
 * The first-load budget against the real client build: the build's own figures pass, a lowered
 * budget fails, and the heavy libraries (map, charts, unit symbols) are not in any first load.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFirstLoad, firstLoadOf, FIRST_LOAD_BUDGETS_KB } from '../../src/build/first-load-budget';
import { ensureBuilt, REPO_ROOT } from '../support/build';

const OUT = path.join(REPO_ROOT, '.svelte-kit');
const LINE = /^first load of (\/\S*): (\d+\.\d) kB JS \+ (\d+\.\d) kB CSS \(gzip\), budget (\d+) kB$/;

beforeAll(ensureBuilt, 600_000);

describe('the first-load budget', () => {
	it('passes on this build, printing each page\'s figure', () => {
		const { lines, over } = checkFirstLoad(FIRST_LOAD_BUDGETS_KB, OUT);
		expect(over).toEqual([]);
		expect(lines.map((line) => LINE.exec(line)?.[1])).toEqual(Object.keys(FIRST_LOAD_BUDGETS_KB));
		for (const line of lines) {
			const [, , js, css, budget] = LINE.exec(line)!;
			expect(Number(js) + Number(css)).toBeLessThanOrEqual(Number(budget));
			// Something real was measured: the kit, Svelte and the live connection at least.
			expect(Number(js)).toBeGreaterThan(30);
		}
	});

	it('fails a page whose budget is below its figure, and says by how much', () => {
		const { lines, over } = checkFirstLoad({ '/': 20, '/support': 1000 }, OUT);
		expect(over).toEqual(['/']);
		expect(lines[0]).toMatch(/^first load of \/: .* budget 20 kB — OVER BUDGET by \d+\.\d kB$/);
		expect(lines[1]).toMatch(LINE);
	});

	it('counts the layout, the page and their static imports, each file once', () => {
		const overview = firstLoadOf('/', OUT);
		const support = firstLoadOf('/support', OUT);
		expect(new Set(overview.files).size).toBe(overview.files.length);
		expect(overview.files.some((file) => file.includes('/entry/start.'))).toBe(true);
		expect(overview.files.some((file) => file.endsWith('.css'))).toBe(true);
		// The support page adds its own components (and their pledge forms) to what every page loads.
		expect(support.jsBytes).toBeGreaterThan(overview.jsBytes);
	});

	it('leaves the map, the charts and the unit symbols out of every first load', () => {
		const manifest = JSON.parse(readFileSync(path.join(OUT, 'output/client/.vite/manifest.json'), 'utf8')) as Record<string, { file: string; name?: string }>;
		// Leaflet and Chart.js are chunks keyed by their package; milsymbol is bundled into the chunk of the module that loads it (client/forces/symbols.ts).
		const lazy = Object.entries(manifest)
			.filter(([key, chunk]) => /^node_modules\/(leaflet|leaflet\.markercluster|chart\.js)\//.test(key) || chunk.name === 'symbols')
			.map(([key, chunk]) => ({ key: chunk.name === 'symbols' ? 'milsymbol' : key, file: chunk.file }));
		// All three are in the build, as chunks of their own that pages import when they draw.
		expect(lazy.some(({ key }) => key.startsWith('node_modules/leaflet/'))).toBe(true);
		expect(lazy.some(({ key }) => key.startsWith('node_modules/chart.js/'))).toBe(true);
		expect(lazy.some(({ key }) => key === 'milsymbol')).toBe(true);
		for (const route of Object.keys(FIRST_LOAD_BUDGETS_KB)) {
			const files = new Set(firstLoadOf(route, OUT).files);
			expect(lazy.filter(({ file }) => files.has(file)).map(({ key }) => key), route).toEqual([]);
		}
	});
});
