import { AppError } from '../core/errors';
import { canSee, type Releasability } from '../core/releasability';
import { viewerOf, type Actor } from './actor';
import { isCellStaff } from './roles';

/**
 * Nation-scoped contribution (DESIGN.md): a partner writes only for its own nation (403 otherwise),
 * and only what its own nation may see (400 otherwise), so it never writes a record it cannot read
 * back. The cell's staff may write for any nation; PERMISSIONS says which roles may write at all.
 */
export function checkContribution(actor: Actor, nation: string, releasableTo?: Releasability): void {
	if (isCellStaff(actor.role)) return;
	if (nation !== actor.nation) throw new AppError('forbidden', `A partner of ${actor.nation} may act for ${actor.nation} only, not for ${nation}`);
	if (releasableTo !== undefined && !canSee(viewerOf(actor), releasableTo)) {
		throw new AppError('validation', `What a partner writes must be releasable to its own nation (${actor.nation})`, {
			releasableTo: [`Needs "coalition" or a list that includes ${actor.nation}`]
		});
	}
}
