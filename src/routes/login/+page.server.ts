import { fail, redirect } from '@sveltejs/kit';
import { statusOf, toErrorBody } from '$lib/domain/core/errors';
import { landingFor, safeNext } from '$lib/domain/identity/landing';
import { signIn } from '$lib/server/auth/login-flow';
import { getRuntime } from '$lib/server/runtime';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '').slice(0, 80);
		const password = String(form.get('password') ?? '').slice(0, 256);
		const runtime = await getRuntime();
		let session;
		try {
			session = await signIn(runtime, { username, password, ip: getClientAddress(), cookies, url });
		} catch (error) {
			const body = toErrorBody(error);
			return fail(statusOf(body), { error: body, username });
		}
		// The page the sign-in link asked for wins; otherwise where this role's work is.
		redirect(303, safeNext(form.get('next')) ?? landingFor(session.actor.role));
	}
};
