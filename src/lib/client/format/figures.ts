import { formatEur } from '$lib/domain/core/money';

/** Figures as the trend tables and the SITREP print them: the same words everywhere. */

const NONE = '—';
/** A true minus sign: a hyphen reads as a dash in a column of figures. */
const MINUS = '\u2212';

export const formatCount = (n: number | null): string => (n === null ? NONE : n.toLocaleString('en-GB'));

/** `72 %` of a share 0–1; — when there is none (no units). */
export const formatShare = (share: number | null, digits = 0): string => (share === null ? NONE : `${(share * 100).toFixed(digits)} %`);

function signed(value: number | null, body: (abs: number) => string): string {
	if (value === null) return NONE;
	if (value === 0) return '±0';
	return `${value > 0 ? '+' : MINUS}${body(Math.abs(value))}`;
}

/** A change: `+3`, `−2`, `±0`; — when it is not known. */
export const formatCountChange = (n: number | null) => signed(n, (abs) => abs.toLocaleString('en-GB'));
export const formatEurChange = (eur: number | null) => signed(eur, (abs) => formatEur(abs));
/** A share's change in percentage points: `+2.5 pts`. */
export const formatShareChange = (share: number | null) => signed(share === null ? null : Math.round(share * 1000) / 10, (abs) => `${abs.toFixed(1)} pts`);
