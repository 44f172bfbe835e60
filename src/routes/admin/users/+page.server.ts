import { usersCollection } from '$lib/server/collections/identity';
import { listRecords } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { getRuntime } from '$lib/server/runtime';
import { field, freshKey, keyOf, refused } from '$lib/server/http/form-fields';
import { adminActions } from '../guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent }) => {
	await parent();
	return { users: await listRecords(await readContext(locals.actor!), usersCollection), me: locals.actor!.id, createKey: freshKey() };
};

export const actions = adminActions<Actions>({
	create: async ({ locals, request }) => {
		const form = await request.formData();
		const values = {
			username: field(form, 'username', 80),
			displayName: field(form, 'displayName', 200),
			role: field(form, 'role', 20),
			nation: field(form, 'nation', 10)
		};
		const displayName = values.displayName.trim();
		const payload = { ...values, displayName: displayName || undefined, password: field(form, 'password', 300) };
		try {
			const result = await (await getRuntime()).execute(locals.actor, { type: 'users.create', id: keyOf(form), payload });
			return { which: 'create', created: result.record as { username?: string } | null, replayed: result.replayed };
		} catch (error) {
			return refused('create', error, values);
		}
	},

	/** Disable or enable from the list; a disabled user's sessions and live screens end at once. */
	access: async ({ locals, request }) => {
		const form = await request.formData();
		const id = field(form, 'id', 64);
		const disabled = field(form, 'disabled', 5) === 'true';
		try {
			await (await getRuntime()).execute(locals.actor, { type: 'users.update', id: keyOf(form), payload: { id, disabled } });
			return { which: 'access', id, disabled };
		} catch (error) {
			return refused('access', error, { id });
		}
	}
});
