import { error } from '@sveltejs/kit';
import { isAppError } from '$lib/domain/core/errors';
import type { Actor } from '$lib/domain/identity/actor';
import { usersCollection } from '$lib/server/collections/identity';
import { getRecord } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { getRuntime } from '$lib/server/runtime';
import { field, freshKey, invalid, keyOf, refused } from '$lib/server/http/form-fields';
import { adminActions } from '../../guard';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function find(admin: Actor, id: string) {
	if (!UUID.test(id)) error(404, { code: 'not_found', message: 'No such user' });
	try {
		return await getRecord(await readContext(admin), usersCollection, id);
	} catch (e) {
		if (isAppError(e) && e.code === 'not_found') error(404, { code: 'not_found', message: 'No such user' });
		throw e;
	}
}

export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent();
	return { user: await find(locals.actor!, params.id), isMe: locals.actor!.id === params.id, keys: { details: freshKey(), password: freshKey() } };
};

export const actions = adminActions<Actions>({
	/** Only what differs is sent: the audit trail then shows exactly what the admin changed. */
	details: async ({ locals, request, params }) => {
		const form = await request.formData();
		const current = await find(locals.actor!, params.id);
		const values = { displayName: field(form, 'displayName', 200), role: field(form, 'role', 20), nation: field(form, 'nation', 10) };
		const changes: Record<string, string> = {};
		if (values.displayName.trim() !== current.displayName) changes.displayName = values.displayName;
		if (values.role !== current.role) changes.role = values.role;
		if (values.nation !== current.nation) changes.nation = values.nation;
		if (Object.keys(changes).length === 0) return invalid('details', { _: ['Nothing changed: edit a field first'] }, values);
		try {
			await (await getRuntime()).execute(locals.actor, { type: 'users.update', id: keyOf(form), payload: { id: current.id, ...changes } });
			return { which: 'details', saved: Object.keys(changes) };
		} catch (e) {
			return refused('details', e, values);
		}
	},

	access: async ({ locals, request, params }) => {
		const form = await request.formData();
		const disabled = field(form, 'disabled', 5) === 'true';
		try {
			await (await getRuntime()).execute(locals.actor, { type: 'users.update', id: null, payload: { id: params.id, disabled } });
			return { which: 'access', disabled };
		} catch (e) {
			return refused('access', e, {});
		}
	},

	/** A reset ends the user's sessions everywhere: they sign in again with the new password. */
	password: async ({ locals, request, params }) => {
		const form = await request.formData();
		const password = field(form, 'password', 300);
		const confirm = field(form, 'confirm', 300);
		if (password !== confirm) return invalid('password', { confirm: ['The two passwords differ'] }, {});
		try {
			await (await getRuntime()).execute(locals.actor, { type: 'users.update', id: keyOf(form), payload: { id: params.id, password } });
			return { which: 'password', reset: true };
		} catch (e) {
			return refused('password', e, {});
		}
	}
});
