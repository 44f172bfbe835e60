import {
	ms,
	numberair,
	numberairmissile,
	numberdismountedindividual,
	numberlandcivilian,
	numberlandequipment,
	numberlandinstallation,
	numberlandunit,
	numberminewarfare,
	numbersea,
	numbersubsurface
} from 'milsymbol-modules';
import type { Readiness, Unit } from '$lib/domain/forces/units';

// APP-6D only, and of it only the symbol sets a unit may have (DOMAIN_SYMBOL_SETS: air, land, sea and
// below it): the letter-based standards, control measures, space and the rest stay out of the bundle.
ms.addIcons([numberair, numberairmissile, numberlandunit, numberlandcivilian, numberlandequipment, numberlandinstallation, numberdismountedindividual, numbersea, numbersubsurface, numberminewarfare]);
ms.setStandard('APP6');

/**
 * milsymbol draws its lines and echelon marks in black, made for paper and light maps; a light
 * outline keeps them readable on the ops room's dark map and tables.
 */
const ON_DARK = { outlineWidth: 3, outlineColor: 'rgb(223,232,242)' };

export interface DrawnSymbol {
	svg: string;
	/** Where the symbol's insertion point is, from its top left, for map anchors. */
	anchor: { x: number; y: number };
	width: number;
	height: number;
}

/**
 * A unit's symbol as SVG text. milsymbol builds it from the 20-digit code alone; the readiness goes
 * in the label beside it, never only in a colour. User text (the name) is passed as an amplifier
 * that milsymbol escapes into SVG text, never as markup. Without a name or readiness, the bare symbol.
 */
export function unitSymbol(unit: Pick<Unit, 'sidc'> & { name?: string; readiness?: Readiness }, size = 28): DrawnSymbol {
	const symbol = new ms.Symbol(unit.sidc, {
		size,
		...ON_DARK,
		...(unit.name && { uniqueDesignation: unit.name }),
		...(unit.readiness && { additionalInformation: unit.readiness })
	});
	const { width, height } = symbol.getSize();
	return { svg: symbol.asSVG(), anchor: symbol.getAnchor(), width, height };
}

/** Whether milsymbol knows the code (the server's check is digit by digit; this one asks the icon tables). */
export function isDrawable(sidc: string): boolean {
	return new ms.Symbol(sidc).isValid() === true;
}

export interface SymbolImage {
	/** A `data:` URL of the SVG, for an <img>: the CSP allows data: images, and nothing in it can run. */
	src: string;
	/** What the symbol shows, in words, for its alt text: "friend ground, battalion/squadron, exercise". */
	description: string;
	anchor: { x: number; y: number };
	width: number;
	height: number;
}

const images = new Map<string, SymbolImage>();

/** The bare symbol of a code as an image source, drawn once per code and size however often a table or map asks. */
export function symbolImage(sidc: string, size = 28): SymbolImage {
	const key = `${sidc}|${size}`;
	let image = images.get(key);
	if (!image) {
		const { svg, ...box } = unitSymbol({ sidc }, size);
		image = { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, description: describe(sidc), ...box };
		images.set(key, image);
	}
	return image;
}

function describe(sidc: string): string {
	const { affiliation, dimension, echelon, context } = new ms.Symbol(sidc).getMetadata();
	const parts = [`${affiliation} ${dimension}`.toLowerCase(), echelon?.toLowerCase(), context && context !== 'Reality' ? context.toLowerCase() : ''];
	return parts.filter(Boolean).join(', ');
}
