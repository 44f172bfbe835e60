import { fail, redirect } from '@sveltejs/kit';
import { statusOf, toErrorBody } from '$lib/domain/core/errors';
import { homePage } from '$lib/domain/identity/roles';
import { signIn } from '$lib/server/auth/login-flow';
import { getRuntime } from '$lib/server/runtime';
import type { Actions } from './$types';

/** Only same-site paths: a login link must not bounce the officer to another site. Without one, the role's own first page. */
function safeNext(next: FormDataEntryValue | null, home: string): string {
	const path = typeof next === 'string' ? next : '';
	return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : home;
}

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '').slice(0, 80);
		const password = String(form.get('password') ?? '').slice(0, 256);
		const runtime = await getRuntime();
		let home: string;
		try {
			home = homePage((await signIn(runtime, { username, password, ip: getClientAddress(), cookies, url })).actor.role);
		} catch (error) {
			const body = toErrorBody(error);
			return fail(statusOf(body), { error: body, username });
		}
		redirect(303, safeNext(form.get('next'), home));
	}
};
