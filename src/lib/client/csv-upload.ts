import type { ErrorBody } from '$lib/domain/core/errors';

/** Uploading a CSV file to an import endpoint (`POST /api/v1/<collection>/import`, server/http/csv-import.ts), with progress. */

export type UploadResult<T> = { ok: true; body: T } | { ok: false; status: number; error: ErrorBody };

export interface UploadOptions {
	dryRun: boolean;
	exercise?: boolean;
	/** The endpoint's own query parameters (e.g. a pledge import's releasability). */
	params?: Record<string, string>;
	/** Makes the commit safe to retry: the server records one import per key. */
	idempotencyKey?: string;
	/** Fraction sent, 0..1 (1 once the whole file is sent); null when the browser cannot tell. */
	onProgress?: (fraction: number | null) => void;
	signal?: AbortSignal;
}

export function importUrl(endpoint: string, options: Pick<UploadOptions, 'dryRun' | 'exercise' | 'params'>): string {
	const query = new URLSearchParams(options.params);
	if (options.dryRun) query.set('dryRun', 'true');
	if (options.exercise) query.set('exercise', 'true');
	const q = query.toString();
	return `${endpoint}${q ? `?${q}` : ''}`;
}

/** A body that is not the API's error shape (a proxy's page, a cut connection) still becomes one. */
export function errorOf(status: number, text: string): ErrorBody {
	try {
		const parsed = JSON.parse(text) as { error?: ErrorBody };
		if (parsed?.error?.code && parsed.error.message) return parsed.error;
	} catch {
		// fall through
	}
	if (status === 0) return { code: 'unavailable', message: 'The upload did not reach the server. Your file is still selected: try again.' };
	if (status === 413) return { code: 'payload_too_large', message: 'The file is too large for one import.' };
	return { code: 'internal', message: `The server answered ${status}.` };
}

/**
 * POSTs a CSV file with XMLHttpRequest, the one browser API that reports upload progress. The
 * session cookie goes along (same origin); the answer is parsed as the API's JSON.
 */
export function uploadCsv<T>(endpoint: string, file: Blob, options: UploadOptions): Promise<UploadResult<T>> {
	return new Promise((resolve) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', importUrl(endpoint, options));
		xhr.setRequestHeader('content-type', 'text/csv');
		xhr.setRequestHeader('accept', 'application/json');
		if (options.idempotencyKey) xhr.setRequestHeader('idempotency-key', options.idempotencyKey);
		xhr.upload.onprogress = (event) => options.onProgress?.(event.lengthComputable ? event.loaded / event.total : null);
		// Sent in full, even where the length was unknown: what follows is the server's work.
		xhr.upload.onload = () => options.onProgress?.(1);
		xhr.onload = () => {
			if (xhr.status >= 200 && xhr.status < 300) {
				try {
					resolve({ ok: true, body: JSON.parse(xhr.responseText) as T });
				} catch {
					resolve({ ok: false, status: xhr.status, error: { code: 'internal', message: 'The server sent an answer that cannot be read.' } });
				}
			} else resolve({ ok: false, status: xhr.status, error: errorOf(xhr.status, xhr.responseText) });
		};
		xhr.onerror = () => resolve({ ok: false, status: 0, error: errorOf(0, '') });
		xhr.onabort = () => resolve({ ok: false, status: 0, error: { code: 'unavailable', message: 'Upload cancelled.' } });
		options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
		xhr.send(file);
	});
}
