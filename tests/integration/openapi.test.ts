import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionSpecs } from '$lib/server/collections';
import type { CollectionSpec } from '$lib/server/collections/registry';
import { createBackend, ADMIN_PASSWORD, type Backend } from '../support/backends';
import { REPO_ROOT } from '../support/build';
import { signIn, startServerProcess, tearDown, type ServerProcess } from '../support/server-process';

/**
 * `GET /api/v1/openapi.json` against a production server on the default backend: a valid OpenAPI
 * 3.1 document (checked by an independent validator), listing exactly the routes the server
 * answers (derived from the route files and the registry here, not from the generator), and the
 * server agreeing with it when probed.
 */

type Method = 'get' | 'post' | 'patch' | 'delete';
interface Operation {
	parameters?: { in: string; name: string }[];
	requestBody?: unknown;
	responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
	security?: unknown[];
}
interface Document {
	openapi: string;
	paths: Record<string, Partial<Record<Method, Operation>>>;
	components: { securitySchemes: Record<string, { type: string; in?: string; scheme?: string }> };
}

const API_ROOT = path.join(REPO_ROOT, 'src/routes/api/v1');
const SPECS = collectionSpecs();

/** Every +server.ts under src/routes/api/v1: its folder (e.g. `[collection]/[id]`) and the methods it exports. */
function routeFiles(dir = API_ROOT): { route: string; methods: Method[] }[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return routeFiles(full);
		if (entry.name !== '+server.ts') return [];
		const source = readFileSync(full, 'utf8');
		// `export const GET = …` and `export const { GET, POST } = …`
		const exported = [...source.matchAll(/export const (?:\{([^}]*)\}|(\w+))/g)].flatMap((m) => (m[1] ?? m[2]!).split(',').map((name) => name.trim()));
		return [{ route: path.relative(API_ROOT, dir), methods: exported.filter((name) => /^(GET|POST|PATCH|DELETE|PUT)$/.test(name)).map((name) => name.toLowerCase() as Method) }];
	});
}

/** What each route file with parameters answers, collection by collection: its registry entry decides. */
const EXPANSIONS: Record<string, (spec: CollectionSpec, method: Method) => string[]> = {
	'[collection]': (spec, method) => {
		if (method === 'post') return spec.create ? [spec.name] : [];
		return [spec.name, ...Object.keys(spec.exports ?? {}).map((format) => `${spec.name}.${format}`)];
	},
	'[collection]/[id]': (spec, method) => ((method === 'get' || (method === 'patch' && spec.update) || (method === 'delete' && spec.remove)) ? [`${spec.name}/{id}`] : []),
	'[collection]/[id]/[action]': (spec) => Object.keys(spec.actions ?? {}).map((action) => `${spec.name}/{id}/${action}`),
	'[collection]/[id]/history': (spec) => [`${spec.name}/{id}/history`]
};

/** Every route the server answers, as `METHOD /path` in the document's spelling. */
function answeredRoutes(): Set<string> {
	const routes = new Set<string>();
	for (const { route, methods } of routeFiles()) {
		for (const method of methods) {
			if (!route.includes('[')) {
				routes.add(`${method} /api/v1/${route}`);
				continue;
			}
			const expand = EXPANSIONS[route];
			expect(expand, `the route file ${route} has parameters this test cannot expand: add it to EXPANSIONS`).toBeDefined();
			const paths = SPECS.flatMap((spec) => expand!(spec, method));
			expect(paths.length, `${method.toUpperCase()} ${route} is exported but no collection answers it`).toBeGreaterThan(0);
			for (const p of paths) routes.add(`${method} /api/v1/${p}`);
		}
	}
	return routes;
}

function documentedRoutes(doc: Document): Set<string> {
	return new Set(Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((method) => `${method} ${p}`)));
}

/** A path of the document with its `{id}` filled in with an id of the collection's shape. */
function concrete(p: string): string {
	const spec = SPECS.find((s) => p.startsWith(`/api/v1/${s.name}/`));
	return p.replace('{id}', spec?.idPattern ? 'probe' : randomUUID());
}

let backend: Backend | undefined;
let server: ServerProcess | undefined;
let doc: Document;

