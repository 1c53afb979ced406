// The captured messages: in memory (capped in count, and their bodies in bytes), optionally on disk, parsed
// for display only when viewed.
import path from 'node:path';
import {unicodeDomains} from '../message/idna.js';
import {lineText} from '../smtp/reply-parser.js';
import {attachmentName} from './attachment-name.js';
import {bodyParts} from './body-parts.js';
import {lineTextInPieces} from './in-pieces.js';
import {bodyText, textMadeFromHtml} from './body-text.js';
import {decodeEncodedWords, headerScanBytes, scanBcc, scanHeaderLines, scanMessageId, scanSubject} from './header-scan.js';
import {messageAuthor} from './message-author.js';
import {bodyMarks} from './message-html.js';
import {messageText} from './message-text.js';
import {parseInPieces} from './parse-in-pieces.js';
import {inlineImages} from './inline-images.js';
import {LateTexts} from './late-texts.js';
import {listUnsubscribeProblems} from '../message/list-unsubscribe.js';
import type {CapturedMessage, CapturedMessageSummary, DkimMark, DkimResult, MessageRecord, ParsedMessageView} from './mailbox-types.js';
import {MessageStore, type StoreContents, type UnreadableRecord} from './message-store.js';
import {PARSER_OPTIONS} from './parser-options.js';
import {receiveMessage, type DataStream, type ReceivedMessage} from './receive-message.js';

export type * from './mailbox-types.js';

/**
 * What the server hands over for a message it received (see receive), or a whole message in memory; the
 * mailbox numbers it and reads its subject.
 */
/** `judged`: its SPF and DMARC are to be checked (a sandbox with --dns), and its record says `checking` until they are. */
export type IncomingMessage = Pick<CapturedMessage, 'envelope' | 'session' | 'receivedAt'> & ({received: ReceivedMessage; judged?: true} | {raw: Buffer});

/** `keep`: messages kept; `keepBytes`: bytes of their bodies kept in memory, newest first. */
type MailboxLimits = {keep: number; keepBytes: number; saveMax?: number | undefined};

function summarize({id, from, author, to, html, attachment, subject, messageId, dkim, dmarc, size, receivedAt, text, links}: MessageRecord): CapturedMessageSummary {
	const dmarcFails = dmarc?.result === 'fail' && dmarc.disposition !== undefined && dmarc.disposition !== 'none';
	return {id, from, ...(author && {author}), to, ...(html && {html}), ...(attachment && {attachment}), subject, ...(messageId !== undefined && {messageId}), ...(dkim && {dkim}), ...(dmarcFails && {dmarcFails}), size, receivedAt, ...(text !== undefined && {text}), ...(links && {links})};
}

/** All signatures in one mark: any failure shows, then a check DNS could not finish. */
function dkimMark(signatures: readonly DkimResult[]): DkimMark {
	return signatures.find(result => result.status === 'fail')?.status ?? signatures.find(result => result.status === 'temperror')?.status ?? 'pass';
}

function withoutBody({raw: _raw, ...record}: CapturedMessage): MessageRecord {
	return record;
}

const mebibytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

export class Mailbox {
	/**
	 * `limits` is read on every insert, so a live settings object can be passed (its fields may change).
	 * With `saveDir`, the records of existing messages are loaded (not their bodies) and numbering continues
	 * after the highest file.
	 */
	static async open(options: {limits: MailboxLimits; saveDir?: string}): Promise<Mailbox> {
		if (options.saveDir === undefined) return new Mailbox(options.limits, undefined, {messages: [], found: 0, nextId: 1, skipped: 0, unreadable: []});
		const store = new MessageStore(options.saveDir);
		return new Mailbox(options.limits, store, await store.open(options.limits.keep, options.limits.saveMax !== undefined));
	}

