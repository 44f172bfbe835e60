import type { LogEntry } from '$lib/domain/cell/watch-log';
import type { UserView } from '$lib/domain/identity/users';
import type { TokenView } from '$lib/domain/identity/tokens';
import type { Alert } from '$lib/domain/cell/alerts';
import type { Sector } from '$lib/domain/ceasefire/sectors';
import type { Violation } from '$lib/domain/ceasefire/violations';
import { responseDays, type DepotRequest } from '$lib/domain/support/depot-requests';
import { daysToDeliver, type Delivery } from '$lib/domain/support/deliveries';
import type { Fortification } from '$lib/domain/support/fortifications';
import type { Pledge } from '$lib/domain/support/pledges';
import { utcDay } from '$lib/domain/core/dates';
import { isBehindSchedule, type Brigade } from '$lib/domain/forces/brigades';
import type { Unit } from '$lib/domain/forces/units';
import type { Activation } from '$lib/domain/commitments/activations';
import type { Commitment } from '$lib/domain/commitments/commitments';
import type { Milestone } from '$lib/domain/cooperation/milestones';
import type { Programme } from '$lib/domain/cooperation/programmes';
import type { Handover } from '$lib/domain/cell/handover';
import { WALL_SETTINGS_ID, type WallSettings } from '$lib/domain/cell/wall-settings';
import type { settings, handovers, activations, commitments, milestones, programmes, alerts, apiTokens, brigades, units, deliveries, depotRequests, fortifications, logEntries, pledges, sectors, users, violations } from './db/schema';

// Presenters whitelist fields: a record goes on the wire only through one of these.

export function presentLogEntry(row: typeof logEntries.$inferSelect): LogEntry {
	return {
		id: row.id,
		text: row.text,
		authorId: row.authorId,
		authorName: row.authorName,
		createdAt: row.createdAt.toISOString(),
		releasableTo: row.releasableTo
	};
}

export function presentUser(row: typeof users.$inferSelect): UserView {
	return {
		id: row.id,
		username: row.username,
		displayName: row.displayName,
		role: row.role,
		nation: row.nation,
		disabled: row.disabled,
		createdAt: row.createdAt.toISOString(),
		releasableTo: 'cell'
	};
}

export function presentToken(row: typeof apiTokens.$inferSelect): TokenView {
	return {
		id: row.id,
		name: row.name,
		role: row.role,
		nation: row.nation,
		createdAt: row.createdAt.toISOString(),
		revokedAt: row.revokedAt?.toISOString() ?? null,
		lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
		releasableTo: 'cell'
	};
}

export function presentSector(row: typeof sectors.$inferSelect): Sector {
	return {
		id: row.id,
		name: row.name,
		geometry: row.geometry,
		lastCheckInAt: row.lastCheckInAt?.toISOString() ?? null,
		override: row.override ?? null,
		exercise: row.exercise,
		releasableTo: row.releasableTo
	};
}

export function presentViolation(row: typeof violations.$inferSelect): Violation {
	return {
		id: row.id,
		observedAt: row.observedAt.toISOString(),
		lat: row.lat,
		lon: row.lon,
		sectorId: row.sectorId,
		category: row.category,
		source: row.source,
		severity: row.severity,
		killed: row.killed,
		wounded: row.wounded,
		description: row.description,
		status: row.status,
		responsibleParty: row.responsibleParty,
		finding: row.finding,
		lastStep: row.lastStep ?? null,
		reportedBy: row.reportedBy,
		reportedAt: row.reportedAt.toISOString(),
		updatedAt: row.updatedAt.toISOString(),
		exercise: row.exercise,
		releasableTo: row.releasableTo
	};
}

export function presentAlert(row: typeof alerts.$inferSelect): Alert {
	return {
		id: row.id,
		violationId: row.violationId,
		title: row.title,
		severity: row.severity,
		raisedAt: row.raisedAt.toISOString(),
		acknowledgedBy: row.acknowledgedBy,
		acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
		exercise: row.exercise,
		releasableTo: row.releasableTo
	};
}

export function presentDepotRequest(row: typeof depotRequests.$inferSelect): DepotRequest {
	return {
		id: row.id,
		nation: row.nation,
		depot: row.depot,
		item: row.item,
		purpose: row.purpose,
		status: row.status,
		requestedAt: row.requestedAt.toISOString(),
		respondedAt: row.respondedAt?.toISOString() ?? null,
		responseDays: responseDays(row.requestedAt, row.respondedAt),
		reason: row.reason,
		exercise: row.exercise,
		releasableTo: row.releasableTo
	};
}

