import type { Alert } from '$lib/domain/cell/alerts';
import type { Sector } from '$lib/domain/ceasefire/sectors';
import { CATEGORY_LABELS, type Category, type Severity, type Violation } from '$lib/domain/ceasefire/violations';

const SEVERITY_RANK: Record<Severity, number> = { critical: 3, high: 2, medium: 1, low: 0 };

/** Unacknowledged first by severity, then newest; acknowledged ones within `recentMs`, newest acknowledgement first. */
export function splitAlerts(alerts: readonly Alert[], now: Date, recentMs = 60 * 60_000): { open: Alert[]; acknowledged: Alert[] } {
	const open = alerts
		.filter((a) => !a.acknowledgedAt)
		.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || Date.parse(b.raisedAt) - Date.parse(a.raisedAt) || b.id.localeCompare(a.id));
	const acknowledged = alerts
		.filter((a) => a.acknowledgedAt && now.getTime() - Date.parse(a.acknowledgedAt) <= recentMs)
		.sort((a, b) => Date.parse(b.acknowledgedAt!) - Date.parse(a.acknowledgedAt!));
	return { open, acknowledged };
}

/**
 * Ids in `current` that were not in `seen`: the alerts to announce. The first call (seen === null)
 * announces nothing, so opening a screen does not ring for every alert already standing.
 */
export function newAlertIds(seen: ReadonlySet<string> | null, current: readonly Alert[]): string[] {
	if (seen === null) return [];
	return current.filter((a) => !a.acknowledgedAt && !seen.has(a.id)).map((a) => a.id);
}

const SOUND_KEY = 'watchfloor.alert-sound';

export function soundPreference(): boolean {
	try {
		return localStorage.getItem(SOUND_KEY) === 'on';
	} catch {
		return false;
	}
}

export function setSoundPreference(on: boolean): void {
	try {
		localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
	} catch {
		// Private mode: the choice lasts as long as the page.
	}
}

let audio: AudioContext | null = null;

/**
 * Two short tones made in code (no sound file to fetch). Browsers only let a page make sound after
 * a user gesture, so the first call should come from the click that turns sound on.
 */
export function beep(severity: Severity = 'high'): void {
	const Context = globalThis.AudioContext ?? (globalThis as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
	if (!Context) return;
	try {
		audio ??= new Context();
		if (audio.state === 'suspended') void audio.resume();
		const start = audio.currentTime + 0.02;
		const tones = severity === 'critical' ? [988, 784, 988] : [880, 660];
		tones.forEach((frequency, i) => {
			const oscillator = audio!.createOscillator();
			const gain = audio!.createGain();
			oscillator.type = 'square';
			oscillator.frequency.value = frequency;
			const t = start + i * 0.18;
			gain.gain.setValueAtTime(0.0001, t);
			gain.gain.exponentialRampToValueAtTime(0.12, t + 0.01);
			gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.15);
			oscillator.connect(gain).connect(audio!.destination);
			oscillator.start(t);
			oscillator.stop(t + 0.16);
		});
	} catch {
		// No audio device: the banner still shows the alert.
	}
}

/**
 * What an alert is about, in the words of the report it was raised for: its category and the
 * sector's name (the stored title names the sector by id). Falls back to the stored title when
 * the report is not on this screen.
 */
export function alertHeadline(alert: Pick<Alert, 'title'>, report: { category: string; sectorId: string | null } | undefined, sectorName: (id: string) => string | undefined, categoryLabel: (category: string) => string): string {
	if (!report) return alert.title;
	const where = report.sectorId ? (sectorName(report.sectorId) ?? report.sectorId) : 'outside every sector';
	return `${categoryLabel(report.category)} · ${where}`;
}

/** alertHeadline over the live picture: every screen names alerts the same way (the wall with shorter sector names). */
export function headlineFor(reports: readonly Violation[], sectors: readonly Pick<Sector, 'id' | 'name'>[], shorten: (name: string) => string = (name) => name): (alert: Alert) => string {
	const byId = new Map(reports.map((r) => [r.id, r]));
	const names = new Map(sectors.map((s) => [s.id, shorten(s.name)]));
	return (alert) => alertHeadline(alert, byId.get(alert.violationId), (id) => names.get(id), (c) => CATEGORY_LABELS[c as Category] ?? c);
}
