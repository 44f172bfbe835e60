import { LIVE_COLLECTIONS } from '$lib/domain/core/collections';
import type { LiveConnection } from './live.svelte';

/** True when any record the screen holds is exercise data: the EXERCISE banner must then show. */
export function hasExerciseData(collections: readonly (readonly object[])[]): boolean {
	return collections.some((records) => records.some((r) => 'exercise' in r && r.exercise === true));
}

/** Whether the live picture holds exercise data, over every live collection (those without the flag never count). */
export function exerciseOnScreen(live: Pick<LiveConnection, 'records'>): boolean {
	return hasExerciseData(LIVE_COLLECTIONS.map((collection) => live.records(collection)));
}
