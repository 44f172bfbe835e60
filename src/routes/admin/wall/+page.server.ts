import { wallSettingsOf } from '$lib/domain/cell/wall-settings';
import { settingsCollection } from '$lib/server/collections/cell';
import { listRecords } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { getRuntime } from '$lib/server/runtime';
import { field, freshKey, keyOf, refused } from '$lib/server/http/forms';
import { adminActions } from '../guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent }) => {
	await parent();
	const records = await listRecords(await readContext(locals.actor!), settingsCollection);
	return { settings: wallSettingsOf(records), saveKey: freshKey() };
};

export const actions = adminActions<Actions>({
	/** The same command as `PATCH /api/v1/settings/wall`: every wall applies it as its delta arrives. */
	save: async ({ locals, request }) => {
		const form = await request.formData();
		const seconds = field(form, 'seconds', 10).trim();
		const values = { rotate: form.get('rotate') === 'on' ? 'on' : '', panels: form.getAll('panels').filter((p): p is string => typeof p === 'string').slice(0, 20).map((p) => p.slice(0, 40)).join(','), seconds };
		// A number when it is one; otherwise the text as typed, for the schema to refuse with its own message.
		const payload = { rotate: values.rotate === 'on', panels: values.panels ? values.panels.split(',') : [], seconds: /^\d{1,6}$/.test(seconds) ? Number(seconds) : seconds };
		try {
			await (await getRuntime()).execute(locals.actor, { type: 'settings.wall', id: keyOf(form), payload });
			return { which: 'save', saved: true };
		} catch (error) {
			return refused('save', error, values);
		}
	}
});
