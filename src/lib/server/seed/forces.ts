import { eq } from 'drizzle-orm';
import { utcDay } from '$lib/domain/core/dates';
import type { CreateBrigade } from '$lib/domain/forces/brigades';
import { READINESS_LEVELS, type CreateUnit, type Domain, type Readiness, type Unit } from '$lib/domain/forces/units';
import type { Db } from '../db/client';
import { units } from '../db/schema';
import type { Act, Random } from './exercise-control';

/**
 * The exercise's forces (guarantee 3): the Multinational Force's units at believable places in and
 * around Ukraine, and five of Ukraine's brigades in regeneration, one of them behind schedule. All
 * fictional exercise data, written through the ordinary commands by exercise control.
 */


/**
 * An APP-6D code in the exercise context (digit 3 = 1, drawn with its "X"), friendly, present:
 * the symbol set, the echelon (land units; 00 elsewhere) and the entity.
 */
const exerciseCode = (symbolSet: '01' | '10' | '30', echelon: string, entity: string) => `1013${symbolSet}00${echelon}${entity}0000`;

const COMPANY = '15';
const BATTALION = '16';
const BRIGADE = '18';
const land = (echelon: string, entity: string) => exerciseCode('10', echelon, entity);
const air = (entity: string) => exerciseCode('01', '00', entity);
const sea = (entity: string) => exerciseCode('30', '00', entity);

const ARMOUR = '120500';
const MECHANISED_INFANTRY = '121102';
const INFANTRY = '121100';
const COMBINED_ARMS = '121000';
const FIELD_ARTILLERY = '130300';
const AIR_DEFENCE = '130100';
const ENGINEER = '140700';
const TRANSPORTATION = '163600';
const SUPPLY = '163400';
const FIGHTER = '110104';
const CARGO = '110107';
const FRIGATE = '120204';
const MINEHUNTER = '120404';
const NAVY_TASK_GROUP = '121003';

type SeedUnit = Omit<CreateUnit, 'exercise'>;

const unit = (
	nation: string,
	domain: Domain,
	name: string,
	sidc: string,
	[lat, lon]: [number, number],
	mission: SeedUnit['mission'],
	readiness: Readiness,
	noticeToMoveHours: number | null,
	releasableTo: SeedUnit['releasableTo'] = 'coalition'
): SeedUnit => ({ name, nation, domain, sidc, location: { lat, lon }, mission, readiness, noticeToMoveHours, releasableTo });

/**
 * Land forces on the training areas of the eastern flank and in western Ukraine, air policing from
 * Romanian and Polish bases, maritime security off Odesa, logistics around Rzeszów.
 */
