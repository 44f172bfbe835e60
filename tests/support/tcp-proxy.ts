import net from 'node:net';

/**
 * A TCP proxy a test can cut: put it between a server and a service (Postgres, say), point the
 * server's connection string at `port`, and `cut()` makes the service unreachable for that server
 * alone (open connections are reset, new ones refused) while everything else on the machine keeps
 * using the service. `restore()` listens again on the same port.
 */
export class TcpProxy {
	#listener: net.Server | null = null;
	#connections = new Set<net.Socket>();
	#port = 0;
	#closed = false;

	private constructor(
		private readonly target: { host: string; port: number },
		private readonly host: string
	) {}

	/** Starts forwarding from a free port on 127.0.0.1 (or `port`) to the target. */
	static async start(target: { host: string; port: number }, options: { port?: number; host?: string } = {}): Promise<TcpProxy> {
		const proxy = new TcpProxy(target, options.host ?? '127.0.0.1');
		proxy.#port = options.port ?? 0;
		await proxy.#listen();
		return proxy;
	}

	/** For a URL like postgres://user@host:5432/db: a proxy to its host and port. */
	static forUrl(url: string): Promise<TcpProxy> {
		const parsed = new URL(url);
		return TcpProxy.start({ host: parsed.hostname, port: Number(parsed.port) });
	}

	get port(): number {
		return this.#port;
	}

	/** True while the proxy forwards (between start/restore and cut). */
	get open(): boolean {
		return this.#listener !== null;
	}

	/** How many proxied connections are open right now. */
	get connections(): number {
		return this.#connections.size;
	}

	/** The same URL with host and port replaced by the proxy's. */
	rewrite(url: string): string {
		const parsed = new URL(url);
		parsed.hostname = this.host;
		parsed.port = String(this.#port);
		return parsed.toString();
	}

	#listen(): Promise<void> {
		const listener = net.createServer({ noDelay: true }, (client) => this.#forward(client));
		return new Promise((resolve, reject) => {
			listener.once('error', reject);
			listener.listen(this.#port, this.host, () => {
				listener.off('error', reject);
				this.#port = (listener.address() as net.AddressInfo).port;
				this.#listener = listener;
				resolve();
			});
		});
	}

	#forward(client: net.Socket) {
		const upstream = net.connect({ host: this.target.host, port: this.target.port, noDelay: true });
		this.#connections.add(client);
		const done = () => {
			this.#connections.delete(client);
			client.destroy();
			upstream.destroy();
		};
		client.on('error', done).on('close', done);
		upstream.on('error', done).on('close', done);
		client.pipe(upstream);
		upstream.pipe(client);
		(client as net.Socket & { upstream?: net.Socket }).upstream = upstream;
	}

	/** The service is gone: every proxied connection is reset and new ones are refused. */
	async cut(): Promise<void> {
		const listener = this.#listener;
		this.#listener = null;
		for (const client of this.#connections) {
			client.resetAndDestroy();
			(client as net.Socket & { upstream?: net.Socket }).upstream?.destroy();
		}
		this.#connections.clear();
		if (listener) await new Promise<void>((resolve) => listener.close(() => resolve()));
	}

	/** The service is back, on the same port. */
	async restore(): Promise<void> {
		if (this.#listener || this.#closed) return;
		// The port was ours a moment ago; retry briefly in case the kernel has not let go of it.
		for (let attempt = 1; ; attempt++) {
			try {
				await this.#listen();
				return;
			} catch (error) {
				if (attempt >= 20) throw error;
				await new Promise((r) => setTimeout(r, 100));
			}
		}
	}

	async close(): Promise<void> {
		this.#closed = true;
		await this.cut();
	}
}
