// A recording played back as the server side of a connection: no network. Each time the client writes, the
// server's recorded answer up to the client's next recorded turn is played, with its timing or at once.
import {EventEmitter} from 'node:events';
import type {ConnectOptions} from '../transport/connection.js';
import type {SessionConnection} from './driver.js';
import {eventBytes, type RecordingEvent} from './recording.js';
import type {TlsInfo} from './types.js';

export type ReplayTiming = {instant: boolean; /** Longest pause kept from the recording. */ maxPauseMs?: number};

export class ReplayConnection extends EventEmitter implements SessionConnection {
	readonly remoteAddress = 'recording';
	tlsInfo: TlsInfo | undefined;
	readonly #events: readonly RecordingEvent[];
	readonly #timing: ReplayTiming;
	#cursor = 0;
	#closed = false;
	#timers = new Set<NodeJS.Timeout>();

	/** The driver's `open`: a connection to the recording, with the server's first words (the greeting) queued. */
	static opener(events: readonly RecordingEvent[], timing: ReplayTiming): (options: ConnectOptions) => Promise<ReplayConnection> {
		return async () => {
			const connection = new ReplayConnection(events, timing);
			// Implicit TLS: the handshake happened before the greeting.
			if (events[0]?.type === 'tls') connection.tlsInfo = (events[connection.#cursor++] as Extract<RecordingEvent, {type: 'tls'}>).info;
			setImmediate(() => connection.#playServer());
			return connection;
		};
	}

	private constructor(events: readonly RecordingEvent[], timing: ReplayTiming) {
		super();
		this.#events = events;
		this.#timing = timing;
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
		const index = this.#events.findIndex((event, at) => at >= this.#cursor && event.type === 'tls');
		if (index === -1) {
			this.#close();
			throw new Error('the recording has no TLS handshake here: the recorded session went another way');
		}
		this.#cursor = index + 1;
		this.tlsInfo = (this.#events[index] as Extract<RecordingEvent, {type: 'tls'}>).info;
		return this.tlsInfo;
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
		let delay = 0;
		let previous = this.#events[this.#cursor - 1]?.t ?? 0;
		for (;;) {
			const event = this.#events[this.#cursor];
			if (!event) {
				// The recording is over: the server side is gone.
				this.#schedule(delay, () => this.#close());
				return;
			}
			if (event.type !== 'in') return;
			this.#cursor++;
			if (!this.#timing.instant) delay += Math.min(Math.max(0, event.t - previous), this.#timing.maxPauseMs ?? 5000);
			previous = event.t;
			const bytes = eventBytes(event);
			this.#schedule(delay, () => this.emit('data', bytes));
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
