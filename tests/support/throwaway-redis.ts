import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from './free-port';

/** True when `redis-server` can be started on this machine. */
export function redisServerAvailable(): boolean {
	const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
	return probe.status === 0;
}

const READY_TIMEOUT_MS = 10_000;

// A test worker that exits without its afterAll must not leave Redis servers behind.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess) {
	running.add(child);
	child.once('exit', () => running.delete(child));
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', () => {
		for (const c of running) c.kill('SIGKILL');
	});
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * A Redis of a test's own, on a free port, with no persistence: kill it and start it again on the
 * same port, and it comes back empty. The machine's own Redis is never touched.
 */
export class ThrowawayRedis {
	#child: ChildProcess | null = null;
	#output = '';

	private constructor(readonly port: number) {}

	static async start(): Promise<ThrowawayRedis> {
		const redis = new ThrowawayRedis(await freePort());
		await redis.start();
		return redis;
	}

	get url(): string {
		return `redis://127.0.0.1:${this.port}`;
	}

	get running(): boolean {
		return this.#child !== null && !exited(this.#child);
	}

	/** The process id of the running server (for checks), or null. */
	get pid(): number | null {
		return this.running ? (this.#child!.pid ?? null) : null;
	}

	logs(): string {
		return this.#output;
	}

	/** Starts (again) on the same port; resolves once it answers PING. */
	async start(): Promise<void> {
		if (this.running) return;
		for (let attempt = 1; ; attempt++) {
			const child = spawn(
				'redis-server',
				['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no', '--loglevel', 'warning'],
				{ stdio: ['ignore', 'pipe', 'pipe'] }
			);
			track(child);
			child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.#output += chunk));
			child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.#output += chunk));
			this.#child = child;
			try {
				await this.#waitForPong(child);
				return;
			} catch (error) {
				await this.kill();
				// The port may still be held a moment after a kill.
				if (attempt >= 10) throw new Error(`redis-server on ${this.port} did not start: ${String(error)}\n${this.#output.slice(-2000)}`);
				await new Promise((r) => setTimeout(r, 200));
			}
		}
	}

	async #waitForPong(child: ChildProcess): Promise<void> {
		const deadline = Date.now() + READY_TIMEOUT_MS;
		while (Date.now() < deadline) {
			if (exited(child)) throw new Error(`redis-server exited (${child.exitCode ?? child.signalCode})`);
			if (await this.#ping()) return;
			await new Promise((r) => setTimeout(r, 50));
		}
		throw new Error('no PONG within 10 s');
	}

	#ping(): Promise<boolean> {
		return new Promise((resolve) => {
			const socket = net.connect({ host: '127.0.0.1', port: this.port });
			let answer = '';
			const done = (ok: boolean) => {
				socket.destroy();
				resolve(ok);
			};
			socket.setTimeout(1000, () => done(false));
			socket.once('error', () => done(false));
			socket.once('connect', () => socket.write('PING\r\n'));
			socket.on('data', (data) => {
				answer += data.toString('utf8');
				if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
			});
		});
	}

	/** SIGKILL: Redis vanishes mid-flight, as a crashed or rebooted server would. */
	async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
		const child = this.#child;
		this.#child = null;
		if (!child || exited(child)) return;
		const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill(signal);
		await gone;
	}

	async stop(): Promise<void> {
		await this.kill('SIGKILL');
	}
}
