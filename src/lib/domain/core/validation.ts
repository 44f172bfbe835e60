import type { z } from 'zod';
import { AppError } from './errors';

/** Parse with a schema or throw the shared validation error, with messages keyed by field path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const fields: Record<string, string[]> = {};
	for (const issue of result.error.issues) {
		const key = issue.path.length ? issue.path.map(String).join('.') : '_';
		(fields[key] ??= []).push(issue.message);
	}
	throw new AppError('validation', 'The input is not valid', fields);
}
