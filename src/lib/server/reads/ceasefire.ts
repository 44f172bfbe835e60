import { and, desc, eq, gte, isNull, lte } from 'drizzle-orm';
import type { Viewer } from '$lib/domain/actor';
import type { Alert } from '$lib/domain/alerts';
import type { Sector } from '$lib/domain/ceasefire-sectors';
import { NO_SECTOR, type Violation, type ViolationFilter } from '$lib/domain/ceasefire-violations';
import { AppError } from '$lib/domain/errors';
import type { Db } from '../db/client';
import { alerts, sectors, violations } from '../db/schema';
import { visibleTo } from '../db/visibility';
import { presentAlert, presentSector, presentViolation } from '../presenters';

export async function listViolations(db: Db, viewer: Viewer, filter: ViolationFilter): Promise<Violation[]> {
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
				filter.sector === NO_SECTOR ? isNull(violations.sectorId) : filter.sector ? eq(violations.sectorId, filter.sector) : undefined
			)
		)
		.orderBy(desc(violations.observedAt))
		.limit(filter.limit);
	return rows.map(presentViolation);
}

export async function getViolation(db: Db, viewer: Viewer, id: string): Promise<Violation> {
	const [row] = await db.select().from(violations).where(and(eq(violations.id, id), visibleTo(violations.releasableTo, viewer)));
	if (!row) throw new AppError('not_found', 'No such report');
	return presentViolation(row);
}

export async function listSectors(db: Db, viewer: Viewer): Promise<Sector[]> {
	return (await db.select().from(sectors).where(visibleTo(sectors.releasableTo, viewer)).orderBy(sectors.id)).map(presentSector);
}

export async function listAlerts(db: Db, viewer: Viewer, limit = 200): Promise<Alert[]> {
	const rows = await db.select().from(alerts).where(visibleTo(alerts.releasableTo, viewer)).orderBy(desc(alerts.raisedAt)).limit(limit);
	return rows.map(presentAlert);
}
