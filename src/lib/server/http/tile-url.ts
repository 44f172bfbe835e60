/**
 * TILE_URL, the optional internal tile server, is read when the server runs, not when it is built:
 * the same build serves an air-gapped floor (no TILE_URL, the bundled base map) and a site with its
 * own tile server. SvelteKit's CSP (kit.csp in svelte.config.js) is fixed at build time, so the
 * tile server's origin is added to `img-src` per response instead (hooks.server.ts).
 */

const TEMPLATE = /^(https?:\/\/|\/)[^\s"'<>]*\{z\}[^\s"'<>]*$/;

/** A raster tile template (`https://tiles.example/{z}/{x}/{y}.png` or a same-origin path); anything else: null, and the offline map is used. */
export function tileUrlOf(value: string | undefined): string | null {
	if (!value) return null;
	return TEMPLATE.test(value) ? value : null;
}

/**
 * The CSP source that lets the browser load the template's tiles: its scheme and host (with the
 * port), `*.` for a `{s}` subdomain placeholder; null for a same-origin path ('self' covers it) or a
 * host that is not a plain name.
 */
export function tileOrigin(value: string | undefined): string | null {
	const template = tileUrlOf(value);
	const match = template && /^(https?):\/\/([^/?#]+)/i.exec(template);
	if (!match) return null;
	const host = match[2]!.toLowerCase().replace(/^\{[a-z]+\}\./, '*.');
	return /^(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/.test(host) ? `${match[1]!.toLowerCase()}://${host}` : null;
}

/** The policy with `source` added to its img-src directive (unchanged when it has none or already allows it). */
export function allowImagesFrom(policy: string, source: string): string {
	return policy.replace(/(^|;)(\s*img-src)([^;]*)/, (whole, start: string, name: string, sources: string) =>
		sources.split(/\s+/).includes(source) ? whole : `${start}${name}${sources.trimEnd()} ${source}`
	);
}