	/**
	 * The save folder at start: `found` complete messages there, of which the newest `keep` were read, `count` of
	 * them loaded and `skipped` unreadable.
	 */
	readonly loaded: {count: number; skipped: number; found: number};
	/** The first few of the `skipped` ones: their `.json` and why (left as they are on disk). */
	readonly unreadable: readonly UnreadableRecord[];
	/** In insertion order, which is by id except when concurrent accepts finish out of order (see oldest). */
	private readonly byId = new Map<number, {message: CapturedMessage | MessageRecord; summary: CapturedMessageSummary | undefined}>();
	/** The messages whose body is in memory, oldest first, with the body's size: the first to go when over budget. */
	private readonly bodies = new Map<number, number>();
	/** The highest number inserted so far, and those inserted after a higher one (few: accepts that finished out of order). */
	private highest = 0;
	private readonly late = new Set<number>();
	private bodyBytes = 0;
	private readonly listeners = new Set<() => void>();
	private summaries: CapturedMessageSummary[] | undefined;
	private next: number;
	/** See total. */
	private listable: number;
	/** Where texts are read after the 250 (see readTextsLater). */
	private lateTexts: LateTexts | undefined;

	private constructor(
		private readonly limits: MailboxLimits,
		private readonly store: MessageStore | undefined,
		contents: StoreContents,
	) {
		for (const message of contents.messages) this.insert(message);
		this.next = contents.nextId;
		this.listable = contents.found - contents.skipped;
		this.loaded = {count: contents.messages.length, skipped: contents.skipped, found: contents.found};
		this.unreadable = contents.unreadable;
	}

	get saveDir(): string | undefined {
		return this.store?.dir;
	}

	/** The saved `.eml` of message `id`, absolute (the server's working folder is not the reader's), or undefined without a save folder. */
	file(id: number): string | undefined {
		return this.store && path.resolve(this.store.file(id, 'eml'));
	}

	/**
	 * Messages taken in all that the inbox could list: those in the save folder at start less the unreadable ones
	 * skipped (older ones, past `keep`, are not read, and count), and each kept since. Not `nextId - 1`: unreadable
	 * records, gaps in the folder's numbering and numbers of messages that failed to save are no messages to list.
	 */
	get total(): number {
		return this.listable;
	}

	/** The number the next accepted message gets. */
	get nextId(): number {
		return this.next;
	}

	/** Bytes of message bodies held in memory now (at most `keepBytes`). */
	get keptBytes(): number {
		return this.bodyBytes;
	}

	/** The messages in memory, oldest first. The same array is returned until the mailbox changes. */
	list(): CapturedMessageSummary[] {
		// A summary is made the first time it is listed (`serve` never lists), then reused.
		this.summaries ??= [...this.byId.values()].map(entry => (entry.summary ??= summarize(entry.message))).sort((a, b) => a.id - b.id);
		return this.summaries;
	}

	/** A message with its body, while the body is in memory; `record` and `read` also reach the others. */
	get(id: number): CapturedMessage | undefined {
		const message = this.byId.get(id)?.message;
		return message && 'raw' in message ? message : undefined;
	}

	/** A listed message's envelope, session and summary, with or without its body in memory. */
	record(id: number): MessageRecord | undefined {
		return this.byId.get(id)?.message;
	}

	/**
	 * The raw message: from memory, or from the save folder once its body was dropped from memory. Rejects,
	 * saying why, when it is in neither.
	 */
	async read(id: number): Promise<Buffer> {
		const message = this.held(id);
		if ('raw' in message) return message.raw;
		try {
			return await this.store!.readBody(id);
		} catch (error) {
			throw this.unreadableBody(id, error);
		}
	}

	/** The raw message as read() has it, in chunks: a saved one is read a piece at a time, never whole. */
	async *chunks(id: number): AsyncIterable<Uint8Array> {
		const message = this.held(id);
		if ('raw' in message) {
			yield message.raw;
			return;
		}
		try {
			yield* this.store!.bodyChunks(id);
		} catch (error) {
			throw this.unreadableBody(id, error);
		}
	}

