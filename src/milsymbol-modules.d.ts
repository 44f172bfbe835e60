/**
 * milsymbol's ES module entry (aliased in svelte.config.js): the same library, one standard at a time.
 * Its published types describe the bundle, which has every standard loaded and no `addIcons`.
 */
declare module 'milsymbol-modules' {
	type Bundle = typeof import('milsymbol').default;
	export const ms: Bundle & { addIcons(icons: unknown): Bundle };
	/** APP-6D's icons. */
	export const app6d: unknown;
}
