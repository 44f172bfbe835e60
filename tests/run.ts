/**
 * `npm test`: every suite, in the order that fails fastest, with one summary at the end.
 * Type check → build → unit + integration (vitest) → browser (Playwright, Debian's chromium).
 * A missing service or browser skips what needs it, saying so; under CI=true it fails the run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { probeServices } from './support/services';

const CHROMIUM = process.env.WATCHFLOOR_CHROMIUM ?? '/usr/bin/chromium';
const REPORTS = path.resolve('test-results');
const strict = process.env.CI === 'true';

interface Tally {
	passed: number;
	failed: number;
	skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const notes: string[] = [];
let stepsFailed = 0;

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
	console.log(`\n▶ ${command} ${args.join(' ')}`);
	return new Promise((resolve) => {
		const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
}

function add(tally: Tally) {
	total.passed += tally.passed;
	total.failed += tally.failed;
	total.skipped += tally.skipped;
}

function skip(what: string, why: string) {
	const line = `SKIPPED ${what}: ${why}`;
	if (strict) {
		console.error(`${line} — CI=true requires it`);
		stepsFailed++;
	}
	notes.push(line);
}

async function main() {
	rmSync(REPORTS, { recursive: true, force: true });
	mkdirSync(REPORTS, { recursive: true });
	const services = await probeServices();
	for (const [name, status] of Object.entries(services)) {
		if (!status.url) skip(`the ${name} runs of the integration suites`, `${name} unavailable (${status.reason})`);
	}

	if ((await run('npx', ['svelte-kit', 'sync'])) !== 0 || (await run('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error'])) !== 0) {
		stepsFailed++;
		notes.push('FAILED type check (svelte-check)');
	}

	// The spawned-server and browser suites run the production build.
	if ((await run('npx', ['vite', 'build', '--logLevel', 'warn'])) !== 0) {
		stepsFailed++;
		notes.push('FAILED vite build');
	}

	const vitestReport = path.join(REPORTS, 'vitest.json');
	const vitestCode = await run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
	if (existsSync(vitestReport)) {
		const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
		add({ passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests });
	}
	if (vitestCode !== 0) stepsFailed++;

	if (!existsSync(CHROMIUM)) {
		skip('the browser suite (tests/e2e)', `no chromium at ${CHROMIUM} (apt-get install -y chromium)`);
	} else if (existsSync(path.resolve('build/handler.js'))) {
		const playwrightReport = path.join(REPORTS, 'playwright.json');
		const code = await run('npx', ['playwright', 'test', '-c', 'tests/e2e/playwright.config.ts', '--reporter=list,json'], {
			PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport
		});
		if (existsSync(playwrightReport)) {
			const { stats } = JSON.parse(readFileSync(playwrightReport, 'utf8'));
			add({ passed: stats.expected, failed: stats.unexpected + stats.flaky, skipped: stats.skipped });
		}
		if (code !== 0) stepsFailed++;
	}

	console.log('\n── Watchfloor test summary ──');
	for (const note of notes) console.log(note);
	console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
	process.exit(stepsFailed > 0 || total.failed > 0 ? 1 : 0);
}

await main();
