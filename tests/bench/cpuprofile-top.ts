/**
 * The top functions of a V8 CPU profile (`node --cpu-prof`, e.g. `BENCH_PROFILE=1 npm run bench`):
 * self time and total (inclusive) time, by function and location.
 *
 *   node --import tsx tests/bench/cpuprofile-top.ts /tmp/prof/CPU.….cpuprofile [count] [filter] [--last seconds]
 *
 * `filter` keeps only functions whose location contains it (e.g. `<server>` for the app's own code).
 * `--last 20` looks only at the last 20 s of the profile (e.g. the snapshot probe, after the seeding).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
	hitCount?: number;
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

const args = process.argv.slice(2);
const lastAt = args.indexOf('--last');
const lastSeconds = lastAt >= 0 ? Number(args.splice(lastAt, 2)[1]) : null;
const [file, countArg, filter] = args;
if (!file) {
	console.error('usage: node --import tsx tests/bench/cpuprofile-top.ts <file.cpuprofile> [count] [filter]');
	process.exit(2);
}
const count = Number(countArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map<number, ProfileNode>();
const parent = new Map<number, number>();
for (const node of profile.nodes) {
	byId.set(node.id, node);
	for (const child of node.children ?? []) parent.set(child, node.id);
}

// Time per sample: timeDeltas[i] is the time since the previous sample; attribute it to sample i.
const selfUs = new Map<number, number>();
let at = profile.startTime;
const from = lastSeconds === null ? -Infinity : profile.endTime - lastSeconds * 1e6;
profile.samples.forEach((id, i) => {
	at += profile.timeDeltas[i] ?? 0;
	if (at >= from) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

function shortUrl(url: string): string {
	return url
		.replace(/^file:\/\//, '')
		.replace(/^.*\/node_modules\//, 'node_modules/')
		.replace(/^\/tmp\/watchfloor-server-[^/]+\//, '<server>/')
		.replace(/^\/work\/main\//, '');
}
function keyOf(node: ProfileNode): string {
	const { functionName, url, lineNumber } = node.callFrame;
	const name = functionName || '(anonymous)';
	return url ? `${name}  ${shortUrl(url)}:${lineNumber + 1}` : name;
}

const self = new Map<string, number>();
const total = new Map<string, number>();
for (const [id, us] of selfUs) {
	const node = byId.get(id)!;
	self.set(keyOf(node), (self.get(keyOf(node)) ?? 0) + us);
	// Inclusive: every distinct function on the stack gets the sample once (recursion counted once).
	const seen = new Set<string>();
	for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
		const key = keyOf(byId.get(at)!);
		if (seen.has(key)) continue;
		seen.add(key);
		total.set(key, (total.get(key) ?? 0) + us);
	}
}

const pct = (us: number) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
const keep = (key: string) => !filter || key.includes(filter);
const idle = ['(idle)', '(program)', '(garbage collector)'].map((k) => `${k}: ${pct(self.get(k) ?? 0)}`).join(', ');

console.log(`${file}: ${(totalUs / 1e6).toFixed(1)} s sampled; ${idle}`);
console.log(`\nself time (top ${count}):`);
for (const [key, us] of [...self].filter(([k]) => keep(k)).sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`  ${pct(us)}  ${key}`);
console.log(`\ntotal time (top ${count}, excluding the idle, program and GC pseudo-frames):`);
for (const [key, us] of [...total]
	.filter(([k]) => keep(k) && !['(root)', '(idle)', '(program)', '(garbage collector)'].includes(k))
	.sort((a, b) => b[1] - a[1])
	.slice(0, count))
	console.log(`  ${pct(us)}  ${key}`);
