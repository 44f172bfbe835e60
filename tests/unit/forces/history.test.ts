import { describe, expect, it } from 'vitest';
import type { AuditEntry, FieldChange } from '$lib/domain/cell/audit';
import { readinessHistory } from '$lib/client/forces/history';

let seq = 0;
const entry = (name: string, changes: FieldChange[], actorName = 'Officer Laurent', actorNation = 'FRA'): AuditEntry => ({
	seq: ++seq,
	at: `2026-02-0${seq}T10:00:00.000Z`,
	name,
	collection: 'units',
	entityId: 'u1',
	actorId: 'a1',
	actorName,
	actorNation,
	changes
});
const report = (reason: string, by: string) => ({ reason, by, at: '2026-02-01T10:00:00.000Z' });

describe("a unit's readiness over time, from its history", () => {
	// Oldest first here; the server reads them newest first, as `history` below hands them in.
	const created = entry('units.created', [
		{ field: 'name', before: null, after: 'Panzergrenadierbataillon 371' },
		{ field: 'readiness', before: null, after: 'C2' },
		{ field: 'noticeToMoveHours', before: null, after: 48 },
		{ field: 'lastReport', before: null, after: report('Registered', 'Officer Laurent') }
	]);
	const worse = entry(
		'units.readiness-reported',
		[
			{ field: 'readiness', before: 'C2', after: 'C4' },
			{ field: 'noticeToMoveHours', before: 48, after: 168 },
			{ field: 'lastReport', before: report('Registered', 'Officer Laurent'), after: report('Engine faults', 'Oberst Vogel') }
		],
		'Oberst Vogel',
		'DEU'
	);
	const renamed = entry('units.updated', [{ field: 'name', before: 'Panzergrenadierbataillon 371', after: 'PzGrenBtl 371' }]);
	// The same level again, with a new reason: no `readiness` among the changes.
	const same = entry('units.readiness-reported', [{ field: 'lastReport', before: report('Engine faults', 'Oberst Vogel'), after: report('Still waiting for parts', 'Oberst Vogel') }], 'Oberst Vogel', 'DEU');
	const history = [same, renamed, worse, created];

	it('lists the registration and every report, newest first, with who, when, why and the level before → after', () => {
		expect(readinessHistory(history)).toEqual([
			{ id: String(same.seq), seq: same.seq, at: same.at, by: 'Oberst Vogel', nation: 'DEU', before: 'C4', after: 'C4', noticeToMoveHours: 168, reason: 'Still waiting for parts' },
			{ id: String(worse.seq), seq: worse.seq, at: worse.at, by: 'Oberst Vogel', nation: 'DEU', before: 'C2', after: 'C4', noticeToMoveHours: 168, reason: 'Engine faults' },
			{ id: String(created.seq), seq: created.seq, at: created.at, by: 'Officer Laurent', nation: 'FRA', before: null, after: 'C2', noticeToMoveHours: 48, reason: 'Registered' }
		]);
	});

	it('reads the same whatever order the entries come in', () => {
		expect(readinessHistory([...history].reverse())).toEqual(readinessHistory(history));
	});

	it('has nothing to list without entries', () => {
		expect(readinessHistory([])).toEqual([]);
	});
});
