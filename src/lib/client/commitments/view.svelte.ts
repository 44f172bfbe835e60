import type { Activation } from '$lib/domain/commitments/activations';
import { answersAfter, COMMITMENT_TYPES, type Answer, type Commitment, type CommitmentType, type ResponseStatus } from '$lib/domain/commitments/commitments';
import { commitmentsKpis, isUnderWay, type ActivationFigures, type CommitmentsKpis } from '$lib/domain/commitments/kpis';
import { allows, isCellStaff, type Role } from '$lib/domain/identity/roles';
import { groupBy } from '../group-by';
import type { LiveSource } from '../live-source';

/**
 * `kpis.commitments` typed, or null before the first snapshot. The one cast: the server's
 * commitments board (realtime/boards/commitments.ts) is the only writer of that record.
 */
export function commitmentsKpisOf(kpis: Readonly<Record<string, unknown>>): CommitmentsKpis | null {
	return (kpis.commitments as CommitmentsKpis | undefined) ?? null;
}

export interface TypeGroup {
	type: CommitmentType;
	commitments: Commitment[];
}

export interface NationGroup {
	nation: string;
	types: TypeGroup[];
}

const byText = (a: Commitment, b: Commitment) => a.text.localeCompare(b.text, 'en') || (a.id < b.id ? -1 : 1);

/** The register as it is read: nation by nation in code order, each nation's types in their fixed order (empty ones left out). */
export function registerByNation(commitments: readonly Commitment[]): NationGroup[] {
	const byNation = groupBy(commitments, (c) => c.nation);
	return [...byNation.keys()].sort().map((nation) => {
		const own = byNation.get(nation)!;
		const types = COMMITMENT_TYPES.map((type) => ({ type, commitments: own.filter((c) => c.type === type).sort(byText) }));
		return { nation, types: types.filter((group) => group.commitments.length > 0) };
	});
}

/** One commitment's answer to the drill under way. */
export interface DrillAnswer {
	commitmentId: string;
	type: CommitmentType;
	text: string;
	status: ResponseStatus;
	note: string | null;
	/** When it was asked (while requested) or answered. */
	at: string;
	by: string | null;
}

/** A nation's line on the drill board. */
export interface DrillRow {
	nation: string;
	answers: DrillAnswer[];
	/** Answers still at requested. */
	waiting: number;
	/** Not one of its commitments answered yet. */
	silent: boolean;
}

/** Fully silent nations first, then those with answers still missing, then those that have answered all; by code within each. */
const silenceRank = (row: DrillRow) => (row.silent ? 0 : row.waiting > 0 ? 1 : 2);

/**
 * The drill board's rows: each nation asked by this activation, with its commitments' answers.
 * The nations that have not answered stand at the top, where the watch looks first.
 */
export function drillRows(commitments: readonly Commitment[], activationId: string): DrillRow[] {
	const asked = commitments.filter((c) => c.response?.activationId === activationId);
	const rows = [...groupBy(asked, (c) => c.nation)].map(([nation, own]): DrillRow => {
		const answers = own
			.sort((a, b) => COMMITMENT_TYPES.indexOf(a.type) - COMMITMENT_TYPES.indexOf(b.type) || byText(a, b))
			.map((c) => ({ commitmentId: c.id, type: c.type, text: c.text, status: c.response!.status, note: c.response!.note, at: c.response!.at, by: c.response!.by }));
		const waiting = answers.filter((a) => a.status === 'requested').length;
		return { nation, answers, waiting, silent: waiting === answers.length };
	});
	return rows.sort((a, b) => silenceRank(a) - silenceRank(b) || (a.nation < b.nation ? -1 : 1));
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Time since `since` as `HH:MM:SS` (hours go past 24: a drill is counted in hours), never negative:
 * a screen whose clock is a little behind the server's shows 00:00:00, not a countdown.
 */
export function elapsedSince(since: string, now: Date): string {
	const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 1000));
	return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** Who is looking: what the forms on the page depend on. */
