import { expect, type APIRequestContext } from '@playwright/test';

/**
 * What the exercise scenario does not seed yet and leadership's pages show: units at every readiness,
 * brigades (one behind schedule), commitments in force, an exercise activation, programmes with a
 * monthly plan and output, milestones (one overdue, one reached today), and a critical violation
 * verified today. Exercise data throughout; some of it released to the coalition, some to DEU, some
 * to the cell only. Made through the API by an admin or officer, as an exercise controller would.
 */

const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
const month = (offset: number) => {
	const now = new Date();
	return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
};

/** The names a partner of DEU must see in its SITREP, and those it must not. */
export const FOR_DEU = { unit: 'Panzerbataillon 393', programme: 'Munitionslinie Unterlüß' } as const;
export const CELL_ONLY = { unit: 'Cell reserve company', programme: 'Quiet intelligence exchange' } as const;

async function post(api: APIRequestContext, path: string, data: unknown): Promise<{ id: string }> {
	const answer = await api.post(path, { data });
	expect(answer.status(), `${path}: ${await answer.text()}`).toBeLessThan(300);
	return answer.json();
}

export async function addLeadershipPicture(api: APIRequestContext): Promise<void> {
	// Exercise context (digit 3), friend, each domain's own symbol set (digits 5–6).
	const SIDC = { land: '10131000151211000000', air: '10130100001101000000', sea: '10133000001201000000' } as const;
	const units: [string, string, 'air' | 'sea' | 'land', string, unknown][] = [
		['Escadron 2/5 Île-de-France', 'FRA', 'air', 'C1', 'coalition'],
		['HMS Anson task group', 'GBR', 'sea', 'C2', 'coalition'],
		[FOR_DEU.unit, 'DEU', 'land', 'C4', ['DEU']],
		['Brigada Pancerna 10', 'POL', 'land', 'C2', 'coalition'],
		['Logistics battalion 1', 'NLD', 'land', 'C5', 'coalition'],
		[CELL_ONLY.unit, 'FRA', 'land', 'C4', 'cell']
	];
	for (const [name, nation, domain, readiness, releasableTo] of units) {
		await post(api, '/api/v1/units', { name, nation, domain, sidc: SIDC[domain], mission: 'reassurance', readiness, releasableTo, exercise: true });
	}
	await post(api, '/api/v1/brigades', { name: '47th Mechanised (regeneration)', stage: 'individual-training', progress: 40, plannedCertifiedOn: day(-10), releasableTo: 'coalition', exercise: true });
	await post(api, '/api/v1/brigades', { name: '155th Mechanised (regeneration)', stage: 'collective-training', progress: 70, plannedCertifiedOn: day(40), releasableTo: 'coalition', exercise: true });

	for (const [nation, type] of [['FRA', 'military'], ['DEU', 'logistics'], ['GBR', 'intelligence'], ['POL', 'sanctions']] as const) {
		await post(api, '/api/v1/commitments', { nation, type, text: `${nation} ${type} commitment under the declaration`, status: 'in-force', releasableTo: 'coalition', exercise: true });
	}
	await post(api, '/api/v1/activations', { scenario: 'Exercise STEADFAST LINE: armoured thrust across the line of contact', exercise: true });

	const shells = await post(api, '/api/v1/programmes', {
		kind: 'industrial-production',
		title: FOR_DEU.programme,
		nations: ['DEU', 'UKR'],
		instrument: 'ASAP',
		unit: '155 mm rounds',
		plan: [-5, -4, -3, -2, -1, 0].map((m) => ({ month: month(m), quantity: 20_000 + 2_000 * (m + 5) })),
		releasableTo: ['DEU'],
		exercise: true
	});
	for (const [m, quantity] of [[-5, 18_500], [-4, 21_000], [-3, 19_000], [-2, 27_500], [-1, 26_000]] as const) {
		await post(api, `/api/v1/programmes/${shells.id}/output`, { month: month(m), quantity });
	}
	const drones = await post(api, '/api/v1/programmes', {
		kind: 'industrial-production',
		title: 'Joint FPV drone production',
		nations: ['GBR', 'UKR'],
		unit: 'drones',
		plan: [-4, -3, -2, -1, 0].map((m) => ({ month: month(m), quantity: 4_000 })),
		releasableTo: 'coalition',
		exercise: true
	});
	for (const [m, quantity] of [[-4, 2_100], [-3, 3_400], [-2, 4_300], [-1, 3_900]] as const) {
		await post(api, `/api/v1/programmes/${drones.id}/output`, { month: month(m), quantity });
	}
	const quiet = await post(api, '/api/v1/programmes', { kind: 'intelligence', title: CELL_ONLY.programme, nations: ['FRA', 'UKR'], releasableTo: 'cell', exercise: true });
	await post(api, '/api/v1/milestones', { programmeId: shells.id, title: 'Second filling line accepted', dueOn: day(-6) });
	await post(api, '/api/v1/milestones', { programmeId: quiet.id, title: 'Liaison cell staffed', dueOn: day(-3) });
	const reached = await post(api, '/api/v1/milestones', { programmeId: drones.id, title: 'Serial production certified', dueOn: day(2) });
	await post(api, `/api/v1/milestones/${reached.id}/complete`, { on: day(0) });

	const report = await post(api, '/api/v1/violations', {
		// Three hours ago, but never before today's UTC midnight: the trends count it on today's row.
		observedAt: new Date(Math.max(Date.now() - 3 * 3600_000, Date.parse(`${day(0)}T00:00:00Z`))).toISOString(),
		lat: 48.28,
		lon: 37.18,
		category: 'missile',
		source: 'sensor',
		severity: 'critical',
		description: 'Ballistic missile impact near the line',
		releasableTo: 'coalition',
		exercise: true
	});
	for (const action of ['begin-verification', 'verify']) await post(api, `/api/v1/violations/${report.id}/${action}`, { reason: 'Crater analysis and sensor track' });
}

/** A user made by the admin; answers nothing (the caller signs in with the password). */
export async function addUser(api: APIRequestContext, user: { username: string; password: string; role: string; nation: string; displayName: string }): Promise<void> {
	await post(api, '/api/v1/users', user);
}
