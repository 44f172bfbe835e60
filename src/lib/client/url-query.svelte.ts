import { untrack } from 'svelte';
import { page } from '$app/state';
import { replaceState } from '$app/navigation';

/**
 * Keeps the page's query string in step with what `query` gives (filters, the record chosen), so a
 * view can be shared or reloaded as it is. Call it while the page initialises.
 */
export function mirrorInUrl(query: () => URLSearchParams): void {
	$effect(() => {
		const search = query().toString();
		untrack(() => {
			const url = new URL(page.url);
			url.search = search;
			if (url.search === page.url.search) return;
			try {
				replaceState(url, {});
			} catch {
				// The router is not up yet on the very first run; the next change will write the URL.
			}
		});
	});
}