export const EXERCISE_UNITS: readonly SeedUnit[] = [
	unit('FRA', 'land', 'Armoured Battlegroup Cincu', land(BATTALION, ARMOUR), [45.905, 24.785], 'reassurance', 'C1', 48),
	unit('FRA', 'land', 'Forward Logistic Element Constanța', land(COMPANY, TRANSPORTATION), [44.355, 28.478], 'logistics', 'C2', 24),
	unit('FRA', 'air', 'Rafale Detachment Łask', air(FIGHTER), [51.551, 19.179], 'air-policing', 'C2', 2, 'cell'),
	unit('GBR', 'land', 'Mechanised Battlegroup Tapa', land(BATTALION, MECHANISED_INFANTRY), [59.262, 25.958], 'reassurance', 'C1', 24),
	unit('GBR', 'land', 'Training Team Yavoriv', land(COMPANY, INFANTRY), [49.945, 23.512], 'training', 'C2', 72, ['GBR', 'UKR']),
	unit('GBR', 'air', 'Typhoon Detachment Malbork', air(FIGHTER), [54.027, 19.134], 'air-policing', 'C2', 2),
	unit('DEU', 'land', 'Panzergrenadier Battalion Rukla', land(BATTALION, MECHANISED_INFANTRY), [55.03, 24.385], 'reassurance', 'C2', 48),
	unit('DEU', 'land', 'Air Defence Battery Rzeszów', land(COMPANY, AIR_DEFENCE), [50.103, 22.041], 'reassurance', 'C1', 6, ['DEU', 'POL']),
	unit('DEU', 'land', 'Transport Company Rzeszów', land(COMPANY, TRANSPORTATION), [50.115, 22.02], 'logistics', 'C3', 72),
	unit('DEU', 'air', 'A400M Transport Detachment Rzeszów', air(CARGO), [50.108, 22.03], 'logistics', 'C2', 12),
	unit('POL', 'land', 'Mechanised Battalion Przemyśl', land(BATTALION, MECHANISED_INFANTRY), [49.784, 22.768], 'reassurance', 'C1', 12),
	unit('POL', 'land', 'Regeneration Training Battalion Nowa Dęba', land(BATTALION, INFANTRY), [50.43, 21.75], 'regeneration-support', 'C2', null),
	unit('POL', 'land', 'Logistics Hub Rzeszów', land(BATTALION, SUPPLY), [50.095, 22.005], 'logistics', 'C1', 12, 'cell'),
	unit('ROU', 'land', 'Mechanised Battalion Galați', land(BATTALION, MECHANISED_INFANTRY), [45.437, 28.05], 'reassurance', 'C2', 24),
	unit('ROU', 'air', 'F-16 Squadron Fetești', air(FIGHTER), [44.392, 27.727], 'air-policing', 'C1', 2),
	unit('ROU', 'sea', 'Frigate, Black Sea Task Group', sea(FRIGATE), [45.7, 30.4], 'maritime-security', 'C2', 12),
	unit('ROU', 'sea', 'Black Sea Maritime Task Group HQ Constanța', sea(NAVY_TASK_GROUP), [44.17, 28.66], 'maritime-security', 'C1', 24, ['ROU', 'TUR']),
	unit('NLD', 'land', 'Engineer Company Yavoriv', land(COMPANY, ENGINEER), [49.952, 23.498], 'training', 'C2', 72),
	unit('NLD', 'air', 'F-35A Detachment Mihail Kogălniceanu', air(FIGHTER), [44.37, 28.47], 'air-policing', 'C3', 12),
	unit('DNK', 'land', 'Mechanised Battalion Ādaži', land(BATTALION, MECHANISED_INFANTRY), [57.078, 24.33], 'reassurance', 'C4', 168),
	unit('CAN', 'land', 'Multinational Brigade Latvia HQ', land(BRIGADE, COMBINED_ARMS), [57.085, 24.34], 'reassurance', 'C1', 24),
	unit('SWE', 'land', 'Armoured Battalion Ādaži', land(BATTALION, ARMOUR), [57.072, 24.345], 'reassurance', 'C2', 48),
	unit('SWE', 'air', 'Gripen Detachment Malbork', air(FIGHTER), [54.033, 19.145], 'air-policing', 'C1', 2),
	unit('FIN', 'land', 'Field Artillery Battery Cincu', land(COMPANY, FIELD_ARTILLERY), [45.88, 24.77], 'training', 'C2', 48),
	unit('ITA', 'air', 'Eurofighter Detachment Mihail Kogălniceanu', air(FIGHTER), [44.362, 28.488], 'air-policing', 'C1', 1),
	unit('NOR', 'land', 'Mechanised Company Rukla', land(COMPANY, MECHANISED_INFANTRY), [55.04, 24.37], 'reassurance', 'C5', null, 'cell'),
	unit('NOR', 'air', 'F-35A Quick Reaction Alert Rzeszów', air(FIGHTER), [50.11, 22.019], 'air-policing', 'C1', 1, ['NOR', 'POL']),
	unit('TUR', 'sea', 'Frigate, Odesa Approaches', sea(FRIGATE), [46.05, 31.05], 'maritime-security', 'C1', 6),
	unit('TUR', 'sea', 'Minehunter, Odesa Corridor', sea(MINEHUNTER), [46.2, 30.95], 'maritime-security', 'C2', 12),
	unit('BGR', 'sea', 'Minehunter, Varna', sea(MINEHUNTER), [43.19, 27.95], 'maritime-security', 'C4', 240)
];

/** Days from `now`, as the brigades' planned certification dates. */
const dayFrom = (now: Date, days: number) => utcDay(new Date(now.getTime() + days * 86_400_000));

