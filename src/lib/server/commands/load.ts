import type { Viewer } from '$lib/domain/identity/actor';
import { AppError } from '$lib/domain/core/errors';
import { canSee, type Releasability } from '$lib/domain/core/releasability';

/**
 * A record the actor may act on: it exists and they may see it. A record they may not see is
 * "not found", so the answer does not reveal that it exists.
 */
export function visibleOrNotFound<T extends { releasableTo: Releasability }>(row: T | undefined, viewer: Viewer, what: string): T {
	if (!row || !canSee(viewer, row.releasableTo)) throw new AppError('not_found', `No such ${what}`);
	return row;
}
