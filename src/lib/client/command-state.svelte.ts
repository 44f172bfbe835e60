import type { CommandType, Commands } from '$lib/domain/core/commands';
import type { ErrorBody } from '$lib/domain/core/errors';
import type { WireRecord } from '$lib/domain/core/protocol';
import { newCommandId, type LiveConnection } from './live.svelte';

export type Answer = { ok: true; record: WireRecord } | { ok: false; error: ErrorBody };

/**
 * A page's writes over the live connection. The idempotency key is kept per intended write until the
 * server answers, so sending the same thing again after a lost answer is recorded once.
 */
export class CommandSender {
	#live: Pick<LiveConnection, 'send'>;
	#attempts = new Map<string, string>();

	constructor(live: Pick<LiveConnection, 'send'>) {
		this.#live = live;
	}

	/** The record as acknowledged (its delta is already applied), or the refusal; never throws. */
	async send<T extends CommandType>(type: T, payload: Commands[T]): Promise<Answer> {
		const request = JSON.stringify([type, payload]);
		const key = this.#attempts.get(request) ?? newCommandId();
		this.#attempts.set(request, key);
		try {
			const ack = await this.#live.send(type, payload, { id: key });
			// Answered: the next write is a new one, even with the same content.
			this.#attempts.delete(request);
			return ack.ok ? { ok: true, record: ack.record } : { ok: false, error: ack.error };
		} catch (e) {
			// Outcome unknown: the form keeps everything and the key stays, so sending again is safe.
			return { ok: false, error: { code: 'unavailable', message: e instanceof Error ? e.message : 'Not sent: no answer from the server.' } };
		}
	}
}

/** A form's own state while its write is out: pending, then done or refused (the error contract, for the fields). */
export class PendingForm {
	#busy = $state(false);
	#error = $state<ErrorBody | null>(null);

	constructor(error: ErrorBody | null = null) {
		this.#error = error;
	}

	get busy(): boolean {
		return this.#busy;
	}
	get error(): ErrorBody | null {
		return this.#error;
	}
	/** The messages for one field, shown beside it. */
	errorsOf(field: string): string[] {
		return this.#error?.fields?.[field] ?? [];
	}

	/** Runs the write unless one is out already; true when it went through. */
	async run(write: () => Promise<ErrorBody | null>): Promise<boolean> {
		if (this.#busy) return false;
		this.#busy = true;
		this.#error = null;
		try {
			this.#error = await write();
			return this.#error === null;
		} finally {
			this.#busy = false;
		}
	}
}
