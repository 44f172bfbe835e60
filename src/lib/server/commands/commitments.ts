import { randomUUID } from 'node:crypto';
import { eq, ne, sql } from 'drizzle-orm';
import { AppError } from '$lib/domain/core/errors';
import { DEFAULT_RELEASABILITY } from '$lib/domain/core/releasability';
import type { Actor } from '$lib/domain/identity/actor';
import { checkContribution } from '$lib/domain/identity/contribution';
import { activationAudience, ACTIVATION_STATE_LABELS } from '$lib/domain/commitments/activations';
import { commitmentStatusChange, nextResponse, type CommitmentResponse } from '$lib/domain/commitments/commitments';
import { activationsCollection, commitmentsCollection } from '../collections/commitments';
import type { Tx } from '../db/client';
import { activations, commitments } from '../db/schema';
import { changed, defineCommand, type Change } from './command';
import { rowOf } from './load';

/** Guarantee 4: the commitments register and the activation drill. */

type ActivationRow = typeof activations.$inferSelect;

/**
 * Declarations, confirmations and stand-downs queue behind one transaction-scoped lock, so of two
 * declarations at once the second sees the first and is refused.
 */
async function lockActivations(tx: Tx): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext('watchfloor:activations'))`);
}

/** The activation under way (awaiting confirmation or active), locked against a stand-down meanwhile. */
async function underWay(tx: Tx, lock: 'update' | 'share'): Promise<ActivationRow | undefined> {
	const [row] = await tx.select().from(activations).where(ne(activations.state, 'stood-down')).for(lock);
	return row;
}

const requested = (activationId: string, at: Date): CommitmentResponse => ({ activationId, status: 'requested', note: null, at: at.toISOString(), by: null });

/** Once an activation is active, every commitment in force is asked to answer. */
async function requestResponses(tx: Tx, activation: ActivationRow): Promise<Change[]> {
	const rows = await tx
		.update(commitments)
		.set({ response: requested(activation.id, activation.activatedAt!) })
		.where(eq(commitments.status, 'in-force'))
		.returning();
	return rows.map((row) => changed(commitmentsCollection, 'response-requested', row));
}

/** An activation moved to `state`: the row, its event, and who may now see it. */
async function moveActivation(tx: Tx, activation: ActivationRow, set: Partial<ActivationRow> & { state: ActivationRow['state'] }, done: string): Promise<{ row: ActivationRow; change: Change }> {
	const wasActivated = activation.activatedAt !== null || set.activatedAt != null;
	const [row] = await tx
		.update(activations)
		.set({ ...set, releasableTo: activationAudience(set.state, wasActivated) })
		.where(eq(activations.id, activation.id))
		.returning();
	return { row: row!, change: changed(activationsCollection, done, row!, { previousReleasableTo: activation.releasableTo }) };
}

export const createCommitment = defineCommand({
	type: 'commitments.create',
	action: 'commitments.manage',
	async apply(tx, actor, input) {
		const now = new Date();
		const active = input.status === 'in-force' ? await underWay(tx, 'share') : undefined;
		const [row] = await tx
			.insert(commitments)
			.values({
				id: randomUUID(),
				nation: input.nation,
				type: input.type,
				text: input.text,
				status: input.status,
				response: active?.state === 'active' ? requested(active.id, now) : null,
				lastChange: { status: input.status, reason: 'Registered', by: actor.displayName, at: now.toISOString() },
				exercise: input.exercise ?? false,
				releasableTo: input.releasableTo ?? DEFAULT_RELEASABILITY
			})
			.returning();
		return changed(commitmentsCollection, 'created', row!);
	}
});

/** proposed ⇄ agreed ⇄ in force, with a reason; one entering into force during an active drill is asked at once. */
export const changeCommitmentStatus = defineCommand({
	type: 'commitments.status',
	action: 'commitments.manage',
	load: rowOf(commitments, 'commitment'),
	async apply(tx, actor, input, { target: commitment }) {
		const status = commitmentStatusChange(commitment.status, input.status);
		const now = new Date();
		const active = status === 'in-force' ? await underWay(tx, 'share') : undefined;
		const ask = active?.state === 'active' && commitment.response?.activationId !== active.id;
		const [row] = await tx
			.update(commitments)
			.set({ status, lastChange: { status, reason: input.reason, by: actor.displayName, at: now.toISOString() }, ...(ask && { response: requested(active.id, now) }) })
			.where(eq(commitments.id, commitment.id))
			.returning();
		return changed(commitmentsCollection, 'status-changed', row!);
	}
});

/**
 * A nation's answer to the active drill: by its own partners, or a cell officer for it. The
 * commitment's row is locked, so of answers at the same instant each is counted once, in turn.
 */
export const respondToActivation = defineCommand({
	type: 'commitments.respond',
	action: 'commitments.respond',
	load: rowOf(commitments, 'commitment'),
	async apply(tx, actor, input, { target: commitment }) {
		checkContribution(actor, commitment.nation);
		const active = await underWay(tx, 'share');
		if (active?.state !== 'active' || commitment.response?.activationId !== active.id) {
			throw new AppError('conflict', 'No active activation asks this commitment for an answer', { status: [commitment.response?.status ?? 'none'] });
		}
		const status = nextResponse(commitment.response.status, input.status);
		const response: CommitmentResponse = { activationId: active.id, status, note: input.note ?? null, at: new Date().toISOString(), by: actor.displayName };
		const [row] = await tx.update(commitments).set({ response }).where(eq(commitments.id, commitment.id)).returning();
		return changed(commitmentsCollection, 'responded', row!);
	}
});

/** An armed attack declared: an exercise is active at once; a real one waits, for the cell's eyes only, for a second officer. */
export const declareActivation = defineCommand({
	type: 'activations.declare',
	action: 'activations.manage',
	async apply(tx, actor, input) {
		await lockActivations(tx);
		const current = await underWay(tx, 'update');
		if (current) {
			throw new AppError('conflict', `An activation is already under way (${ACTIVATION_STATE_LABELS[current.state].toLowerCase()}, declared by ${current.declaredBy}): stand it down first`, {
				state: [current.state]
			});
		}
		const now = new Date();
		const state = input.exercise ? 'active' : 'pending-confirmation';
		const [row] = await tx
			.insert(activations)
			.values({
				id: randomUUID(),
				scenario: input.scenario,
				exercise: input.exercise,
				state,
				declaredById: actor.id,
				declaredBy: actor.displayName,
				declaredAt: now,
				activatedAt: input.exercise ? now : null,
				releasableTo: activationAudience(state, input.exercise)
			})
			.returning();
		const declared = changed(activationsCollection, 'declared', row!);
		return input.exercise ? [declared, ...(await requestResponses(tx, row!))] : declared;
	}
});

const activationOf = rowOf(activations, 'activation');

async function lockedActivation(tx: Tx, actor: Actor, id: string): Promise<ActivationRow> {
	await lockActivations(tx);
	return activationOf.load(tx, actor, id);
}

/** Two-person rule: a real declaration takes effect only when another admin or officer confirms it. */
export const confirmActivation = defineCommand({
	type: 'activations.confirm',
	action: 'activations.manage',
	async apply(tx, actor, input) {
		const activation = await lockedActivation(tx, actor, input.id);
		if (activation.declaredById === actor.id) throw new AppError('forbidden', 'A declaration must be confirmed by another admin or officer than the one who declared it');
		if (activation.state !== 'pending-confirmation') throw new AppError('conflict', `The activation is ${ACTIVATION_STATE_LABELS[activation.state].toLowerCase()}, not awaiting confirmation`, { state: [activation.state] });
		const { row, change } = await moveActivation(tx, activation, { state: 'active', confirmedBy: actor.displayName, activatedAt: new Date() }, 'confirmed');
		return [change, ...(await requestResponses(tx, row))];
	}
});

/** Ends the drill (or withdraws an unconfirmed declaration); the answers given stay readable as its report. */
export const standDownActivation = defineCommand({
	type: 'activations.stand-down',
	action: 'activations.manage',
	async apply(tx, actor, input) {
		const activation = await lockedActivation(tx, actor, input.id);
		if (activation.state === 'stood-down') throw new AppError('conflict', 'The activation is already stood down', { state: [activation.state] });
		return (await moveActivation(tx, activation, { state: 'stood-down', stoodDownBy: actor.displayName, stoodDownAt: new Date() }, 'stood-down')).change;
	}
});

