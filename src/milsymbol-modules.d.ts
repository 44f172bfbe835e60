/**
 * milsymbol's ES module entry (aliased in svelte.config.js): the same library, one standard at a time.
 * Its published types describe the bundle, which has every standard loaded and no `addIcons`.
 */
declare module 'milsymbol-modules' {
	type Bundle = typeof import('milsymbol').default;
	export const ms: Bundle & { addIcons(icons: unknown): Bundle };
	/** APP-6D's icons, every symbol set. */
	export const app6d: unknown;
	/** APP-6D / 2525D icons one symbol set at a time (digits 5–6 of the code). */
	export const numberair: unknown;
	export const numberairmissile: unknown;
	export const numberlandunit: unknown;
	export const numberlandcivilian: unknown;
	export const numberlandequipment: unknown;
	export const numberlandinstallation: unknown;
	export const numberdismountedindividual: unknown;
	export const numbersea: unknown;
	export const numbersubsurface: unknown;
	export const numberminewarfare: unknown;
}
