// Incremental SMTP reply parser (RFC 5321 §4.2): bytes in, complete replies out, whatever the chunking.
import {Buffer, isUtf8} from 'node:buffer';
import {SmtpProtocolError, type Reply} from './types.js';

const LF = 0x0a;
const CR = 0x0d;
/** RFC 3463 class.subject.detail at the start of the text, followed by a space or the end. */
const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})(?: |$)/;

type Line = {code: number; last: boolean; text: string; raw: string; invalidUtf8: boolean; octets: number};

/** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets including CRLF. A longer one is taken, with a warning. */
export const RFC_REPLY_LINE = 512;
/**
 * What is taken of one reply, and of one line: §4.5.3.1 asks to avoid imposing the line limit (swaks and curl take
 * longer lines), but a server that never ends its line or its reply must not fill memory.
 */
export const REPLY_LIMIT = 65_536;

type ReplyParserOptions = {
	/** Longest reply line accepted, in octets including CRLF. */
	maxLineLength?: number;
	/** Largest multi-line reply accepted, in octets. */
	maxReplyLength?: number;
};

export class ReplyParser {
	readonly #maxLineLength: number;
	readonly #maxReplyLength: number;
	/** Bytes of the line being received, never more than one line's limit. */
	#partial: Buffer[] = [];
	#partialLength = 0;
	/** Complete lines of a multi-line reply whose last line has not arrived yet. */
	#pending: Line[] = [];
	#pendingBytes = 0;
	/** How many of the pending lines takeNewLines() has handed out. */
	#announced = 0;

	constructor(options: ReplyParserOptions = {}) {
		this.#maxLineLength = options.maxLineLength ?? REPLY_LIMIT;
		this.#maxReplyLength = options.maxReplyLength ?? REPLY_LIMIT;
	}

	/** Bytes held that do not make a complete reply yet. */
	get buffered(): number {
		return this.#partialLength + this.#pendingBytes;
	}

	/**
	 * The lines of a multi-line reply received so far, as received (without CRLF), while its last line has not come
	 * (a greeting paused after "220-", as Postfix's postscreen does): for a timeout to say what did arrive.
	 */
	get pendingLines(): readonly string[] {
		return this.#pending.map(line => line.raw);
	}

	/**
	 * The lines of the unfinished reply that came since the last call (none once it ended): each line once, so a view
	 * can show a greeting's "220-" line while the rest is held back, and the whole reply when it ends.
	 */
	takeNewLines(): string[] {
		const fresh = this.#pending.slice(this.#announced).map(line => line.raw);
		this.#announced = this.#pending.length;
		return fresh;
	}

