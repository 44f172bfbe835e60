import type { z } from 'zod';
import { ImportViolations } from '../ceasefire/import';
import { CheckInSector, ClearSectorOverride, CreateSector, OverrideSectorStatus } from '../ceasefire/sectors';
import { CreateViolation, UpdateViolation, WorkflowStep } from '../ceasefire/violations';
import { AcknowledgeAlert } from '../cell/alerts';
import { CreateLogEntry, UpdateLogEntry } from '../cell/watch-log';
import { AcknowledgeHandover, CreateHandover } from '../cell/handover';
import { ChangeWallSettings } from '../cell/wall-settings';
import { IssueToken, RevokeToken } from '../identity/tokens';
import { AnswerDepotRequest, CreateDepotRequest } from '../support/depot-requests';
import { CreateDelivery, StepDelivery, UpdateDelivery } from '../support/deliveries';
import { CreateFortification, UpdateFortification } from '../support/fortifications';
import { ImportPledges } from '../support/kiel-import';
import { CreatePledge, UpdatePledge } from '../support/pledges';
import { CreateBrigade, UpdateBrigade } from '../forces/brigades';
import { CreateUnit, ReportReadiness, UpdateUnit } from '../forces/units';
import { ActivationStep, DeclareActivation } from '../commitments/activations';
import { ChangeCommitmentStatus, CreateCommitment, RespondToActivation } from '../commitments/commitments';
import { CompleteMilestone, CreateMilestone } from '../cooperation/milestones';
import { CreateProgramme, RecordOutput, UpdateProgramme } from '../cooperation/programmes';
import { CreateUser, UpdateUser } from '../identity/users';

/**
 * Every command, by the type the socket, REST and the seed name it with, and the schema of its
 * payload: `live.send`, the registry's routes and the server's command specs are typed by this map,
 * so none of them can name a command that does not exist or send it the wrong payload.
 */
export const COMMAND_SCHEMAS = {
	'log-entries.create': CreateLogEntry,
	'log-entries.update': UpdateLogEntry,
	'alerts.acknowledge': AcknowledgeAlert,
	'handovers.create': CreateHandover,
	'handovers.acknowledge': AcknowledgeHandover,
	'settings.wall': ChangeWallSettings,
	'users.create': CreateUser,
	'users.update': UpdateUser,
	'tokens.issue': IssueToken,
	'tokens.revoke': RevokeToken,
	'sectors.create': CreateSector,
	'sectors.check-in': CheckInSector,
	'sectors.override': OverrideSectorStatus,
	'sectors.clear-override': ClearSectorOverride,
	'violations.report': CreateViolation,
	'violations.import': ImportViolations,
	'violations.step': WorkflowStep,
	'violations.update': UpdateViolation,
	'depot-requests.create': CreateDepotRequest,
	'depot-requests.answer': AnswerDepotRequest,
	'pledges.create': CreatePledge,
	'pledges.update': UpdatePledge,
	'pledges.import': ImportPledges,
	'deliveries.create': CreateDelivery,
	'deliveries.update': UpdateDelivery,
	'deliveries.step': StepDelivery,
	'fortifications.create': CreateFortification,
	'fortifications.update': UpdateFortification,
	'units.create': CreateUnit,
	'units.update': UpdateUnit,
	'units.readiness': ReportReadiness,
	'brigades.create': CreateBrigade,
	'brigades.update': UpdateBrigade,
	'commitments.create': CreateCommitment,
	'commitments.status': ChangeCommitmentStatus,
	'commitments.respond': RespondToActivation,
	'activations.declare': DeclareActivation,
	'activations.confirm': ActivationStep,
	'activations.stand-down': ActivationStep,
	'programmes.create': CreateProgramme,
	'programmes.update': UpdateProgramme,
	'programmes.output': RecordOutput,
	'milestones.create': CreateMilestone,
	'milestones.complete': CompleteMilestone
} as const satisfies Record<string, z.ZodType>;

export type CommandType = keyof typeof COMMAND_SCHEMAS;

/**
 * Socket command names from before a command, its permission and its event shared one stem
 * (`violations.report` → `violations.report` → `violations.reported`), still accepted because the
 * ceasefire acceptance check files reports over the socket by the old name.
 */
export const COMMAND_ALIASES: Readonly<Record<string, CommandType>> = { 'violations.create': 'violations.report' };
/** What a client sends as a command's payload. */
export type Commands = { [T in CommandType]: z.input<(typeof COMMAND_SCHEMAS)[T]> };
