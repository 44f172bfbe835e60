import type { CommandResult } from '../commands/execute';

/** A write of the exercise scenario: a command run as exercise control through the ordinary command kit. */
export type SeedAct = (type: string, payload: unknown) => Promise<CommandResult>;

/** The scenario's deterministic random generator: the same exercise on every machine. */
export interface SeedRandom {
	/** In [0, 1). */
	next(): number;
	pick<T>(items: readonly T[]): T;
}
