import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '$lib/domain/identity/actor';
import type { Alert } from '$lib/domain/cell/alerts';
import { ceasefireKpis, type CeasefireKpis } from '$lib/domain/ceasefire/kpis';
import type { Sector } from '$lib/domain/ceasefire/sectors';
import type { Violation } from '$lib/domain/ceasefire/violations';
import type { Delta, WireRecord } from '$lib/domain/core/protocol';
import { canSee } from '$lib/domain/core/releasability';
import { describeEachBackend } from '../../support/backends';
import { CeasefireServer, PLACES, REPORT_DEFAULTS, hoursAgo } from '../../support/ceasefire/server';
import { expectAnswer } from '../../support/http';
import type { Screen } from '../../support/screen';
import { SETUP_TIMEOUT_MS } from '../../support/server-process';

/**
 * Ceasefire monitoring on live screens (issue #6), one production server per backend: workflow
 * steps as socket commands, alerts raised by severe reports and acknowledged once, and the
 * ceasefire KPIs computed over what each viewer may see.
 */

const OFFICER = 'live-officer1';
const OFFICER2 = 'live-officer2';
const PARTNER_DEU = 'live-partner-deu';
const PARTNER_POL = 'live-partner-pol';

type Upsert = Extract<Delta, { op: 'upsert' }>;
const upserts = (screen: Screen, collection: string) => screen.deltas.filter((d): d is Upsert => d.op === 'upsert' && d.collection === collection);

/** The ceasefire KPIs as this screen has them now: the latest `kpis` delta, else the snapshot's. */
function latestKpis(screen: Screen): (WireRecord & CeasefireKpis) | undefined {
	const delta = upserts(screen, 'kpis')
		.filter((d) => d.id === 'ceasefire')
		.at(-1);
	return (delta?.record ?? screen.snapshots.at(-1)?.kpis.ceasefire) as (WireRecord & CeasefireKpis) | undefined;
}

/** Everything but the moment of computation and the wire envelope. */
function comparable(kpis: CeasefireKpis | undefined) {
	if (!kpis) return undefined;
	const { asOf: _asOf, id: _id, releasableTo: _r, ...rest } = kpis as CeasefireKpis & { id?: string; releasableTo?: unknown };
	return rest;
}

const nationViewer = (nation: string): Viewer => ({ actor: null, audience: { kind: 'nation', nation } });
const CELL: Viewer = { actor: null, audience: { kind: 'cell' } };

