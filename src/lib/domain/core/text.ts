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

// What shows nothing, or changes how the text around it is shown: format characters (zero-width
// spaces and joiners, bidi embeddings, overrides and isolates, U+FEFF), the other default-ignorable
// ones (Hangul fillers, variation selectors), controls, line and paragraph separators, private use.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/u;
const HIDDEN_ALL = new RegExp(HIDDEN.source, 'gu');

export const HIDDEN_MESSAGE = 'Contains invisible or text-direction characters';

/** Refuses hidden characters, checked before any trimming: a name must be all there is to see. */
export const visible = <S extends z.ZodString>(schema: S) => schema.refine((s) => !HIDDEN.test(s), { message: HIDDEN_MESSAGE, abort: true });

/** A name people tell accounts apart by (display name, token name): plain text, every character visible. */
export function visibleName(max: number) {
	return visible(z.string()).pipe(plainText(max));
}

/**
 * What a name looks like on screen, to find look-alikes: Unicode compatibility forms folded
 * (ＡＤＭＩＮ, ﬁ), hidden characters dropped, case and runs of spaces (which HTML shows as one) set aside.
 */
export function lookalikeKey(name: string): string {
	return name
		.replace(HIDDEN_ALL, '')
		.normalize('NFKC')
		.toUpperCase()
		.toLowerCase()
		.normalize('NFKC')
		.replace(/\s+/gu, ' ')
		.trim();
}

/**
 * A text cell starting with one of these is a formula to some spreadsheet (OWASP's list, the
 * full-width forms that Excel and LibreOffice read as their ASCII twins, and `|` for DDE):
 * papaparse prefixes it with `'`, so it stays text. Every CSV export, server or browser, uses it.
 */
export const FORMULA_START = /^[=+\-@\t\r|＝＋－＠]/;
