import { isAppError, type AppError } from '$lib/domain/core/errors';

/** The AppError a rule throws, for a test to look at; anything else thrown, or nothing, fails the test. */
export function thrown(fn: () => unknown): AppError {
	try {
		fn();
	} catch (error) {
		if (isAppError(error)) return error;
		throw error;
	}
	throw new Error('expected an AppError, nothing was thrown');
}
