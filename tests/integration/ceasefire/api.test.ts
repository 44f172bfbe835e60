import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { check } from '@placemarkio/check-geojson';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveSectorStatus, SECTOR_STATUSES, type Sector } from '$lib/domain/ceasefire/sectors';
import { ACTIONS, STATUSES, type Violation, type ViolationStatus, type WorkflowAction } from '$lib/domain/ceasefire/violations';
import { LINE_OF_CONTACT } from '$lib/server/seed/line-of-contact';
import { describeEachBackend } from '../../support/backends';
import { CeasefireServer, PLACES, hoursAgo } from '../../support/ceasefire/server';
import { expectAnswer, type Answer } from '../../support/http';
import { SETUP_TIMEOUT_MS } from '../../support/server-process';

/**
 * Ceasefire monitoring over REST (issue #6), against one production server per backend: reports
 * placed in sectors by geometry, the verification workflow and its conflicts, the list's filters in
 * JSON, CSV and GeoJSON, sector statuses, and the CSV import (all rows or none).
 */

const OFFICER = 'cf-officer1';
const OFFICER2 = 'cf-officer2';
const COMMISSION = 'cf-commission';
const PARTNER = 'cf-partner';
const ATTRIBUTION = { responsibleParty: 'Party B', finding: 'Crater analysis and UAV imagery consistent with the report' };

/** How to bring a new report to each status, and who may take each step. */
const PATH_TO: Record<ViolationStatus, WorkflowAction[]> = {
	reported: [],
	'under-verification': ['begin-verification'],
	verified: ['begin-verification', 'verify'],
	unfounded: ['begin-verification', 'reject'],
	referred: ['begin-verification', 'verify', 'refer'],
	attributed: ['begin-verification', 'verify', 'refer', 'attribute'],
	remedied: ['begin-verification', 'verify', 'refer', 'attribute', 'remedy'],
	closed: ['begin-verification', 'verify', 'refer', 'attribute', 'remedy', 'close']
};
/** The legal steps, by hand (see tests/unit/ceasefire/workflow.test.ts). */
const LEGAL: Record<ViolationStatus, WorkflowAction[]> = {
	reported: ['begin-verification'],
	'under-verification': ['verify', 'reject'],
	verified: ['refer'],
	unfounded: ['close'],
	referred: ['attribute'],
	attributed: ['remedy', 'close'],
	remedied: ['close'],
	closed: []
};
const WHO: Record<WorkflowAction, string> = {
	'begin-verification': OFFICER,
	verify: OFFICER,
	reject: OFFICER,
	refer: OFFICER,
	attribute: COMMISSION,
	remedy: COMMISSION,
	close: COMMISSION
};

interface Filter {
	from?: string;
	to?: string;
	category?: string;
	status?: string;
	sector?: string;
}

/** The filter's meaning, applied here: inclusive time bounds on observedAt, exact matches otherwise. */
function matches(v: Violation, f: Filter): boolean {
	const t = Date.parse(v.observedAt);
	return (
		(!f.from || t >= Date.parse(f.from)) &&
		(!f.to || t <= Date.parse(f.to)) &&
		(!f.category || v.category === f.category) &&
		(!f.status || v.status === f.status) &&
		(!f.sector || (f.sector === 'none' ? v.sectorId === null : v.sectorId === f.sector))
	);
}

const query = (f: Filter) => {
	const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v !== undefined) as [string, string][]).toString();
	return q ? `?${q}` : '';
};

function expectConflict(answer: Answer, status: ViolationStatus, what: string) {
	expectAnswer(answer, 409, what);
	expect(answer.body.error.fields, what).toEqual({ status: [status] });
}

const nonce = () => randomUUID().slice(0, 8);

/**
 * A CSV POST on a connection of its own through node:http, for a body the server should refuse by
 * its Content-Length alone: the headers go first, and the body only if no answer came meanwhile
 * (a server that answers 413 and closes would otherwise turn the answer into EPIPE).
 */
function postRaw(url: string, body: string, cookie: string): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		let answered = false;
		const req = http.request(url, { method: 'POST', agent: false, headers: { cookie, 'content-type': 'text/csv', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
			answered = true;
			clearTimeout(sendBody);
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('error', reject);
			res.on('end', () => {
				resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
				req.destroy();
			});
		});
		req.on('error', (error) => {
			if (!answered) reject(error);
		});
		req.flushHeaders();
		const sendBody = setTimeout(() => req.end(body), 2000);
	});
}