	/**
	 * The start of a line whose end has not come yet, as text (without a trailing CR); '' when there is none. A long one
	 * is cut as a broken line is shown: read at every chunk (the session's snapshot), it must not cost the whole line
	 * each time, or a server dripping a line one byte per read takes minutes of CPU (20,000 bytes: 84 s).
	 */
	get partialLine(): string {
		const last = this.#partial.at(-1);
		const length = this.#partialLength - (last?.[last.length - 1] === CR ? 1 : 0);
		if (length <= SHOWN_OCTETS) return length === 0 ? '' : Buffer.concat(this.#partial).subarray(0, length).toString('utf8');
		const start: Buffer[] = [];
		for (let octets = 0, index = 0; octets < SHOWN_OCTETS; index++) {
			start.push(this.#partial[index]!);
			octets += this.#partial[index]!.length;
		}
		return shown(Buffer.concat(start), length);
	}

	/** Forget everything received so far (at STARTTLS nothing from before the handshake may be used). */
	reset(): void {
		this.#partial = [];
		this.#partialLength = 0;
		this.#pending = [];
		this.#pendingBytes = 0;
		this.#announced = 0;
	}

	/**
	 * Feed received bytes; returns the replies they complete. Throws SmtpProtocolError on a broken line;
	 * the parser is then reset, because nothing after a framing error can be trusted. Its message is a clause
	 * (lower case, no full stop): it is shown after a label, "protocol error: the server sent …".
	 */
	push(chunk: Uint8Array): Reply[] {
		const {replies, error} = this.take(chunk);
		if (error) throw error;
		return replies;
	}

	/**
	 * As push, but a broken line does not cost the replies completed before it in the same chunk: they come with the
	 * error, as they would had they come in a read of their own (any chunking gives the same replies).
	 */
	take(chunk: Uint8Array): {replies: Reply[]; error?: SmtpProtocolError} {
		const replies: Reply[] = [];
		try {
			this.#push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), replies);
			return {replies};
		} catch (error) {
			this.reset();
			if (!(error instanceof SmtpProtocolError)) throw error;
			return {replies, error};
		}
	}

	#push(chunk: Buffer, replies: Reply[]): void {
		let start = 0;
		while (start < chunk.length) {
			const lf = chunk.indexOf(LF, start);
			if (lf === -1) {
				this.#hold(chunk.subarray(start));
				break;
			}
			const piece = chunk.subarray(start, lf);
			const received = this.#partialLength + piece.length + 1;
			const line = this.#partialLength === 0 ? piece : Buffer.concat([...this.#partial, piece]);
			this.#partial = [];
			this.#partialLength = 0;
			const reply = this.#line(line, received);
			if (reply) replies.push(reply);
			start = lf + 1;
		}
	}

	/** Keep an unterminated piece, refusing as soon as it cannot fit in one line any more. */
	#hold(piece: Buffer): void {
		const length = this.#partialLength + piece.length;
		const endsWithCr = piece.length > 0 ? piece[piece.length - 1] === CR : false;
		// A trailing CR may be the first half of the CRLF, so it does not count yet.
		const content = endsWithCr ? length - 1 : length;
		if (content + 2 > this.#maxLineLength) {
			throw new SmtpProtocolError(
				`the server sent a reply line longer than ${this.#maxLineLength} octets ` +
					`(${length} octets seen with no line end yet)`,
				'line-too-long',
				[...this.pendingLines, shown(Buffer.concat([...this.#partial, piece]))],
			);
		}
		this.#partial.push(Buffer.from(piece));
		this.#partialLength = length;
	}

	/** One complete line (without its LF); `received` counts the octets it took on the wire. */
	#line(bytes: Buffer, received: number): Reply | undefined {
		const content = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, -1) : bytes;
		if (content.length + 2 > this.#maxLineLength) {
			throw new SmtpProtocolError(
				`the server sent a reply line of ${content.length + 2} octets including CRLF; ` +
					`the limit is ${this.#maxLineLength}`,
				'line-too-long',
				[...this.pendingLines, shown(content)],
			);
		}
		const line = parseLine(content, this.#pending);
		const first = this.#pending[0];
		if (first && first.code !== line.code) {
			throw new SmtpProtocolError(
				`the server mixed reply codes in one multi-line reply (${first.code} then ${line.code})`,
				'mixed-codes',
				[...this.#pending.map(pending => pending.raw), line.raw],
			);
		}
		if (!line.last) {
			if (this.#pendingBytes + received > this.#maxReplyLength) {
				// The first three lines, and how many more came (this one too): "… -1 more lines" when fewer were held.
				const lines = this.#pending.length + 1;
				const shownLines = this.#pending.slice(0, 3).map(pending => pending.raw);
				const more = lines - shownLines.length;
				throw new SmtpProtocolError(
					`the server sent a multi-line reply of more than ${this.#maxReplyLength} octets (${lines} lines) without its last line`,
					'unexpected',
					[...shownLines, `… ${more} more line${more === 1 ? '' : 's'}`],
				);
			}
			this.#pending.push(line);
			this.#pendingBytes += received;
			return undefined;
		}
		const lines = [...this.#pending, line];
		this.#pending = [];
		this.#pendingBytes = 0;
		this.#announced = 0;
		return toReply(lines);
	}
}

/** A line for the log, cut at 200 octets: a broken one may be huge. `bytes` may be its start alone, of `octets`. */
function shown(bytes: Buffer, octets = bytes.length): string {
	// Bytes that are not UTF-8 as \xHH, as in every other line shown: U+FFFD would hide which they were.
	return octets <= SHOWN_OCTETS ? lineText(bytes) : `${lineText(bytes.subarray(0, SHOWN_OCTETS))}… (${octets} octets)`;
}
const SHOWN_OCTETS = 200;

/**
 * The line's text with each byte that is not part of valid UTF-8 as \\xHH: a Latin-1 "é" reads "caf\\xe9", which
 * tells a charset problem apart from a server that really sent U+FFFD.
 */
function escapeInvalidUtf8(bytes: Buffer): string {
	let text = '';
	for (let at = 0; at < bytes.length; ) {
		const lead = bytes[at]!;
		const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
		const sequence = length > 0 ? bytes.subarray(at, at + length) : undefined;
		if (sequence && sequence.length === length && isUtf8(sequence)) {
			text += sequence.toString('utf8');
			at += length;
		} else {
			text += `\\x${lead.toString(16).padStart(2, '0')}`;
			at += 1;
		}
	}
	return text;
}

/** A line's bytes as text: UTF-8, each byte that is not part of it written \\xHH. */
export function lineText(bytes: Buffer): string {
	return isUtf8(bytes) ? bytes.toString('utf8') : escapeInvalidUtf8(bytes);
}

/**
 * Control characters as \xHH, in the style of the invalid bytes already escaped so (JSON.stringify, used before,
 * doubled their backslashes and wrote \u0001 beside \x95).
 */
const controlsEscaped = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, character => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** One line; `pending`: the lines of its reply before it (shown with it when it breaks the rules). */
function parseLine(content: Buffer, pending: readonly Line[]): Line {
	const invalidUtf8 = !isUtf8(content);
	const raw = lineText(content);
	const code = /^([2-5]\d\d)(?:([ -])|$)/.exec(raw);
	if (!code) {
		throw new SmtpProtocolError(
			`the server sent a line that does not start with a reply code 200-599 and a space or "-": ` +
				`"${controlsEscaped(raw.slice(0, 40))}"`,
			'bad-code',
			[...pending.map(line => line.raw), shown(content)],
		);
	}
	return {code: Number(code[1]), last: code[2] !== '-', text: raw.slice(4), raw, invalidUtf8, octets: content.length + 2};
}

function toReply(lines: Line[]): Reply {
	const code = lines[0].code;
	// The enhanced code's class must match the reply's class, else it is just text.
	const match = ENHANCED.exec(lines[0].text);
	const enhanced = match && match[1][0] === String(code)[0] ? match[1] : undefined;
	const reply: Reply = {
		code,
		lines: lines.map(({text}) => stripEnhanced(text, enhanced)),
		raw: lines.map(({raw}) => raw),
	};
	if (enhanced !== undefined) reply.enhanced = enhanced;
	if (lines.some(({invalidUtf8}) => invalidUtf8)) reply.invalidUtf8 = true;
	const longest = Math.max(...lines.map(({octets}) => octets));
	if (longest > RFC_REPLY_LINE) reply.longestLine = longest;
	return reply;
}

/** Servers repeat the enhanced code on every line of a multi-line reply; show it once. */
function stripEnhanced(text: string, enhanced: string | undefined): string {
	return enhanced !== undefined && ENHANCED.exec(text)?.[1] === enhanced ? text.slice(enhanced.length + 1) : text;
}

/** Every complete reply in one buffer (a convenience for tests and fixtures). */
export function parseReplies(bytes: Uint8Array): Reply[] {
	return new ReplyParser().push(bytes);
}
