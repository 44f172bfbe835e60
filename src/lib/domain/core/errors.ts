import { z } from 'zod';

/** The closed set of error codes every adapter (HTTP, socket ack, form action) maps from. */
export const ERROR_STATUS = {
	validation: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	method_not_allowed: 405,
	conflict: 409,
	idempotency_mismatch: 409,
	payload_too_large: 413,
	rate_limited: 429,
	unavailable: 503,
	internal: 500
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The error body (`{ error: <this> }`) as a schema too: what the OpenAPI document shows of every error. */
export const ErrorBody = z.object({
	code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
	message: z.string(),
	/** Field-level messages, by field name (a CSV import: by row). */
	fields: z.record(z.string(), z.array(z.string())).optional()
});
export type ErrorBody = z.infer<typeof ErrorBody>;

// A brand instead of instanceof: the SvelteKit bundle and the vite-dev module graph may each hold a copy of this class.
const BRAND = Symbol.for('watchfloor.AppError');

export class AppError extends Error {
	readonly [BRAND] = true;
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly fields?: Record<string, string[]>
	) {
		super(message);
		this.name = 'AppError';
	}

	toBody(): ErrorBody {
		return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
	}
}

export function isAppError(value: unknown): value is AppError {
	return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Anything thrown becomes a safe body: known errors keep their code, the rest never leak a message or stack. */
export function toErrorBody(error: unknown): ErrorBody {
	if (isAppError(error)) return error.toBody();
	return { code: 'internal', message: 'Internal error' };
}

export function statusOf(body: ErrorBody): number {
	return ERROR_STATUS[body.code];
}
