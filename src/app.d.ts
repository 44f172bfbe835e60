import type { Actor } from '$lib/domain/identity/actor';

declare global {
	namespace App {
		interface Error {
			code: string;
			message: string;
		}
		interface Locals {
			actor: Actor | null;
			/** The session cookie value, when signed in with one (logout needs it). */
			sessionToken: string | null;
		}
	}
}

export {};
