import { fail, redirect } from '@sveltejs/kit';
import { statusOf, toErrorBody } from '$lib/domain/errors';
import { login, setSessionCookie } from '$lib/server/auth/sessions';
import { getRuntime } from '$lib/server/runtime';
import type { Actions } from './$types';

/** Only same-site paths: a login link must not bounce the officer to another site. */
function safeNext(next: FormDataEntryValue | null): string {
	const path = typeof next === 'string' ? next : '';
	return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/log';
}

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '').slice(0, 80);
		const password = String(form.get('password') ?? '').slice(0, 256);
		const runtime = await getRuntime();
		try {
			const session = await login(runtime.database.db, { username, password }, runtime.config.sessionHours);
			setSessionCookie(cookies, url, session.token, session.expiresAt);
		} catch (error) {
			const body = toErrorBody(error);
			return fail(statusOf(body), { error: body, username });
		}
		redirect(303, safeNext(form.get('next')));
	}
};
