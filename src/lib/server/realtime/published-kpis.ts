/**
 * What each audience's screens may hold of the KPIs, so a figure is published to an audience only
 * when it changed for that audience: a partner's screen that gets a KPI delta whose values did not
 * move learns that something it may not see happened.
 */
/** The figures of a KPI record: its `asOf` moves with every computation, whether anything changed or not. */
function figures(record: unknown): string {
	return JSON.stringify({ ...(record as object), asOf: undefined });
}

export class PublishedKpis {
	/** Per room and KPI id, the values (as JSON) that some screen in the room may hold. */
	#held = new Map<string, Set<string>>();

	/** A screen joined the room with these values (snapshot or catch-up). */
	joined(room: string, id: string, record: unknown): void {
		const key = `${room} ${id}`;
		const json = figures(record);
		const held = this.#held.get(key);
		if (held) held.add(json);
		else this.#held.set(key, new Set([json]));
	}

	/** True when some screen in the room may hold other values than these; from now on they hold these. */
	publish(room: string, id: string, record: unknown): boolean {
		const key = `${room} ${id}`;
		const json = figures(record);
		const held = this.#held.get(key);
		if (held && held.size === 1 && held.has(json)) return false;
		this.#held.set(key, new Set([json]));
		return true;
	}

	/** Rooms that emptied: whoever joins later gets the KPIs in its snapshot. */
	forgetAllBut(rooms: ReadonlySet<string>): void {
		for (const key of this.#held.keys()) if (!rooms.has(key.slice(0, key.indexOf(' ')))) this.#held.delete(key);
	}
}
