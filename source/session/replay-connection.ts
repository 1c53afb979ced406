// A recording played back as the server side of a connection: no network. Each time the client writes, its
// recorded turn is passed over and what the server said up to the client's next recorded turn is played, with its
// timing or at once; `turn()` says when that next turn is due. ReplayServer plays a recording's connections one per
// open, in order.
import {EventEmitter} from 'node:events';
import {ConnectError} from '../transport/connect-error.js';
import {tlsFailureOfCode} from '../transport/tls-handshake.js';
import type {ConnectOptions} from '../transport/connection.js';
import type {SessionConnection} from './types.js';
import {connectionsOf, eventBytes, isBodyEnd, type RecordedConnection, type RecordingEvent} from './recording.js';
import {timelineOf, type RecordedPause, type ReplayTiming, type Timeline} from './replay-timeline.js';
import type {TlsInfo} from './types.js';

export type {ReplayTiming} from './replay-timeline.js';

type TlsFailed = Extract<RecordingEvent, {type: 'tls-failed'}>;

/**
 * The recorded failure, as the transport reports one: the driver then gives it the same stage, words, kind and
 * cause. What the transport made of the code (no TLS version in common, say) it makes again from the recorded code.
 */
const handshakeFailure = (event: TlsFailed) => {
	const tlsFailure = event.certificate ? 'certificate' : tlsFailureOfCode(event.code);
	return new ConnectError('tls', event.message, {
		...(event.code !== undefined && {code: event.code}),
		...(event.certificate && {certificate: event.certificate}),
		...(event.versions && {versions: true}),
		...(event.clientCertificate && {clientCertificate: event.clientCertificate}),
		...(tlsFailure && {tlsFailure}),
	});
};

