import { z } from 'zod';
import { CONFIRMED, NO_SECTOR, OPEN_INVESTIGATION, type Violation } from './violations';
import { plainText } from '../core/text';
import { Releasability } from '../core/releasability';

/** Sectors of the line of contact, each with a live status derived from what is reported in it. */

export const SECTOR_STATUSES = ['holding', 'tense', 'violated', 'unknown'] as const;
export type SectorStatus = (typeof SECTOR_STATUSES)[number];

/** GeoJSON Polygon or MultiPolygon, RFC 7946 (lon, lat). */
export type SectorGeometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface SectorOverride {
	status: SectorStatus;
	reason: string;
	by: string;
	expiresAt: string;
}

export interface Sector {
	id: string;
	name: string;
	geometry: SectorGeometry;
	/** Last time monitors reported on the sector (a check-in or any violation report). */
	lastCheckInAt: string | null;
	override: SectorOverride | null;
	exercise: boolean;
	releasableTo: Releasability;
}

export interface SectorRules {
	/** A confirmed violation observed this recently makes the sector violated. */
	violatedForHours: number;
	/** A report awaiting verification observed this recently makes it tense. */
	tenseForHours: number;
	/** With no check-in or report for this long, the status is unknown. */
	unknownAfterHours: number;
}

export const DEFAULT_SECTOR_RULES: SectorRules = { violatedForHours: 24, tenseForHours: 12, unknownAfterHours: 12 };

export interface DerivedSectorStatus {
	status: SectorStatus;
	/** Why, in words an officer would use. */
	reason: string;
	overridden: boolean;
}

const HOUR = 3600_000;

/**
 * The status of one sector at `now`, from the reports in it. An officer's override wins until it
 * expires; then violated beats tense beats unknown beats holding.
 */
export function deriveSectorStatus(sector: Pick<Sector, 'id' | 'lastCheckInAt' | 'override'>, reports: readonly Violation[], now: Date, rules: SectorRules = DEFAULT_SECTOR_RULES): DerivedSectorStatus {
	const t = now.getTime();
	if (sector.override && Date.parse(sector.override.expiresAt) > t) {
		return { status: sector.override.status, reason: `Set by ${sector.override.by}: ${sector.override.reason}`, overridden: true };
	}
	const inSector = reports.filter((r) => r.sectorId === sector.id);
	const within = (r: Violation, hours: number) => t - Date.parse(r.observedAt) <= hours * HOUR;
	const confirmed = inSector.filter((r) => CONFIRMED.has(r.status) && within(r, rules.violatedForHours));
	if (confirmed.length) return { status: 'violated', reason: `${confirmed.length} confirmed violation(s) in the last ${rules.violatedForHours} h`, overridden: false };
	const pending = inSector.filter((r) => OPEN_INVESTIGATION.has(r.status) && within(r, rules.tenseForHours));
	if (pending.length) return { status: 'tense', reason: `${pending.length} report(s) awaiting verification`, overridden: false };
	const lastReport = Math.max(sector.lastCheckInAt ? Date.parse(sector.lastCheckInAt) : 0, ...inSector.map((r) => Date.parse(r.observedAt)));
	if (t - lastReport > rules.unknownAfterHours * HOUR) return { status: 'unknown', reason: `No monitoring report for over ${rules.unknownAfterHours} h`, overridden: false };
	return { status: 'holding', reason: 'Monitored, no confirmed violation', overridden: false };
}

const SEVERITY_OF_STATUS: Record<SectorStatus, number> = { holding: 0, unknown: 1, tense: 2, violated: 3 };

/** The ceasefire as a whole is as bad as its worst sector. */
export function overallStatus(statuses: readonly SectorStatus[]): SectorStatus {
	if (statuses.length === 0) return 'unknown';
	return statuses.reduce((worst, s) => (SEVERITY_OF_STATUS[s] > SEVERITY_OF_STATUS[worst] ? s : worst), 'holding' as SectorStatus);
}

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const Ring = z
	.array(Position)
	.min(4)
	.max(5000)
	.refine((ring) => ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1], 'A ring must end where it starts');
export const SectorGeometrySchema = z.discriminatedUnion('type', [
	z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1).max(50) }),
	z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1).max(50)).min(1).max(50) })
]);

const SectorId = z
	.string()
	.regex(/^[a-z0-9-]{1,40}$/, 'Lower-case letters, digits and dashes')
	// The list filter's word for "outside every sector" (sector=none) cannot also name a sector.
	.refine((id) => id !== NO_SECTOR, `“${NO_SECTOR}” is reserved for reports outside every sector`);

export const CreateSector = z.strictObject({
	id: SectorId,
	name: plainText(80),
	geometry: SectorGeometrySchema,
	exercise: z.boolean().optional(),
	releasableTo: Releasability.optional()
});

export const OverrideSectorStatus = z.strictObject({
	id: SectorId,
	status: z.enum(SECTOR_STATUSES),
	reason: plainText(500),
	/** Overrides always end; at most a week. */
	expiresInHours: z.number().min(0.25).max(168)
});

export const ClearSectorOverride = z.strictObject({ id: SectorId });
export const CheckInSector = z.strictObject({ id: SectorId });