export function presentPledge(row: typeof pledges.$inferSelect): Pledge {
	return {
		id: row.id,
		donor: row.donor,
		announcedOn: row.announcedOn,
		measure: row.measure,
		category: row.category,
		item: row.item,
		quantity: row.quantity,
		unit: row.unit,
		valueEur: row.valueEur,
		valuation: row.valuation,
		channel: row.channel,
		source: row.source,
		deliveredQuantity: row.deliveredQuantity,
		deliveredValueEur: row.deliveredValueEur,
		exercise: row.exercise,
		releasableTo: row.releasableTo
	};
}

export function presentDelivery(row: typeof deliveries.$inferSelect): Delivery {
	return {
		id: row.id,
		pledgeId: row.pledgeId,
		donor: row.donor,
		category: row.category,
		quantity: row.quantity,
		valueEur: row.valueEur,
		status: row.status,
		hub: row.hub,
		expectedOn: row.expectedOn,
		deliveredOn: row.deliveredOn,
		daysToDeliver: daysToDeliver(row.pledgeAnnouncedOn, row.deliveredOn),
		lastStep: row.lastStep,
		exercise: row.exercise,
		releasableTo: row.releasableTo
	};
}

export function presentFortification(row: typeof fortifications.$inferSelect): Fortification {
	return {
		id: row.id,
		sectorId: row.sectorId,
		kind: row.kind,
		unit: row.unit,
		planned: row.planned,
		built: row.built,
		notes: row.notes,
		updatedAt: row.updatedAt.toISOString(),
		exercise: row.exercise,
		releasableTo: row.releasableTo
	};
}

export function presentUnit(row: typeof units.$inferSelect): Unit {
	return {
		id: row.id,
		name: row.name,
		nation: row.nation,
		domain: row.domain,
		sidc: row.sidc,
		location: row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon },
		mission: row.mission,
		readiness: row.readiness,
		noticeToMoveHours: row.noticeToMoveHours,
		readinessChangedAt: row.readinessChangedAt.toISOString(),
		lastReport: row.lastReport,
		exercise: row.exercise,
		releasableTo: row.releasableTo
	};
}

/** `behindSchedule` as of today (UTC): screens derive it again as their clock passes midnight. */
export function presentBrigade(row: typeof brigades.$inferSelect, today = utcDay(new Date())): Brigade {
	return {
		id: row.id,
		name: row.name,
		stage: row.stage,
		progress: row.progress,
		plannedCertifiedOn: row.plannedCertifiedOn,
		behindSchedule: isBehindSchedule(row, today),
		exercise: row.exercise,
		releasableTo: row.releasableTo
	};
}

export function presentCommitment(row: typeof commitments.$inferSelect): Commitment {
	return {
		id: row.id,
		nation: row.nation,
		type: row.type,
		text: row.text,
		status: row.status,
		response: row.response,
		lastChange: row.lastChange,
		exercise: row.exercise,
		releasableTo: row.releasableTo
	};
}

export function presentActivation(row: typeof activations.$inferSelect): Activation {
	return {
		id: row.id,
		scenario: row.scenario,
		exercise: row.exercise,
		state: row.state,
		declaredBy: row.declaredBy,
		declaredAt: row.declaredAt.toISOString(),
		confirmedBy: row.confirmedBy,
		activatedAt: row.activatedAt?.toISOString() ?? null,
		stoodDownBy: row.stoodDownBy,
		stoodDownAt: row.stoodDownAt?.toISOString() ?? null,
		releasableTo: row.releasableTo
	};
}

export function presentProgramme(row: typeof programmes.$inferSelect): Programme {
	return {
		id: row.id,
		kind: row.kind,
		title: row.title,
		nations: row.nations,
		instrument: row.instrument,
		unit: row.unit,
		plan: row.plan,
		output: row.output,
		exercise: row.exercise,
		releasableTo: row.releasableTo
	};
}

export function presentMilestone(row: typeof milestones.$inferSelect): Milestone {
	return {
		id: row.id,
		programmeId: row.programmeId,
		title: row.title,
		dueOn: row.dueOn,
		doneOn: row.doneOn,
		exercise: row.exercise,
		releasableTo: row.releasableTo
	};
}

export function presentHandover(row: typeof handovers.$inferSelect): Handover {
	return {
		id: row.id,
		summary: row.summary,
		openItems: row.openItems,
		handedBy: row.handedBy,
		handedAt: row.handedAt.toISOString(),
		acknowledgedBy: row.acknowledgedBy,
		acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
		releasableTo: 'cell'
	};
}

/** The wall's settings row; the values are whitelisted too (the row's jsonb is what the command wrote). */
export function presentSettings(row: typeof settings.$inferSelect): WallSettings {
	return {
		id: WALL_SETTINGS_ID,
		rotate: row.value.rotate,
		panels: [...row.value.panels],
		seconds: row.value.seconds,
		updatedBy: row.updatedBy,
		updatedAt: row.updatedAt.toISOString(),
		releasableTo: 'coalition'
	};
}
