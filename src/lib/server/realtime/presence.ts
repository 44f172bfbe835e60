import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PRESENCE_COLLECTION, PresenceRecord, type Presence, type View } from '$lib/domain/cell/presence';
import type { Delta, WireRecord } from '$lib/domain/core/protocol';
import type { Logger } from '../logger';
import type { LiveNamespace } from './live-namespace';

/** Removals kept for screens that resume; one resuming from before the oldest gets a snapshot. */
const REMOVALS_KEPT = 10_000;
/**
 * Nodes learn of each other's screens within a second or so, so two nodes may have published the
 * same changes in another order: a screen that resumes on another node gets this much of the roster's
 * latest changes again, at new seqs; at most every REPUBLISH_EVERY_MS, so a storm of resuming cell
 * screens (a node restarting under a wall of them) does not send the roster round again with each.
 */
const REPUBLISH_MS = 10_000;
const REPUBLISH_EVERY_MS = 2_000;

type Change = { id: string; record: Presence | null };

const wire = (screen: Presence) => screen as unknown as WireRecord;

/**
 * The cluster's connected screens, as this process knows them: its own sockets, and each other
 * node's as it last announced them. What the cell's screens were told is kept with the seq it went
 * out at, so a snapshot carries exactly that and a resume gets what changed since its seq.
 */
export class PresenceRoster {
	#local = new Map<string, Presence>();
	#nodes = new Map<string, { screens: Map<string, Presence>; json: string; heardAt: number }>();
	#published = new Map<string, { record: Presence; json: string; seq: number }>();
	/** When each screen's record was last published, added or removed, for republishing. */
	#publishedAt = new Map<string, number>();
	/** Screens to publish again, changed or not. */
	#again = new Set<string>();
	#republishedAt = Number.NEGATIVE_INFINITY;
	#removals: { id: string; seq: number }[] = [];
	/** Removals at or below this seq were dropped from #removals. */
	#removalsFloor = 0;
	#changed: () => void;
	#localChanged: () => void = () => {};

	/** `changed` is told whenever the roster differs from what was last published. */
	constructor(
		changed: () => void,
		private readonly removalsKept = REMOVALS_KEPT
	) {
		this.#changed = changed;
	}

	/** Told when this process's own screens change (the other nodes are to hear of it). */
	onLocalChange(listener: () => void): void {
		this.#localChanged = listener;
	}

