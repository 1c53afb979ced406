// A recording played back as the server side of a connection: no network. Each time the client writes, the
// server's recorded answer up to the client's next recorded turn is played, with its timing or at once.
// ReplayServer plays a recording's connections one per open, in order.
import {EventEmitter} from 'node:events';
import {ConnectError} from '../transport/connect-error.js';
import type {ConnectOptions} from '../transport/connection.js';
import type {SessionConnection} from './driver.js';
import {connectionsOf, eventBytes, type RecordedConnection, type RecordingEvent} from './recording.js';
import type {TlsInfo} from './types.js';

export type ReplayTiming = {instant: boolean; /** Longest pause kept from the recording. */ maxPauseMs?: number};

/** A recorded chunk being handed to the driver: how long the recorded server took, and whether the replay waited less. */
export type RecordedPause = {latencyMs: number; shortened: boolean};

type TlsFailed = Extract<RecordingEvent, {type: 'tls-failed'}>;

/** The recorded failure, as the transport reports one: the driver then gives it the same stage and words. */
const handshakeFailure = (event: TlsFailed) =>
	new ConnectError('tls', event.message, {...(event.code !== undefined && {code: event.code}), ...(event.certificate && {certificate: event.certificate})});

/** The server behind each opener: a replay gets only the driver, whose `open` says which connection comes next. */
const servers = new WeakMap<object, ReplayServer>();

export class ReplayServer {
	readonly connections: readonly RecordedConnection[];
	readonly #timing: ReplayTiming;
	#next = 0;
	#current: ReplayConnection | undefined;

