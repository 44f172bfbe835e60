import type { Role } from '$lib/domain/identity/roles';
import { ticking } from '../clock.svelte';
import { CommandSender } from '../command-state.svelte';
import { getLiveConnection } from '../live.svelte';
import { supportRights, type SupportRights } from './rights';
import { liveOrLoaded, type LoadedPicture } from '../live-source';
import { SupportView } from './view.svelte';
import { failedPost, supportWrites, type FailedPost } from './writes';

/** What a support page hands its desk: who reads it, its form action's answer, what the server read. */
export interface DeskInput {
	actor: { role: Role; nation: string } | null;
	form: Parameters<typeof failedPost>[0];
	initial: LoadedPicture;
}

/**
 * What every support page sets up: the typed view over the live store (seeded with the server's
 * read), the clock whose day judges what is overdue, the writes over the socket, what this user
 * may do, and a plain post that came back refused. Call it while the page initialises.
 */
export function supportDesk(input: () => DeskInput, scope: { readonly donor?: string } = {}) {
	const live = getLiveConnection();
	const clock = ticking(30_000);
	const support = new SupportView(
		liveOrLoaded(live, () => input().initial),
		clock,
		scope
	);
	const writes = supportWrites(new CommandSender(live));
	// The page is behind sign-in: without an actor there is nothing to offer.
	const rights = $derived(supportRights(input().actor?.role ?? 'wall', input().actor?.nation ?? ''));
	const failed = $derived(failedPost(input().form));
	return {
		live,
		clock,
		support,
		writes,
		get rights(): SupportRights {
			return rights;
		},
		get failed(): FailedPost | null {
			return failed;
		}
	};
}
