import { createContext, type Snippet } from 'svelte';
import type * as Leaflet from 'leaflet';
import { sameBounds, unionBounds, type Bounds } from '$lib/client/map/bounds';

export type MapVariant = 'desk' | 'wall';

/** What a layer draws with once the base map is up: Leaflet (with leaflet.markercluster) and the map. */
export interface MapView {
	L: typeof Leaflet;
	map: Leaflet.Map;
}

/**
 * One guarantee's layer on the base map. The layer draws into `group`, so the layer toggles show
 * and hide all of it at once without the base map knowing what it holds.
 */
export class MapLayer {
	readonly label: string;
	/** The layer's part of the map's legend. */
	readonly legend: Snippet | undefined;
	#visible = $state(true);
	#bounds = $state.raw<Bounds | null>(null);
	#group = $state.raw<Leaflet.LayerGroup | null>(null);
	#map: Leaflet.Map | null = null;

	constructor(label: string, legend: Snippet | undefined) {
		this.label = label;
		this.legend = legend;
	}

	get visible(): boolean {
		return this.#visible;
	}
	/** What the map keeps in view for this layer until the officer moves it (the ceasefire: its sectors). */
	get bounds(): Bounds | null {
		return this.#bounds;
	}
	/** Null until the map is up. */
	get group(): Leaflet.LayerGroup | null {
		return this.#group;
	}

	setBounds(bounds: Bounds | null): void {
		// A live update that leaves the box as it was must not refit the map.
		if (!sameBounds(bounds, this.#bounds)) this.#bounds = bounds;
	}

	setVisible(visible: boolean): void {
		this.#visible = visible;
		if (!this.#group || !this.#map) return;
		if (visible) this.#group.addTo(this.#map);
		else this.#group.remove();
	}

	attach({ L, map }: MapView): void {
		this.#map = map;
		this.#group = L.layerGroup();
		if (this.#visible) this.#group.addTo(map);
	}

	detach(): void {
		this.#group?.remove();
		this.#group = null;
		this.#map = null;
	}
}

/** The base map as its layers see it: they register here, and draw once `view` is set. */
export class MapHost {
	#view = $state.raw<MapView | null>(null);
	#layers = $state.raw<readonly MapLayer[]>([]);
	#bounds = $derived(unionBounds(this.#layers.map((layer) => layer.bounds)));
	#settings: () => { variant: MapVariant; placing: boolean };

	/** `settings` is read on every use, so it may read the base map's props. */
	constructor(settings: () => { variant: MapVariant; placing: boolean }) {
		this.#settings = settings;
	}

	get view(): MapView | null {
		return this.#view;
	}
	get layers(): readonly MapLayer[] {
		return this.#layers;
	}
	/** The wall shows no controls and never reacts to the pointer. */
	get variant(): MapVariant {
		return this.#settings().variant;
	}
	/** A click on the map places a new record (the page passed `onplace`). */
	get placing(): boolean {
		return this.#settings().placing;
	}
	/** Every layer's bounds together, hidden layers' too: toggling a layer never moves the map. */
	get bounds(): Bounds | null {
		return this.#bounds;
	}

	/** Called by a layer component as it starts; it calls `remove` as it ends. */
	add(label: string, legend?: Snippet): MapLayer {
		const layer = new MapLayer(label, legend);
		if (this.#view) layer.attach(this.#view);
		this.#layers = [...this.#layers, layer];
		return layer;
	}

	remove(layer: MapLayer): void {
		layer.detach();
		this.#layers = this.#layers.filter((l) => l !== layer);
	}

	/** Called by the base map once Leaflet and the map are up, and with null as the map goes. */
	attach(view: MapView | null): void {
		for (const layer of this.#layers) {
			if (view) layer.attach(view);
			else layer.detach();
		}
		this.#view = view;
	}
}

export const [getMapHost, setMapHost] = createContext<MapHost>();