	/** Message `id` with its body in memory, or its record when the save folder has the body; throws saying why neither. */
	private held(id: number): CapturedMessage | MessageRecord {
		const message = this.byId.get(id)?.message;
		if (!message) throw new Error(`message ${id} is not in the mailbox (kept in memory: the newest ${this.limits.keep}${this.store ? `; see ${this.store.file(id, 'eml')}` : ''})`);
		if ('raw' in message || this.store) return message;
		throw new Error(`the body of message ${id} is no longer in memory: only the newest ${mebibytes(this.limits.keepBytes)} of message bodies are kept in memory, and this sandbox saves nothing to disk (smtp-tui serve --save-dir does)`);
	}

	private unreadableBody(id: number, error: unknown): Error {
		return new Error(`the body of message ${id} is no longer in memory, and ${this.store!.file(id, 'eml')} cannot be read: ${(error as Error).message}`);
	}

	/**
	 * Parses a message for display, a piece at a time (see inPieces): the event loop is let go between pieces, and the
	 * parse stops once `signal` is aborted (the user went back). Rejects when its body can no longer be had (see read).
	 */
	async parse(id: number, signal?: AbortSignal): Promise<ParsedMessageView> {
		// Gone back before the parse began (Esc while a big message's headers were read): its file is not read whole.
		signal?.throwIfAborted();
		const raw = await this.read(id);
		// A forwarded message (an attached message/rfc822) is an attachment, as bodyParts reads it: mailparser would print
		// it into the text, as if the sender had written it. The text as HTML with its links, which nothing here shows,
		// is not made (a third of the parse's time); nor its text of an HTML-only message, made here instead (bodyText):
		// the parts are read first to know which. Converted twice, a 12 MB HTML's parse took 3.8 s of CPU, 2.2 s once. Nor
		// its HTML with its images inline (keepCidLinks): the view shows the parts' own source.
		const parts = await bodyParts(raw, false, signal);
		const parsed = await parseInPieces(raw, {...PARSER_OPTIONS, skipTextToHtml: true, skipTextLinks: true, skipHtmlToText: textMadeFromHtml(parts), keepCidLinks: true}, signal);
		const images = inlineImages(parts.html, parsed.attachments.flatMap(({cid}) => (cid === undefined ? [] : [cid])));
		const bcc = scanBcc(raw);
		return {
			headerLines: parsed.headerLines.map(shownHeader),
			...(await bodyText(parsed.text, parts)),
			attachments: parsed.attachments.map(part => [attachmentName(part), part] as const).map(([filename, {contentType, size, contentDisposition, cid, headers}]) => ({
				...(filename !== undefined && {filename}),
				contentType,
				...invitationMethod(contentType, headers),
				size,
				// An image the HTML shows (<img src="cid:...">), not a file to open: the text view says which. Marked
				// inline, or not marked at all (Outlook's multipart/related parts have a Content-ID and no disposition);
				// marked as an attachment (Python's add_related with a filename), only where the HTML shows it.
				...(cid !== undefined && contentDisposition !== 'attachment' && {cid, ...(!images.shown(cid) && {unshown: true as const})}),
				...(cid !== undefined && contentDisposition === 'attachment' && images.shown(cid) && {cid, attached: true as const}),
			})),
			...(images.missing.length > 0 && {missingCids: images.missing}),
			...headerWarnings(parsed.headerLines),
			...(bcc !== undefined && {bcc}),
			// A byte that is not UTF-8 (a Latin-1 header) as \xHH, as the transcripts show it: U+FFFD would hide which.
			raw: await lineTextInPieces(raw, signal),
		};
	}

	/**
	 * The header section's lines as parse() gives them (see scanHeaderLines), read at once from the message's start:
	 * what the inbox shows while a big message is parsed.
	 */
	async headerLines(id: number): Promise<ParsedMessageView['headerLines']> {
		const head: Uint8Array[] = [];
		let length = 0;
		for await (const chunk of this.chunks(id)) {
			head.push(chunk.subarray(0, headerScanBytes - length));
			length += head.at(-1)!.length;
			if (length >= headerScanBytes) break;
		}
		return scanHeaderLines(Buffer.concat(head)).map(shownHeader);
	}

