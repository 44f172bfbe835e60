import type { Actor } from '$lib/domain/actor';

declare global {
	namespace App {
		interface Error {
			code: string;
			message: string;
		}
		interface Locals {
			actor: Actor | null;
			sessionId: string | null;
		}
	}
}

export {};
