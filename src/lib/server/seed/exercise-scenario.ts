import { count } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sectors } from '../db/schema';
import { seedCeasefire, reportOrCheckIn } from './ceasefire';
import { actAsExerciseControl, random, type Execute } from './exercise-control';
import { seedCommitments } from './commitments';
import { seedCooperation } from './cooperation';
import { advanceForces, exerciseUnits, seedForces } from './forces';
import { advanceADelivery, seedSupport } from './support';

/**
 * The fictional exercise on a fresh embedded database, every guarantee in turn, all written by
 * exercise control through the ordinary commands and marked `exercise`. Each guarantee has dice
 * of its own, so one guarantee's scenario changing leaves the others' as they were.
 */
export async function seedExerciseScenario(db: Db, execute: Execute, now = new Date()): Promise<boolean> {
	const [row] = await db.select({ n: count() }).from(sectors);
	if ((row?.n ?? 0) > 0) return false;
	const act = actAsExerciseControl(execute);
	await seedCeasefire(db, act, random(20260106), now);
	await seedSupport(act, random(20260107), now);
	await seedForces(act, random(20260110), now);
	// The drill is not started: exercise control leaves that to the watch.
	await seedCommitments(act, random(20260108));
	await seedCooperation(act, random(20260109), now);
	return true;
}

/** How often a tick moves a delivery, or a unit's readiness, rather than the ceasefire picture. */
const SUPPORT_SHARE = 1 / 8;
const FORCES_SHARE = 1 / 10;

/**
 * Keeps the exercise moving: every tick a plausible report or a sector's check-in, and now and then
 * a delivery one step further or a unit's readiness reported. A failed move is reported and the next tick goes on.
 */
export function startSimulator(db: Db, execute: Execute, intervalMs: number, onError: (error: unknown) => void, seed = Date.now()): () => void {
	const rnd = random(seed & 0xffffffff);
	const act = actAsExerciseControl(execute);
	const timer = setInterval(() => {
		const roll = rnd.next();
		const move =
			roll < SUPPORT_SHARE ? advanceADelivery(db, act, rnd) : roll < SUPPORT_SHARE + FORCES_SHARE ? exerciseUnits(db).then((units) => advanceForces(act, rnd, units)) : reportOrCheckIn(act, rnd);
		move.catch(onError);
	}, intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}