export interface PageViewer {
	role: Role;
	nation: string;
	displayName: string;
}

/** A nation's own partners answer for it, the cell's officers for any (the server's checkContribution, mirrored to offer only what will be accepted). */
export function mayAnswerFor(viewer: Pick<PageViewer, 'role' | 'nation'>, nation: string): boolean {
	return allows(viewer.role, 'commitments.respond') && (isCellStaff(viewer.role) || viewer.nation === nation);
}

/** Two-person rule: a real declaration is confirmed by an admin or officer other than its declarer. */
export function mayConfirm(viewer: Pick<PageViewer, 'role' | 'displayName'>, activation: Pick<Activation, 'state' | 'declaredBy'>): boolean {
	return allows(viewer.role, 'activations.manage') && activation.state === 'pending-confirmation' && activation.declaredBy !== viewer.displayName;
}

/** A commitment the viewer may still answer in this drill, with the answers open to it. */
export interface OpenAnswer {
	commitment: Commitment;
	choices: Answer[];
}

/** What the viewer can answer now: its nation's asked commitments (all nations' for an officer) that are not final yet. */
export function openAnswers(commitments: readonly Commitment[], activationId: string, viewer: Pick<PageViewer, 'role' | 'nation'>): OpenAnswer[] {
	return commitments
		.filter((c) => c.response?.activationId === activationId && mayAnswerFor(viewer, c.nation))
		.map((commitment) => ({ commitment, choices: answersAfter(commitment.response!.status) }))
		.filter((open) => open.choices.length > 0)
		.sort((a, b) => (a.commitment.nation < b.commitment.nation ? -1 : a.commitment.nation > b.commitment.nation ? 1 : byText(a.commitment, b.commitment)));
}

const newestFirst = (a: Activation, b: Activation) => (a.declaredAt < b.declaredAt ? 1 : a.declaredAt > b.declaredAt ? -1 : 0);

/**
 * What the commitments page reads from the live store: the register grouped, the activation under
 * way with its board rows and figures, and past drills. Each is derived once per change.
 */
export class CommitmentsView {
	#commitments: Commitment[];
	#activations: Activation[];
	#kpis: CommitmentsKpis | null;
	#register: NationGroup[];
	#current: Activation | null;
	#rows: DrillRow[];
	#figures: ActivationFigures | null;

	constructor(source: LiveSource) {
		this.#commitments = $derived(source.records('commitments'));
		this.#activations = $derived([...source.records('activations')].sort(newestFirst));
		this.#kpis = $derived(commitmentsKpisOf(source.kpis));
		this.#register = $derived(registerByNation(this.#commitments));
		// The same rule as the board's: at most one activation is under way.
		this.#current = $derived(this.#activations.find(isUnderWay) ?? null);
		this.#rows = $derived(this.#current ? drillRows(this.#commitments, this.#current.id) : []);
		// The board's figures; for the moment between a record's delta and the KPIs' (published a little later), a recount of the same records.
		this.#figures = $derived.by(() => {
			const current = this.#current;
			if (!current) return null;
			const published = this.#kpis?.activation;
			return published?.id === current.id && published.state === current.state ? published : commitmentsKpis(this.#commitments, [current]).activation;
		});
	}

	get commitments(): Commitment[] {
		return this.#commitments;
	}
	get kpis(): CommitmentsKpis | null {
		return this.#kpis;
	}
	get register(): NationGroup[] {
		return this.#register;
	}
	/** The activation awaiting confirmation or active, or null. */
	get current(): Activation | null {
		return this.#current;
	}
	get rows(): DrillRow[] {
		return this.#rows;
	}
	get figures(): ActivationFigures | null {
		return this.#figures;
	}
	/** Drills that are over, newest first: their reports stay readable. */
	get past(): Activation[] {
		return this.#activations.filter((a) => !isUnderWay(a));
	}
}
