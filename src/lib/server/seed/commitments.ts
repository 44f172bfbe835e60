import type { CommitmentStatus, CommitmentType } from '$lib/domain/commitments/commitments';
import type { Releasability } from '$lib/domain/core/releasability';
import type { Act, Random } from './exercise-control';

/** What nations commit, by type: plausible wording for the exercise register. */
const TEXTS: Record<CommitmentType, readonly string[]> = {
	military: [
		'Two air-defence batteries deployable within 72 hours',
		'A mechanised battalion group on 10 days’ notice to move',
		'Four fighter aircraft for air policing over western Ukraine',
		'A frigate and maritime patrol aircraft for Black Sea security',
		'A rocket-artillery battery within 7 days'
	],
	intelligence: [
		'Satellite imagery of the line of contact every 24 hours',
		'Missile-launch early warning shared in real time',
		'A signals-intelligence liaison team in Kyiv within 48 hours',
		'Counter-battery radar tracks shared with the cell'
	],
	logistics: [
		'Strategic airlift: six sorties in the first week',
		'A rail corridor for heavy equipment through its territory',
		'Fuel and ammunition resupply through the Rzeszów hub',
		'A 50-bed field hospital within 5 days',
		'Depot maintenance of armoured vehicles at home'
	],
	diplomatic: [
		'Call for an emergency session of the UN Security Council',
		'Lead a G7 statement within 24 hours',
		'Expel the aggressor’s defence attachés',
		'Convene a special session of the OSCE Permanent Council'
	],
	sanctions: [
		'Freeze the remaining central-bank assets',
		'A full energy import embargo within 30 days',
		'Financial sanctions on the defence-industrial base',
		'A maritime services ban on shadow-fleet tankers'
	]
};

const TYPES = Object.keys(TEXTS) as CommitmentType[];

/** A dozen coalition nations; the first few carry the register's proposals and agreements still in negotiation. */
const NATIONS = ['USA', 'GBR', 'FRA', 'DEU', 'POL', 'ITA', 'CAN', 'NLD', 'NOR', 'SWE', 'FIN', 'EST'] as const;

function statusOf(rnd: Random, index: number): CommitmentStatus {
	// One of each early on, so every status shows; after that mostly in force.
	if (index === 1) return 'proposed';
	if (index === 2) return 'agreed';
	const roll = rnd.next();
	return roll < 0.78 ? 'in-force' : roll < 0.9 ? 'agreed' : 'proposed';
}

function releasabilityOf(rnd: Random, nation: string): Releasability {
	const roll = rnd.next();
	return roll < 0.82 ? 'coalition' : roll < 0.94 ? [nation] : 'cell';
}

/**
 * The exercise's commitments register: each nation two to four commitments of different types,
 * every type and every status present, most in force and released to the coalition. No drill is
 * started: the watch declares one when the exercise calls for it. (`_now`: the register has no
 * dates; taken so that every part of the scenario is called alike.)
 */
export async function seedCommitments(act: Act, rnd: Random): Promise<void> {
	let index = 0;
	for (const [n, nation] of NATIONS.entries()) {
		const count = 2 + Math.floor(rnd.next() * 3);
		// Rotating the starting type makes the dozen nations cover all five types between them.
		const types = Array.from({ length: count }, (_, k) => TYPES[(n + k) % TYPES.length]!);
		for (const type of types) {
			await act('commitments.create', { nation, type, text: rnd.pick(TEXTS[type]), status: statusOf(rnd, index++), releasableTo: releasabilityOf(rnd, nation), exercise: true });
		}
	}
}
