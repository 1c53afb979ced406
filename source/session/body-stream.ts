// One message body on its way after 354: dot-stuffed by the DATA encoder a slice at a time into pooled memory (or,
// when the check found it wire-ready, copied there as it is), streamed to the connection, its first lines kept for
// the log, and what stopped it said in words.
import {dataEnd, DataEncoder, maxEncodedLength} from '../smtp/data-encoder.js';
import {groupDigits} from '../smtp/digits.js';
import {lineText} from '../smtp/reply-parser.js';
import {EARLY_REPLY} from '../smtp/session-texts.js';
import {SmtpInputError, type FailureStage} from '../smtp/types.js';
import {FileChangedError} from '../message/pinned-file.js';
import {wireReadyOf, type WireReady} from '../message/wire-ready.js';
import {describeFileError} from '../text/file-errors.js';
import {BufferPool} from './buffer-pool.js';
import {dataCounts, dataSummary, type DataCounts} from './data-summary.js';
import type {NewLogEntry} from './log.js';
import type {SessionConnection, WireRecord} from './types.js';

const PREVIEW_LINES = 12;
const LF = 0x0a;

/** The whole lines at the start of the message, as text: a byte that is not UTF-8 (a Latin-1 file) reads \\xHH. */
export function previewLines(bytes: Buffer): string[] {
	const lines: string[] = [];
	for (let start = 0; lines.length < PREVIEW_LINES; ) {
		const end = bytes.indexOf('\r\n', start);
		if (end === -1) break;
		lines.push(lineText(bytes.subarray(start, end)));
		start = end + 2;
	}
	return lines;
}

/** The body is encoded this much at a time (the size of a file read), into slabs of pooled memory. */
const BODY_SLICE = 256 * 1024;
const POOL_SLAB = 1024 * 1024;

/** A file of the message could not be read mid-way: named, in the words every unreadable file gets. */
export function unreadableMessage(error: unknown): string {
	if (error instanceof FileChangedError) return error.whileSending;
	const file = (error as NodeJS.ErrnoException | undefined)?.path;
	return `cannot read ${file ?? 'the message'} while sending it: ${describeFileError(error)}; the connection was dropped, so the server delivers none of it`;
}

type BodyStreamOptions = {
	/** The message's estimated size, to say how much of it went if the server stops taking it. */
	size?: number;
	/** The body travels inside TLS. */
	tls: boolean;
	onWire?: (record: WireRecord) => void;
	/**
	 * Called each time more of the message leaves (`went`: bytes so far): the driver restarts its clock for the server's
	 * reading. Bytes leaving, not bytes encoded: a slow link keeps moving while a megabyte waits in the socket.
	 */
	onSent: (went: number) => void;
};

/**
 * Thrown by a body's source that is given up before its end (a message typed by hand, its connection gone): no file
 * failed, and the final dot must not go.
 */
export class BodyWithdrawn extends Error {
	constructor() {
		super('the message was given up before its end');
	}
}

/** Why the body did not all go: a file of it unreadable (said here), or the connection gone. */
type BodyFailure = {stage: Extract<FailureStage, 'input'>; message: string} | {stage: Extract<FailureStage, 'closed'>};

export class BodyStream {
	readonly #source: AsyncIterable<Uint8Array>;
	readonly #options: BodyStreamOptions;
	readonly #encoder = new DataEncoder();
	/** The check found the source wire-ready: it goes as it is, the encoder skipped (wire-ready.ts). */
	readonly #ready: WireReady | undefined;
	/** Octets that went as they are, the end included. */
	#asIs = 0;
	readonly #preview: string[] = [];
	/** The message's first bytes, for the preview: cut into lines only when shown, so no character is split. */
	#previewBytes = Buffer.alloc(0);
	/** Bytes the operating system has taken to send (not merely queued in the socket). */
	#went = 0;
	/** Why the message itself could not be read (a file deleted while RCPT waited): ours, not the connection's. */
	#unreadable: {error: unknown} | undefined;
	#abandoned = false;

	constructor(source: AsyncIterable<Uint8Array>, options: BodyStreamOptions) {
		this.#source = source;
		this.#options = options;
		this.#ready = wireReadyOf(source);
	}

