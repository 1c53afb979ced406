// The captured messages: in memory (capped), optionally on disk, parsed for display only when viewed.
import {isUtf8} from 'node:buffer';
import {decodeEncodedWords, scanSubject} from './header-scan.js';
import type {CapturedMessage, CapturedMessageSummary, ParsedMessageView} from './mailbox-types.js';
import {MessageStore} from './message-store.js';

export type * from './mailbox-types.js';

/** What the server hands over for a message it received; the mailbox numbers it and reads its subject. */
export type IncomingMessage = Pick<CapturedMessage, 'envelope' | 'session' | 'raw' | 'receivedAt'>;

function summarize({id, from, to, subject, size, receivedAt}: CapturedMessage): CapturedMessageSummary {
	return {id, from, to, subject, size, receivedAt};
}

export class Mailbox {
	/**
	 * `limits` is read on every insert, so a live settings object can be passed (its `keep` may change).
	 * With `saveDir`, existing messages are loaded and numbering continues after the highest file.
	 */
	static async open(options: {limits: {keep: number}; saveDir?: string}): Promise<Mailbox> {
		if (options.saveDir === undefined) return new Mailbox(options.limits, undefined, {messages: [], nextId: 1, skipped: 0});
		const store = new MessageStore(options.saveDir);
		return new Mailbox(options.limits, store, await store.open(options.limits.keep));
	}

	/** How many messages were loaded from the save folder at start, and how many could not be read. */
	readonly loaded: {count: number; skipped: number};
	/** In insertion order, which is by id except when concurrent saves finish out of order. */
	private readonly byId = new Map<number, {message: CapturedMessage; summary: CapturedMessageSummary | undefined}>();
	private readonly listeners = new Set<() => void>();
	private summaries: CapturedMessageSummary[] | undefined;
	private next: number;

	private constructor(
		private readonly limits: {keep: number},
		private readonly store: MessageStore | undefined,
		contents: {messages: CapturedMessage[]; nextId: number; skipped: number},
	) {
		for (const message of contents.messages) this.insert(message);
		this.next = contents.nextId;
		this.loaded = {count: contents.messages.length, skipped: contents.skipped};
	}

	get saveDir(): string | undefined {
		return this.store?.dir;
	}

	/** The number the next accepted message gets. */
	get nextId(): number {
		return this.next;
	}

	/** The messages in memory, oldest first. The same array is returned until the mailbox changes. */
	list(): CapturedMessageSummary[] {
		// A summary is made the first time it is listed (`serve` never lists), then reused.
		this.summaries ??= [...this.byId.values()].map(entry => (entry.summary ??= summarize(entry.message))).sort((a, b) => a.id - b.id);
		return this.summaries;
	}

	get(id: number): CapturedMessage | undefined {
		return this.byId.get(id)?.message;
	}

	/** Parses a message for display; rejects when it is not (or no longer) in memory. */
	async parse(id: number): Promise<ParsedMessageView> {
		const message = this.get(id);
		if (!message) throw new Error(`message ${id} is not in the mailbox (kept in memory: the newest ${this.limits.keep})`);
		const {simpleParser} = await import('mailparser');
		const parsed = await simpleParser(message.raw);
		return {
			headerLines: parsed.headerLines.map(({key, line: binary}) => {
				const line = utf8Header(binary);
				// RFC 2047 encoded words (=?UTF-8?Q?...?=) are shown as sent, and what they say beside them.
				const decoded = decodedHeader(line);
				return {key, line, ...(decoded !== undefined && {decoded})};
			}),
			text: parsed.text ?? '',
			...(typeof parsed.html === 'string' && {html: parsed.html}),
			attachments: parsed.attachments.map(({filename, contentType, size}) => ({...(filename !== undefined && {filename}), contentType, size})),
			raw: message.raw.toString('utf8'),
		};
	}

	/** Calls `listener` after every change; returns the unsubscribe function. */
	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/**
	 * Numbers and keeps a message. With a save folder it resolves only once both files are durably on disk;
	 * it rejects when they could not be written (the number is then skipped).
	 */
	accept(incoming: IncomingMessage): Promise<CapturedMessage> {
		if (!this.store) return Promise.resolve(this.acceptNow(incoming));
		return this.store.write(this.number(incoming), () => this.next++).then(saved => this.keep(saved));
	}

	/** Without a save folder there is nothing to wait for: numbers and keeps the message at once. */
	acceptNow(incoming: IncomingMessage): CapturedMessage {
		if (this.store) throw new Error('a mailbox with a save folder accepts messages through accept()');
		return this.keep(this.number(incoming));
	}

	private number(incoming: IncomingMessage): CapturedMessage {
		const {envelope, session, raw, receivedAt} = incoming;
		return {
			id: this.next++,
			from: envelope.mailFrom.address,
			to: envelope.rcptTo.map(rcpt => rcpt.address),
			subject: scanSubject(raw),
			size: raw.length,
			receivedAt,
			envelope,
			session,
			raw,
		};
	}

	private keep(message: CapturedMessage): CapturedMessage {
		this.insert(message);
		for (const listener of this.listeners) listener();
		return message;
	}

	private insert(message: CapturedMessage): void {
		this.byId.set(message.id, {message, summary: undefined});
		const keep = Math.max(1, this.limits.keep);
		while (this.byId.size > keep) this.byId.delete(this.byId.keys().next().value!);
		this.summaries = undefined;
	}
}

/**
 * mailparser gives header lines byte for byte (one character per octet): raw UTF-8 in a header (SMTPUTF8, or a
 * client that sends 8-bit headers) read as UTF-8, as the list and the raw view do; anything else stays as it is.
 */
function utf8Header(line: string): string {
	if (!/[\u0080-\u00ff]/.test(line) || /[^\u0000-\u00ff]/.test(line)) return line;
	const bytes = Buffer.from(line, 'latin1');
	return isUtf8(bytes) ? bytes.toString('utf8') : line;
}

/**
 * The value of a header line with its RFC 2047 encoded words decoded, or undefined when that changes nothing.
 * mailparser decodes only the fields it knows (Subject, the address fields): Comments, X-... and the like come
 * back as sent, so every field goes through the same decoder as the inbox list's Subject.
 */
function decodedHeader(line: string): string | undefined {
	if (!line.includes('=?')) return undefined;
	const colon = line.indexOf(':');
	const value = line.slice(colon + 1).replace(/\r?\n(?=[ \t])/g, '').trim();
	const decoded = ADDRESS_FIELD.test(line.slice(0, colon).trim()) ? decodeDisplayNames(value) : decodeEncodedWords(value);
	return decoded === value ? undefined : decoded;
}

const ADDRESS_FIELD = /^(resent-)?(from|sender|reply-to|to|cc|bcc)$/i;
/** A run of encoded words (whitespace between them is not part of the text, RFC 2047 §6.2). */
const ENCODED_RUN = /=\?[^?\s]+\?[bq]\?[^?\s]*\?=(?:\s+=\?[^?\s]+\?[bq]\?[^?\s]*\?=)*/gi;
const SPECIALS = /[()<>[\]:;@\\,."]/;

/**
 * An address field's encoded display names, decoded and quoted when they hold a comma or another special: "Zoë,
 * Ünïcode" <zoe@example.test> is one mailbox; unquoted, it would read as two.
 */
function decodeDisplayNames(value: string): string {
	return value.replace(ENCODED_RUN, run => {
		const text = decodeEncodedWords(run);
		return SPECIALS.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : text;
	});
}