	/** Calls `listener` after every change; returns the unsubscribe function. */
	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/**
	 * Takes a message's DATA as it arrives (see receiveMessage): in memory only its header part, and the whole
	 * while it fits the budget of bodies (`keepBytes`); with a save folder every byte goes to a temporary file. Its
	 * parts are read for the attach mark only where something reads the mark (see isRead): the readers are known at
	 * start, so no message taken without the scan is listed later.
	 */
	receive(stream: DataStream): Promise<ReceivedMessage | undefined> {
		return receiveMessage(stream, {keepBytes: this.limits.keepBytes, file: this.store?.incoming(), scan: this.isRead});
	}

	/**
	 * Numbers and keeps a message, once its text is read (see isRead), or before it is (see readTextsLater). With a save
	 * folder it resolves only once both files are durably on disk; it rejects when they could not be written (the
	 * number is then skipped).
	 */
	async accept(incoming: IncomingMessage): Promise<MessageRecord> {
		const {record, header, raw, file} = this.number(incoming);
		if (this.lateTexts && this.isRead) {
			this.lateTexts.add(record.id, header, record.size);
			return this.keep(record, raw);
		}
		// A body its MIME walk cannot read gives no text: the message is kept all the same, as it came.
		const read = this.isRead ? {...record, ...(await messageText(header, record.size).catch(() => undefined))} : record;
		if (!this.store) return this.keep(read, raw);
		// A whole message in memory (the sandbox's own report) goes to its file the way a received one came.
		const saved = await this.store.write(read, file ?? this.store.incoming().end(raw), () => this.next++);
		const kept = this.keep(saved, raw);
		if (this.limits.saveMax !== undefined) this.leaveAtMost(this.limits.saveMax);
		return kept;
	}

	/**
	 * --save-max: the oldest saved messages beyond `max` leave the folder (see MessageStore.deleteOldest) and the list,
	 * after the newest was saved; its 250 does not wait for the files to go.
	 */
	private leaveAtMost(max: number): void {
		const deleted = this.store!.deleteOldest(max);
		if (deleted.length === 0) return;
		for (const id of deleted) if (this.byId.has(id)) this.remove(id);
		// Gone from the folder, listed or not: no longer a message the inbox could list.
		this.listable = Math.max(this.byId.size, this.listable - deleted.length);
		this.changed();
	}

	/**
	 * From now on a message's text and links are read after its 250, once the server is quiet (see LateTexts), where
	 * only a screen's filter reads them, which asks for them with readTexts: not with a save folder, whose `.json` has
	 * them as the message is saved, nor for the HTTP API, whose tests read them right after the 250.
	 */
	readTextsLater(): void {
		if (this.store) return;
		this.lateTexts ??= new LateTexts((id, text) => {
			const entry = this.byId.get(id);
			if (!entry || !text) return;
			entry.message = {...entry.message, ...text};
			entry.summary = undefined;
			this.changed();
		});
	}

	/** Resolves once every message kept has its text and links read (at once: see readTextsLater). */
	readTexts(): Promise<void> {
		return this.lateTexts?.readNow() ?? Promise.resolve();
	}

	/**
	 * Whether anything reads a message past its number, Subject and Message-ID (the log's): its `.json` (inbox --wait
	 * gives it to scripts), and where messages are listed (the filter searches them), which is where their bodies are
	 * kept to be opened. Only then are its text and links read as it arrives, or after its 250 (see readTextsLater)
	 * (~0.2 ms for a short plain one, ~1 ms for an HTML mail), its From header and HTML parts looked at (~1 µs), and
	 * its parts for a file attached as it arrives (~30 µs of serve's CPU for a small multipart message, 0.1-0.5 ms
	 * for 1 MB). serve without --http or a save folder reads none of them: only DMARC (--dns) wants the From header
	 * there.
	 */
	private get isRead(): boolean {
		return this.store !== undefined || this.limits.keepBytes > 0;
	}

