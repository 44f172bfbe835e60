import type { Releasability } from '../core/releasability';
import { choiceProblem, releasabilityOf, type ReleasabilityChoice } from '../core/releasability-form';

/**
 * The forces page's two forms as they are typed: a unit's registration and a readiness report. Plain
 * form posts and enhanced ones both arrive as these strings; they become the commands' payloads here,
 * and the server's field errors come back under the form's own field names.
 */

export interface RegisterValues {
	name: string;
	nation: string;
	domain: string;
	sidc: string;
	mission: string;
	readiness: string;
	noticeToMoveHours: string;
	lat: string;
	lon: string;
	choice: ReleasabilityChoice;
}

export interface ReadinessValues {
	unitId: string;
	readiness: string;
	noticeToMoveHours: string;
	reason: string;
}

/** What `units.create` is sent: the choices as typed (its schema checks them), the numbers read, the place and marking made. */
export type RegisterPayload = Pick<RegisterValues, 'name' | 'nation' | 'domain' | 'sidc' | 'mission' | 'readiness'> & {
	noticeToMoveHours: number | null;
	location: { lat: number; lon: number } | null;
	releasableTo: Releasability;
};

/** What `units.readiness` is sent. */
export type ReadinessPayload = Pick<ReadinessValues, 'readiness' | 'reason'> & { id: string; noticeToMoveHours?: number };

type Problems = Record<string, string[]>;
type Parsed<P> = { payload: P; problems: null } | { payload: null; problems: Problems };

/** '' is "not given"; anything else must be a number (the schema then checks its range). */
function numberOf(text: string, field: string, problems: Problems, message: string): number | null {
	const trimmed = text.trim();
	if (!trimmed) return null;
	const value = Number(trimmed.replace(',', '.'));
	if (Number.isFinite(value)) return value;
	problems[field] = [message];
	return null;
}

const HOURS_MESSAGE = 'Whole hours, e.g. 48, or empty';

export function registerPayload(values: RegisterValues): Parsed<RegisterPayload> {
	const problems: Problems = {};
	const lat = numberOf(values.lat, 'lat', problems, 'Latitude in degrees, e.g. 50.45');
	const lon = numberOf(values.lon, 'lon', problems, 'Longitude in degrees, e.g. 30.52');
	const noticeToMoveHours = numberOf(values.noticeToMoveHours, 'noticeToMoveHours', problems, HOURS_MESSAGE);
	// A place needs both; a unit without one is simply not on the map.
	if ((lat === null) !== (lon === null) && !problems.lat && !problems.lon) problems[lat === null ? 'lat' : 'lon'] = ['Give both latitude and longitude, or neither'];
	const releasability = choiceProblem(values.choice);
	if (releasability) problems.releasableTo = [releasability];
	if (Object.keys(problems).length) return { payload: null, problems };
	return {
		payload: {
			name: values.name,
			nation: values.nation,
			domain: values.domain,
			sidc: values.sidc.trim(),
			mission: values.mission,
			readiness: values.readiness,
			noticeToMoveHours,
			location: lat !== null && lon !== null ? { lat, lon } : null,
			releasableTo: releasabilityOf(values.choice)
		},
		problems: null
	};
}

/** An empty notice to move leaves the unit's as it was; the level and the reason are always reported. */
export function readinessPayload(values: ReadinessValues): Parsed<ReadinessPayload> {
	const problems: Problems = {};
	const noticeToMoveHours = numberOf(values.noticeToMoveHours, 'noticeToMoveHours', problems, HOURS_MESSAGE);
	if (Object.keys(problems).length) return { payload: null, problems };
	return {
		payload: { id: values.unitId, readiness: values.readiness, ...(noticeToMoveHours !== null && { noticeToMoveHours }), reason: values.reason },
		problems: null
	};
}

/** The commands name a place `location.lat` and the report's unit `id`; the forms call them `lat` and `unitId`. */
const FORM_FIELDS: Readonly<Record<string, string>> = { 'location.lat': 'lat', 'location.lon': 'lon', location: 'lat', id: 'unitId' };

export function formFieldErrors(fields: Record<string, string[]> | undefined): Record<string, string[]> | undefined {
	if (!fields) return fields;
	const named: Record<string, string[]> = {};
	for (const [field, messages] of Object.entries(fields)) {
		const key = FORM_FIELDS[field] ?? (field.startsWith('releasableTo.') ? 'releasableTo' : field);
		named[key] = [...(named[key] ?? []), ...messages];
	}
	return named;
}
