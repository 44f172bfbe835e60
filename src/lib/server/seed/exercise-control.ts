import { randomUUID } from 'node:crypto';
import type { Actor } from '$lib/domain/identity/actor';
import type { CommandType, Commands } from '$lib/domain/core/commands';
import type { CommandInput, CommandResult } from '../commands/execute';

/** What the exercise scenario of every guarantee shares: who writes it, and its dice. */

/** Writes of the scenario are made by exercise control, through the ordinary commands. */
export const EXERCISE_CONTROL: Actor = {
	id: '00000000-0000-0000-0000-00000000e0e0',
	kind: 'system',
	username: 'exercise-control',
	displayName: 'Exercise control',
	role: 'admin',
	nation: 'FRA'
};

export type Execute = (actor: Actor, command: CommandInput) => Promise<CommandResult>;

/** One command by exercise control, typed by the command map: a scenario cannot name a command that does not exist. */
export type Act = <T extends CommandType>(type: T, payload: Commands[T]) => Promise<CommandResult>;

export function actAsExerciseControl(execute: Execute): Act {
	return (type, payload) => execute(EXERCISE_CONTROL, { type, id: randomUUID(), payload });
}

/** A small deterministic generator: the same scenario on every machine. */
export function random(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
	/** A whole number from `min` to `max`, both included. */
	const between = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	return { next, pick, between };
}

export type Random = ReturnType<typeof random>;
