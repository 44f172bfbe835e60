/**
 * What the bench and the soak put in a server before their load: the line of contact and pledges of
 * every releasability, made over REST as an officer, for the mixed commands to report and deliver
 * against.
 */
import { PLEDGE_CATEGORIES } from '$lib/domain/support/pledges';
import { LINE_OF_CONTACT, centreOf } from '$lib/server/seed/line-of-contact';
import { api } from './harness';
import type { BenchPledge, Releasability } from './ipc';

/** Partner nations (ISO 3166-1 alpha-3), in the order the releasability case takes them. */
export const BENCH_NATIONS = [
	'FRA', 'DEU', 'GBR', 'USA', 'UKR', 'ITA', 'ESP', 'POL', 'NLD', 'BEL', 'DNK', 'NOR', 'SWE', 'FIN', 'EST',
	'LVA', 'LTU', 'CZE', 'ROU', 'PRT', 'GRC', 'IRL', 'LUX', 'ISL', 'CAN', 'AUS', 'JPN', 'NZL', 'TUR', 'HRV'
];

/** Pledges the mixed commands deliver against, of every releasability in turn. */
export const MIXED_PLEDGES = 60;

/** The k-th seeded record's releasability: the whole coalition, one nation, three nations, the cell in turn. */
export function releasabilityInTurn(k: number, nations: readonly string[]): Releasability {
	return [() => 'coalition' as const, () => [nations[k % nations.length]!], () => nations.slice(0, 3), () => 'cell' as const][k % 4]!();
}

/** POSTs as the officer; anything but 201 stops the scenario (a bench on half a picture measures nothing). */
export async function created(url: string, cookie: string, collection: string, body: unknown): Promise<{ id: string }> {
	const answer = await api(url, cookie, 'POST', `/api/v1/${collection}`, body);
	if (answer.status !== 201) throw new Error(`POST /api/v1/${collection}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
	return answer.body as { id: string };
}

/** The line of contact, released to the coalition: reports fall in a sector, fortifications need one. */
export async function createSectors(url: string, cookie: string): Promise<{ lat: number; lon: number }[]> {
	for (const sector of LINE_OF_CONTACT) await created(url, cookie, 'sectors', { ...sector, releasableTo: 'coalition' });
	return LINE_OF_CONTACT.map(centreOf);
}

/** A pledge big enough for every delivery a run makes against it, announced a while ago (so a delivery may arrive today). */
export function benchPledge(k: number, nations: readonly string[]) {
	const announcedOn = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
	return {
		donor: nations[k % nations.length]!,
		announcedOn,
		measure: 'commitment',
		category: PLEDGE_CATEGORIES[k % PLEDGE_CATEGORIES.length]!,
		item: `Bench pledge ${k}: 155 mm rounds`,
		quantity: 1_000_000,
		unit: '155 mm rounds',
		valueEur: 4_000_000_000,
		channel: 'procurement',
		releasableTo: releasabilityInTurn(k, nations)
	};
}

/** The sectors and MIXED_PLEDGES pledges the mixed commands need: where reports fall, what deliveries are against. */
export async function prepareMixedCommands(url: string, officer: string, nations: readonly string[]): Promise<{ places: { lat: number; lon: number }[]; pledges: BenchPledge[] }> {
	const places = await createSectors(url, officer);
	const pledges: BenchPledge[] = [];
	for (let k = 0; k < MIXED_PLEDGES; k++) {
		const body = benchPledge(k, nations);
		pledges.push({ id: (await created(url, officer, 'pledges', body)).id, releasableTo: body.releasableTo });
	}
	return { places, pledges };
}
