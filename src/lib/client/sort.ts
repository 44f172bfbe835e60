/** A table's sortable columns: what each sorts by. Empty values (null) go last whichever way. */
export type SortValue = string | number | null;

export interface SortState<K extends string> {
	column: K;
	direction: 'ascending' | 'descending';
}

/** Rows in the order of one column; rows that compare equal keep their order (Array.prototype.sort is stable). */
export function sortRows<R, K extends string>(rows: readonly R[], columns: Readonly<Record<K, (row: R) => SortValue>>, sort: SortState<K>): R[] {
	const value = columns[sort.column];
	const sign = sort.direction === 'ascending' ? 1 : -1;
	return [...rows].sort((a, b) => {
		const x = value(a);
		const y = value(b);
		if (x === y) return 0;
		if (x === null) return 1;
		if (y === null) return -1;
		return (x < y ? -1 : 1) * sign;
	});
}

/** A header clicked: that column ascending, or the other way round when it was already the one. */
export function toggleSort<K extends string>(current: SortState<K>, column: K): SortState<K> {
	if (current.column !== column) return { column, direction: 'ascending' };
	return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}