describeEachBackend('ceasefire on live screens on %s', (backendName) => {
	let cf: CeasefireServer;

	beforeAll(async () => {
		cf = await CeasefireServer.start(backendName);
		await cf.addPeople([
			{ username: OFFICER, role: 'officer' },
			{ username: OFFICER2, role: 'officer' },
			{ username: PARTNER_DEU, role: 'partner', nation: 'DEU' },
			{ username: PARTNER_POL, role: 'partner', nation: 'POL' }
		]);
		await cf.createLineOfContact(OFFICER);
	}, SETUP_TIMEOUT_MS);
	afterAll(async () => {
		await cf?.stop();
	});

	describe('reports as socket commands', () => {
		it('files a report as violations.report, and still by its old name violations.create', async () => {
			const desk = await cf.screen(OFFICER);
			const body = { ...REPORT_DEFAULTS, observedAt: hoursAgo(1), ...PLACES.pokrovsk };
			for (const type of ['violations.report', 'violations.create']) {
				const ack = await desk.command(type, { ...body, description: `${type} report` });
				expect(ack).toMatchObject({ ok: true, record: { description: `${type} report`, status: 'reported' } });
				if (ack.ok) expect((await cf.history('violations', ack.record.id)).map((e) => e.name)).toEqual(['violations.reported']);
			}
		});
	});

	describe('workflow steps as socket commands (violations.step)', () => {
		it('takes a legal step, refuses an illegal or stale one with the current status, and shows the change live', async () => {
			const desk = await cf.screen(OFFICER);
			const wall = await cf.screen(OFFICER2);
			const report = await cf.report(OFFICER, { observedAt: hoursAgo(1), ...PLACES.pokrovsk });

			const id = crypto.randomUUID();
			const step = { id: report.id, action: 'begin-verification', reason: 'Patrol sent', expectedStatus: 'reported' };
			const ack = await desk.command('violations.step', step, id);
			expect(ack).toMatchObject({ ok: true, record: { id: report.id, status: 'under-verification' } });
			// A retry with the same id is answered the same and applied once.
			expect(await desk.command('violations.step', step, id)).toEqual(ack);
			if (!ack.ok) return;
			await wall.until((s) => s.deltas.some((d) => d.seq === ack.seq), 'the step on the wall');
			expect(wall.deltas.find((d) => d.seq === ack.seq)).toMatchObject({ collection: 'violations', op: 'upsert', id: report.id, record: { status: 'under-verification' } });

			const illegal = await desk.command('violations.step', { id: report.id, action: 'refer', reason: 'Too early' });
			expect(illegal).toEqual({ ok: false, error: { code: 'conflict', message: expect.any(String), fields: { status: ['under-verification'] } } });
			const stale = await desk.command('violations.step', { id: report.id, action: 'verify', reason: 'Seen', expectedStatus: 'reported' });
			expect(stale).toMatchObject({ ok: false, error: { code: 'conflict', fields: { status: ['under-verification'] } } });
			const noParty = await desk.command('violations.step', { id: report.id, action: 'verify', reason: 'Imagery' });
			expect(noParty).toMatchObject({ ok: true, record: { status: 'verified' } });
			expect((await cf.violation(report.id)).status).toBe('verified');
			// The first step retried once the report has moved on is still answered as it was, not refused as stale.
			expect(await desk.command('violations.step', step, id)).toEqual(ack);
			expect(await cf.historyLength('violations', report.id)).toBe(3);
		});

		it('lets exactly one of two officers on their screens take the same step', async () => {
			const [a, b] = [await cf.screen(OFFICER), await cf.screen(OFFICER2)];
			const report = await cf.report(OFFICER, { observedAt: hoursAgo(1), ...PLACES.pokrovsk });
			const acks = await Promise.all([
				a.command('violations.step', { id: report.id, action: 'begin-verification', reason: 'Mine', expectedStatus: 'reported' }),
				b.command('violations.step', { id: report.id, action: 'begin-verification', reason: 'Mine too', expectedStatus: 'reported' })
			]);
			expect(acks.filter((x) => x.ok)).toHaveLength(1);
			expect(acks.find((x) => !x.ok)).toMatchObject({ ok: false, error: { code: 'conflict', fields: { status: ['under-verification'] } } });
		});
	});

	describe('alerts', () => {
		it('raises an alert for a high-severity report on live screens, not for a medium one, and lets one officer acknowledge it', async () => {
			const wall = await cf.screen(OFFICER2);
			const high = await cf.report(OFFICER, { observedAt: hoursAgo(0.5), ...PLACES.pokrovsk, severity: 'high', category: 'artillery', releasableTo: 'coalition' });
			const medium = await cf.report(OFFICER, { observedAt: hoursAgo(0.5), ...PLACES.pokrovsk, severity: 'medium' });

			await wall.until((s) => upserts(s, 'alerts').some((d) => d.record.violationId === high.id), 'the alert on the wall');
			const raised = upserts(wall, 'alerts').find((d) => d.record.violationId === high.id)!;
			const reported = upserts(wall, 'violations').find((d) => d.id === high.id)!;
			// Logged right after the report, in the same transaction.
			expect(raised.seq).toBe(reported.seq + 1);
			expect(raised.record).toMatchObject({
				violationId: high.id,
				severity: 'high',
				title: 'HIGH: Artillery in Pokrovsk',
				acknowledgedBy: null,
				acknowledgedAt: null,
				exercise: false,
				releasableTo: 'coalition'
			});
			const alertId = raised.id;

			await cf.barrier(OFFICER, wall);
			expect(upserts(wall, 'violations').some((d) => d.id === medium.id), 'the medium report on the wall').toBe(true);
			expect(upserts(wall, 'alerts').filter((d) => d.record.violationId === medium.id)).toEqual([]);
			const listed = (await cf.as(OFFICER).get('/api/v1/alerts')).body as Alert[];
			expect(listed.filter((a) => a.violationId === medium.id)).toEqual([]);
			// Broadcast as stored: the report and its alert are written with the commit, from the rows the command made.
			expect(listed.find((a) => a.id === alertId)).toEqual(raised.record);
			expect((await cf.as(OFFICER2).get(`/api/v1/violations/${high.id}`)).body).toEqual(reported.record);

			const first = await cf.as(OFFICER).post(`/api/v1/alerts/${alertId}/acknowledge`);
			expectAnswer(first, 200, 'the first acknowledgement');
			expect(first.body).toMatchObject({ id: alertId, acknowledgedBy: cf.person(OFFICER).displayName });
			expect(Date.parse(first.body.acknowledgedAt)).not.toBeNaN();
			await wall.until((s) => upserts(s, 'alerts').some((d) => d.id === alertId && d.record.acknowledgedBy !== null), 'the acknowledgement on the wall');

			const second = await cf.as(OFFICER2).post(`/api/v1/alerts/${alertId}/acknowledge`);
			expectAnswer(second, 409, 'the second acknowledgement');
			expect(second.body.error.message).toContain(cf.person(OFFICER).displayName);
			const after = ((await cf.as(OFFICER).get('/api/v1/alerts')).body as Alert[]).find((a) => a.id === alertId);
			expect(after).toEqual(first.body);
			expect(await cf.historyLength('alerts', alertId)).toBe(2);
			await cf.barrier(OFFICER, wall);
			expect(upserts(wall, 'alerts').filter((d) => d.id === alertId)).toHaveLength(2);
		});

		it('raises one for a critical report too, and of two officers acknowledging at once exactly one wins', async () => {
			const critical = await cf.report(OFFICER, { observedAt: hoursAgo(0.2), ...PLACES.outside, severity: 'critical', category: 'missile', killed: 3 });
			const alert = ((await cf.as(OFFICER).get('/api/v1/alerts')).body as Alert[]).find((a) => a.violationId === critical.id);
			expect(alert).toMatchObject({ severity: 'critical', title: 'CRITICAL: Missile outside every sector', releasableTo: 'cell' });
			const answers = await Promise.all([OFFICER, OFFICER2].map((who) => cf.as(who).post(`/api/v1/alerts/${alert!.id}/acknowledge`)));
			expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
			const winner = answers.find((a) => a.status === 200)!.body.acknowledgedBy as string;
			expect(answers.find((a) => a.status === 409)!.body.error.message).toContain(winner);
		});

		it('refuses an acknowledgement from a partner', async () => {
			const high = await cf.report(OFFICER, { observedAt: hoursAgo(0.2), ...PLACES.pokrovsk, severity: 'high', releasableTo: ['DEU'] });
			const alert = ((await cf.as(PARTNER_DEU).get('/api/v1/alerts')).body as Alert[]).find((a) => a.violationId === high.id)!;
			expect(alert).toBeDefined();
			expectAnswer(await cf.as(PARTNER_DEU).post(`/api/v1/alerts/${alert.id}/acknowledge`), 403, 'a partner acknowledges');
		});
	});

	describe('KPIs over what the viewer may see', () => {
		it("gives a partner of DEU KPIs that leave out what is not released to DEU, and never those reports' ids", async () => {
			const deu = await cf.screen(PARTNER_DEU);
			const pol = await cf.screen(PARTNER_POL);
			const cell = await cf.screen(OFFICER2);
			const snapshotDeu = deu.snapshots[0]!;
			expect(snapshotDeu.kpis.ceasefire).toBeDefined();

			const make = async (releasableTo: unknown, category: string, place: keyof typeof PLACES, severity = 'medium', steps: string[] = []) => {
				let record = await cf.report(OFFICER, { observedAt: hoursAgo(2), ...PLACES[place], category, severity, releasableTo, description: `kpi ${category}` });
				for (const action of steps) {
					const answer = await cf.step(OFFICER, record.id, action, { expectedStatus: record.status });
					expectAnswer(answer, 200, action);
					record = answer.body;
				}
				return record;
			};
			// Released to DEU: coalition, DEU alone, DEU with POL.
			const visible = [
				await make('coalition', 'artillery', 'pokrovsk', 'medium', ['begin-verification', 'verify']),
				await make(['DEU'], 'drone', 'pokrovsk'),
				await make(['DEU', 'POL'], 'mortar', 'outside', 'low', ['begin-verification'])
			];
			// Not released to DEU: categories DEU sees nothing of, a violated sector, a commission case, alerts.
			const hidden = [
				await make(['POL'], 'missile', 'bakhmut-toretsk', 'high', ['begin-verification', 'verify']),
				await make('cell', 'sea-incident', 'outside', 'medium', ['begin-verification', 'verify', 'refer']),
				await make('cell', 'missile', 'velyka-novosilka', 'critical'),
				await make(['FRA'], 'armour-movement', 'kharkiv-north', 'high')
			];
			const hiddenAlerts = ((await cf.as('admin').get('/api/v1/alerts')).body as Alert[]).filter((a) => hidden.some((h) => h.id === a.violationId));
			expect(hiddenAlerts).toHaveLength(3);

			// What each audience should be shown, from the domain rules over what it may see.
			const all = await cf.allViolations();
			const sectors = ((await cf.as('admin').get('/api/v1/sectors')).body as (Sector & { status?: string; statusReason?: string })[]).map(
				({ status: _s, statusReason: _r, ...sector }) => sector as Sector
			);
			const expectedFor = (viewer: Viewer) =>
				comparable(ceasefireKpis(sectors.filter((s) => canSee(viewer, s.releasableTo)), all.filter((v) => canSee(viewer, v.releasableTo)), new Date()));
			const forDeu = expectedFor(nationViewer('DEU'));
			const forPol = expectedFor(nationViewer('POL'));
			const forCell = expectedFor(CELL);

			// Waits until the screen's KPIs are what they should be; then (or at the deadline) compares, for a readable diff.
			const settle = async (screen: Screen, expected: unknown, what: string) => {
				await screen.until((s) => isDeepStrictEqual(comparable(latestKpis(s)), expected), what).catch(() => {});
				expect(comparable(latestKpis(screen)), what).toEqual(expected);
			};
			await settle(deu, forDeu, 'the DEU KPIs');
			await settle(pol, forPol, 'the POL KPIs');
			await settle(cell, forCell, 'the cell KPIs');
			// KPI deltas have seqs of their own: every screen's deltas, KPIs included, strictly increase.
			for (const [name, screen] of [['DEU', deu], ['POL', pol], ['cell', cell]] as const) {
				const seqs = screen.deltas.map((d) => d.seq);
				expect(screen.deltas.some((d) => d.collection === 'kpis'), `${name} got KPI deltas`).toBe(true);
				expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!), `${name}'s deltas in seq order: ${screen.deltas.map((d) => `${d.seq} ${d.collection}`).join(', ')}`).toBe(true);
			}
			const kpisDeu = latestKpis(deu)!;
			expect(comparable(kpisDeu)).toEqual(forDeu);
			expect(kpisDeu.releasableTo).toEqual(['DEU']);

			// Spelled out: what DEU may not see is not counted.
			expect(kpisDeu.last24h.reports.missile).toBe(0);
			expect(kpisDeu.last24h.reports['sea-incident']).toBe(0);
			expect(kpisDeu.last24h.reports['armour-movement']).toBe(0);
			// Two hidden missile reports here, and the critical one of the alert tests.
			expect(latestKpis(cell)!.last24h.reports.missile).toBe(3);
			expect(latestKpis(pol)!.last24h.reports.missile).toBe(1);
			expect(kpisDeu.commissionCases).toBe(0);
			expect(latestKpis(cell)!.commissionCases).toBe(1);
			expect(kpisDeu.sectors['bakhmut-toretsk']!.status).toBe('unknown');
			expect(latestKpis(pol)!.sectors['bakhmut-toretsk']!.status).toBe('violated');
			expect(latestKpis(cell)!.sectors['velyka-novosilka']!.status).toBe('tense');
			expect(kpisDeu.sectors['velyka-novosilka']!.status).toBe('unknown');
			expect(kpisDeu.last24h.total).toBe(all.filter((v) => canSee(nationViewer('DEU'), v.releasableTo) && Date.parse(v.observedAt) > Date.now() - 86_400_000).length);
			expect(kpisDeu.last24h.total).toBeLessThan(latestKpis(cell)!.last24h.total);

			// The sector statuses over REST follow the same rule.
			const sectorsDeu = Object.fromEntries(((await cf.as(PARTNER_DEU).get('/api/v1/sectors')).body as { id: string; status: string }[]).map((s) => [s.id, s.status]));
			expect(sectorsDeu).toMatchObject({ 'bakhmut-toretsk': 'unknown', 'velyka-novosilka': 'unknown', 'kharkiv-north': 'unknown', pokrovsk: 'violated' });
			const sectorsCell = Object.fromEntries(((await cf.as(OFFICER).get('/api/v1/sectors')).body as { id: string; status: string }[]).map((s) => [s.id, s.status]));
			expect(sectorsCell).toMatchObject({ 'bakhmut-toretsk': 'violated', 'velyka-novosilka': 'tense', 'kharkiv-north': 'tense', pokrovsk: 'violated' });

			// A partner who connects now gets the same in its snapshot.
			const late = await cf.screen(PARTNER_DEU);
			expect(comparable(late.snapshots[0]!.kpis.ceasefire as CeasefireKpis)).toEqual(forDeu);

			// Nowhere in anything DEU's screens received: not a hidden report's id, nor its alert's.
			await cf.barrier(OFFICER, deu, late);
			const wire = [...deu.wire, ...late.wire].join('\n');
			for (const id of [...hidden.map((h) => h.id), ...hiddenAlerts.map((a) => a.id)]) expect(wire.includes(id), id).toBe(false);
			for (const v of visible) expect(wire.includes(v.id), v.id).toBe(true);
			for (const category of ['sea-incident', 'armour-movement']) expect(wire).not.toContain(`"category":"${category}"`);
			const listed = ((await cf.as(PARTNER_DEU).get('/api/v1/violations')).body as Violation[]).map((v) => v.id);
			for (const h of hidden) expect(listed).not.toContain(h.id);
		});
	});
});
