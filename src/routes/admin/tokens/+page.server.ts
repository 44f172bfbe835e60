import type { TokenView } from '$lib/domain/identity/tokens';
import { tokensCollection } from '$lib/server/collections/identity';
import { listRecords } from '$lib/server/collections/registry';
import { readContext } from '$lib/server/http/collection-routes';
import { getRuntime } from '$lib/server/runtime';
import { field, freshKey, keyOf, refused } from '$lib/server/http/form-fields';
import { adminActions } from '../guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent }) => {
	await parent();
	const tokens: TokenView[] = await listRecords(await readContext(locals.actor!), tokensCollection);
	return { tokens, issueKey: freshKey(), defaultNation: locals.actor!.nation };
};

export const actions = adminActions<Actions>({
	/**
	 * The secret is in this one answer and nowhere else. A resubmitted form (same idempotency key)
	 * gets the token back without it: it was shown the first time and cannot be shown again.
	 */
	issue: async ({ locals, request, url }) => {
		const form = await request.formData();
		const values = { name: field(form, 'name', 200), role: field(form, 'role', 20), nation: field(form, 'nation', 10) };
		try {
			const result = await (await getRuntime()).execute(locals.actor, { type: 'tokens.issue', id: keyOf(form), payload: values });
			const secret = typeof result.reply?.secret === 'string' ? result.reply.secret : null;
			const token = result.record as unknown as TokenView;
			return {
				which: 'issue',
				issued: { id: token.id, name: token.name, role: token.role, nation: token.nation },
				secret,
				// The fragment never reaches a server, so the secret does not land in proxy or access logs.
				deviceLink: secret ? `${url.origin}/device#${secret}` : null
			};
		} catch (error) {
			return refused('issue', error, values);
		}
	},

	/** Final and immediate: requests with the token are refused and its live screens are dropped. */
	revoke: async ({ locals, request }) => {
		const form = await request.formData();
		const id = field(form, 'id', 64);
		try {
			await (await getRuntime()).execute(locals.actor, { type: 'tokens.revoke', id: null, payload: { id } });
			return { which: 'revoke', revoked: id };
		} catch (error) {
			return refused('revoke', error, { id });
		}
	}
});
