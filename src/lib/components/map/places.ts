/** Towns for orientation on the offline base map (lat, lon; rounded, public knowledge). */
export const PLACES: readonly { name: string; lat: number; lon: number; capital?: boolean }[] = [
	{ name: 'Kyiv', lat: 50.45, lon: 30.52, capital: true },
	{ name: 'Kharkiv', lat: 49.99, lon: 36.23 },
	{ name: 'Dnipro', lat: 48.46, lon: 35.05 },
	{ name: 'Zaporizhzhia', lat: 47.84, lon: 35.14 },
	{ name: 'Donetsk', lat: 48.0, lon: 37.8 },
	{ name: 'Luhansk', lat: 48.57, lon: 39.31 },
	{ name: 'Kramatorsk', lat: 48.72, lon: 37.56 },
	{ name: 'Mariupol', lat: 47.1, lon: 37.55 },
	{ name: 'Kherson', lat: 46.64, lon: 32.61 },
	{ name: 'Mykolaiv', lat: 46.97, lon: 31.99 },
	{ name: 'Odesa', lat: 46.48, lon: 30.72 },
	{ name: 'Sumy', lat: 50.91, lon: 34.8 },
	{ name: 'Poltava', lat: 49.59, lon: 34.55 },
	{ name: 'Melitopol', lat: 46.85, lon: 35.37 },
	{ name: 'Simferopol', lat: 44.95, lon: 34.1 }
];
