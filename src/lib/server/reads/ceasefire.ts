import { and, desc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Viewer } from '$lib/domain/identity/actor';
import type { Sector } from '$lib/domain/ceasefire/sectors';
import { NO_SECTOR, type Violation, type ViolationFilter } from '$lib/domain/ceasefire/violations';
import { AppError } from '$lib/domain/core/errors';
import { presentFor, type ReleasabilityOf } from '$lib/domain/core/references';
import { canSee } from '$lib/domain/core/releasability';
import type { Db } from '../db/client';
import { sectors, violations } from '../db/schema';
import { visibleTo } from '../db/visibility';
import { presentSector, presentViolation } from '../presenters';

/**
 * Who may see each sector: a report names its sector only to those who may see the sector too
 * (references.ts), and a filter on a sector the viewer may not see finds what one on no sector would.
 */
async function sectorAudiences(db: Db) {
	const audiences = new Map((await db.select({ id: sectors.id, releasableTo: sectors.releasableTo }).from(sectors)).map((s) => [s.id, s.releasableTo]));
	const releasabilityOf: ReleasabilityOf = (collection, id) => (collection === 'sectors' ? audiences.get(id) : undefined);
	const hiddenFrom = (viewer: Viewer) => [...audiences].filter(([, releasableTo]) => !canSee(viewer, releasableTo)).map(([id]) => id);
	return { releasabilityOf, hiddenFrom };
}

function sectorCondition(sector: string | undefined, viewer: Viewer, hidden: string[]) {
	if (sector === NO_SECTOR) return hidden.length ? or(isNull(violations.sectorId), inArray(violations.sectorId, hidden)) : isNull(violations.sectorId);
	if (!sector) return undefined;
	return hidden.includes(sector) ? sql`false` : eq(violations.sectorId, sector);
}

export async function listViolations(db: Db, viewer: Viewer, filter: ViolationFilter): Promise<Violation[]> {
	const { releasabilityOf, hiddenFrom } = await sectorAudiences(db);
	const rows = await db
		.select()
		.from(violations)
		.where(
			and(
				visibleTo(violations.releasableTo, viewer),
				filter.from ? gte(violations.observedAt, new Date(filter.from)) : undefined,
				filter.to ? lte(violations.observedAt, new Date(filter.to)) : undefined,
				filter.category ? eq(violations.category, filter.category) : undefined,
				filter.status ? eq(violations.status, filter.status) : undefined,
				sectorCondition(filter.sector, viewer, hiddenFrom(viewer))
			)
		)
		.orderBy(desc(violations.observedAt))
		.limit(filter.limit);
	return rows.map((row) => presentFor(viewer, 'violations', presentViolation(row), releasabilityOf));
}

export async function getViolation(db: Db, viewer: Viewer, id: string): Promise<Violation> {
	const [row] = await db.select().from(violations).where(and(eq(violations.id, id), visibleTo(violations.releasableTo, viewer)));
	if (!row) throw new AppError('not_found', 'No such report');
	return presentFor(viewer, 'violations', presentViolation(row), (await sectorAudiences(db)).releasabilityOf);
}

export async function listSectors(db: Db, viewer: Viewer): Promise<Sector[]> {
	return (await db.select().from(sectors).where(visibleTo(sectors.releasableTo, viewer)).orderBy(sectors.id)).map(presentSector);
}