describeEachBackend('ceasefire API on %s', (backendName) => {
	let cf: CeasefireServer;

	/** A fresh report in pokrovsk, brought to a status by the legal steps. */
	async function reportAt(status: ViolationStatus, extra: Record<string, unknown> = {}): Promise<Violation> {
		let record = await cf.report(OFFICER, { observedAt: hoursAgo(1), ...PLACES.pokrovsk, description: `at ${status} ${nonce()}`, ...extra });
		for (const action of PATH_TO[status]) {
			const answer = await cf.step(WHO[action], record.id, action, { expectedStatus: record.status, ...(action === 'attribute' ? ATTRIBUTION : {}) });
			expectAnswer(answer, 200, `${action} on the way to ${status}`);
			record = answer.body;
		}
		expect(record.status).toBe(status);
		return record;
	}

	beforeAll(async () => {
		cf = await CeasefireServer.start(backendName);
		await cf.addPeople([
			{ username: OFFICER, role: 'officer' },
			{ username: OFFICER2, role: 'officer' },
			{ username: COMMISSION, role: 'commission' },
			{ username: PARTNER, role: 'partner', nation: 'DEU' }
		]);
		await cf.createLineOfContact(OFFICER);
	}, SETUP_TIMEOUT_MS);
	afterAll(async () => {
		await cf?.stop();
	});

	it('created the line of contact through sectors.create', async () => {
		const list = await cf.as(OFFICER).get('/api/v1/sectors');
		expectAnswer(list, 200, 'GET /api/v1/sectors');
		expect((list.body as Sector[]).map((s) => s.id).sort()).toEqual(LINE_OF_CONTACT.map((s) => s.id).sort());
		for (const sector of list.body as Sector[]) {
			expect(sector.geometry).toEqual(LINE_OF_CONTACT.find((s) => s.id === sector.id)!.geometry);
			expect(sector.releasableTo).toBe('coalition');
		}
	});

	describe('reporting a violation', () => {
		it.each(Object.keys(PLACES) as (keyof typeof PLACES)[])('places a report at %s in its sector by geometry (outside every sector: null)', async (place) => {
			// Old enough to leave the sector statuses alone (see 'sectors with their status').
			const observedAt = hoursAgo(30);
			const before = await cf.counts();
			const answer = await cf.as(OFFICER).post('/api/v1/violations', {
				observedAt,
				...PLACES[place],
				category: 'mortar',
				source: 'sensor',
				severity: 'medium',
				wounded: 2,
				description: `Rounds heard near ${place}`
			});
			expectAnswer(answer, 201, 'POST /api/v1/violations');
			const record = answer.body as Violation;
			expect(record).toMatchObject({
				observedAt,
				...PLACES[place],
				sectorId: place === 'outside' ? null : place,
				category: 'mortar',
				source: 'sensor',
				severity: 'medium',
				killed: 0,
				wounded: 2,
				status: 'reported',
				responsibleParty: null,
				finding: null,
				reportedBy: cf.person(OFFICER).displayName,
				exercise: false,
				releasableTo: 'cell'
			});
			expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
			expect(Number(answer.headers.get('x-watchfloor-seq'))).toBeGreaterThan(0);
			expect(await cf.violation(record.id)).toEqual(record);
			// One row, one event, no alert (medium).
			expect(await cf.counts()).toEqual({ ...before, violations: before.violations + 1, events: before.events + 1 });
		});

		it('refuses a report with a wrong category, source, severity or place (400), and writes nothing', async () => {
			const before = await cf.counts();
			const good = { observedAt: hoursAgo(1), ...PLACES.pokrovsk, category: 'drone', source: 'uav', severity: 'low', description: 'ok' };
			for (const [field, value] of [
				['category', 'rocket'],
				['source', 'rumour'],
				['severity', 'extreme'],
				['lat', 91],
				['lon', -181],
				['observedAt', 'yesterday'],
				['killed', -1]
			] as const) {
				const answer = await cf.as(OFFICER).post('/api/v1/violations', { ...good, [field]: value });
				expectAnswer(answer, 400, `${field}: ${value}`);
				expect(Object.keys(answer.body.error.fields ?? {}), `${field}: ${value}`).toContain(field);
			}
			expect(await cf.counts()).toEqual(before);
		});
	});

	describe('dates and times, read one way everywhere (years 0001–0099 came back a century off, or as a 500)', () => {
		// Outside every sector and a day old, to leave the sector statuses alone.
		const REPORT = { ...PLACES.outside, category: 'drone', source: 'uav', severity: 'low' };
		const TOO_OLD = 'Observed before 2000: check the year';
		const FILTER_RANGE = 'Needs a date and time from 2000 to 2099, e.g. 2026-01-06T14:30:00Z';
		const HEADER = 'event_date,event_type,sub_event_type,actor1,admin1,location,latitude,longitude,fatalities,notes,source';

		it.each(['0049-06-01T00:00:00Z', '0050-06-01T00:00:00Z', '0026-12-06T00:00:00Z', '0000-01-01T00:00:00Z', '1999-12-31T23:59:59Z'])(
			'refuses a report observed at %s with 400 and a field message, and writes nothing',
			async (observedAt) => {
				const before = await cf.counts();
				const answer = await cf.as(OFFICER).post('/api/v1/violations', { ...REPORT, observedAt, description: `year ${observedAt}` });
				expectAnswer(answer, 400, observedAt);
				expect(answer.body.error.fields).toEqual({ observedAt: [TOO_OLD] });
				expect(await cf.counts()).toEqual(before);
			}
		);

		it('refuses a report from a date that is not RFC 3339 (400), and keeps one with an offset, shown in UTC as stored', async () => {
			for (const observedAt of ['0026-12-06', '49-06-01T00:00:00Z', '2026-01-06 14:30:00Z']) {
				const answer = await cf.as(OFFICER).post('/api/v1/violations', { ...REPORT, observedAt, description: 'not a date' });
				expectAnswer(answer, 400, observedAt);
				expect(answer.body.error.fields).toEqual({ observedAt: ['Needs a UTC date and time, e.g. 2026-01-06T14:30:00Z'] });
			}
			const local = new Date(Date.now() - 30 * 3600_000);
			local.setUTCMilliseconds(0);
			const withOffset = `${new Date(local.getTime() + 2 * 3600_000).toISOString().slice(0, 19)}+02:00`;
			const made = await cf.as(OFFICER).post('/api/v1/violations', { ...REPORT, observedAt: withOffset, description: 'offset' });
			expectAnswer(made, 201, withOffset);
			expect(made.body.observedAt).toBe(local.toISOString());
			expect((await cf.violation(made.body.id)).observedAt).toBe(local.toISOString());
		});

		it('refuses a CSV row from years 0001–0099 under its own column, rather than importing it a century off', async () => {
			const before = await cf.counts();
			const csv = [HEADER, '0049-06-01,Battles,Armed clash,,,,48.28,37.18,0,year 49,sensor', '0026-12-06T10:00:00Z,Battles,Armed clash,,,,48.28,37.18,0,year 26,sensor'].join('\n');
			const preview = await cf.as(OFFICER).postText('/api/v1/violations/import?dryRun=true', csv);
			expectAnswer(preview, 200, 'dry run');
			expect(preview.body.errors).toEqual([
				{ row: 2, fields: { event_date: [TOO_OLD] } },
				{ row: 3, fields: { event_date: [TOO_OLD] } }
			]);
			expectAnswer(await cf.as(OFFICER).postText('/api/v1/violations/import', csv), 400, 'commit');
			expect(await cf.counts()).toEqual(before);
		});

		it.each([
			['/api/v1/violations', 'from', '0000-01-01T00:00:00Z'],
			['/api/v1/violations', 'to', '0049-06-01T00:00:00Z'],
			['/api/v1/violations.csv', 'from', '0000-01-01T00:00:00Z'],
			['/api/v1/violations.geojson', 'to', '2100-01-01T00:00:00Z'],
			['/api/v1/audit', 'from', '0000-01-01T00:00:00Z'],
			['/api/v1/audit', 'to', '0050-06-01T00:00:00Z']
		])('answers %s?%s=%s with 400 and a field message, not a 500', async (path, field, value) => {
			const answer = await cf.as('admin').get(`${path}?${field}=${encodeURIComponent(value)}`);
			expectAnswer(answer, 400, `${path}?${field}=${value}`);
			expect(answer.body.error.fields).toEqual({ [field]: [FILTER_RANGE] });
		});

		it('compares a filter bound given with an offset as the instant it names', async () => {
			const made = await cf.report(OFFICER, { ...REPORT, observedAt: hoursAgo(50), description: `offset filter ${nonce()}` });
			const at = Date.parse(made.observedAt);
			// The same instant written in +05:00 (its wall-clock time is later than its UTC time).
			const inPlusFive = (t: number) => `${new Date(t + 5 * 3600_000).toISOString().slice(0, 23)}+05:00`;
			const window = await cf.as(OFFICER).get(`/api/v1/violations?${new URLSearchParams({ from: inPlusFive(at), to: inPlusFive(at) })}`);
			expectAnswer(window, 200, 'from = to = the report, in +05:00');
			expect((window.body as Violation[]).map((v) => v.id)).toEqual([made.id]);
		});
	});

	describe('the workflow over HTTP', () => {
		it('walks reported → under verification → verified → referred → attributed → remedied → closed', async () => {
			let record = await reportAt('reported');
			const seen: string[] = [];
			for (const action of PATH_TO.closed) {
				const answer = await cf.step(WHO[action], record.id, action, { expectedStatus: record.status, ...(action === 'attribute' ? ATTRIBUTION : {}) });
				expectAnswer(answer, 200, action);
				expect(answer.body.id).toBe(record.id);
				seen.push(answer.body.status);
				record = answer.body;
				expect(await cf.violation(record.id)).toEqual(record);
			}
			expect(seen).toEqual(['under-verification', 'verified', 'referred', 'attributed', 'remedied', 'closed']);
			expect(record).toMatchObject(ATTRIBUTION);
			const history = await cf.as('admin').get(`/api/v1/violations/${record.id}/history`);
			expectAnswer(history, 200, 'history');
			const items = [...(history.body.items as { name: string; actorName: string }[])].reverse();
			expect(items.map((i) => i.name)).toEqual([
				'violations.reported',
				'violations.verification-begun',
				'violations.verified',
				'violations.referred',
				'violations.attributed',
				'violations.remedied',
				'violations.closed'
			]);
			// Who took each step.
			expect(items.map((i) => i.actorName)).toEqual([OFFICER, ...PATH_TO.closed.map((a) => WHO[a])].map((u) => cf.person(u).displayName));
		});

		it('walks reported → under verification → unfounded → closed', async () => {
			const record = await reportAt('unfounded');
			const closed = await cf.step(OFFICER, record.id, 'close', { expectedStatus: 'unfounded' });
			expectAnswer(closed, 200, 'close');
			expect(closed.body.status).toBe('closed');
		});

		it('refuses every illegal step with 409 naming the current status, and leaves the row and the log as they were', async () => {
			const at = Object.fromEntries(await Promise.all(STATUSES.map(async (s) => [s, await reportAt(s)] as const))) as Record<ViolationStatus, Violation>;
			const before = await cf.counts();
			let tried = 0;
			for (const status of STATUSES) {
				const id = at[status].id;
				const row = await cf.violation(id);
				const events = await cf.historyLength('violations', id);
				for (const action of ACTIONS.filter((a) => !LEGAL[status].includes(a))) {
					// An admin may take every step: only the workflow can refuse it.
					const answer = await cf.step('admin', id, action, { ...(action === 'attribute' ? ATTRIBUTION : {}) });
					expectConflict(answer, status, `${action} on ${status}`);
					expect(answer.body.error.message).toMatch(/Cannot/);
					tried++;
				}
				expect(await cf.violation(id), status).toEqual(row);
				expect(await cf.historyLength('violations', id), status).toBe(events);
			}
			expect(tried).toBe(STATUSES.length * ACTIONS.length - 9);
			expect(await cf.counts()).toEqual(before);
		});

		it('refuses a step whose expectedStatus is stale with 409 naming the current status', async () => {
			const record = await reportAt('under-verification');
			const before = await cf.counts();
			for (const expectedStatus of STATUSES.filter((s) => s !== 'under-verification')) {
				const answer = await cf.step(OFFICER, record.id, 'verify', { expectedStatus });
				expectConflict(answer, 'under-verification', `verify expecting ${expectedStatus}`);
			}
			expect(await cf.violation(record.id)).toEqual(record);
			expect(await cf.counts()).toEqual(before);
			expectAnswer(await cf.step(OFFICER, record.id, 'verify', { expectedStatus: 'under-verification' }), 200, 'verify with the right view');
		});

		it('refuses to attribute without the responsible party or the finding (400), and changes nothing', async () => {
			const record = await reportAt('referred');
			const before = await cf.counts();
			const noParty = await cf.step(COMMISSION, record.id, 'attribute', { finding: ATTRIBUTION.finding });
			expectAnswer(noParty, 400, 'attribute without a party');
			expect(Object.keys(noParty.body.error.fields)).toEqual(['responsibleParty']);
			const noFinding = await cf.step(COMMISSION, record.id, 'attribute', { responsibleParty: ATTRIBUTION.responsibleParty });
			expectAnswer(noFinding, 400, 'attribute without a finding');
			expect(Object.keys(noFinding.body.error.fields)).toEqual(['finding']);
			const neither = await cf.step(COMMISSION, record.id, 'attribute', {});
			expectAnswer(neither, 400, 'attribute with neither');
			expect(Object.keys(neither.body.error.fields).sort()).toEqual(['finding', 'responsibleParty']);
			expect(await cf.violation(record.id)).toEqual(record);
			expect(await cf.counts()).toEqual(before);
		});

		it('refuses steps outside the role (403), without a reason (400), unknown steps and unknown reports (404)', async () => {
			const referred = await reportAt('referred');
			const before = await cf.counts();
			expectAnswer(await cf.step(OFFICER, referred.id, 'attribute', ATTRIBUTION), 403, 'an officer attributes');
			expectAnswer(await cf.step(COMMISSION, (await reportAt('reported')).id, 'begin-verification'), 403, 'the commission begins verification');
			const after = await cf.counts();
			expect(after.violations).toBe(before.violations + 1);
			expectAnswer(await cf.as(OFFICER).post(`/api/v1/violations/${referred.id}/refer`, { expectedStatus: 'referred' }), 400, 'no reason');
			expectAnswer(await cf.step(OFFICER, referred.id, 'approve'), 404, 'no such step');
			expectAnswer(await cf.step(OFFICER, randomUUID(), 'verify'), 404, 'no such report');
			expectAnswer(await cf.step(PARTNER, referred.id, 'close'), 403, 'a partner closes');
			expect(await cf.violation(referred.id)).toEqual(referred);
			expect(await cf.counts()).toEqual(after);
		});
	});

	describe('concurrent transitions', () => {
		it('lets exactly one of two officers take the same step with the same expectedStatus; the other gets 409 with the current status', async () => {
			for (let round = 0; round < 4; round++) {
				const record = await reportAt('reported');
				const answers = await Promise.all([
					cf.step(OFFICER, record.id, 'begin-verification', { expectedStatus: 'reported' }),
					cf.step(OFFICER2, record.id, 'begin-verification', { expectedStatus: 'reported' })
				]);
				expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join('\n')).toEqual([200, 409]);
				const winner = answers.find((a) => a.status === 200)!;
				const loser = answers.find((a) => a.status === 409)!;
				expect(winner.body.status).toBe('under-verification');
				expectConflict(loser, 'under-verification', `round ${round}: the second officer`);
				expect((await cf.violation(record.id)).status).toBe('under-verification');
				expect(await cf.historyLength('violations', record.id)).toBe(2);
			}
		});

		it('lets exactly one of verify and reject win when both saw the report under verification', async () => {
			for (let round = 0; round < 3; round++) {
				const record = await reportAt('under-verification');
				const answers = await Promise.all([
					cf.step(OFFICER, record.id, 'verify', { expectedStatus: 'under-verification' }),
					cf.step(OFFICER2, record.id, 'reject', { expectedStatus: 'under-verification' })
				]);
				expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
				const winner = answers.find((a) => a.status === 200)!;
				expect(['verified', 'unfounded']).toContain(winner.body.status);
				expectConflict(answers.find((a) => a.status === 409)!, winner.body.status, `round ${round}: the loser`);
				expect((await cf.violation(record.id)).status).toBe(winner.body.status);
				expect(await cf.historyLength('violations', record.id)).toBe(3);
			}
		});

		it('lets exactly one of two identical steps without expectedStatus through', async () => {
			const record = await reportAt('verified');
			const answers = await Promise.all([cf.step(OFFICER, record.id, 'refer'), cf.step(OFFICER2, record.id, 'refer')]);
			expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
			expectConflict(answers.find((a) => a.status === 409)!, 'referred', 'the second refer');
			expect(await cf.historyLength('violations', record.id)).toBe(4);
		});
	});

	describe('the list in JSON, CSV and GeoJSON', () => {
		// A dataset of its own, far enough in the past that time filters isolate it.
		const base = Date.now() - 40 * 24 * 3600_000;
		const at = (hour: number) => new Date(base + hour * 3600_000).toISOString();
		const places = ['pokrovsk', 'bakhmut-toretsk', 'outside'] as const;
		const categories = ['artillery', 'drone', 'mortar'] as const;
		let dataset: Violation[] = [];
		/** Descriptions a spreadsheet would run as formulas, one per starting character, by report number. */
		const FORMULAS: Record<number, string> = { 5: '=HYPERLINK("http://example.invalid")', 6: '＝HYPERLINK("http://example.invalid")', 7: '＋1＋1', 8: '－2＋3', 9: '＠SUM(A1:A2)', 10: '|calc' };

		beforeAll(async () => {
			const made: Violation[] = [];
			for (let i = 0; i < 12; i++) {
				const place = places[i % 3]!;
				// Categories cycle every 4 so that category and place vary independently.
				let record = await cf.report(OFFICER, {
					observedAt: at(i),
					...PLACES[place],
					category: categories[Math.floor(i / 4) % 3],
					description: FORMULAS[i] ?? `dataset ${i}`
				});
				for (const action of (['begin-verification', 'verify'] as const).slice(0, i % 3 === 2 ? 0 : (i % 4) % 3)) {
					record = (await cf.step(OFFICER, record.id, action)).body;
				}
				made.push(record);
			}
			dataset = made;
			expect(new Set(dataset.map((d) => d.status))).toEqual(new Set(['reported', 'under-verification', 'verified']));
		});

		const FILTERS: [string, (at: (h: number) => string) => Filter][] = [
			['no filter', () => ({})],
			['from and to, both inclusive', (at) => ({ from: at(3), to: at(8) })],
			['from only', (at) => ({ from: at(9) })],
			['to only', (at) => ({ to: at(2) })],
			['category', () => ({ category: 'drone' })],
			['status', () => ({ status: 'verified' })],
			['status under-verification', () => ({ status: 'under-verification' })],
			['sector', () => ({ sector: 'bakhmut-toretsk' })],
			['time, category and sector together', (at) => ({ from: at(0), to: at(11), category: 'artillery', sector: 'pokrovsk' })],
			['time, status and category together', (at) => ({ from: at(0), to: at(11), status: 'reported', category: 'mortar' })],
			['a sector with nothing in it', () => ({ sector: 'kherson-dnipro' })],
			['outside every sector (sector=none)', () => ({ sector: 'none' })],
			['time, category and outside every sector together', (at) => ({ from: at(0), to: at(11), category: 'drone', sector: 'none' })],
			['an empty time window', (at) => ({ from: at(0.25), to: at(0.75) })]
		];

		it.each(FILTERS)('honours %s in every format', async (_, make) => {
			const filter = make(at);
			const all = await cf.allViolations();
			const expected = all.filter((v) => matches(v, filter));
			const inDataset = dataset.filter((v) => matches(v, filter)).length;
			if (filter.from && filter.to) expect(expected.length).toBe(inDataset);
			if (filter.sector === 'none') expect(expected.length).toBeGreaterThan(0);

			// JSON: newest first, exactly the matching reports.
			const json = await cf.as(OFFICER).get(`/api/v1/violations${query(filter)}`);
			expectAnswer(json, 200, 'JSON');
			const items = json.body as Violation[];
			expect(new Set(items.map((v) => v.id))).toEqual(new Set(expected.map((v) => v.id)));
			expect(items).toHaveLength(expected.length);
			for (let i = 1; i < items.length; i++) expect(Date.parse(items[i - 1]!.observedAt)).toBeGreaterThanOrEqual(Date.parse(items[i]!.observedAt));
			for (const item of items) expect(item).toEqual(all.find((v) => v.id === item.id));

			// CSV: the same rows in the same order, parsed back.
			const csv = await fetch(`${cf.url}/api/v1/violations.csv${query(filter)}`, { headers: { cookie: cf.person(OFFICER).cookie } });
			expect(csv.status).toBe(200);
			expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
			expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="violations\.csv"/);
			const parsed = Papa.parse<Record<string, string>>(await csv.text(), { header: true, skipEmptyLines: true });
			expect(parsed.errors).toEqual([]);
			expect(parsed.meta.fields).toEqual(expect.arrayContaining(['id', 'observedAt', 'lat', 'lon', 'sectorId', 'category', 'source', 'severity', 'status', 'description', 'releasability']));
			expect(parsed.data.map((r) => r.id)).toEqual(items.map((v) => v.id));
			for (const [i, row] of parsed.data.entries()) {
				const v = items[i]!;
				expect(row).toMatchObject({ observedAt: v.observedAt, category: v.category, status: v.status, sectorId: v.sectorId ?? '', severity: v.severity, releasability: 'CELL ONLY' });
				expect(Number(row.lat)).toBe(v.lat);
				expect(Number(row.lon)).toBe(v.lon);
				// A cell a spreadsheet would run as a formula stays text.
				expect(row.description).toBe(Object.values(FORMULAS).includes(v.description) ? `'${v.description}` : v.description);
				if (filter.category) expect(row.category).toBe(filter.category);
				if (filter.status) expect(row.status).toBe(filter.status);
				if (filter.sector) expect(row.sectorId).toBe(filter.sector === 'none' ? '' : filter.sector);
			}

			// GeoJSON: valid RFC 7946 by a third-party validator, points as [lon, lat], the same features.
			const geo = await fetch(`${cf.url}/api/v1/violations.geojson${query(filter)}`, { headers: { cookie: cf.person(OFFICER).cookie } });
			expect(geo.status).toBe(200);
			expect(geo.headers.get('content-type')).toMatch(/^application\/geo\+json/);
			const text = await geo.text();
			const collection = check(text) as unknown as {
				type: string;
				features: { type: string; id: string; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[];
			};
			expect(collection.type).toBe('FeatureCollection');
			expect(collection.features.map((f) => f.id)).toEqual(items.map((v) => v.id));
			for (const [i, feature] of collection.features.entries()) {
				const v = items[i]!;
				expect(feature.geometry).toEqual({ type: 'Point', coordinates: [v.lon, v.lat] });
				expect(feature.properties).toMatchObject({ id: v.id, status: v.status, category: v.category, sectorId: v.sectorId, observedAt: v.observedAt });
				expect(feature.properties).not.toHaveProperty('lat');
				expect(feature.properties).not.toHaveProperty('lon');
			}
		});

		it('places every point the right way round: [lon, lat]', async () => {
			const geo = await cf.as(OFFICER).get(`/api/v1/violations.geojson${query({ from: at(0), to: at(11), sector: 'pokrovsk' })}`);
			for (const feature of geo.body.features as { geometry: { coordinates: number[] } }[]) {
				// Pokrovsk lies at about 37.2° E, 48.3° N.
				expect(feature.geometry.coordinates).toEqual([PLACES.pokrovsk.lon, PLACES.pokrovsk.lat]);
			}
			expect(geo.body.features.length).toBe(4);
		});

		it.each([
			['an unknown category', '?category=rocket'],
			['an unknown status', '?status=pending'],
			['a date that is not ISO 8601', '?from=yesterday'],
			['a malformed sector', '?sector=Pokrovsk!'],
			['an unknown parameter', '?colour=red']
		])('refuses %s with 400 in every format', async (_, q) => {
			for (const path of ['/api/v1/violations', '/api/v1/violations.csv', '/api/v1/violations.geojson']) {
				expectAnswer(await cf.as(OFFICER).get(`${path}${q}`), 400, `${path}${q}`);
			}
		});

		it("shows a partner only what is released to its nation, in every format", async () => {
			const released = await cf.report(OFFICER, { observedAt: at(20), ...PLACES.pokrovsk, releasableTo: ['DEU'], description: 'for DEU' });
			const filter = { from: at(0), to: at(30) };
			const json = await cf.as(PARTNER).get(`/api/v1/violations${query(filter)}`);
			expect((json.body as Violation[]).map((v) => v.id)).toEqual([released.id]);
			const csv = Papa.parse<Record<string, string>>((await cf.as(PARTNER).get(`/api/v1/violations.csv${query(filter)}`)).text, { header: true, skipEmptyLines: true });
			expect(csv.data.map((r) => r.id)).toEqual([released.id]);
			expect(csv.data[0]!.releasability).toBe('REL DEU');
			const geo = await cf.as(PARTNER).get(`/api/v1/violations.geojson${query(filter)}`);
			expect(geo.body.features.map((f: { id: string }) => f.id)).toEqual([released.id]);
		});
	});

	describe('sectors with their status', () => {
		it("refuses a sector named 'none': the list filter's word for outside every sector", async () => {
			const geometry = { type: 'Polygon', coordinates: [[[30, 45], [30.1, 45], [30.1, 45.1], [30, 45], [30, 45]]] };
			const answer = await cf.as(OFFICER).post('/api/v1/sectors', { id: 'none', name: 'Nowhere', geometry });
			expectAnswer(answer, 400, "POST a sector 'none'");
			expect(Object.keys(answer.body.error.fields)).toContain('id');
		});

		it('carries each sector status in JSON and GeoJSON, as the rules derive it', async () => {
			// velyka-novosilka: a fresh report awaiting verification → tense.
			await cf.report(OFFICER, { observedAt: hoursAgo(1), ...PLACES['velyka-novosilka'] });
			// pokrovsk: a fresh verified violation → violated.
			await reportAt('verified');
			// zaporizhzhia: monitors checked in, nothing reported → holding.
			expectAnswer(await cf.as(OFFICER).post('/api/v1/sectors/zaporizhzhia/check-in'), 200, 'check-in');
			// kharkiv-north: an officer's override.
			const override = await cf.as(OFFICER).post('/api/v1/sectors/kharkiv-north/override', { status: 'violated', reason: 'Shelling heard by the liaison team', expiresInHours: 1 });
			expectAnswer(override, 200, 'override');
			// kherson-dnipro: nothing ever → unknown.

			const json = await cf.as(OFFICER).get('/api/v1/sectors');
			expectAnswer(json, 200, 'GET /api/v1/sectors');
			const sectors = json.body as (Sector & { status: string; statusReason: string })[];
			const statusOf = Object.fromEntries(sectors.map((s) => [s.id, s.status]));
			expect(statusOf).toMatchObject({ 'velyka-novosilka': 'tense', pokrovsk: 'violated', zaporizhzhia: 'holding', 'kharkiv-north': 'violated', 'kherson-dnipro': 'unknown' });
			for (const s of sectors) {
				expect(SECTOR_STATUSES).toContain(s.status);
				expect(s.statusReason.length).toBeGreaterThan(0);
			}
			expect(sectors.find((s) => s.id === 'kharkiv-north')!.statusReason).toBe(`Set by ${cf.person(OFFICER).displayName}: Shelling heard by the liaison team`);

			// The same statuses as the domain rules give over everything the cell sees.
			const all = await cf.allViolations();
			for (const s of sectors) expect(s.status, s.id).toBe(deriveSectorStatus(s, all, new Date()).status);

			const geo = await fetch(`${cf.url}/api/v1/sectors.geojson`, { headers: { cookie: cf.person(OFFICER).cookie } });
			expect(geo.headers.get('content-type')).toMatch(/^application\/geo\+json/);
			const collection = check(await geo.text()) as unknown as { features: { id: string; geometry: unknown; properties: Record<string, unknown> }[] };
			expect(collection.features.map((f) => f.id).sort()).toEqual(LINE_OF_CONTACT.map((s) => s.id).sort());
			for (const feature of collection.features) {
				expect(feature.properties.status, feature.id).toBe(statusOf[feature.id]);
				expect(feature.geometry).toEqual(LINE_OF_CONTACT.find((s) => s.id === feature.id)!.geometry);
				expect(feature.properties).not.toHaveProperty('geometry');
			}

			// The override ends when cleared: the rules apply again.
			expectAnswer(await cf.as(OFFICER).post('/api/v1/sectors/kharkiv-north/clear-override'), 200, 'clear-override');
			const again = await cf.as(OFFICER).get('/api/v1/sectors');
			expect((again.body as { id: string; status: string }[]).find((s) => s.id === 'kharkiv-north')!.status).toBe('unknown');
		});
	});

	describe('CSV import', () => {
		const HEADER = 'event_date,event_type,sub_event_type,actor1,admin1,location,latitude,longitude,fatalities,notes,source';
		const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 24 * 3600_000).toISOString().slice(0, 10);

		it('previews bad rows with their row numbers, then refuses the commit (400) and writes nothing', async () => {
			const tag = nonce();
			const csv = [
				HEADER,
				`${day(70)},Explosions/Remote violence,Shelling,Group A,Donetsk,Pokrovsk,48.28,37.18,0,bad-import ${tag} good 1,UAV`,
				`${day(70)},Battles,Armed clash,Group A,Donetsk,Pokrovsk,north,37.18,0,bad-import ${tag} bad lat,ground patrol`,
				`${day(70)},Battles,Armed clash,Group A,Donetsk,Pokrovsk,48.28,37.18,2,bad-import ${tag} good 2,sensor`,
				`2026-02-30,Battles,Armed clash,Group A,Donetsk,Pokrovsk,48.28,37.18,0,bad-import ${tag} bad date,sensor`,
				`${day(70)},Battles,Armed clash,Group A,Donetsk,Pokrovsk,48.28,200,0,bad-import ${tag} bad lon,sensor`,
				`${day(70)},Battles,Armed clash,Group A,Donetsk,Pokrovsk,48.28,37.18,many,bad-import ${tag} bad fatalities,sensor`
			].join('\n');
			const before = await cf.counts();

			const preview = await cf.as(OFFICER).postText('/api/v1/violations/import?dryRun=true', csv);
			expectAnswer(preview, 200, 'dry run');
			expect(preview.body).toMatchObject({ rows: 6, valid: 2, unknownColumns: [] });
			expect(preview.body.errors.map((e: { row: number; fields: Record<string, string[]> }) => [e.row, Object.keys(e.fields)])).toEqual([
				[3, ['latitude']],
				[5, ['event_date']],
				[6, ['longitude']],
				[7, ['fatalities']]
			]);
			expect(await cf.counts()).toEqual(before);

			const commit = await cf.as(OFFICER).postText('/api/v1/violations/import', csv);
			expectAnswer(commit, 400, 'commit with bad rows');
			expect(commit.body.error.message).toMatch(/4 row\(s\)/);
			expect(commit.body.error.fields.rows).toHaveLength(4);
			for (const [i, row] of [3, 5, 6, 7].entries()) expect(commit.body.error.fields.rows[i]).toMatch(new RegExp(`^row ${row}: `));
			expect(await cf.counts()).toEqual(before);
			expect((await cf.allViolations()).filter((v) => v.description.includes(tag))).toEqual([]);
		});

		it('refuses a file without the required columns, and a partner importing', async () => {
			const before = await cf.counts();
			const missing = await cf.as(OFFICER).postText('/api/v1/violations/import?dryRun=true', 'event_date,latitude\n2026-01-06,48.2\n');
			expectAnswer(missing, 400, 'no longitude column');
			expect(missing.body.error.fields.columns).toEqual(['longitude is required']);
			expectAnswer(await cf.as(OFFICER).postText('/api/v1/violations/import', `${HEADER}\n`), 400, 'no rows');
			expectAnswer(await cf.as(PARTNER).postText('/api/v1/violations/import', `${HEADER}\n${day(60)},,,,,,48.28,37.18,0,x,uav`), 403, 'a partner imports');
			expect(await cf.counts()).toEqual(before);
		});

		it('refuses a file over 16 MiB with 413, and writes nothing', async () => {
			const before = await cf.counts();
			const row = `${day(60)},Battles,Armed clash,Group A,Donetsk,Pokrovsk,48.28,37.18,0,${'x'.repeat(200)},sensor\n`;
			const csv = `${HEADER}\n${row.repeat(Math.ceil((16 * 1024 * 1024 + 1) / row.length))}`;
			for (const query of ['?dryRun=true', '']) {
				const answer = await postRaw(`${cf.url}/api/v1/violations/import${query}`, csv, cf.person(OFFICER).cookie);
				expect(answer.status, answer.text.slice(0, 300)).toBe(413);
				expect(JSON.parse(answer.text).error.code).toBe('payload_too_large');
			}
			expect(await cf.counts()).toEqual(before);
		});

		it('commits a good file of 200 rows, every row, each in its sector, severe ones with an alert', async () => {
			const tag = nonce();
			const spots = [
				{ ...PLACES.pokrovsk, sector: 'pokrovsk' },
				{ ...PLACES['bakhmut-toretsk'], sector: 'bakhmut-toretsk' },
				{ ...PLACES.outside, sector: null }
			];
			const kinds = [
				['Explosions/Remote violence', 'Shelling', 'artillery'],
				['Explosions/Remote violence', 'Air/drone strike', 'drone'],
				['Battles', 'Armed clash', 'small-arms'],
				['Strategic developments', 'Tank movement', 'armour-movement']
			] as const;
			const rows = Array.from({ length: 200 }, (_, i) => {
				const spot = spots[i % 3]!;
				const [eventType, subEventType, category] = kinds[i % 4]!;
				const fatalities = i % 25 === 0 ? 5 : i % 9 === 0 ? 1 : 0;
				// Quoted cells with commas and quotes, as spreadsheets write them.
				const notes = `"import ${tag} #${i}, ""quoted"""`;
				return { line: [day(90 + (i % 10)), eventType, subEventType, '"Group, B"', 'Donetsk', 'Somewhere', spot.lat, spot.lon, fatalities, notes, 'satellite'].join(','), spot, category, fatalities, i };
			});
			const csv = `\uFEFF${HEADER}\r\n${rows.map((r) => r.line).join('\r\n')}\r\n`;
			const severe = rows.filter((r) => r.fatalities > 0).length;
			expect(severe).toBeGreaterThan(5);

			const before = await cf.counts();
			const preview = await cf.as(OFFICER).postText('/api/v1/violations/import?dryRun=true', csv);
			expectAnswer(preview, 200, 'dry run');
			expect(preview.body).toMatchObject({ rows: 200, valid: 200, errors: [] });
			expect(await cf.counts()).toEqual(before);

			const commit = await cf.as(OFFICER).postText('/api/v1/violations/import', csv);
			expectAnswer(commit, 201, 'commit');
			expect(commit.body).toMatchObject({ imported: 200 });
			// Every report, one alert per severe one, and one event each plus the import's own.
			expect(await cf.counts()).toEqual({
				violations: before.violations + 200,
				alerts: before.alerts + severe,
				events: before.events + 200 + severe + 1
			});

			const imported = (await cf.allViolations()).filter((v) => v.description.includes(`import ${tag} #`));
			expect(imported).toHaveLength(200);
			for (const row of rows) {
				const v = imported.find((x) => x.description.startsWith(`import ${tag} #${row.i}, "quoted"`))!;
				expect(v, `row ${row.i}`).toBeDefined();
				expect(v).toMatchObject({
					observedAt: `${day(90 + (row.i % 10))}T12:00:00.000Z`,
					lat: row.spot.lat,
					lon: row.spot.lon,
					sectorId: row.spot.sector,
					category: row.category,
					source: 'satellite',
					killed: row.fatalities,
					severity: row.fatalities >= 5 ? 'critical' : row.fatalities >= 1 ? 'high' : ['artillery', 'drone'].includes(row.category) ? 'medium' : 'low',
					status: 'reported',
					reportedBy: cf.person(OFFICER).displayName,
					releasableTo: 'cell'
				});
			}
		});
	});
});
