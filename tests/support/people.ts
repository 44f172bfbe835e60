/**
 * The people and days that the nation-scoped scenarios share: the cell's officer and partners of two
 * donor nations (a partner writes for its own nation only, and sees what is released to it), and
 * days counted from today, UTC, as the contract's dates are.
 */
import { utcDay } from '$lib/domain/core/dates';
import type { Role } from '$lib/domain/identity/roles';

export const OFFICER = 'officer';
export const DEU = 'partner-deu';
export const POL = 'partner-pol';

/** Made by the admin on each test file's own server (`useServer`), so the names need not differ between files. */
export const OFFICER_AND_PARTNERS: { username: string; role: Role; nation?: string }[] = [
	{ username: OFFICER, role: 'officer' },
	{ username: DEU, role: 'partner', nation: 'DEU' },
	{ username: POL, role: 'partner', nation: 'POL' }
];

export const DAY_MS = 86_400_000;

/** The UTC day `offset` days from today (`YYYY-MM-DD`; negative: in the past). */
export const day = (offset: number) => utcDay(new Date(Date.now() + offset * DAY_MS));
