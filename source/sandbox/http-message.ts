// A caught message in the shapes of Mailpit's API v1 (MessageSummary, Message, Attachment), so that a test helper
// written for Mailpit reads it unchanged; with smtp-tui's own extras beside Mailpit's fields: the envelope, the links
// found at arrival, and the DKIM, SPF and DMARC checks.
import {createHash} from 'node:crypto';
import type {AddressObject, Attachment, ParsedMail} from 'mailparser';
import {attachmentName} from './attachment-name.js';
import {bodyParts} from './body-parts.js';
import {bodyText, textMadeFromHtml} from './body-text.js';
import {nextTurn, PIECE} from './in-pieces.js';
import type {Mailbox, MessageRecord} from './mailbox.js';
import {messageHeaders} from './message-html.js';
import {stillChecking} from './message-record.js';
import {parseInPieces} from './parse-in-pieces.js';
import {PARSER_OPTIONS} from './parser-options.js';

/** Go's net/mail.Address as Mailpit writes it. */
type ApiAddress = {Name: string; Address: string};

/** Mailpit's checksums of a part's bytes, by which a test checks the file it attached came through whole. */
type Checksums = {MD5: string; SHA1: string; SHA256: string};

/** A part, its contents not kept but their checksums. */
type Part = Attachment & {checksums: Checksums};

/** Mailpit's ListUnsubscribe: the List-Unsubscribe header, its <…> links, and List-Unsubscribe-Post. */
type ListUnsubscribe = {Header: string; Links: string[]; Errors: string; HeaderPost: string};

/** What a list's summary needs of a parse: small, so kept for many more messages than whole parses are. */
type Headline = {from?: ApiAddress; to: ApiAddress[]; cc: ApiAddress[]; replyTo: ApiAddress[]; attachments: number; snippet: string};

/** What a message's parse gives the message (its parts' contents are not kept). */
type Parsed = Headline & {date?: Date; text: string; html: string; parts: Part[]; listUnsubscribe: ListUnsubscribe};

/** The most messages a list's page has: each one's headline is kept, so that polling it parses nothing again. */
export const MAX_PAGE = 10_000;

/** Mailpit's snippet: the text's first 250 characters, blanks run together. */
const SNIPPET_LENGTH = 250;

function addresses(field: AddressObject | AddressObject[] | undefined): ApiAddress[] {
	const entries = [field ?? []].flat().flatMap(object => object.value);
	// A group's members are its addresses (Team: a@x, b@y;).
	return entries.flatMap(entry => entry.group ?? [entry]).flatMap(({name, address}) => (address === undefined ? [] : [{Name: name, Address: address}]));
}

/**
 * The message parsed as the inbox parses it, a piece at a time (see parseInPieces): in one call, a test fetching a
 * 50 MB message held serve's event loop for seconds, and every SMTP session and request waited. With `skipHtmlToText`
 * mailparser does not make its own text of the HTML (bodyText makes it).
 */
async function parseRaw(raw: Buffer, skipHtmlToText = false): Promise<ParsedMail> {
	// cid: links stay as sent, as Mailpit leaves them: the parts are served by PartID.
	return parseInPieces(raw, {...PARSER_OPTIONS, keepCidLinks: true, skipHtmlToText});
}

/** The message parsed (mailparser); rejects when its body can no longer be had (see Mailbox.read). */
export async function parseMessage(mailbox: Mailbox, id: number): Promise<ParsedMail> {
	return parseRaw(await mailbox.read(id));
}

/**
 * Whether a message can have an HTML part, as its Content-Type says: a text/plain one (most, and a 50 MB log) is not
 * walked for its parts, which made its text once more (~0.4 s of CPU for 50 MB).
 */
function mayHaveHtml(raw: Buffer): boolean {
	const {type} = messageHeaders(raw);
	return type === 'text/html' || type.startsWith('multipart/');
}

/**
 * The message parsed and digested, its text as the inbox shows it (mailparser's own, of an HTML-only message, is
 * wrapped at 80 columns). Its parts are read first, as the inbox reads them, so that the HTML of an HTML-only message is
 * made into text once, by bodyText: mailparser made its own too, only for it to be replaced (a 12 MB HTML took ~1 s more).
 */