	/** The driver's `open`: opens the next recorded connection (a recorded failed implicit-TLS handshake fails). */
	readonly open = async (_options?: ConnectOptions): Promise<ReplayConnection> => {
		const connection = new ReplayConnection(this.connections[this.#next]!, this.#timing);
		this.#current = connection;
		connection.start();
		return connection;
	};

	constructor(events: readonly RecordingEvent[], timing: ReplayTiming) {
		this.connections = connectionsOf(events);
		this.#timing = timing;
		servers.set(this.open, this);
	}

	/** The server whose `open` this is, if any. */
	static of(open: unknown): ReplayServer | undefined {
		return typeof open === 'function' ? servers.get(open) : undefined;
	}

	/** Index (from 0) of the connection the next `open` plays. */
	get next(): number {
		return this.#next;
	}

	/** The connection opened last (it may have closed since). */
	get current(): ReplayConnection | undefined {
		return this.#current;
	}

	/** Makes `index` (from 0) the connection the next `open` plays; past the last, the first. */
	cue(index: number): void {
		this.#next = index >= 0 && index < this.connections.length ? index : 0;
	}
}

export class ReplayConnection extends EventEmitter implements SessionConnection {
	readonly remoteAddress = 'recording';
	tlsInfo: TlsInfo | undefined;
	/** Set while a recorded chunk is handed to the driver, so the replies it completes can show the recorded time. */
	delivering: RecordedPause | undefined;
	/** The recorded reason of a failed TLS handshake, once replayed. */
	failedHandshake: string | undefined;
	readonly #events: readonly RecordingEvent[];
	readonly #start: number | undefined;
	readonly #timing: ReplayTiming;
	#cursor = 0;
	#closed = false;
	#timers = new Set<NodeJS.Timeout>();

	/** The driver's `open` for the whole recording: each open plays its next connection (see ReplayServer). */
	static opener(events: readonly RecordingEvent[], timing: ReplayTiming): (options: ConnectOptions) => Promise<ReplayConnection> {
		return new ReplayServer(events, timing).open;
	}

	constructor(recorded: RecordedConnection, timing: ReplayTiming) {
		super();
		this.#events = recorded.events;
		this.#start = recorded.start;
		this.#timing = timing;
	}

	/** Opened: an implicit-TLS handshake recorded before the greeting is done (or fails), then the server speaks. */
	start(): void {
		const first = this.#events[0];
		if (first?.type === 'tls-failed') {
			this.failedHandshake = first.message;
			throw handshakeFailure(first);
		}
		if (first?.type === 'tls') {
			this.tlsInfo = first.info;
			this.#cursor++;
		}
		setImmediate(() => this.#playServer());
	}

	async write(_bytes: Uint8Array): Promise<void> {
		this.#clientTurn();
	}

	async writeStream(source: AsyncIterable<Uint8Array>, written?: (chunk: Uint8Array) => void): Promise<void> {
		// The recorded body stands in for whatever is written now.
		for await (const chunk of source) written?.(chunk);
		this.#clientTurn();
	}

	async upgradeToTls(): Promise<TlsInfo> {
		const index = this.#events.findIndex((event, at) => at >= this.#cursor && (event.type === 'tls' || event.type === 'tls-failed'));
		const event = this.#events[index];
		if (!event || (event.type !== 'tls' && event.type !== 'tls-failed')) {
			this.#close();
			throw new Error(
				this.#cursor >= this.#events.length
					? // Recordings made before handshake failures were kept end just here when one failed.
						'the recording ends before the TLS handshake: an older smtp-tui did not record a failed handshake, so it probably failed here (or the file was cut)'
					: 'the recording has no TLS handshake here: the recorded session went another way',
			);
		}
		this.#cursor = index + 1;
		if (event.type === 'tls-failed') {
			this.failedHandshake = event.message;
			// As the transport does: the rejection first, then the close it causes.
			this.#close();
			throw handshakeFailure(event);
		}
		this.tlsInfo = event.info;
		// Whatever the server said next unprompted, or its close if the recording ends here.
		this.#playServer();
		return event.info;
	}

	close(): void {
		this.#close();
	}

	destroy(): void {
		this.#close();
	}

	/** The client wrote: skip its recorded turn, then play what the server said next. */
	#clientTurn(): void {
		while (this.#events[this.#cursor]?.type === 'out') this.#cursor++;
		this.#playServer();
	}

	#playServer(): void {
		// A reply's time counts from the client's last turn (or the handshake, or the connection's start), as the
		// driver counted it when recording. Unknown (a guessed connection's greeting): no pause, and no time to show.
		const since = this.#events[this.#cursor - 1]?.t ?? this.#start;
		let previous = since ?? this.#events[this.#cursor]?.t ?? 0;
		let delay = 0;
		for (;;) {
			const event = this.#events[this.#cursor];
			if (!event) {
				// The recording is over: the server side is gone.
				this.#schedule(delay, () => this.#close());
				return;
			}
			// A handshake refused after it was done on our side (TLS 1.3: a client certificate demanded): the server's
			// alert comes as an error, as the transport reports it. Before any handshake it is STARTTLS's, for upgradeToTls.
			if (event.type === 'tls-failed' && this.tlsInfo) {
				this.#cursor++;
				this.#schedule(delay, () => {
					this.failedHandshake = event.message;
					this.emit('error', handshakeFailure(event));
					this.#close();
				});
				return;
			}
			if (event.type !== 'in' && event.type !== 'timeout') return;
			this.#cursor++;
			if (!this.#timing.instant) delay += Math.min(Math.max(0, event.t - previous), this.#timing.maxPauseMs ?? 5000);
			previous = event.t;
			if (event.type === 'timeout') {
				// The recorded client gave up here: the driver does too, with the same words (not "connection closed").
				const {message} = event;
				this.#schedule(delay, () => this.emit('recorded-timeout', message));
				return;
			}
			const latencyMs = since === undefined ? undefined : Math.max(0, event.t - since);
			const pause = latencyMs === undefined ? undefined : {latencyMs, shortened: delay < latencyMs};
			const bytes = eventBytes(event);
			this.#schedule(delay, () => this.#deliver(bytes, pause));
		}
	}

	#deliver(bytes: Buffer, pause: RecordedPause | undefined): void {
		this.delivering = pause;
		try {
			this.emit('data', bytes);
		} finally {
			this.delivering = undefined;
		}
	}

	#schedule(delay: number, run: () => void): void {
		const timer = setTimeout(() => {
			this.#timers.delete(timer);
			if (!this.#closed) run();
		}, delay);
		this.#timers.add(timer);
	}

	#close(): void {
		if (this.#closed) return;
		this.#closed = true;
		for (const timer of this.#timers) clearTimeout(timer);
		this.#timers.clear();
		setImmediate(() => this.emit('close', false));
	}
}
