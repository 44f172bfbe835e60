import type { Activation } from '$lib/domain/commitments/activations';
import { RESPONSE_STATUSES, type Commitment, type ResponseStatus } from '$lib/domain/commitments/commitments';
import type { ActivationFigures } from '$lib/domain/commitments/kpis';

/** One nation's answers to the activation under way, over its commitments in force. */
export interface NationAnswers {
	nation: string;
	answers: Record<ResponseStatus, number>;
	/** A commitment still at "requested": the nation has not answered all of it yet. */
	silent: boolean;
}

/** What the drill board shows: the board's figures, the activation's own words, each nation's answers. */
export interface DrillPicture {
	figures: ActivationFigures;
	scenario: string | null;
	declaredBy: string | null;
	nations: NationAnswers[];
}

const noAnswers = (): Record<ResponseStatus, number> => Object.fromEntries(RESPONSE_STATUSES.map((status) => [status, 0])) as Record<ResponseStatus, number>;

/**
 * The board over the activation `kpis.commitments.activation` names: its scenario from the
 * activation record, each nation's answers from the commitments asked. Silent nations first (the
 * ones the room must chase), then by code. The silent list is the board's, so the figures and the
 * names never disagree.
 */
export function drillPicture(figures: ActivationFigures | null, activations: readonly Activation[], commitments: readonly Commitment[]): DrillPicture | null {
	if (!figures) return null;
	const activation = activations.find((a) => a.id === figures.id);
	const byNation = new Map<string, Record<ResponseStatus, number>>();
	for (const commitment of commitments) {
		if (commitment.response?.activationId !== figures.id) continue;
		const answers = byNation.get(commitment.nation) ?? byNation.set(commitment.nation, noAnswers()).get(commitment.nation)!;
		answers[commitment.response.status]++;
	}
	const silent = new Set(figures.silentNations);
	// The board's figures and the records travel apart: a nation the board already names may not be in the records yet.
	for (const nation of silent) if (!byNation.has(nation)) byNation.set(nation, noAnswers());
	const nations = [...byNation]
		.map(([nation, answers]) => ({ nation, answers, silent: silent.has(nation) }))
		.sort((a, b) => Number(b.silent) - Number(a.silent) || (a.nation < b.nation ? -1 : 1));
	return { figures, scenario: activation?.scenario ?? null, declaredBy: activation?.declaredBy ?? null, nations };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Time since `since` as the drill's clock reads it: `T+ 00:12:34`, `T+ 2 d 03:04:05` past a day. */
export function sinceClock(since: string, now: Date): string {
	const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 1000));
	if (!Number.isFinite(seconds)) return 'T+ --:--:--';
	const days = Math.floor(seconds / 86_400);
	const hms = `${pad(Math.floor((seconds % 86_400) / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
	return days > 0 ? `T+ ${days} d ${hms}` : `T+ ${hms}`;
}
