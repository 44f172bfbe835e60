import { describe, expect, it } from 'vitest';
import type * as Leaflet from 'leaflet';
import { sameBounds, unionBounds, type Bounds } from '$lib/client/map/bounds';
import { MapHost, type MapView } from '$lib/components/map/map-host.svelte';

/** Leaflet's layer groups as the host uses them: on the map or not. */
function fakeLeaflet() {
	const onMap = new Set<object>();
	const map = {} as Leaflet.Map;
	const L = {
		layerGroup() {
			const group = {
				addTo(target: unknown) {
					if (target === map) onMap.add(group);
					return group;
				},
				remove() {
					onMap.delete(group);
					return group;
				}
			};
			return group;
		}
	} as unknown as typeof Leaflet;
	return { view: { L, map } satisfies MapView, onMap };
}

const NORTH: Bounds = [[49, 36], [50, 38]];
const SOUTH: Bounds = [[46, 33], [47.5, 37]];

describe('bounds', () => {
	it('joins boxes and skips layers without one', () => {
		expect(unionBounds([])).toBeNull();
		expect(unionBounds([null, NORTH])).toEqual(NORTH);
		expect(unionBounds([NORTH, null, SOUTH])).toEqual([[46, 33], [50, 38]]);
	});

	it('compares boxes by value', () => {
		expect(sameBounds(NORTH, [[49, 36], [50, 38]])).toBe(true);
		expect(sameBounds(NORTH, SOUTH)).toBe(false);
		expect(sameBounds(null, null)).toBe(true);
		expect(sameBounds(NORTH, null)).toBe(false);
	});
});

describe('map host', () => {
	it('gives each layer its group once the map is up, whenever the layer came', () => {
		const host = new MapHost(() => ({ variant: 'desk', placing: false }));
		const early = host.add('Ceasefire');
		expect(early.group).toBeNull();

		const { view, onMap } = fakeLeaflet();
		host.attach(view);
		expect(host.view).toBe(view);
		expect(onMap.has(early.group!)).toBe(true);

		const late = host.add('Forces');
		expect(onMap.has(late.group!)).toBe(true);
		expect(host.layers.map((l) => l.label)).toEqual(['Ceasefire', 'Forces']);

		host.attach(null);
		expect(early.group).toBeNull();
		expect(onMap.size).toBe(0);
	});

	it('shows and hides a layer by its group, and a hidden layer stays hidden when the map comes up', () => {
		const host = new MapHost(() => ({ variant: 'desk', placing: false }));
		const layer = host.add('Ceasefire');
		layer.setVisible(false);
		const { view, onMap } = fakeLeaflet();
		host.attach(view);
		expect(onMap.has(layer.group!)).toBe(false);

		layer.setVisible(true);
		expect(layer.visible).toBe(true);
		expect(onMap.has(layer.group!)).toBe(true);
		layer.setVisible(false);
		expect(onMap.has(layer.group!)).toBe(false);
	});

	it('fits every layer together, hidden ones too, and a layer that goes takes its group and its bounds along', () => {
		const host = new MapHost(() => ({ variant: 'desk', placing: false }));
		const { view, onMap } = fakeLeaflet();
		host.attach(view);
		const ceasefire = host.add('Ceasefire');
		const forces = host.add('Forces');
		expect(host.bounds).toBeNull();

		ceasefire.setBounds(NORTH);
		forces.setBounds(SOUTH);
		forces.setVisible(false);
		expect(host.bounds).toEqual([[46, 33], [50, 38]]);

		const group = forces.group!;
		host.remove(forces);
		expect(onMap.has(group)).toBe(false);
		expect(host.layers).toEqual([ceasefire]);
		expect(host.bounds).toEqual(NORTH);
	});

	it("keeps a layer's bounds when it reports the same box again (a live update must not refit)", () => {
		const host = new MapHost(() => ({ variant: 'wall', placing: false }));
		const layer = host.add('Ceasefire');
		layer.setBounds(NORTH);
		layer.setBounds([[49, 36], [50, 38]]);
		expect(layer.bounds).toBe(NORTH);
		layer.setBounds(SOUTH);
		expect(host.bounds).toEqual(SOUTH);
	});

	it('reads the base map settings when asked, so they follow its props', () => {
		let placing = false;
		const host = new MapHost(() => ({ variant: 'wall', placing }));
		expect(host.variant).toBe('wall');
		expect(host.placing).toBe(false);
		placing = true;
		expect(host.placing).toBe(true);
	});
});