describe('GET /api/v1/openapi.json', () => {
	beforeAll(async () => {
		backend = await createBackend('pglite+memory');
		server = await startServerProcess(backend.env);
		const response = await fetch(`${server.url}/api/v1/openapi.json`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		doc = (await response.json()) as Document;
	});
	afterAll(() => tearDown([], server, backend));

	it('is a valid OpenAPI 3.1 document (an independent validator)', async () => {
		const result = await new Validator().validate(doc as never);
		expect(result.errors ?? []).toEqual([]);
		expect(result.valid).toBe(true);
		expect(doc.openapi).toMatch(/^3\.1\./);
	});

	it('lists exactly the routes the server answers: the route files, expanded by the registry', () => {
		const answered = answeredRoutes();
		const documented = documentedRoutes(doc);
		expect([...answered].filter((r) => !documented.has(r)), 'answered but not documented').toEqual([]);
		expect([...documented].filter((r) => !answered.has(r)), 'documented but not answered').toEqual([]);
	});

	it('describes the auth schemes, the error body, the idempotency key and the seq of writes', () => {
		expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'wf_session' });
		expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
		expect(doc.paths['/api/v1/auth/login']!.post!.security).toEqual([]);
		const patch = doc.paths['/api/v1/log-entries/{id}']!.patch!;
		expect(patch.parameters?.map((p) => `${p.in} ${p.name}`)).toEqual(expect.arrayContaining(['header Idempotency-Key', 'path id']));
		expect(patch.responses['200']!.headers).toHaveProperty('X-Watchfloor-Seq');
		for (const status of ['400', '401', '403', '404', '409', '413', '429', '503']) expect(patch.responses[status]).toEqual({ $ref: `#/components/responses/Error${status}` });
		// The body without the fields the path supplies: a workflow step's id and action come from its URL.
		const step = JSON.stringify(doc.paths['/api/v1/violations/{id}/verify']!.post!.requestBody);
		expect(step).toContain('"reason"');
		expect(step).not.toMatch(/"(id|action)"/);
		// Filters are query parameters of every format of the list.
		for (const p of ['/api/v1/violations', '/api/v1/violations.csv']) expect(doc.paths[p]!.get!.parameters?.map((q) => q.name)).toEqual(expect.arrayContaining(['from', 'to', 'category', 'status', 'sector']));
	});

	it('the server answers every documented operation (none is the catch-all 404 or a 405)', async () => {
		for (const [p, item] of Object.entries(doc.paths)) {
			for (const method of Object.keys(item)) {
				const response = await fetch(`${server!.url}${concrete(p)}`, { method: method.toUpperCase() });
				const text = await response.text();
				expect(response.status, `${method} ${p}: ${text}`).not.toBe(405);
				expect(text, `${method} ${p}`).not.toContain('No such API endpoint');
			}
		}
	});

	it('the server refuses what the document leaves out', async () => {
		for (const spec of SPECS) {
			const record = `/api/v1/${spec.name}/{id}`;
			for (const method of ['patch', 'delete'] as const) {
				if (doc.paths[record]![method]) continue;
				const response = await fetch(`${server!.url}${concrete(record)}`, { method: method.toUpperCase() });
				expect(response.status, `${method} ${record}`).toBe(404);
			}
			if (!doc.paths[`/api/v1/${spec.name}`]!.post) expect((await fetch(`${server!.url}/api/v1/${spec.name}`, { method: 'POST' })).status).toBe(404);
			if (!doc.paths[`/api/v1/${spec.name}.csv`]) expect((await fetch(`${server!.url}/api/v1/${spec.name}.csv`)).status).toBe(404);
		}
	});

	it('each documented list answers a signed-in admin with a documented content type', async () => {
		const cookie = await signIn(server!.url, 'admin', ADMIN_PASSWORD);
		for (const [p, item] of Object.entries(doc.paths)) {
			if (!item.get || p.includes('{')) continue;
			const response = await fetch(`${server!.url}${p}`, { headers: { cookie } });
			expect(response.status, p).toBe(200);
			const type = response.headers.get('content-type')!.split(';')[0];
			expect(Object.keys(item.get.responses['200']!.content!).map((t) => t.split(';')[0]), p).toContain(type);
		}
	});
});
