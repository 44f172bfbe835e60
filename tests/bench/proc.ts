/**
 * CPU and memory of processes, read from /proc (Linux): what `top` shows, without a dependency.
 * CPU is given in percent of one core (200 % = two cores busy), as `top` does.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

let clockTicks: number | undefined;
/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (almost always 100). */
function ticksPerSecond(): number {
	if (clockTicks === undefined) {
		try {
			clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
		} catch {
			clockTicks = 100;
		}
	}
	return clockTicks;
}

/** utime + stime of every thread of the process, in seconds; null when it is gone. */
export function cpuSeconds(pid: number): number | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// fields[0] is field 3 (state): utime is field 14, stime field 15.
		return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
	} catch {
		return null;
	}
}

/** Resident set size in bytes (VmRSS); null when the process is gone. */
export function rssBytes(pid: number): number | null {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
		return match ? Number(match[1]) * 1024 : null;
	} catch {
		return null;
	}
}

/** Process ids whose command name (/proc/<pid>/comm) is one of these, e.g. postgres, redis-server. */
export function pidsNamed(names: readonly string[]): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
			if (names.includes(comm)) pids.push(Number(entry));
		} catch {
			// gone meanwhile
		}
	}
	return pids;
}

/**
 * Postgres processes working for these databases (backends show `postgres: <cluster>: <user> <db> …`
 * in their command line), Postgres's shared background processes (WAL writer, checkpointer, …),
 * and redis-server: the services' share of a phase, without other databases' backends.
 */
export function servicePids(databases: readonly string[]): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
			if (comm === 'redis-server') {
				pids.push(Number(entry));
				continue;
			}
			if (comm !== 'postgres') continue;
			const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
			// A backend names its database; background processes (and the postmaster) do not have a client address.
			const backend = /\(\d+\)|\[local\]/.test(cmdline);
			if (!backend || databases.some((db) => cmdline.includes(` ${db} `))) pids.push(Number(entry));
		} catch {
			// gone meanwhile
		}
	}
	return pids;
}

/** Busy and total jiffies of the whole machine (first line of /proc/stat). */
function machineJiffies(): { busy: number; total: number } {
	const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
	const values = line.trim().split(/\s+/).slice(1).map(Number);
	const total = values.reduce((a, b) => a + b, 0);
	const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
	return { busy: total - idle, total };
}

/**
 * Measures CPU use between start() and stop(): per named group of pids (a getter, so groups such
 * as Postgres backends can change meanwhile) and for the whole machine. Also samples each group's
 * RSS every intervalMs and keeps the peak.
 */
export class ResourceMeter {
	#groups: Record<string, () => number[]>;
	#startCpu = new Map<string, Map<number, number>>();
	#startMachine = machineJiffies();
	#startedAt = 0;
	#peakRss: Record<string, number> = {};
	#timer: NodeJS.Timeout | undefined;

	constructor(groups: Record<string, () => number[]>) {
		this.#groups = groups;
	}

	start(intervalMs = 500): void {
		this.#startedAt = performance.now();
		this.#startMachine = machineJiffies();
		for (const [name, pids] of Object.entries(this.#groups)) {
			const perPid = new Map<number, number>();
			for (const pid of pids()) {
				const s = cpuSeconds(pid);
				if (s !== null) perPid.set(pid, s);
			}
			this.#startCpu.set(name, perPid);
			this.#peakRss[name] = 0;
		}
		this.#sampleRss();
		this.#timer = setInterval(() => this.#sampleRss(), intervalMs);
		this.#timer.unref();
	}

	#sampleRss(): void {
		for (const [name, pids] of Object.entries(this.#groups)) {
			let total = 0;
			for (const pid of pids()) total += rssBytes(pid) ?? 0;
			this.#peakRss[name] = Math.max(this.#peakRss[name] ?? 0, total);
		}
	}

	/** CPU % (of one core) per group, machine busy % (of all cores × 100) and peak RSS per group. */
	stop(): ResourceUse {
		clearInterval(this.#timer);
		this.#sampleRss();
		const seconds = (performance.now() - this.#startedAt) / 1000;
		const cpu: Record<string, number> = {};
		for (const [name, pids] of Object.entries(this.#groups)) {
			const before = this.#startCpu.get(name) ?? new Map<number, number>();
			let used = 0;
			for (const pid of pids()) {
				const now = cpuSeconds(pid);
				if (now === null) continue;
				// A process that appeared meanwhile (a new Postgres backend) counts from zero.
				used += now - (before.get(pid) ?? 0);
			}
			cpu[name] = seconds > 0 ? (100 * used) / seconds : 0;
		}
		const machine = machineJiffies();
		const busy = machine.busy - this.#startMachine.busy;
		const total = machine.total - this.#startMachine.total;
		return {
			seconds,
			cpuPercent: cpu,
			machineBusyPercent: total > 0 ? (100 * os.cpus().length * busy) / total : 0,
			peakRssBytes: { ...this.#peakRss }
		};
	}
}

export interface ResourceUse {
	seconds: number;
	/** Per group, percent of one core. */
	cpuPercent: Record<string, number>;
	/** The whole machine, percent of one core (so at most cores × 100). */
	machineBusyPercent: number;
	peakRssBytes: Record<string, number>;
}

/** The soft limit on open files this process runs with (Node raises it to the hard limit at start). */
export function openFilesLimit(): number {
	try {
		const line = readFileSync('/proc/self/limits', 'utf8')
			.split('\n')
			.find((l) => l.startsWith('Max open files'));
		const soft = line?.split(/\s{2,}/)[1];
		return soft === 'unlimited' ? Infinity : Number(soft);
	} catch {
		return Infinity;
	}
}

export function machineInfo() {
	const cpus = os.cpus();
	return {
		cores: cpus.length,
		cpuModel: cpus[0]?.model.trim() ?? 'unknown',
		memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
		node: process.version,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100)
	};
}