/** One brigade at each stage; the one in collective training missed its planned day. */
export function exerciseBrigades(now: Date): Omit<CreateBrigade, 'exercise'>[] {
	return [
		{ name: '160th Mechanised Brigade', stage: 'forming', progress: 35, plannedCertifiedOn: dayFrom(now, 150), releasableTo: 'coalition' },
		{ name: '161st Mechanised Brigade', stage: 'individual-training', progress: 60, plannedCertifiedOn: dayFrom(now, 75), releasableTo: 'cell' },
		{ name: '162nd Mechanised Brigade', stage: 'collective-training', progress: 70, plannedCertifiedOn: dayFrom(now, -6), releasableTo: 'coalition' },
		{ name: '163rd Artillery Brigade', stage: 'certified', progress: 100, plannedCertifiedOn: dayFrom(now, -20), releasableTo: 'coalition' },
		{ name: '164th Air Assault Brigade', stage: 'deployed', progress: 100, plannedCertifiedOn: dayFrom(now, -60), releasableTo: 'coalition' }
	];
}

/** Why a unit's readiness changed, by domain and by which way it went. */
const REASONS: Record<'better' | 'worse', Record<Domain, readonly string[]>> = {
	better: {
		air: ['Aircraft back from scheduled maintenance', 'Spare engines delivered; alert roster complete again', 'Aircrew currency training completed'],
		sea: ['Repairs completed alongside; sea trials passed', 'Crew rotation complete and worked up', 'Mine countermeasure equipment recertified'],
		land: ['Spare parts delivered; vehicles back on line', 'Replacement personnel arrived and integrated', 'Live-fire certification completed', 'Ammunition resupply received']
	},
	worse: {
		air: ['Two aircraft grounded for unscheduled maintenance', 'Runway works limit sortie generation', 'Aircrew rotation in progress'],
		sea: ['Returned to port for hull inspection', 'Sonar fault under repair', 'Crew rotation in progress'],
		land: ['Engine faults ground several vehicles', 'Personnel rotation in progress', 'Awaiting ammunition resupply', 'Winter maintenance backlog']
	}
};

/** The notice to move a level usually comes with, by domain (aircraft on alert move in hours, battalions in days). */
const NOTICE: Record<Domain, Record<Readiness, number | null>> = {
	air: { C1: 2, C2: 6, C3: 24, C4: 72, C5: null },
	sea: { C1: 6, C2: 24, C3: 48, C4: 168, C5: null },
	land: { C1: 12, C2: 48, C3: 96, C4: 168, C5: null }
};

/** Registers the units and the brigades. Units below C2 get a report saying why, so their history starts with a reason. */
export async function seedForces(act: Act, rnd: Random, now: Date): Promise<void> {
	for (const seed of EXERCISE_UNITS) {
		const id = (await act('units.create', { ...seed, exercise: true })).record?.id;
		if (id && READINESS_LEVELS.indexOf(seed.readiness) > READINESS_LEVELS.indexOf('C2')) {
			await act('units.readiness', { id, readiness: seed.readiness, noticeToMoveHours: seed.noticeToMoveHours ?? null, reason: rnd.pick(REASONS.worse[seed.domain]) });
		}
	}
	for (const brigade of exerciseBrigades(now)) await act('brigades.create', { ...brigade, exercise: true });
}

/** The exercise's units as the simulator needs them (real units are never touched by it). */
export async function exerciseUnits(db: Db): Promise<Pick<Unit, 'id' | 'domain' | 'readiness'>[]> {
	return db.select({ id: units.id, domain: units.domain, readiness: units.readiness }).from(units).where(eq(units.exercise, true));
}

/**
 * For the simulator: one exercise unit's readiness moves a level, better or worse, with a plausible
 * reason and the notice to move that goes with the new level. Nothing when there is no exercise unit.
 */
export async function advanceForces(act: Act, rnd: Random, candidates: readonly Pick<Unit, 'id' | 'domain' | 'readiness'>[]): Promise<void> {
	if (candidates.length === 0) return;
	const chosen = rnd.pick(candidates);
	const at = READINESS_LEVELS.indexOf(chosen.readiness);
	// At either end there is only one way to go; otherwise recovery is a little likelier than a setback.
	const better = at === READINESS_LEVELS.length - 1 || (at > 0 && rnd.next() < 0.55);
	const readiness = READINESS_LEVELS[better ? at - 1 : at + 1]!;
	await act('units.readiness', { id: chosen.id, readiness, noticeToMoveHours: NOTICE[chosen.domain][readiness], reason: rnd.pick(REASONS[better ? 'better' : 'worse'][chosen.domain]) });
}