	#changedHere(): void {
		this.#localChanged();
		this.#changed();
	}

	/** This process's screens, for the other nodes. */
	get local(): Presence[] {
		return [...this.#local.values()];
	}

	arrived(screen: Presence): void {
		this.#local.set(screen.id, screen);
		this.#changedHere();
	}

	viewed(id: string, view: View | null): void {
		const screen = this.#local.get(id);
		if (!screen || screen.view === view) return;
		this.#local.set(id, { ...screen, view });
		this.#changedHere();
	}

	left(id: string): void {
		if (this.#local.delete(id)) this.#changedHere();
	}

	/** Another node's screens as it announced them now (all of them), or null when it stopped. */
	fromNode(node: string, screens: readonly Presence[] | null, now = Date.now()): void {
		if (!screens) {
			if (this.#nodes.delete(node)) this.#changed();
			return;
		}
		const json = JSON.stringify(screens);
		const known = this.#nodes.get(node);
		this.#nodes.set(node, { screens: new Map(screens.map((s) => [s.id, s])), json, heardAt: now });
		// The 15-second heartbeat mostly repeats what is known: only a change is worth a publication.
		if (known?.json !== json) this.#changed();
	}

	/** Forgets nodes not heard from since `before` (they died without saying so). */
	forgetSilentNodes(before: number): void {
		let forgot = false;
		for (const [node, { heardAt }] of this.#nodes) if (heardAt < before) forgot = this.#nodes.delete(node);
		if (forgot) this.#changed();
	}

	#current(): Map<string, Presence> {
		const all = new Map(this.#local);
		for (const { screens } of this.#nodes.values()) for (const [id, screen] of screens) all.set(id, screen);
		return all;
	}

	/** What the published picture lacks: a screen new or changed, or gone. */
	#changes(): Change[] {
		const current = this.#current();
		const changes: Change[] = [];
		for (const [id, record] of current) {
			if (this.#again.has(id) || this.#published.get(id)?.json !== JSON.stringify(record)) changes.push({ id, record });
		}
		for (const id of this.#published.keys()) if (!current.has(id)) changes.push({ id, record: null });
		for (const id of this.#again) if (!current.has(id) && !this.#published.has(id)) changes.push({ id, record: null });
		return changes;
	}

	/** How many changes wait to be published (each needs a seq of its own). */
	pending(): number {
		return this.#changes().length;
	}

	/**
	 * Publishes as many of the waiting changes as there are seqs (ascending, reserved between events),
	 * returning the deltas for the cell's screens; what is left waits for the next publication.
	 */
	publish(seqs: readonly number[], now = Date.now()): Delta[] {
		const changes = this.#changes();
		for (const [id, at] of this.#publishedAt) if (at < now - REPUBLISH_MS) this.#publishedAt.delete(id);
		const deltas = changes.slice(0, seqs.length).map(({ id, record }, i): Delta => {
			const seq = seqs[i]!;
			this.#again.delete(id);
			this.#publishedAt.set(id, now);
			if (record) {
				this.#published.set(id, { record, json: JSON.stringify(record), seq });
				return { seq, collection: PRESENCE_COLLECTION, op: 'upsert', id, record: wire(record) };
			}
			this.#published.delete(id);
			this.#removals.push({ id, seq });
			return { seq, collection: PRESENCE_COLLECTION, op: 'remove', id };
		});
		if (this.#removals.length > this.removalsKept + (this.removalsKept >> 2)) {
			const dropped = this.#removals.length - this.removalsKept;
			this.#removalsFloor = this.#removals[dropped - 1]!.seq;
			this.#removals = this.#removals.slice(dropped);
		}
		if (changes.length > seqs.length) this.#changed();
		return deltas;
	}

	/** The screens as the cell's screens were last told: a snapshot's `presence`. */
	published(): Presence[] {
		return [...this.#published.values()].map((p) => p.record);
	}

	/**
	 * What a cell screen that saw everything up to `afterSeq` missed; null when removals it missed were
	 * forgotten. It may come from another node, whose latest changes went out in another order: those
	 * go out again in the next publication.
	 */
	since(afterSeq: number, now = Date.now()): Delta[] | null {
		if (afterSeq < this.#removalsFloor) return null;
		if (now - this.#republishedAt >= REPUBLISH_EVERY_MS) {
			this.#republishedAt = now;
			for (const [id, at] of this.#publishedAt) if (at >= now - REPUBLISH_MS) this.#again.add(id);
			if (this.#again.size) this.#changed();
		}
		const deltas: Delta[] = [];
		for (const [id, { record, seq }] of this.#published) if (seq > afterSeq) deltas.push({ seq, collection: PRESENCE_COLLECTION, op: 'upsert', id, record: wire(record) });
		for (const { id, seq } of this.#removals) if (seq > afterSeq) deltas.push({ seq, collection: PRESENCE_COLLECTION, op: 'remove', id });
		return deltas.sort((a, b) => a.seq - b.seq);
	}
}

/** How often a node announces its screens whatever happened, and after how long a silent one is forgotten. */
const ANNOUNCE_EVERY_MS = 15_000;
const SILENT_AFTER_MS = 45_000;
/** A burst of arrivals (a reconnect storm) is announced once. */
const ANNOUNCE_THROTTLE_MS = 500;

/** Between the nodes of a cluster, over the Socket.IO Redis adapter's channel (serverSideEmit). */
export const NodeAnnouncement = z.union([
	z.strictObject({ node: z.string().max(64), hello: z.literal(true) }),
	z.strictObject({ node: z.string().max(64), screens: z.array(PresenceRecord).max(200_000).nullable() })
]);
export type NodeAnnouncement = z.infer<typeof NodeAnnouncement>;

export interface NodeChannel {
	emit(announcement: NodeAnnouncement): void;
	on(listener: (announcement: unknown) => void): void;
}

/**
 * Keeps every node's roster whole: each announces its own screens when they change (throttled), every
 * 15 s anyway, and when it starts (asking the others for theirs) or stops; a node silent for 45 s
 * died, and its screens are dropped. Returns the function that says goodbye and stops.
 */
export function shareRosterAcrossNodes(roster: PresenceRoster, channel: NodeChannel, logger: Logger): () => void {
	const node = randomUUID();
	let throttle: NodeJS.Timeout | undefined;
	const announce = () => {
		clearTimeout(throttle);
		throttle = undefined;
		channel.emit({ node, screens: roster.local });
	};
	roster.onLocalChange(() => (throttle ??= setTimeout(announce, ANNOUNCE_THROTTLE_MS)));
	channel.on((raw) => {
		const parsed = NodeAnnouncement.safeParse(raw);
		if (!parsed.success) return logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'ignored a malformed presence announcement');
		const message = parsed.data;
		if (message.node === node) return;
		if ('hello' in message) announce();
		else roster.fromNode(message.node, message.screens);
	});
	const heartbeat = setInterval(() => {
		announce();
		roster.forgetSilentNodes(Date.now() - SILENT_AFTER_MS);
	}, ANNOUNCE_EVERY_MS).unref();
	channel.emit({ node, hello: true });
	announce();
	return () => {
		clearInterval(heartbeat);
		clearTimeout(throttle);
		channel.emit({ node, screens: null });
	};
}

/** The cluster adapter's channel between the nodes (Socket.IO's serverSideEmit, over Redis). */
export function serverSideChannel(nsp: LiveNamespace): NodeChannel {
	return {
		emit: (announcement) => nsp.serverSideEmit('presence', announcement),
		on: (listener) => nsp.on('presence', listener)
	};
}
