import { z } from 'zod';
import { FilterTime, ObservedAt } from '../core/datetime';
import { AppError } from '../core/errors';
import { Releasability } from '../core/releasability';
import type { Action } from '../identity/roles';
import { plainText } from '../core/text';
import { advance, defineWorkflow, stepTable, type StepSpec } from '../core/workflow';

/** Guarantee 1: ceasefire violations as the US-led monitoring mechanism reports and verifies them. */

export const CATEGORIES = ['artillery', 'mortar', 'small-arms', 'drone', 'missile', 'air-incident', 'sea-incident', 'armour-movement', 'other'] as const;
export const SOURCES = ['ground-patrol', 'uav', 'satellite', 'sensor', 'partner-report'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const STATUSES = ['reported', 'under-verification', 'verified', 'unfounded', 'referred', 'attributed', 'remedied', 'closed'] as const;

export type Category = (typeof CATEGORIES)[number];
export type Source = (typeof SOURCES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type ViolationStatus = (typeof STATUSES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
	artillery: 'Artillery',
	mortar: 'Mortar',
	'small-arms': 'Small arms',
	drone: 'Drone',
	missile: 'Missile',
	'air-incident': 'Air incident',
	'sea-incident': 'Sea incident',
	'armour-movement': 'Armour movement',
	other: 'Other'
};

export const STATUS_LABELS: Record<ViolationStatus, string> = {
	reported: 'Reported',
	'under-verification': 'Under verification',
	verified: 'Verified',
	unfounded: 'Unfounded',
	referred: 'Referred to commission',
	attributed: 'Attributed',
	remedied: 'Remedied',
	closed: 'Closed'
};

/** Severities that raise an alert on every screen. */
export const ALERTING_SEVERITIES: ReadonlySet<Severity> = new Set(['high', 'critical']);

export interface Violation {
	id: string;
	observedAt: string;
	lat: number;
	lon: number;
	sectorId: string | null;
	category: Category;
	source: Source;
	severity: Severity;
	killed: number;
	wounded: number;
	description: string;
	status: ViolationStatus;
	responsibleParty: string | null;
	finding: string | null;
	/** The latest workflow step: who took it, when, and why (the full trail is in the history). */
	lastStep: { action: WorkflowAction; reason: string; by: string; at: string } | null;
	reportedBy: string;
	reportedAt: string;
	updatedAt: string;
	exercise: boolean;
	releasableTo: Releasability;
}

const casualties = z.number().int().min(0).max(100_000);

/** Decimal degrees, with messages an officer fixing a CSV row can act on. */
const degrees = (limit: number, what: string) =>
	z
		.number({ error: `${what} needs a number in decimal degrees` })
		.min(-limit, `${what} must be between -${limit} and ${limit}`)
		.max(limit, `${what} must be between -${limit} and ${limit}`);

export const CreateViolation = z.strictObject({
	observedAt: ObservedAt,
	lat: degrees(90, 'Latitude'),
	lon: degrees(180, 'Longitude'),
	category: z.enum(CATEGORIES),
	source: z.enum(SOURCES),
	severity: z.enum(SEVERITIES),
	killed: casualties.optional(),
	wounded: casualties.optional(),
	description: plainText(4000),
	releasableTo: Releasability.optional(),
	/** Exercise data (the demo scenario, drills) is marked as such and never mixed silently with real reports. */
	exercise: z.boolean().optional()
});
export type CreateViolation = z.infer<typeof CreateViolation>;

/**
 * The verification workflow: reported → under verification → verified | unfounded; verified →
 * referred to the special commission → attributed → remedied → closed. Unfounded reports and
 * attributed cases may also be closed directly.
 */
export const VIOLATION_WORKFLOW = defineWorkflow<'begin-verification' | 'verify' | 'reject' | 'refer' | 'attribute' | 'remedy' | 'close', ViolationStatus, Action>({
	'begin-verification': { from: ['reported'], to: 'under-verification', permission: 'violations.verify', past: 'verification-begun', label: 'Begin verification', prompt: 'Who verifies, and how (patrol, imagery, sensor)?' },
	verify: { from: ['under-verification'], to: 'verified', permission: 'violations.verify', past: 'verified', label: 'Verify', prompt: 'What confirms the violation?' },
	reject: { from: ['under-verification'], to: 'unfounded', permission: 'violations.verify', past: 'rejected', label: 'Reject as unfounded', prompt: 'Why is the report unfounded?' },
	refer: { from: ['verified'], to: 'referred', permission: 'violations.verify', past: 'referred', label: 'Refer to commission', prompt: 'Why does the special commission need to investigate?' },
	attribute: { from: ['referred'], to: 'attributed', permission: 'violations.attribute', past: 'attributed', label: 'Attribute', prompt: 'How was responsibility established?' },
	remedy: { from: ['attributed'], to: 'remedied', permission: 'violations.attribute', past: 'remedied', label: 'Record remedy', prompt: 'What remedy was agreed or carried out?' },
	close: { from: ['unfounded', 'attributed', 'remedied'], to: 'closed', permission: 'violations.close', past: 'closed', label: 'Close', prompt: 'Why can the case be closed?' }
});

/** The workflow steps, as the API names them. */
export const ACTIONS = VIOLATION_WORKFLOW.actions as readonly WorkflowAction[];
export type WorkflowAction = keyof typeof VIOLATION_WORKFLOW.steps;

/** Where each step may start and where it leads. */
export const TRANSITIONS = stepTable(VIOLATION_WORKFLOW, (spec: StepSpec<ViolationStatus, Action>) => ({ from: spec.from, to: spec.to }));

export const WorkflowStep = z.strictObject({
	id: z.uuid(),
	action: z.enum(ACTIONS),
	reason: plainText(2000),
	/** The status the actor saw: a stale view is refused, never silently overwritten. */
	expectedStatus: z.enum(STATUSES).optional(),
	responsibleParty: plainText(200).optional(),
	finding: plainText(4000).optional()
});
export type WorkflowStep = z.infer<typeof WorkflowStep>;

/** Who may see a report (and its alert). */
export const UpdateViolation = z.strictObject({ id: z.uuid(), releasableTo: Releasability });

/** The status after a step, or a conflict naming the current status. */
export function nextStatus(current: ViolationStatus, step: Pick<WorkflowStep, 'action' | 'expectedStatus' | 'responsibleParty' | 'finding'>): ViolationStatus {
	if (step.expectedStatus && step.expectedStatus !== current) {
		throw new AppError('conflict', `This report is now ${STATUS_LABELS[current].toLowerCase()}, not ${STATUS_LABELS[step.expectedStatus].toLowerCase()}: someone acted on it first`, {
			status: [current]
		});
	}
	const to = advance(VIOLATION_WORKFLOW, step.action, current, { noun: 'report', statusLabel: (status) => STATUS_LABELS[status] });
	if (step.action === 'attribute' && (!step.responsibleParty || !step.finding)) {
		throw new AppError('validation', 'Attribution needs the responsible party and the finding', {
			...(!step.responsibleParty && { responsibleParty: ['Required to attribute'] }),
			...(!step.finding && { finding: ['Required to attribute'] })
		});
	}
	return to;
}

/** Which permission each workflow step needs: the server's command checks it, the desk offers only those. */
export const STEP_PERMISSION = stepTable(VIOLATION_WORKFLOW, (spec: StepSpec<ViolationStatus, Action>) => spec.permission);

/** Which steps are open from a status (for buttons). */
export const availableActions = (status: ViolationStatus): WorkflowAction[] => VIOLATION_WORKFLOW.available(status);

export const OPEN_INVESTIGATION: ReadonlySet<ViolationStatus> = new Set(['reported', 'under-verification']);
export const COMMISSION_CASE: ReadonlySet<ViolationStatus> = new Set(['referred', 'attributed']);
/** Statuses that count as a confirmed violation of the ceasefire. */
export const CONFIRMED: ReadonlySet<ViolationStatus> = new Set(['verified', 'referred', 'attributed', 'remedied']);

/** The `sector` filter's value for reports outside every sector (sectorId null); no sector may take this id. */
export const NO_SECTOR = 'none';

/** The list's filters, shared by the map, the API and every export format. */
export const ViolationFilter = z.strictObject({
	from: FilterTime.optional(),
	to: FilterTime.optional(),
	category: z.enum(CATEGORIES).optional(),
	status: z.enum(STATUSES).optional(),
	/** A sector id, or NO_SECTOR for reports outside every sector. */
	sector: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
	limit: z.coerce.number().int().min(1).max(20_000).default(5000)
});
export type ViolationFilter = z.infer<typeof ViolationFilter>;