	/**
	 * Writes the whole body, its final dot included. Undefined once it went; otherwise why it did not (a file that
	 * could not be read, a connection that broke). Our own input refused (a line too long) is thrown.
	 */
	async writeTo(connection: SessionConnection): Promise<BodyFailure | undefined> {
		// Encoded into pooled memory, back in the pool once the socket has written it.
		const pool = new BufferPool(POOL_SLAB, 2);
		try {
			await connection.writeStream(
				this.#encoded(pool),
				chunk => pool.give(chunk),
				bytes => {
					this.#went += bytes;
					this.#options.onSent(this.#went);
				},
			);
			return undefined;
		} catch (error) {
			if (error instanceof SmtpInputError) throw error;
			if (this.#unreadable) return {stage: 'input', message: unreadableMessage(this.#unreadable.error)};
			// Every failed write is the connection gone (the transport says so): the driver says it as the close it is.
			return {stage: 'closed'};
		}
	}

	/**
	 * No byte of the message left for `seconds`: the final dot never went, so nothing was delivered (unlike a missing
	 * reply after the dot, when it may have been). Which stalled, the link or the server, cannot be told from here;
	 * the count is what the operating system took, not what reached the server. The size is an estimate: "of about" only while it is
	 * still ahead.
	 */
	stalled(seconds: number): string {
		return `nothing more of the message left this machine for ${seconds} s: the link or the server stalled; ${this.#wentSoFar()} were handed to the network, and it was not delivered`;
	}

	/**
	 * The server answered the message while it was still going out: nothing more of it is read or written (the driver
	 * drops the connection). The log's words for it, with how much had gone.
	 */
	abandon(): string {
		this.#abandoned = true;
		return `${EARLY_REPLY}: ${this.#wentSoFar()} had been handed to the network; the rest and the final "." were not sent, and the connection was closed without QUIT (before the ".", a server still reading takes every line as message text, and one back at its commands would run the rest as commands)`;
	}

	/** abandon() was called: what stopped the writing was the server's early reply, not the network. */
	get abandoned(): boolean {
		return this.#abandoned;
	}

	/** How much had gone when the connection closed mid-message, to follow the engine's words for that close. */
	get cutShort(): string {
		return `${this.#wentSoFar()} had been handed to the network`;
	}

	#wentSoFar(): string {
		const {size} = this.#options;
		const went = this.#went;
		const of = size !== undefined && size > went ? ` of about ${groupDigits(size)}` : '';
		return `${groupDigits(went)}${of} bytes`;
	}

	/** The log's line for the message that went: its counts and first lines. */
	get logEntry(): NewLogEntry {
		const counts = this.#counts();
		return {
			kind: 'data',
			text: `message: ${dataSummary(counts)}`,
			tls: this.#options.tls,
			data: {lines: counts.lines, bytes: counts.sent, stored: counts.stored, preview: this.#preview},
		};
	}

	#counts(): DataCounts {
		const ready = this.#ready;
		return ready ? {lines: ready.lines, stored: ready.octets, sent: this.#asIs, stuffed: 0} : dataCounts(this.#encoder);
	}

	async *#read(): AsyncIterable<Uint8Array> {
		try {
			yield* this.#source;
		} catch (error) {
			if (!(error instanceof BodyWithdrawn)) this.#unreadable = {error};
			throw error;
		}
	}

	async *#encoded(pool: BufferPool): AsyncIterable<Uint8Array> {
		if (this.#ready) {
			yield* this.#asTheyAre(pool);
			return;
		}
		for await (const chunk of this.#read()) {
			if (this.#abandoned) return;
			for (let offset = 0; offset < chunk.length; offset += BODY_SLICE) {
				const slice = chunk.subarray(offset, offset + BODY_SLICE);
				const out = this.#encoder.push(slice, pool.room(maxEncodedLength(slice.length)));
				if (out.length === 0) continue;
				pool.take(out);
				this.#take(out);
				yield out;
			}
		}
		if (this.#abandoned) return;
		const last = this.#encoder.end();
		this.#take(last);
		yield last;
	}

	/**
	 * A wire-ready source: each chunk copied into pooled memory (the source reuses its buffers, and the socket holds
	 * a megabyte ahead) and sent as it is, then the end, whose CRLF only a last line without one needs.
	 */
	async *#asTheyAre(pool: BufferPool): AsyncIterable<Uint8Array> {
		let open = false;
		for await (const chunk of this.#read()) {
			if (this.#abandoned) return;
			for (let offset = 0; offset < chunk.length; offset += BODY_SLICE) {
				const slice = chunk.subarray(offset, offset + BODY_SLICE);
				const out = pool.room(slice.length);
				out.set(slice);
				pool.take(out);
				this.#asIs += out.length;
				open = out.at(-1) !== LF;
				this.#take(out);
				yield out;
			}
		}
		if (this.#abandoned) return;
		const last = dataEnd(open);
		this.#asIs += last.length;
		this.#take(last);
		yield last;
	}

	#take(bytes: Buffer): void {
		if (this.#preview.length < PREVIEW_LINES && this.#previewBytes.length < 4096) {
			this.#previewBytes = Buffer.concat([this.#previewBytes, bytes.subarray(0, 4096)]);
			this.#preview.splice(0, this.#preview.length, ...previewLines(this.#previewBytes));
		}
		this.#options.onWire?.({direction: 'out', bytes, tls: this.#options.tls, time: Date.now(), body: true});
	}
}