/** The recorded client's close, or the recording's cut: the client's turn that ends the connection. */
const endsConnection = (event: RecordingEvent | undefined) => event?.type === 'dropped' || event?.type === 'cut';

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
	/**
	 * Set while a recorded chunk is handed to the driver: the recorded time of each reply it completes, in order,
	 * taken one by one as the driver logs them.
	 */
	delivering: Array<RecordedPause | undefined> | undefined;
	/** The recorded reason of a failed TLS handshake, once replayed. */
	failedHandshake: string | undefined;
	readonly #events: readonly RecordingEvent[];
	readonly #timeline: Timeline;
	#cursor = 0;
	#closed = false;
	/** The recorded client's last line was STARTTLS: a handshake recorded after its reply is that one's. */
	#startTlsAsked = false;
	/** The client's next recorded turn is due: the server said all it had said before it. */
	#due = false;
	#timers = new Set<NodeJS.Timeout>();

	/** The driver's `open` for the whole recording: each open plays its next connection (see ReplayServer). */
	static opener(events: readonly RecordingEvent[], timing: ReplayTiming): (options: ConnectOptions) => Promise<ReplayConnection> {
		return new ReplayServer(events, timing).open;
	}

	constructor(recorded: RecordedConnection, timing: ReplayTiming) {
		super();
		this.#events = recorded.events;
		this.#timeline = timelineOf(recorded, timing);
	}

	/** The recording ended this connection (its 'close' comes a moment later, as a socket's does). */
	get closed(): boolean {
		return this.#closed;
	}

	/** Resolves once the recorded client's next turn is due, or the connection is closed. */
	async turn(): Promise<void> {
		if (this.#due || this.#closed) return;
		await new Promise(resolve => this.once('turn', resolve));
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

	async write(bytes: Uint8Array): Promise<void> {
		// A pipelined group is one write of several lines: each was a recorded turn of its own.
		this.#clientTurn(false, Math.max(1, Buffer.from(bytes).toString('latin1').split('\r\n').length - 1));
	}

	async writeStream(source: AsyncIterable<Uint8Array>, written?: (chunk: Uint8Array) => void, sent?: (bytes: number) => void): Promise<void> {
		// The recorded body stands in for whatever is written now: it goes at once.
		for await (const chunk of source) {
			written?.(chunk);
			sent?.(chunk.length);
		}
		this.#clientTurn(true);
	}

	/** The recorded client's message never got its final dot (the server stopped reading it): passed over, then what came next plays. */
	passUnfinishedBody(): void {
		this.#clientTurn(true);
	}

	async upgradeToTls(): Promise<TlsInfo> {
		// The recorded client closed the connection during this handshake (the user's stop), or the recording ends in
		// it (cut short): it never ended, and the close plays as the client's next turn, which ends it.
		if (endsConnection(this.#events[this.#cursor])) {
			return new Promise((_resolve, reject) => this.once('close', () => reject(new Error('the connection was closed during the TLS handshake'))));
		}
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

	destroy(): void {
		this.#close();
	}

	/**
	 * The client wrote: pass over its recorded turn (`lines` command lines, or a whole message up to its final dot;
	 * the next turn may have gone before the reply to this one), then play what the server said next.
	 */
	#clientTurn(body: boolean, lines = 1): void {
		this.#due = false;
		for (let left = lines; ; ) {
			const event = this.#events[this.#cursor];
			if (event?.type !== 'out' || (event.body === true) !== body) break;
			this.#cursor++;
			if (!body) this.#startTlsAsked = event.verb === 'STARTTLS' || /^starttls\s*$/i.test(eventBytes(event).toString('latin1'));
			if (!body ? --left === 0 : isBodyEnd(eventBytes(event))) break;
		}
		this.#playServer();
	}

	#playServer(): void {
		// Delays count from the client's write (or the handshake, or the connection's start), as the timeline does.
		const {at, replies} = this.#timeline;
		const from = at[this.#cursor - 1] ?? 0;
		for (;;) {
			const index = this.#cursor;
			const event = this.#events[index];
			const delay = (at[index] ?? at.at(-1) ?? 0) - from;
			if (!event) {
				// The recording is over: the server side is gone.
				this.#schedule(delay, () => this.#close());
				return;
			}
			if (this.#restOfBody(index)) {
				this.#cursor++;
				continue;
			}
			if (event.type === 'out' || endsConnection(event)) {
				// The client's next turn: due once the server said what it said before it (at its recorded moment, when
				// the client did not wait for a reply).
				this.#schedule(delay, () => {
					this.#due = true;
					this.emit('turn');
				});
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
			if ((event.type === 'tls' || event.type === 'tls-failed') && !this.#startTlsAsked) {
				// A handshake no STARTTLS asked for (a file edited by hand): waiting for upgradeToTls would hang for good.
				this.#schedule(delay, () => {
					this.emit('error', new Error('the recording has a TLS handshake here that no STARTTLS asked for: the file was changed after it was recorded'));
					this.#close();
				});
				return;
			}
			if (event.type !== 'in' && event.type !== 'timeout') return;
			this.#cursor++;
			if (event.type === 'timeout') {
				// The recorded client gave up here: the driver does too, with the same words (not "connection closed").
				const {message} = event;
				this.#schedule(delay, () => this.emit('recorded-timeout', message));
				return;
			}
			const bytes = eventBytes(event);
			const pauses = replies.get(index) ?? [];
			this.#schedule(delay, () => this.#deliver(bytes, pauses));
		}
	}

	/** A later chunk of a message the server spoke during: the client wrote it already, with the message's start. */
	#restOfBody(index: number): boolean {
		const event = this.#events[index];
		if (event?.type !== 'out' || !event.body) return false;
		for (let at = index - 1; at >= 0; at--) {
			const before = this.#events[at]!;
			if (before.type === 'out') return before.body === true && !isBodyEnd(eventBytes(before));
		}
		return false;
	}

	#deliver(bytes: Buffer, pauses: ReadonlyArray<RecordedPause | undefined>): void {
		this.delivering = [...pauses];
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
		this.emit('turn');
		setImmediate(() => this.emit('close', false));
	}
}
