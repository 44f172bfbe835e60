import type { Commands } from '$lib/domain/core/commands';
import { asc, eq } from 'drizzle-orm';
import { CATEGORIES, SOURCES, type Category, type CreateViolation, type WorkflowAction } from '$lib/domain/ceasefire/violations';
import type { Db } from '../db/client';
import { alerts, violations } from '../db/schema';
import type { Act, Random } from './exercise-control';
import { LINE_OF_CONTACT, centreOf } from './line-of-contact';

/** Guarantee 1 in the exercise: the line of contact, reports at every stage, and the watch's alerts. */

const NARRATIVES: Record<Category, string[]> = {
	artillery: ['Impacts observed east of the line, estimated 122 mm', 'Counter-battery fire reported by patrol', 'Several rounds landed near the checkpoint'],
	mortar: ['Mortar rounds on forward positions', '82 mm rounds heard and located by acoustic sensor'],
	'small-arms': ['Exchange of small-arms fire across the line', 'Sniper fire reported at the crossing point'],
	drone: ['FPV drone strike on a vehicle', 'Reconnaissance UAV crossed the line and returned', 'Loitering munition intercepted'],
	missile: ['Missile launch detected, impact area under assessment'],
	'air-incident': ['Aircraft approached the buffer zone and turned back'],
	'sea-incident': ['Unidentified vessel in the restricted zone'],
	'armour-movement': ['Column of armoured vehicles moving toward the line', 'Tanks observed in a forbidden zone'],
	other: ['Engineering works in the buffer zone', 'Mines laid near the contact line']
};

function pointIn(sectorIndex: number, rnd: Random): { lat: number; lon: number } {
	const { lat, lon } = centreOf(LINE_OF_CONTACT[sectorIndex]!);
	return { lat: +(lat + (rnd.next() - 0.5) * 0.25).toFixed(4), lon: +(lon + (rnd.next() - 0.5) * 0.35).toFixed(4) };
}

function plausibleReport(rnd: Random, observedAt: Date): CreateViolation {
	const sector = Math.floor(rnd.next() * LINE_OF_CONTACT.length);
	const category = rnd.pick(CATEGORIES.filter((c) => c !== 'sea-incident' || sector === LINE_OF_CONTACT.length - 1));
	const roll = rnd.next();
	const severity = roll > 0.93 ? 'critical' : roll > 0.8 ? 'high' : roll > 0.45 ? 'medium' : 'low';
	const killed = severity === 'critical' ? 1 + Math.floor(rnd.next() * 4) : 0;
	return {
		observedAt: observedAt.toISOString(),
		...pointIn(sector, rnd),
		category,
		source: rnd.pick(SOURCES),
		severity,
		killed,
		wounded: severity === 'low' ? 0 : Math.floor(rnd.next() * 3),
		description: rnd.pick(NARRATIVES[category]),
		releasableTo: rnd.next() > 0.5 ? 'coalition' : 'cell',
		exercise: true
	};
}

// How far a past report got through the workflow, by its age.
const PATHS: WorkflowAction[][] = [[], ['begin-verification'], ['begin-verification', 'verify'], ['begin-verification', 'reject'], ['begin-verification', 'verify', 'refer'], ['begin-verification', 'verify', 'refer', 'attribute'], ['begin-verification', 'verify', 'refer', 'attribute', 'remedy']];

/** How many of the scenario's alerts are left for the watch to acknowledge. */
const OPEN_ALERTS = 3;

/**
 * The sectors, three weeks of reports at every stage of the workflow, open cases for the
 * commission, and a few log entries.
 */
export async function seedCeasefire(db: Db, act: Act, rnd: Random, now: Date): Promise<void> {
	for (const sector of LINE_OF_CONTACT) await act('sectors.create', { ...(sector as Commands['sectors.create']), exercise: true, releasableTo: 'coalition' });
	const days = 21;
	const reports = Array.from({ length: 140 }, (_, i) => plausibleReport(rnd, new Date(now.getTime() - (days * 24 * 3600_000 * (140 - i)) / 140 - 600_000)));
	await act('violations.import', { rows: reports });
	const ids = (await db.select({ id: violations.id }).from(violations).orderBy(asc(violations.observedAt))).map((r) => r.id);
	for (const [i, id] of ids.entries()) {
		const age = 1 - i / ids.length;
		const path = age < 0.05 ? PATHS[rnd.next() > 0.5 ? 0 : 1]! : rnd.pick(PATHS.slice(1));
		for (const action of path) {
			const extra = action === 'attribute' ? { responsibleParty: rnd.pick(['Party A', 'Party B', 'Unattributed armed group']), finding: 'Crater analysis and UAV imagery consistent with the report' } : {};
			await act('violations.step', { id, action, reason: 'Exercise: assessed by the monitoring team', ...extra });
		}
	}
	// The watch has dealt with the older alerts: only the newest few stand, as on a real floor.
	const raised = await db.select({ id: alerts.id }).from(alerts).innerJoin(violations, eq(alerts.violationId, violations.id)).orderBy(asc(violations.observedAt));
	for (const alert of raised.slice(0, Math.max(0, raised.length - OPEN_ALERTS))) await act('alerts.acknowledge', { id: alert.id });
	for (const sector of LINE_OF_CONTACT.slice(0, 5)) await act('sectors.check-in', { id: sector.id });
	for (const text of ['EXERCISE STARTEX: watch handed over to the exercise team', 'Exercise: partner liaison officers connected', 'Exercise: wall display set to the ceasefire overview']) {
		await act('log-entries.create', { text, releasableTo: 'coalition' });
	}
}

/** One move of the simulator: a plausible report, now and then a sector's check-in instead. */
export function reportOrCheckIn(act: Act, rnd: Random): Promise<unknown> {
	if (rnd.next() < 0.2) return act('sectors.check-in', { id: rnd.pick(LINE_OF_CONTACT).id });
	return act('violations.report', plausibleReport(rnd, new Date(Date.now() - Math.floor(rnd.next() * 600_000))));
}