	/**
	 * The message's record; a signed one (DKIM-Signature headers) is marked `checking` until setSignatures, on disk too,
	 * and a judged one `authentication: checking` until setAuthentication.
	 */
	private number(incoming: IncomingMessage): {record: MessageRecord; header: Buffer; raw: Buffer | undefined; file: ReceivedMessage['file']} {
		const {envelope, session, receivedAt} = incoming;
		const {size, header, raw, file} = 'raw' in incoming ? {size: incoming.raw.length, header: incoming.raw, raw: incoming.raw, file: undefined} : incoming.received;
		const judged = 'received' in incoming && incoming.judged === true;
		const author = this.isRead || judged ? messageAuthor(header) : undefined;
		const messageId = scanMessageId(header);
		const marks = this.isRead ? bodyMarks(header) : undefined;
		const record = {
			id: this.next++,
			from: envelope.mailFrom.address,
			...(author && {author}),
			to: envelope.rcptTo.map(rcpt => rcpt.address),
			...(marks?.html && {html: true as const}),
			// A received message's parts were all read as it came; bodyMarks reads those in `header`.
			...(marks && ('received' in incoming ? incoming.received.attachment : marks.attachment) && {attachment: true as const}),
			subject: scanSubject(header),
			...(messageId !== undefined && {messageId}),
			...('received' in incoming && incoming.received.signed && {dkim: 'checking' as const}),
			...(judged && {authentication: 'checking' as const}),
			size,
			receivedAt,
			envelope,
			session,
		};
		return {record, header, raw, file};
	}

	/**
	 * Sets the outcome of a signed message's DKIM check (see DkimChecks), in memory (nothing when the message has gone
	 * from it meanwhile) and in its `.json`, rewritten whole (see MessageStore.setChecks). None: not signed after all.
	 */
	async setSignatures(id: number, signatures: DkimResult[]): Promise<void> {
		const dkim = signatures.length === 0 ? undefined : {dkim: dkimMark(signatures), signatures};
		const entry = this.byId.get(id);
		if (entry) {
			const {dkim: _checking, signatures: _none, ...message} = entry.message;
			// None found after all (the header looked signed to the quick scan): the message is unsigned.
			entry.message = {...message, ...dkim};
			entry.summary = undefined;
			this.changed();
		}
		await this.store?.setChecks(id, ['dkim', 'signatures'], dkim);
	}

	/** Sets message `id`'s SPF and DMARC (see AuthChecks), in memory and in its `.json`, as setSignatures does. */
	async setAuthentication(id: number, checks: Pick<MessageRecord, 'spf' | 'dmarc'>): Promise<void> {
		const entry = this.byId.get(id);
		if (entry) {
			const {authentication: _checking, ...message} = entry.message;
			entry.message = {...message, ...checks};
			entry.summary = undefined;
			this.changed();
		}
		await this.store?.setChecks(id, ['spf', 'dmarc', 'authentication'], checks);
	}

	/**
	 * Lets messages go at a user's word (the HTTP API's DELETE): from memory only, their files in the save folder left
	 * as they are (as --keep leaves them). Returns those that were listed.
	 */
	delete(ids: Iterable<number>): number[] {
		const gone = [...new Set(ids)].filter(id => this.byId.has(id));
		for (const id of gone) this.remove(id);
		this.listable -= gone.length;
		if (gone.length > 0) this.changed();
		return gone;
	}

	/** Lists the message, with its body when it came with one (within the budget). */
	private keep(record: MessageRecord, raw: Buffer | undefined): MessageRecord {
		this.listable++;
		this.insert(raw ? {...record, raw} : record);
		this.changed();
		return record;
	}

	private changed(): void {
		this.summaries = undefined;
		for (const listener of this.listeners) listener();
	}

	private insert(message: CapturedMessage | MessageRecord): void {
		this.byId.set(message.id, {message, summary: undefined});
		if (message.id < this.highest) this.late.add(message.id);
		this.highest = Math.max(this.highest, message.id);
		if ('raw' in message) {
			this.bodies.set(message.id, message.raw.length);
			this.bodyBytes += message.raw.length;
		}
		const keep = Math.max(1, this.limits.keep);
		while (this.byId.size > keep) this.remove(this.oldest());
		// Oldest bodies first; their records stay listed (and on disk, with a save folder).
		while (this.bodyBytes > this.limits.keepBytes) this.dropBody(this.bodies.keys().next().value!);
		this.summaries = undefined;
	}

