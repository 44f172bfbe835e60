import { expect, type APIRequestContext } from '@playwright/test';

/**
 * Exercise data for guarantees 3–5, made through the API as an officer would (the demo scenario
 * seeds the ceasefire and support only): units of several nations in every domain and readiness,
 * brigades in regeneration, commitments in force, a production programme behind its plan and a
 * milestone overdue. Everything is marked exercise and released to the coalition.
 */

const SIDC = { land: '10031000151211000000', air: '10030100001101040000', sea: '10033000001202000000' } as const;

const UNITS: [string, string, keyof typeof SIDC, string][] = [
	['FRA', 'Battlegroup Rhône', 'land', 'C1'],
	['FRA', 'Rafale detachment', 'air', 'C2'],
	['GBR', 'Armoured battlegroup', 'land', 'C2'],
	['GBR', 'Typhoon flight', 'air', 'C1'],
	['GBR', 'Minehunter group', 'sea', 'C3'],
	['DEU', 'Panzergrenadier company', 'land', 'C3'],
	['DEU', 'Air-defence battery', 'land', 'C2'],
	['POL', 'Mechanised battalion', 'land', 'C1'],
	['POL', 'Engineer company', 'land', 'C4'],
	['NLD', 'F-35 detachment', 'air', 'C2'],
	['ITA', 'Frigate', 'sea', 'C2'],
	['TUR', 'Frigate', 'sea', 'C5'],
	['DNK', 'Training team', 'land', 'C1'],
	['NOR', 'Maritime patrol', 'air', 'C3']
];

const COMMITMENTS: [string, string][] = [
	['FRA', 'military'],
	['FRA', 'intelligence'],
	['GBR', 'military'],
	['GBR', 'logistics'],
	['DEU', 'logistics'],
	['DEU', 'sanctions'],
	['POL', 'military'],
	['NLD', 'diplomatic'],
	['ITA', 'sanctions'],
	['TUR', 'diplomatic']
];

async function post(api: APIRequestContext, path: string, data: unknown): Promise<{ id: string }> {
	const answer = await api.post(path, { data });
	expect(answer.status(), `POST ${path}: ${await answer.text()}`).toBe(201);
	return (await answer.json()) as { id: string };
}

const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const monthsFromNow = (months: number) => {
	const d = new Date();
	d.setUTCDate(1);
	d.setUTCMonth(d.getUTCMonth() + months);
	return d.toISOString().slice(0, 7);
};

export async function seedWallScenario(api: APIRequestContext): Promise<void> {
	const common = { exercise: true, releasableTo: 'coalition' };
	for (const [nation, name, domain, readiness] of UNITS) {
		await post(api, '/api/v1/units', { name, nation, domain, sidc: SIDC[domain], mission: domain === 'sea' ? 'maritime-security' : 'reassurance', readiness, ...common });
	}
	for (const [name, stage, progress, due] of [
		['47th Mechanised Brigade', 'collective-training', 60, 20],
		['155th Brigade', 'individual-training', 30, -5],
		['Azov Corps rotation', 'certified', 100, -30]
	] as const) {
		await post(api, '/api/v1/brigades', { name, stage, progress, plannedCertifiedOn: daysFromNow(due), ...common });
	}
	for (const [nation, type] of COMMITMENTS) {
		await post(api, '/api/v1/commitments', { nation, type, text: `${nation} ${type} commitment (exercise)`, status: 'in-force', ...common });
	}
	const plan = [-2, -1, 0].map((m) => ({ month: monthsFromNow(m), quantity: 20_000 }));
	const ammunition = await post(api, '/api/v1/programmes', { kind: 'industrial-production', title: 'ASAP 155 mm production', nations: ['DEU', 'FRA', 'POL'], instrument: 'ASAP', unit: 'rounds', plan, ...common });
	for (const [m, quantity] of [
		[-2, 18_000],
		[-1, 15_500]
	] as const) {
		const output = await api.post(`/api/v1/programmes/${ammunition.id}/output`, { data: { month: monthsFromNow(m), quantity } });
		expect(output.status(), await output.text()).toBe(200);
	}
	const training = await post(api, '/api/v1/programmes', { kind: 'training', title: 'Pilot training coalition', nations: ['NLD', 'DNK', 'NOR'], ...common });
	await post(api, '/api/v1/milestones', { programmeId: ammunition.id, title: 'Second production line certified', dueOn: daysFromNow(-3) });
	await post(api, '/api/v1/milestones', { programmeId: training.id, title: 'First class graduates', dueOn: daysFromNow(12) });
	await post(api, '/api/v1/milestones', { programmeId: ammunition.id, title: 'Deliveries from the new plant', dueOn: daysFromNow(40) });
}
