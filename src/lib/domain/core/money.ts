import { z } from 'zod';

/**
 * Amounts in EUR travel as numbers with at most two decimals. Sums are kept in whole cents, so that
 * adding and taking away the same amounts in any order gives back exactly what a recount gives.
 */

export const MAX_EUR = 1e13;

export const Eur = z
	.number()
	.min(0, 'Cannot be negative')
	.max(MAX_EUR, 'Too large for an amount in EUR')
	.refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'At most two decimals (cents)');

export const toCents = (eur: number | null | undefined): number => (eur == null ? 0 : Math.round(eur * 100));
export const fromCents = (cents: number): number => cents / 100;

/** "€1.2 bn", "€350 m", "€12,500": amounts as people read them on a KPI strip. */
export function formatEur(eur: number | null): string {
	if (eur == null) return '—';
	const abs = Math.abs(eur);
	if (abs >= 1e9) return `€${(eur / 1e9).toFixed(abs >= 1e10 ? 1 : 2)} bn`;
	if (abs >= 1e6) return `€${(eur / 1e6).toFixed(abs >= 1e8 ? 0 : 1)} m`;
	return `€${Math.round(eur).toLocaleString('en-GB')}`;
}
