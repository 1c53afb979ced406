// Whether a message has a file attached (the list's `attach` mark, has:attachment), read as it arrives from every
// part's headers wherever the part begins: a file after 64 KiB of text is found, though only the message's first
// 64 KiB stay in memory where its body is not kept (a save folder without --http, a message over the budget). It
// holds about two parts' header scans (128 KiB) of a message at a time, and reads no body but its delimiter lines.
import {headerScanBytes} from './header-scan.js';
import {HeldChunks} from './held-chunks.js';
import {isAttached, messageHeaders, partsIn} from './message-html.js';

/** Bytes kept past the last place looked at: a part's headers as far as they are scanned, after its delimiter line. */
const AHEAD = headerScanBytes + 1024;

export class AttachmentScan {
	/** The delimiters of the message's parts, once its own headers are read: the message's first, nested ones after. */
	#boundaries: Buffer[] | undefined;
	/** What came and is not looked at yet, with the bytes after it that its parts' headers may need; joined only to be looked at. */
	readonly #rest = new HeldChunks();
	/** Known: a file was found, or the message has no parts. */
	#settled = false;
	#attached = false;

	push(chunk: Buffer): void {
		if (this.#settled) return;
		this.#rest.push(chunk);
		// Looked at in pieces of AHEAD bytes, not at each chunk: a client that sends a byte at a time costs no more.
		if (this.#rest.bytes >= 2 * AHEAD) this.#scan(this.#rest.bytes - AHEAD);
	}

	/** Whether the message, now whole, has a file attached. */
	end(): boolean {
		if (!this.#settled) this.#scan(this.#rest.bytes);
		this.#rest.reset();
		return this.#attached;
	}

	/** Looks at the parts that begin before `upTo`, and keeps what comes after. */
	#scan(upTo: number): void {
		const bytes = this.#rest.join();
		if (this.#boundaries === undefined) {
			const message = messageHeaders(bytes);
			this.#settled = message.boundary === undefined;
			if (isAttached(message)) return this.#found();
			if (message.boundary === undefined) return this.#rest.reset();
			this.#boundaries = [Buffer.from(message.boundary)];
		}
		for (const part of partsIn(bytes, this.#boundaries, upTo)) if (isAttached(part)) return this.#found();
		this.#rest.reset(bytes.subarray(upTo));
	}

	#found(): void {
		this.#attached = this.#settled = true;
		this.#rest.reset();
	}
}
