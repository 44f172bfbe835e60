import { app6d, ms } from 'milsymbol-modules';
import type { Readiness, Unit } from '$lib/domain/forces/units';

// APP-6D only: the numeric codes the contract uses; the letter-based standards stay out of the bundle.
ms.addIcons(app6d);
ms.setStandard('APP6');

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
 * that milsymbol escapes into SVG text, never as markup.
 */
export function unitSymbol(unit: Pick<Unit, 'sidc' | 'name'> & { readiness?: Readiness }, size = 28): DrawnSymbol {
	const symbol = new ms.Symbol(unit.sidc, { size, uniqueDesignation: unit.name, ...(unit.readiness && { additionalInformation: unit.readiness }) });
	const { width, height } = symbol.getSize();
	return { svg: symbol.asSVG(), anchor: symbol.getAnchor(), width, height };
}

/** Whether milsymbol knows the code (the server's check is digit by digit; this one asks the icon tables). */
export function isDrawable(sidc: string): boolean {
	return new ms.Symbol(sidc).isValid() === true;
}
