/** True when any record the screen holds is exercise data: the EXERCISE banner must then show. */
export function hasExerciseData(collections: readonly (readonly { exercise?: unknown }[])[]): boolean {
	return collections.some((records) => records.some((r) => r.exercise === true));
}
