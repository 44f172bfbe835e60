import { z } from 'zod';

// Control characters other than tab and newlines: Postgres refuses NUL, and none belongs in prose.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Free text as people type it: trimmed, bounded, no control characters. */
export function plainText(max: number, emptyMessage = 'Required') {
	return z
		.string()
		.trim()
		.min(1, emptyMessage)
		.max(max, `At most ${max} characters`)
		.refine((s) => !CONTROL.test(s), 'Contains control characters');
}
