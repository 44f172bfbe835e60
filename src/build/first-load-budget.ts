/**
 * The first-load budget: what a partner's browser downloads, gzip-compressed, before the first page
 * it opens can run — over a slow link from a capital, this is the wait. Read from SvelteKit's client
 * build: the route's entries (the kit's start and app, the root layout and the page) and everything
 * they import statically. Dynamic imports (the map, the charts, the unit symbols) load later and
 * only where they are used, so they are not counted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, constants } from 'node:zlib';

/** kB (1,000 bytes) of JS + CSS, gzip, per route. README → Performance says how the figures were set. */
export const FIRST_LOAD_BUDGETS_KB: Readonly<Record<string, number>> = {
	'/': 110,
	// 160 until the unit layer joined the ceasefire map (+7 kB; milsymbol itself still comes later).
	'/ceasefire': 170,
	'/support': 150
};

interface ManifestChunk {
	file: string;
	isEntry?: boolean;
	imports?: string[];
	css?: string[];
}
type ViteManifest = Record<string, ManifestChunk>;

export interface FirstLoad {
	route: string;
	/** Bytes after gzip at the level adapter-node precompresses with (best). */
	jsBytes: number;
	cssBytes: number;
	files: string[];
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);

/**
 * The route → node table of the client build (`dictionary` in the generated app.js): `"/support":
 * [~18]`, `"/admin": [~4,[2]]` (leaf, then layouts under the root; `~n` marks a server load).
 */
function routeNodes(outDir: string): Map<string, number[]> {
	const app = readFileSync(path.join(outDir, 'generated/client-optimized/app.js'), 'utf8');
	const literal = /export const dictionary = (\{[\s\S]*?\});/.exec(app)?.[1];
	if (!literal) throw new Error('No route dictionary in the generated app.js: has the SvelteKit build changed shape?');
	// Read as JSON with `~n` turned into `-n`, the node's index is the number without its sign.
	const dictionary = JSON.parse(literal.replace(/~/g, '-')) as Record<string, [number, number[]?]>;
	const nodeOf = Math.abs;
	return new Map(Object.entries(dictionary).map(([route, [leaf, layouts = []]]) => [route, [0, ...layouts.map(nodeOf), nodeOf(leaf)]]));
}

/** One route's first load: the kit's entries and the route's nodes, with their static imports, each file once. */
export function firstLoadOf(route: string, outDir = '.svelte-kit'): FirstLoad {
	const clientDir = path.join(outDir, 'output/client');
	const manifest = JSON.parse(readFileSync(path.join(clientDir, '.vite/manifest.json'), 'utf8')) as ViteManifest;
	const nodes = routeNodes(outDir).get(route);
	if (!nodes) throw new Error(`No page ${route} in the build`);
	const kitEntries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry && manifest[key]!.file.includes('/entry/'));
	const roots = [...kitEntries, ...nodes.map((n) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`)];

	const js = new Set<string>();
	const css = new Set<string>();
	const visit = (key: string) => {
		const chunk = manifest[key];
		if (!chunk) throw new Error(`${key} is not in the client manifest`);
		if (js.has(chunk.file)) return;
		js.add(chunk.file);
		for (const sheet of chunk.css ?? []) css.add(sheet);
		for (const imported of chunk.imports ?? []) visit(imported);
	};
	roots.forEach(visit);

	const gzipped = (files: Set<string>) =>
		[...files].reduce((sum, file) => sum + gzipSync(readFileSync(path.join(clientDir, file)), { level: constants.Z_BEST_COMPRESSION }).length, 0);
	return { route, jsBytes: gzipped(js), cssBytes: gzipped(css), files: [...js, ...css] };
}

/** Measures every budgeted route: a line each to print, and the routes over budget. */
export function checkFirstLoad(budgets: Readonly<Record<string, number>> = FIRST_LOAD_BUDGETS_KB, outDir = '.svelte-kit'): { lines: string[]; over: string[] } {
	const lines: string[] = [];
	const over: string[] = [];
	for (const [route, budget] of Object.entries(budgets)) {
		const load = firstLoadOf(route, outDir);
		const total = load.jsBytes + load.cssBytes;
		const verdict = total > budget * 1000 ? ` — OVER BUDGET by ${kB(total - budget * 1000)} kB` : '';
		if (verdict) over.push(route);
		lines.push(`first load of ${route}: ${kB(load.jsBytes)} kB JS + ${kB(load.cssBytes)} kB CSS (gzip), budget ${budget} kB${verdict}`);
	}
	return { lines, over };
}
