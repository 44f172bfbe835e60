import { describe, expect, it } from 'vitest';
import { allowImagesFrom, tileOrigin, tileUrlOf } from '$lib/server/http/tile-url';

describe('TILE_URL and the CSP', () => {
	it('takes a tile template, refuses anything else', () => {
		expect(tileUrlOf('https://tiles.example/{z}/{x}/{y}.png')).toBe('https://tiles.example/{z}/{x}/{y}.png');
		expect(tileUrlOf('/tiles/{z}/{x}/{y}.png')).toBe('/tiles/{z}/{x}/{y}.png');
		expect(tileUrlOf('https://tiles.example/x.png')).toBeNull();
		expect(tileUrlOf('javascript:alert(1)//{z}')).toBeNull();
		expect(tileUrlOf(undefined)).toBeNull();
	});

	it('names the origin to allow: scheme, host and port; a {s} subdomain as *.; none for a same-origin path', () => {
		expect(tileOrigin('https://Tiles.Example:8443/{z}/{x}/{y}.png')).toBe('https://tiles.example:8443');
		expect(tileOrigin('http://{s}.tiles.example/{z}/{x}/{y}.png')).toBe('http://*.tiles.example');
		expect(tileOrigin('/tiles/{z}/{x}/{y}.png')).toBeNull();
		expect(tileOrigin('https://user@tiles.example/{z}/{x}/{y}.png')).toBeNull();
		expect(tileOrigin(undefined)).toBeNull();
	});

	it("adds the origin to img-src only, once", () => {
		const policy = "default-src 'self'; img-src 'self' data: blob:; connect-src 'self' ws: wss:";
		const widened = allowImagesFrom(policy, 'https://tiles.example');
		expect(widened).toBe("default-src 'self'; img-src 'self' data: blob: https://tiles.example; connect-src 'self' ws: wss:");
		expect(allowImagesFrom(widened, 'https://tiles.example')).toBe(widened);
		expect(allowImagesFrom("img-src 'self'", 'https://tiles.example')).toBe("img-src 'self' https://tiles.example");
		expect(allowImagesFrom("default-src 'self'", 'https://tiles.example')).toBe("default-src 'self'");
	});
});
