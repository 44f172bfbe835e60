import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, isAppError, statusOf, toErrorBody } from '$lib/domain/core/errors';
import { parseOrThrow } from '$lib/domain/core/validation';
import { CreateLogEntry, LOG_TEXT_MAX } from '$lib/domain/cell/watch-log';
import { CreateUser } from '$lib/domain/identity/users';
import { CommandEnvelope } from '$lib/domain/core/protocol';
import { readConfig } from '$lib/server/config';

describe('the error contract', () => {
	it('keeps the code, message and fields of known errors and maps them to HTTP statuses', () => {
		const body = toErrorBody(new AppError('validation', 'Bad', { text: ['Too long'] }));
		expect(body).toEqual({ code: 'validation', message: 'Bad', fields: { text: ['Too long'] } });
		expect(statusOf(body)).toBe(400);
		expect(statusOf({ code: 'conflict', message: '' })).toBe(409);
		expect(statusOf({ code: 'unavailable', message: '' })).toBe(503);
	});

	it('never leaks the message or stack of an unexpected error', () => {
		const body = toErrorBody(new Error('connection to 10.0.0.5 failed: password authentication'));
		expect(body).toEqual({ code: 'internal', message: 'Internal error' });
		expect(JSON.stringify(body)).not.toContain('10.0.0.5');
	});

	it('recognizes its errors by brand, even across copies of the module', () => {
		expect(isAppError(new AppError('forbidden', 'No'))).toBe(true);
		expect(isAppError({ code: 'forbidden', message: 'No' })).toBe(false);
		expect(isAppError(null)).toBe(false);
	});
});

describe('input schemas', () => {
	it('reports every problem by field path', () => {
		const schema = z.strictObject({ a: z.string(), b: z.object({ c: z.number() }) });
		try {
			parseOrThrow(schema, { a: 1, b: { c: 'x' }, extra: true });
			expect.unreachable();
		} catch (error) {
			expect(isAppError(error) && error.fields).toMatchObject({ a: expect.any(Array), 'b.c': expect.any(Array), _: expect.any(Array) });
		}
	});

	it('trims log text, refuses empty, oversized and unknown fields, and does not take __proto__', () => {
		expect(CreateLogEntry.parse({ text: '  hello  ' })).toEqual({ text: 'hello' });
		expect(CreateLogEntry.safeParse({ text: '   ' }).success).toBe(false);
		expect(CreateLogEntry.safeParse({ text: 'x'.repeat(LOG_TEXT_MAX + 1) }).success).toBe(false);
		expect(CreateLogEntry.safeParse({ text: 'hi', authorId: 'me' }).success).toBe(false);
		expect(CreateLogEntry.safeParse(JSON.parse('{"text":"hi","__proto__":{"admin":true}}')).success).toBe(false);
	});

	it('refuses passwords under 12 characters and unknown roles', () => {
		const user = { username: 'duty.officer', password: 'long-enough-pw', role: 'officer', nation: 'FRA' };
		expect(CreateUser.parse({ ...user, username: 'Duty.Officer' }).username).toBe('duty.officer');
		expect(CreateUser.safeParse({ ...user, password: 'short' }).success).toBe(false);
		expect(CreateUser.safeParse({ ...user, role: 'root' }).success).toBe(false);
		expect(CreateUser.safeParse({ ...user, nation: 'fr' }).success).toBe(false);
	});

	it('accepts only well-formed command envelopes', () => {
		expect(CommandEnvelope.safeParse({ type: 'log-entries.create', id: 'abcdefgh', payload: {} }).success).toBe(true);
		expect(CommandEnvelope.safeParse({ type: 'log-entries.create', id: 'short', payload: {} }).success).toBe(false);
		expect(CommandEnvelope.safeParse({ type: 'x'.repeat(65), id: 'abcdefgh' }).success).toBe(false);
		expect(CommandEnvelope.safeParse([]).success).toBe(false);
	});
});

describe('configuration', () => {
	it('runs embedded by default: port 3000, PGlite in ./data, no Redis', () => {
		const config = readConfig({});
		expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, redisUrl: undefined, dataDir: './data' });
	});

	it('treats empty variables as unset and explains invalid ones', () => {
		expect(readConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeUndefined();
		expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
		expect(() => readConfig({ WATCHFLOOR_ADMIN_PASSWORD: 'short' })).toThrow(/12 characters/);
	});

	it('serves the metrics on the loopback interface only, unless told otherwise', () => {
		expect(readConfig({}).metrics).toEqual({ host: '127.0.0.1', port: 9464 });
		expect(readConfig({ METRICS_HOST: '10.0.0.7', METRICS_PORT: '9100' }).metrics).toEqual({ host: '10.0.0.7', port: 9100 });
	});

	it('explains a headers timeout longer than the whole request may take, which Node would refuse', () => {
		expect(() => readConfig({ WATCHFLOOR_HEADERS_TIMEOUT_SECONDS: '30', WATCHFLOOR_REQUEST_TIMEOUT_SECONDS: '20' })).toThrow(/WATCHFLOOR_HEADERS_TIMEOUT_SECONDS/);
		expect(readConfig({ WATCHFLOOR_HEADERS_TIMEOUT_SECONDS: '1', WATCHFLOOR_REQUEST_TIMEOUT_SECONDS: '2' }).httpLimits).toEqual({ headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
	});
});
