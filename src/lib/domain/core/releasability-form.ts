import type { Releasability } from '$lib/domain/core/releasability';

/** What the releasability picker holds: a choice of audience, and the nations when it is a list. */
export type ReleasabilityMode = 'cell' | 'coalition' | 'nations';

export interface ReleasabilityChoice {
	mode: ReleasabilityMode;
	nations: string[];
}

export const DEFAULT_CHOICE: ReleasabilityChoice = Object.freeze({ mode: 'cell', nations: [] }) as ReleasabilityChoice;

export function choiceOf(releasableTo: Releasability): ReleasabilityChoice {
	if (releasableTo === 'cell' || releasableTo === 'coalition') return { mode: releasableTo, nations: [] };
	return { mode: 'nations', nations: [...releasableTo] };
}

/**
 * The marking the server is asked for. An empty nation list is sent as such, so the server's
 * schema refuses it with its own message rather than the client silently widening or narrowing it.
 */
export function releasabilityOf(choice: ReleasabilityChoice): Releasability {
	if (choice.mode === 'nations') return [...new Set(choice.nations)].sort();
	return choice.mode;
}

/** Form field names the picker posts (plain form posts without JavaScript). */
export const MODE_FIELD = 'releasability';
export const NATIONS_FIELD = 'nations';

/** Reads the picker's fields from a plain form post; anything unexpected is passed on for the server's schema to refuse. */
export function choiceFromForm(form: FormData): ReleasabilityChoice {
	const raw = String(form.get(MODE_FIELD) ?? 'cell');
	const mode: ReleasabilityMode = raw === 'coalition' || raw === 'nations' ? raw : 'cell';
	const nations = form
		.getAll(NATIONS_FIELD)
		.map((v) => String(v).trim().toUpperCase())
		.filter(Boolean)
		.slice(0, 100);
	return { mode, nations };
}

/** Validation messages about releasability, whichever path the schema reported them under (`releasableTo`, `releasableTo.0`, …). */
export function releasabilityErrors(fields: Record<string, string[]> | undefined): string[] {
	if (!fields) return [];
	return [...new Set(Object.entries(fields).flatMap(([key, messages]) => (key === 'releasableTo' || key.startsWith('releasableTo.') ? messages : [])))];
}

export const NO_NATION_MESSAGE = 'Pick at least one nation, or choose Cell only or Coalition';

/** The one rule the picker can check itself before asking the server: a list of nations must not be empty. */
export function choiceProblem(choice: ReleasabilityChoice): string | null {
	return choice.mode === 'nations' && choice.nations.length === 0 ? NO_NATION_MESSAGE : null;
}