async function readMessage(mailbox: Mailbox, id: number): Promise<Parsed> {
	const raw = await mailbox.read(id);
	const parts = mayHaveHtml(raw) ? await bodyParts(raw) : {};
	const parsed = await parseRaw(raw, textMadeFromHtml(parts));
	const {text} = await bodyText(parsed.text, parts);
	return digest(parsed, text);
}

/** Mailpit's checksums of `content`, hashed a piece at a time (a 50 MB file's three hashes held the loop ~0.3 s). */
async function checksums(content: Buffer): Promise<Checksums> {
	const [md5, sha1, sha256] = ['md5', 'sha1', 'sha256'].map(algorithm => createHash(algorithm));
	for (let at = 0; at < content.length; at += PIECE) {
		if (at > 0) await nextTurn();
		for (const hash of [md5!, sha1!, sha256!]) hash.update(content.subarray(at, at + PIECE));
	}
	return {MD5: md5!.digest('hex'), SHA1: sha1!.digest('hex'), SHA256: sha256!.digest('hex')};
}

/** A header's value as sent, unfolded; '' when absent. */
function headerValue(parsed: ParsedMail, name: string): string {
	const line = parsed.headerLines.find(({key}) => key === name)?.line ?? '';
	return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

function listUnsubscribe(parsed: ParsedMail): ListUnsubscribe {
	const header = headerValue(parsed, 'list-unsubscribe');
	// The header's addresses are each in angle brackets (RFC 2369); their validity is not judged here.
	const links = [...header.matchAll(/<([^>]*)>/g)].map(([, link]) => link!.trim());
	return {Header: header, Links: links, Errors: '', HeaderPost: headerValue(parsed, 'list-unsubscribe-post')};
}

async function digest(parsed: ParsedMail, text: string): Promise<Parsed> {
	const [from] = addresses(parsed.from);
	return {
		...(from && {from}),
		to: addresses(parsed.to),
		cc: addresses(parsed.cc),
		replyTo: addresses(parsed.replyTo),
		...(parsed.date && {date: parsed.date}),
		attachments: parsed.attachments.filter(part => !part.related).length,
		snippet: snippet(text),
		text,
		html: typeof parsed.html === 'string' ? parsed.html : '',
		parts: await Promise.all(parsed.attachments.map(async part => ({...part, filename: attachmentName(part), content: Buffer.alloc(0), checksums: await checksums(part.content)}))),
		listUnsubscribe: listUnsubscribe(parsed),
	};
}

/** A part's ID: mailparser's IMAP-style number (2, 1.2), as Mailpit's; a message that is one part is part 1. */
export const partId = (part: Attachment) => part.partId ?? '1';

function partJson(part: Part) {
	return {PartID: partId(part), FileName: part.filename ?? '', ContentType: part.contentType, ContentID: part.cid ?? '', Size: part.size, Checksums: part.checksums};
}

/** A parse's headline alone, so that the rest (the text, the HTML) is not kept with it. */
const headline = ({from, to, cc, replyTo, attachments, snippet}: Parsed): Headline => ({...(from && {from}), to, cc, replyTo, attachments, snippet});

/** Sets `id` in `cache`, dropping the oldest entries past `size`. */
function remember<T>(cache: Map<number, T>, id: number, value: T, size: number): void {
	cache.set(id, value);
	for (const old of cache.keys()) {
		if (cache.size <= size) break;
		cache.delete(old);
	}
}

/**
 * Parses of the messages asked for, newest kept, and the headlines of many more: a list asked for again (a test
 * polling it) parses nothing twice, even a page of more messages than the parses kept (each took some 2 ms).
 * A message's content never changes (its checks are read from its record each time).
 */
export class ParsedMessages {
	private readonly cache = new Map<number, Parsed>();
	private readonly headlines = new Map<number, Headline>();

	constructor(
		private readonly mailbox: Mailbox,
		private readonly size = 200,
	) {}

	/** Undefined when the body is gone (the list then says what the record has); not kept, as its file may come back. */
	async get(id: number): Promise<Parsed | undefined> {
		const kept = this.cache.get(id);
		if (kept) return kept;
		const parsed = await readMessage(this.mailbox, id).catch(() => undefined);
		if (!parsed) return undefined;
		remember(this.cache, id, parsed, this.size);
		remember(this.headlines, id, headline(parsed), MAX_PAGE);
		return parsed;
	}

	/** What a list's summary needs: parsed once while the headline is kept (the parse kept too, for the message asked for next). */
	async headline(id: number): Promise<Headline | undefined> {
		return this.headlines.get(id) ?? this.get(id);
	}
}

const envelopeAddress = (address: string): ApiAddress => ({Name: '', Address: address});

/** Mailpit's Bcc: the envelope recipients no To or Cc header names. */
function blindCopies(record: MessageRecord, parsed: Headline | undefined): ApiAddress[] {
	if (!parsed) return [];
	const named = new Set([...parsed.to, ...parsed.cc].map(({Address}) => Address.toLowerCase()));
	return record.to.filter(address => !named.has(address.toLowerCase())).map(envelopeAddress);
}

const collapsed = (text: string) => text.replace(/\s+/g, ' ').trimStart();

/**
 * Of the text's start alone, long enough to make the same snippet as the whole: blanks run together over a 50 MB text
 * held the loop for seconds. A start whose snippet has a character more ends where the whole's goes on.
 */
function snippet(text: string): string {
	for (let length = SNIPPET_LENGTH * 4; length < text.length; length *= 4) {
		const start = collapsed(text.slice(0, length));
		if (start.length > SNIPPET_LENGTH) return start.slice(0, SNIPPET_LENGTH);
	}
	return collapsed(text).trimEnd().slice(0, SNIPPET_LENGTH);
}

/**
 * Mailpit's MessageSummary. Without a parse (a body no longer kept), From is the record's, To the envelope's
 * recipients, and Attachments 0.
 */
export function summaryJson(record: MessageRecord, parsed: Headline | undefined) {
	const author = record.author ? {Name: record.author.name ?? '', Address: record.author.address} : envelopeAddress(record.from);
	return {
		ID: String(record.id),
		// Mailpit's is without the angle brackets.
		MessageID: (record.messageId ?? '').replace(/^<(.*)>$/, '$1'),
		Read: false,
		From: parsed?.from ?? author,
		To: parsed ? parsed.to : record.to.map(envelopeAddress),
		Cc: parsed?.cc ?? [],
		Bcc: blindCopies(record, parsed),
		ReplyTo: parsed?.replyTo ?? [],
		Subject: record.subject,
		Created: new Date(record.receivedAt).toISOString(),
		Username: record.session.auth ? record.session.auth.user : '',
		Tags: [],
		Size: record.size,
		Attachments: parsed?.attachments ?? 0,
		Snippet: record.text === undefined ? (parsed?.snippet ?? '') : snippet(record.text),
	};
}

/** Mailpit's Message, and smtp-tui's extras: Envelope, Links, Auth (DKIM, SPF, DMARC; Checking while looked up). */
export function messageJson(record: MessageRecord, parsed: Parsed) {
	const {Read: _read, Attachments: _count, Snippet: _snippet, Created: _created, ...summary} = summaryJson(record, parsed);
	return {
		...summary,
		ReturnPath: record.from,
		ListUnsubscribe: parsed.listUnsubscribe,
		Date: (parsed.date ?? new Date(record.receivedAt)).toISOString(),
		Text: parsed.text,
		HTML: parsed.html,
		Inline: parsed.parts.filter(part => part.related).map(partJson),
		Attachments: parsed.parts.filter(part => !part.related).map(partJson),
		Envelope: {From: record.envelope.mailFrom.address, To: record.envelope.rcptTo.map(rcpt => rcpt.address)},
		Links: record.links ?? [],
		Auth: {
			Checking: stillChecking(record),
			DKIM: record.signatures ?? [],
			SPF: record.spf ?? null,
			DMARC: record.dmarc ?? null,
		},
	};
}
