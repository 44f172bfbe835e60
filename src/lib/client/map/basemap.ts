import { feature, mesh } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { FeatureCollection, MultiLineString } from 'geojson';
// Natural Earth 1:50m country shapes from the world-atlas package, emitted as a hashed asset of
// our own origin: the map works with no internet and the CSP allows nothing else.
import countriesUrl from 'world-atlas/countries-50m.json?url';

export interface BaseMap {
	land: FeatureCollection;
	borders: MultiLineString;
}

let cached: Promise<BaseMap> | null = null;

/** Converts the TopoJSON once per page: land polygons, and the borders between countries as lines. */
export function toBaseMap(topology: Topology): BaseMap {
	const countries = topology.objects.countries as GeometryCollection;
	const land = feature(topology, countries) as FeatureCollection;
	const borders = mesh(topology, countries, (a, b) => a !== b);
	return { land, borders };
}

export function loadBaseMap(fetcher: typeof fetch = fetch): Promise<BaseMap> {
	cached ??= fetcher(countriesUrl)
		.then((response) => {
			if (!response.ok) throw new Error(`base map: ${response.status}`);
			return response.json() as Promise<Topology>;
		})
		.then(toBaseMap)
		.catch((error) => {
			cached = null;
			throw error;
		});
	return cached;
}
