import { asc, desc } from 'drizzle-orm';
import type { Activation } from '$lib/domain/commitments/activations';
import type { Commitment } from '$lib/domain/commitments/commitments';
import { activations, commitments } from '../db/schema';
import { CSV_CONTENT_TYPE, csvOf } from '../http/exports';
import { presentActivation, presentCommitment } from '../presenters';
import { defineCollection } from './registry';

/** Guarantee 4: binding commitments in case of a future attack, and the activations that call on them. */

export const commitmentsCollection = defineCollection<Commitment>({
	name: 'commitments',
	noun: 'commitment',
	table: commitments,
	idColumn: commitments.id,
	releasableColumn: commitments.releasableTo,
	present: presentCommitment,
	order: [asc(commitments.nation), asc(commitments.type), asc(commitments.id)],
	read: 'records.read',
	history: 'history.read',
	exports: {
		csv: { contentType: CSV_CONTENT_TYPE, fileName: 'commitments.csv', render: csvOf<Commitment>(['id', 'nation', 'type', 'status', 'text', 'exercise']) }
	},
	/** `{ nation, type, text, status, releasableTo? }`: registered with any status. */
	create: { type: 'commitments.create' },
	actions: {
		/** `{ status, reason }` */
		status: { type: 'commitments.status' },
		/** `{ status: acknowledged | executing | completed | declined, note? }`: that nation's partners, or the cell's officers. */
		respond: { type: 'commitments.respond' }
	}
});

export const activationsCollection = defineCollection<Activation>({
	name: 'activations',
	noun: 'activation',
	table: activations,
	idColumn: activations.id,
	releasableColumn: activations.releasableTo,
	present: presentActivation,
	order: [desc(activations.declaredAt), asc(activations.id)],
	read: 'records.read',
	history: 'history.read',
	/** `{ scenario, exercise }`: an exercise is active at once, a real one awaits another officer's confirmation; one at a time. */
	create: { type: 'activations.declare' },
	actions: {
		/** By an admin or officer other than the declarer. */
		confirm: { type: 'activations.confirm', bodyless: true },
		'stand-down': { type: 'activations.stand-down', bodyless: true }
	}
});
