import type { Marked } from '$lib/domain/cell/sitrep';
import type { CollectionName } from '$lib/domain/core/collections';
import { collectionSpec } from '../collections';
import { markingsOf, type ReadContext } from '../collections/registry';

/**
 * What figures counted over these collections are made of, as marking parts: every releasability and
 * exercise flag among the records the reader may see in them. A figure is as restricted as what it counts.
 */
export async function countedIn(ctx: ReadContext, collections: readonly CollectionName[]): Promise<Marked[]> {
	return (await Promise.all(collections.map((name) => markingsOf(ctx, collectionSpec(name)!)))).flat();
}