	/**
	 * The lowest number listed: the first inserted, unless one numbered before it was kept after it (its text took
	 * longer to read, or its save to finish), which then goes first, not the newer message. Any lower one than the
	 * first was inserted after it, so is among the late ones: no walk over every message kept, for each new one.
	 */
	private oldest(): number {
		let lowest = this.byId.keys().next().value!;
		for (const id of this.late) lowest = Math.min(lowest, id);
		return lowest;
	}

	private remove(id: number): void {
		this.byId.delete(id);
		this.late.delete(id);
		this.lateTexts?.forget(id);
		this.forgetBody(id);
	}

	private dropBody(id: number): void {
		const entry = this.byId.get(id)!;
		entry.message = withoutBody(entry.message as CapturedMessage);
		this.forgetBody(id);
	}

	/** The body of `id` no longer counts against the budget (it was dropped, or its message went). */
	private forgetBody(id: number): void {
		this.bodyBytes -= this.bodies.get(id) ?? 0;
		this.bodies.delete(id);
	}
}

/** A header line as mailparser gives it (a character per byte), as the headers view shows it. */
function shownHeader({key, line: binary}: {key: string; line: string}): ParsedMessageView['headerLines'][number] {
	const line = utf8Header(binary);
	// RFC 2047 encoded words (=?UTF-8?Q?...?=) are shown as sent, and what they say beside them.
	const decoded = decodedHeader(line);
	return {key, line, ...(decoded !== undefined && {decoded})};
}

/** The unsubscribe headers' mistakes (list-unsubscribe.ts), which mail programs answer by showing no link. */
function headerWarnings(lines: ReadonlyArray<{line: string}>): {headerWarnings?: string[]} {
	const headers = lines.map(({line}) => ({name: line.slice(0, Math.max(0, line.indexOf(':'))).trim(), value: line.slice(line.indexOf(':') + 1).replace(/\r?\n(?=[ \t])/g, '')}));
	const warnings = listUnsubscribeProblems(headers).map(problem => problem.replace(/^warning: /, '! '));
	return warnings.length > 0 ? {headerWarnings: warnings} : {};
}

/** An invitation's method (REQUEST, CANCEL…), from its Content-Type's parameter: what a mail program offers for it. */
function invitationMethod(contentType: string, headers: Map<string, unknown>): {method?: string} {
	const params = (headers.get('content-type') as {params?: Record<string, string>} | undefined)?.params;
	return contentType === 'text/calendar' && params?.method ? {method: params.method} : {};
}

/**
 * mailparser gives header lines byte for byte (one character per octet): raw UTF-8 in a header (SMTPUTF8, or a
 * client that sends 8-bit headers) read as UTF-8, as the list and the raw view do; a byte that is not UTF-8 as
 * \xHH, as the raw view shows it (read as Latin-1, an invalid header would look valid).
 */
function utf8Header(line: string): string {
	if (!/[\u0080-\u00ff]/.test(line) || /[^\u0000-\u00ff]/.test(line)) return line;
	return lineText(Buffer.from(line, 'latin1'));
}

/**
 * The value of a header line with its RFC 2047 encoded words decoded (and an address field's punycode domains), or
 * undefined when that changes nothing.
 * mailparser decodes only the fields it knows (Subject, the address fields): Comments, X-... and the like come
 * back as sent, so every field goes through the same decoder as the inbox list's Subject.
 */
function decodedHeader(line: string): string | undefined {
	const colon = line.indexOf(':');
	const addresses = ADDRESS_FIELD.test(line.slice(0, colon).trim());
	if (!line.includes('=?') && !(addresses && /xn--/i.test(line))) return undefined;
	const value = line.slice(colon + 1).replace(/\r?\n(?=[ \t])/g, '').trim();
	// An internationalised domain goes as punycode (xn--): its Unicode form is what was typed.
	const decoded = addresses ? unicodeDomains(decodeDisplayNames(value)) : decodeEncodedWords(value);
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
