import { errorResponse } from '$lib/server/http/api';
import { AppError } from '$lib/domain/core/errors';

/** Unknown API paths answer with the error contract, not an HTML page. */
const notFound = () => errorResponse(new AppError('not_found', 'No such API endpoint'));

export const GET = notFound;
export const POST = notFound;
export const PATCH = notFound;
export const PUT = notFound;
export const DELETE = notFound;
