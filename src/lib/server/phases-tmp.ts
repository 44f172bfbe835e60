import { appendFileSync } from 'node:fs';
const samples = new Map<string, number[]>();
export function mark(name: string, ms: number) { let a = samples.get(name); if (!a) samples.set(name, (a = [])); a.push(ms); }
setInterval(() => {
	const out: string[] = [];
	for (const [k, a] of samples) { a.sort((x, y) => x - y); out.push(`${k} n=${a.length} p50=${a[a.length >> 1]?.toFixed(1)} p90=${a[Math.floor(a.length * 0.9)]?.toFixed(1)} mean=${(a.reduce((s, x) => s + x, 0) / a.length).toFixed(1)}`); }
	samples.clear();
	if (out.length) appendFileSync('/tmp/phases.log', `${new Date().toISOString()}\n${out.join('\n')}\n`);
}, 5000).unref();
