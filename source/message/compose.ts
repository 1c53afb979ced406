// Builds the message to send. nodemailer's MailComposer does the MIME work (Date, Message-ID, RFC 2047, folding,
// attachments); this module checks every user field first, so a mistake is reported, naming its field, before any
// connection is made. nodemailer is imported on first use: the dashboard and flag parsing load this file cheaply.
import {isAscii, isUtf8} from 'node:buffer';
import {randomBytes, randomUUID} from 'node:crypto';
import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import path from 'node:path';
import {domainToASCII} from 'node:url';
import {pipeline, Readable} from 'node:stream';
import type {MailboxAddress} from 'nodemailer/lib/addressparser';
import type {MailComposerAlternative, MailComposerAttachment, MailComposerOptions} from 'nodemailer/lib/mail-composer';
import type MimeNode from 'nodemailer/lib/mime-node';
import {SmtpInputError, type MessageTraits} from '../smtp/types.js';
import {MAX_LINE_OCTETS} from '../smtp/data-encoder.js';
import {needsSmtpUtf8} from '../smtp/commands.js';
import {describeFileError} from '../text/file-errors.js';
import {convertHint, WIDE_TEXT_SAMPLE, wideText} from './wide-text.js';
import {idnaNote} from './idna.js';
import {CrlfNormalizer, hasLineOver, LineLengthGuard, MessageLines} from './line-endings.js';
import {QuotedPrintableSize} from './qp-size.js';
import {assertUnchanged, FileChangedError, pinnedRead, stampNow, type FileStamp} from './pinned-file.js';
import {fileReader, READ_CHUNK, readReusing, readStart, scanSync, spoolToTempFile, type FileTarget, type Reopen} from './spool.js';
import {messageIdIn} from './message-id.js';
import {markWireReady} from './wire-ready.js';
import {labelTextCharset} from './text-charset.js';
import {calendarMethod} from './calendar-method.js';
import {attachedMessage, isAttachedMessageType} from './attached-message.js';
import {cidKey, CidReferences} from './cid-references.js';
import {listUnsubscribeProblems} from './list-unsubscribe.js';
import {dateProblem} from './date-header.js';
import {TEXT_FROM_HTML_LIMIT, textFromHtml} from './html-text.js';
import {assertHeaderText, assertNoLineBreaks, checkHeader} from './header-checks.js';
import {dotlessWarning, parseAddresses} from './address-checks.js';
import {composedAddresses, composedNotes} from './composed-form.js';
import {composed} from '../smtp/composed-text.js';

/** The unique part of a message's multipart boundaries, as MailComposer makes it. */
export function newBaseBoundary(): string {
	return randomBytes(8).toString('hex');
}

export type BodySource = {kind: 'text'; text: string} | {kind: 'file'; path: string} | {kind: 'stdin'; stream: NodeJS.ReadableStream};
/** The text part: given, or made from the HTML part (`from-html`, only with `html`). */
export type TextSource = BodySource | {kind: 'from-html'};

export type MessageInput = {
	from: string;
	to: string[];
	cc: string[];
	bcc: string[];
	subject: string;
	/** With `html`, an empty typed text means no text part: the message is the HTML alone. */
	body: TextSource;
	/** An HTML part: the message goes multipart/alternative, text/plain first, text/html last (RFC 2046 §5.1.4). */
	html?: BodySource;
	/** Extra header fields; one named From, To, Cc, Subject, Date or Message-ID replaces that header (not the envelope). */
	headers: {name: string; value: string}[];
	/** File paths, or files with the options `send --attach FILE;cid=…` gives. */
	attachments: Array<string | AttachmentFile>;
	date?: Date;
	messageId?: string;
	/** The unique part of the composed Message-ID (default: a new UUID), so two builds can be the same bytes. */
	messageIdSeed?: string;
	/** The unique part of the multipart boundaries (default: 16 random hex digits), likewise. */
	baseBoundary?: string;
};

export type ComposedMessage = MessageTraits & {
	/** to = To + Cc + Bcc bare addresses, deduplicated, in order. Empty for raw messages: the caller sets it. */
	envelope: {from: string; to: string[]};
	/**
	 * The RFC 5322 bytes with CRLF line ends, not dot-stuffed, streamed from disk. Each call starts afresh. A chunk
	 * may be overwritten once the next one is asked for: copy what you keep.
	 */
	stream(): AsyncIterable<Uint8Array>;
	/** Octets for MAIL SIZE= (RFC 1870): exact for a ready message; a composed one's may be a few over, never under. */
	estimatedSize?: number;
	/** estimatedSize is exact: a ready message, or a typed body with no attachment (its bytes are built already). */
	sizeExact?: true;
	/** The Message-ID header's value, when the message has one. */
	messageId?: string;
};

/**
 * A file to attach. `cid`: its Content-ID, by which the HTML shows it (`src="cid:logo"`; it goes inline, in
 * multipart/related with the HTML); `contentType`: the type to send instead of its name's; `filename`: the name shown.
 */
export type AttachmentFile = {path: string; cid?: string; contentType?: string; filename?: string};

/** The text/plain and text/html parts as MailComposer takes them; either may be left out. */
type Alternatives = {text?: MailComposerAlternative; html?: MailComposerAlternative};
/** `note`: a warning of the file's own (an invitation whose type and METHOD differ). */
/** `encoding`: base64, or 7bit and 8bit for a message (message/rfc822), which goes as it is, `size` octets in CRLF. */
type Attachment = {path: string; filename: string; size: number; contentType: string; encoding: 'base64' | '7bit' | '8bit'; cid?: string; note?: string};
/** `sevenBit`: the body goes as it is (Content-Transfer-Encoding 7bit), not quoted-printable. */
type Body = {kind: 'text'; text: string; sevenBit: boolean} | {kind: 'file'; open: Reopen; encodedSize: number; sevenBit: boolean; notes?: string[]};

/**
 * Whether `text` has a run of 900 non-blank characters, which cannot be folded under 998 octets as plain text. Split
 * at blanks in one pass: /\S{900,}/ counts from every position again (a third of a second for a 200 KB subject).
 */
const unfoldableRun = (text: string) => text.split(/\s/).some(word => word.length >= 900);
const MIME_HEADERS = new Set(['mime-version', 'content-type', 'content-transfer-encoding']);
const ADDRESS_HEADERS = new Set(['from', 'sender', 'reply-to', 'to', 'cc']);
const SINGLE_HEADERS = new Set([...ADDRESS_HEADERS, 'subject', 'date', 'message-id', 'in-reply-to', 'references']);
/** Header names (lower-case) whose custom field replaces the composer's own value. */
const REPLACEABLE = ['from', 'to', 'cc', 'subject', 'date', 'message-id'] as const;

type Nodemailer = Awaited<ReturnType<typeof loadNodemailer>>;

/** The addresses of a header that MailComposer leaves raw UTF-8 (non-ASCII before the @), as "Reply-To: a@b". */
const headerAddresses = (name: string, list: readonly MailboxAddress[]) =>
	list.filter(({address}) => needsSmtpUtf8(address.slice(0, address.lastIndexOf('@')))).map(({address}) => `${name}: ${address}`);

/** A pipe or terminal given as a file (`--body @<(cmd)`, `@/dev/stdin`): read once, so it is spooled like stdin. */
async function isStream(file: string): Promise<boolean> {
	const info = await stat(file).catch(() => undefined);
	return info !== undefined && (info.isFIFO() || info.isCharacterDevice() || info.isSocket());
}

/** Checks that a file exists, is a regular file and is readable; returns its size. */
async function readableFileSize(file: string, field: string): Promise<number> {
	try {
		const info = await stat(file);
		if (info.isDirectory()) throw new SmtpInputError(`${field} ${file} is a folder: give files, one by one`, field);
		if (!info.isFile()) throw new SmtpInputError(`${field} ${file} is not a regular file`, field);
		await access(file, constants.R_OK);
		return info.size;
	} catch (error) {
		if (error instanceof SmtpInputError) throw error;
		throw new SmtpInputError(`${field} ${file}: ${describeFileError(error, file)}`, field);
	}
}

/** A file read through the CRLF normaliser; errors reach the consumer through the returned stream. */
function normalisedFileStream(open: Reopen): CrlfNormalizer {
	return pipeline(open(), new CrlfNormalizer(), () => {});
}

async function loadNodemailer() {
	const [{default: MailComposer}, {default: addressparser}, mimeFuncs] = await Promise.all([
		import('nodemailer/lib/mail-composer'),
		import('nodemailer/lib/addressparser'),
		import('nodemailer/lib/mime-funcs'),
	]);
	return {MailComposer, addressparser, mimeFuncs};
}

/**
 * CRLF text that may go as it is, 7bit (RFC 2045 §2.7): ASCII without NUL, in lines of at most 998 octets (RFC 5321
 * §4.5.3.1.6; for ASCII, characters are octets).
 */
const fitsSevenBit = (text: string) => !/[^\x01-\x7f]/.test(text) && !hasLineOver(text, MAX_LINE_OCTETS);

/**
 * One streamed pass over a text file, as it will be sent (CRLF line ends): whether it fits 7bit, and its size as
 * sent, exact for 7bit, else once quoted-printable encoded (a close upper bound). The encoding must be chosen before
 * the body streams, and the file is never read whole. The body is labelled UTF-8: a file that is not (Latin-1, a
 * binary) would reach the reader garbled, so it is refused here.
 */
async function measureBody(open: Reopen, label: string, words: PartWords, file?: string, keepUpTo?: number, references?: CidReferences): Promise<{encodedSize: number; sevenBit: boolean; kept?: string}> {
	const counter = new QuotedPrintableSize();
	const lines = new LineLengthGuard();
	let ascii = true;
	let octets = 0;
	let last = 0x0a;
	const utf8 = new TextDecoder('utf-8', {fatal: true});
	const refuse = (what: string, hint: string) => new SmtpInputError(`${label} ${what}; ${words.sentAs}: ${hint}`, words.field);
	const kept: string[] = [];
	for await (const chunk of normalisedFileStream(open)) {
		const bytes = chunk as Buffer;
		if (bytes.includes(0)) throw refuse('holds NUL bytes (a binary file)', 'send the file with --attach');
		let decoded: string;
		try {
			decoded = utf8.decode(bytes, {stream: true});
		} catch {
			throw refuse('is not valid UTF-8', `${convertHint('latin1', file)}, or send it with --attach`);
		}
		if (keepUpTo !== undefined) {
			// Refused as soon as it is known, before the rest of a large file is read.
			if (octets + bytes.length > keepUpTo) throw new SmtpInputError(`${label} is over ${keepUpTo / 1024 / 1024} MiB, too large to make the text part from: ${words.tooLarge}`, words.field);
			kept.push(decoded);
		}
		references?.push(decoded);
		counter.push(bytes);
		// NUL was refused above; CR and LF come only as CRLF out of the normaliser.
		ascii &&= isAscii(bytes);
		lines.push(bytes);
		octets += bytes.length;
		if (bytes.length > 0) last = bytes[bytes.length - 1]!;
	}
	try {
		kept.push(utf8.decode());
	} catch {
		throw refuse('ends in the middle of a UTF-8 character', 'convert it first, or send it with --attach');
	}
	const sevenBit = ascii && lines.ok;
	// MailComposer ends a message that does not end a line with a CRLF of its own.
	return {encodedSize: sevenBit ? octets + (last === 0x0a ? 0 : 2) : counter.size, sevenBit, ...(keepUpTo !== undefined && {kept: kept.join('')})};
}

/** A file that changed while it was measured is our input refused, before connecting: nothing went. */
async function measured<T>(measure: () => Promise<T>, field: string): Promise<T> {
	try {
		return await measure();
	} catch (error) {
		if (error instanceof FileChangedError) throw new SmtpInputError(error.message, field);
		throw error;
	}
}

/** A file read afresh at each call, held to what it was at the first (see pinnedRead). */
function pinnedReader(file: string, label: string): Reopen {
	const stamp = stampNow(file);
	const read = fileReader(file);
	if (stamp === undefined) return read;
	return (start = 0) => Readable.from(pinnedRead(read(start), file, stamp, label), {objectMode: false, highWaterMark: READ_CHUNK});
}

/** How the messages name a part of the body given as a file or on standard input, and what it must be. */
type PartWords = {file: string; stdin: string; field: string; sentAs: string; tooLarge: string};
const TEXT_WORDS: PartWords = {file: 'body file', stdin: 'the body on standard input', field: 'body file', sentAs: 'the body is sent as UTF-8 text', tooLarge: ''};
const HTML_WORDS: PartWords = {
	file: 'HTML file',
	stdin: 'the HTML on standard input',
	field: 'HTML file',
	sentAs: 'the HTML is sent as UTF-8',
	tooLarge: "give the text part with --body @FILE, or --body '' to send the HTML alone",
};

/**
 * `keepUpTo`: a file's text is kept too (`kept`), for the text part made from it; a larger file is refused.
 * `references`: the images it shows by Content-ID are noted there, as it is read.
 */
async function prepareBody(body: BodySource, words: PartWords, keepUpTo?: number, references?: CidReferences): Promise<Body & {kept?: string}> {
	if (body.kind === 'text') {
		references?.push(body.text);
		const text = body.text.replace(/\r\n|\r|\n/g, '\r\n');
		return {kind: 'text', text, sevenBit: fitsSevenBit(text)};
	}
	let open: Reopen;
	let target: FileTarget;
	const label = body.kind === 'stdin' ? words.stdin : `${words.file} ${body.path}`;
	if (body.kind === 'stdin' || (await isStream(body.path))) {
		const spooled = await spoolToTempFile(body.kind === 'stdin' ? body.stream : {path: body.path}, label);
		[open, target] = [spooled.open, {fd: spooled.fd}];
	} else {
		const file = path.resolve(body.path);
		await readableFileSize(file, words.field);
		// What is measured below is what goes: read again to send, the file is held to it (pinned-file.ts).
		[open, target] = [pinnedReader(file, label), {file}];
	}
	// Its NULs would call it a binary file: it is text, in another encoding.
	const start = readStart(target, WIDE_TEXT_SAMPLE);
	const named = 'file' in target && body.kind === 'file' ? body.path : undefined;
	const wide = wideText(start, named);
	if (wide) throw new SmtpInputError(`${label} ${wide.what}; ${words.sentAs}: ${wide.hint}`, words.field);
	// An invisible character at the start of the text, which would also make an ASCII body need quoted-printable.
	const bom = startsWithByteOrderMark(start);
	const text: Reopen = bom ? () => open(BYTE_ORDER_MARK.length) : open;
	return {
		kind: 'file',
		open: text,
		...(await measured(() => measureBody(text, label, words, named, keepUpTo, references), words.field)),
		...(bom && {notes: [byteOrderMarkNote(label, 'as it would be an invisible character at the start of the text')]}),
	};
}

/** The body's parts: text/plain, text/html, or both (multipart/alternative). */
type BodyParts = {text?: Body; html?: Body};

/**
 * The HTML, checked and measured first: a text part made from it reads the text it kept on the way (a file is read
 * once for both). With HTML, an empty typed text is no text part.
 */
async function prepareParts(body: TextSource, html: BodySource | undefined, references: CidReferences): Promise<BodyParts> {
	if (html === undefined) {
		if (body.kind === 'from-html') throw new Error('a text part made from HTML needs the HTML');
		return {text: await prepareBody(body, TEXT_WORDS)};
	}
	if (html.kind === 'text' && html.text.trim() === '') throw new SmtpInputError('the HTML is empty; give the HTML, or send the body as plain text', 'HTML');
	const fromHtml = body.kind === 'from-html';
	// Typed (the dashboard's body): converting is held to the file's limit too, as it would stall the screen.
	if (fromHtml && html.kind === 'text' && Buffer.byteLength(html.text) > TEXT_FROM_HTML_LIMIT) {
		throw new SmtpInputError(`the HTML is over ${TEXT_FROM_HTML_LIMIT / 1024 / 1024} MiB, too large to make the text part from: send it with smtp-tui send --html @FILE, giving the text part with --body @FILE`, 'HTML');
	}
	const {kept, ...htmlPart} = await prepareBody(html, HTML_WORDS, fromHtml ? TEXT_FROM_HTML_LIMIT : undefined, references);
	if (fromHtml) return {text: await prepareBody({kind: 'text', text: await textFromHtml(htmlPart.kind === 'text' ? htmlPart.text : kept!)}, TEXT_WORDS), html: htmlPart};
	if (body.kind === 'text' && body.text === '') return {html: htmlPart};
	return {text: await prepareBody(body, TEXT_WORDS), html: htmlPart};
}

/**
 * MailComposer sends a streamed text part quoted-printable whatever it holds (it cannot look, and ignores a 7bit
 * Content-Transfer-Encoding given for text), and text with a line over 76 characters too: a body known to fit
 * 7bit is marked so on the node that carries one of `contents`.
 */
function sendAsIs(root: MimeNode, contents: ReadonlyArray<MailComposerAlternative['content']>): MimeNode {
	const mark = (node: MimeNode): void => {
		if (contents.some(content => content === node.content)) node.getTransferEncoding = () => '7bit';
		node.childNodes.forEach(mark);
	};
	mark(root);
	return root;
}

/** What a mail reader decodes as an RFC 2047 encoded word (§2): `=?charset?Q|B?text?=`. */
const ENCODED_WORD = /=\?[^?\s]+\?[bq]\?[^?\s]*\?=/i;

/**
 * Typed text that holds an encoded word (a subject `=?UTF-8?Q?x?=`, a display name or header value with one):
 * MailComposer writes ASCII as it is, and the recipient would read what it decodes to (`x`), not what was typed.
 * Encoded itself, as non-ASCII text is, it reads as typed. Unstructured values and display names only: the root
 * node writes the headers, and these are the two ways its text goes.
 */
function encodeTypedWords(root: MimeNode, mimeFuncs: Nodemailer['mimeFuncs']): MimeNode {
	const node = root as unknown as Record<'_encodeHeaderText' | '_encodeAddressName', (text: string) => string>;
	for (const method of ['_encodeHeaderText', '_encodeAddressName'] as const) {
		// Private methods of nodemailer's MimeNode: should an upgrade rename one, sending goes on as before this fix
		// (the round-trip tests fail and say so) rather than every send failing.
		if (typeof node[method] !== 'function') continue;
		const own = node[method].bind(root);
		node[method] = text => (ENCODED_WORD.test(text) ? mimeFuncs.encodeWord(text, 'Q', 52) : own(text));
	}
	return root;
}

/** Base64 as nodemailer writes it: 76-character lines, CRLF between them (counted after each: a little high). */
function base64Size(octets: number): number {
	const encoded = 4 * Math.ceil(octets / 3);
	return encoded + 2 * Math.ceil(encoded / 76);
}

/** Finds the first line over 998 octets in a built message and names the header field it belongs to. */
function assertFoldable(message: Buffer): void {
	const lines = message.toString('latin1').split('\r\n');
	const index = lines.findIndex(line => line.length > MAX_LINE_OCTETS);
	if (index < 0) return;
	let start = index;
	while (start > 0 && /^[ \t]/.test(lines[start]!)) start--;
	const name = lines[start]!.split(':', 1)[0]!;
	throw new SmtpInputError(
		`header ${name} has a word too long to fold into lines of ${MAX_LINE_OCTETS} octets (RFC 5322 §2.1.1); break it up with spaces`,
		`header ${name}`,
	);
}

async function* bytesOnce(bytes: Buffer): AsyncIterable<Uint8Array> {
	yield bytes;
}

/** The sender's domain for the Message-ID: punycode for an internationalised one (a header must stay ASCII). */
function messageIdDomain(domain: string): string {
	const ascii = /^[\x21-\x7e]+$/.test(domain) ? domain : domainToASCII(domain);
	return /^[\x21-\x7e]+$/.test(ascii) ? ascii : 'smtp-tui.invalid';
}

export async function composeMessage(input: MessageInput): Promise<ComposedMessage> {
	const nodemailer = await loadNodemailer();
	const {MailComposer, mimeFuncs} = nodemailer;
	const from = parseAddresses(nodemailer, [input.from], 'From address');
	if (from.length !== 1) {
		throw new SmtpInputError(from.length === 0 ? "From address is empty; give the sender's address" : `From address must be one address, not ${from.length}`, 'From address');
	}
	const to = parseAddresses(nodemailer, input.to, 'To address');
	const cc = parseAddresses(nodemailer, input.cc, 'Cc address');
	const bcc = parseAddresses(nodemailer, input.bcc, 'Bcc address');
	if (to.length + cc.length + bcc.length === 0) throw new SmtpInputError('no recipient; give at least one To, Cc or Bcc address', 'To address');
	assertHeaderText(input.subject, 'header Subject');
	if (input.messageId !== undefined) assertNoLineBreaks(input.messageId, 'header Message-ID');

	const given = new Set<string>();
	const inCustomHeaders: string[] = [];
	const composedInHeaders: string[] = [];
	for (const header of input.headers) {
		checkHeader(header);
		// MailComposer would leave an empty header out without a word: say so instead.
		if (header.value.trim() === '') throw new SmtpInputError(`header ${header.name} has no value; give one, or leave the header out`, `header ${header.name}`);
		const key = header.name.toLowerCase();
		const field = `header ${header.name}`;
		// The dashboard's wording: send refuses a Bcc header itself, naming --bcc (message-flag-checks.ts).
		if (key === 'bcc') throw new SmtpInputError('a Bcc header would show the hidden recipients; give them in the Bcc field, which goes only into the envelope', field);
		if (MIME_HEADERS.has(key)) {
			throw new SmtpInputError(`${header.name} is written by the composer (MIME structure); it cannot be set by hand: for HTML, send the body as HTML (smtp-tui send --html; the composer's Body as); for your own MIME, send a ready-made message with smtp-tui send --data @FILE`, field);
		}
		if (SINGLE_HEADERS.has(key) && given.has(key)) throw new SmtpInputError(`${header.name} may appear only once in a message`, field);
		if (ADDRESS_HEADERS.has(key)) {
			const parsed = parseAddresses(nodemailer, [header.value], field, {groups: true});
			inCustomHeaders.push(...headerAddresses(header.name, parsed));
			composedInHeaders.push(...composedNotes([header.value], parsed));
		}
		given.add(key);
	}

	const attachments: Attachment[] = await Promise.all(
		input.attachments.map(async item => {
			const given = typeof item === 'string' ? {path: item} : item;
			assertNoLineBreaks(given.path, 'attachment file name');
			// Absolute, so that a file named like "data:..." is never taken for a data URL.
			const absolute = path.resolve(given.path);
			// A name from macOS (a file copied off it, a zip made there) is often decomposed: 보고서 as its jamo, which
			// mail programs on Windows show apart, letter by letter. The name goes composed; the file is read as named.
			const filename = composed(given.filename ?? path.basename(absolute));
			const size = await readableFileSize(absolute, 'attachment').catch((error: unknown) => {
				// Typed into the dashboard's Attach field, whose items are files alone (send parses these before here).
				if (!/;\s*(?:cid|type|name)=/i.test(given.path) || !(error instanceof SmtpInputError)) throw error;
				throw new SmtpInputError(`${error.message} (;cid=, ;type= and ;name= are smtp-tui send's --attach options: here give the file alone)`, error.field);
			});
			const {type, note} = await calendarMethod(absolute, given.contentType ?? mimeFuncs.detectMimeType(filename), filename);
			const file = {path: absolute, filename, ...(given.cid !== undefined && {cid: given.cid})};
			if (isAttachedMessageType(type)) {
				const message = attachedMessage(absolute, filename);
				if (message.encoding !== 'base64') return {...file, size: message.octets, contentType: type, encoding: message.encoding};
				return {...file, size, contentType: message.contentType, encoding: 'base64', note: message.note};
			}
			return {...file, size, contentType: await labelTextCharset(absolute, type), encoding: 'base64', ...(note !== undefined && {note})};
		}),
	);

	const references = new CidReferences();
	const parts = await prepareParts(input.body, input.html, references);
	const bodies = [parts.text, parts.html].filter(part => part !== undefined);
	const replaced = new Set(REPLACEABLE.filter(key => given.has(key)));
	const composedHeaders = [['from', 'From', from], ['to', 'To', to], ['cc', 'Cc', cc]] as const;
	const inHeaders = [...composedHeaders.flatMap(([key, name, list]) => (replaced.has(key) ? [] : headerAddresses(name, list))), ...inCustomHeaders];
	const fromDomain = from[0]!.address.slice(from[0]!.address.lastIndexOf('@') + 1);
	const copy = (list: MailboxAddress[]) => list.map(({name, address}) => ({name, address}));
	const subjectHeader = unfoldableRun(input.subject)
		? // Encoded words can be split anywhere, plain text only at spaces.
			[{key: 'Subject', value: {prepared: true, foldLines: true, value: mimeFuncs.encodeWord(input.subject, 'Q', 52)}}]
		: [];
	// Fixed once, so that every stream() call (one per attempt) sends the same bytes.
	const fixed = {
		date: input.date ?? new Date(),
		messageId: input.messageId ?? `<${input.messageIdSeed ?? randomUUID()}@${messageIdDomain(fromDomain)}>`,
		baseBoundary: input.baseBoundary ?? newBaseBoundary(),
	};

	// Header names as the user typed them (X-MixedCase): MailComposer would write X-Mixedcase. A tool for seeing
	// what goes out sends what was typed; names are case-insensitive, so nothing else changes.
	const typedNames = new Map(input.headers.map(header => [header.name.toLowerCase(), header.name]));
	// MailComposer rewrites address objects in place, so each build gets fresh copies.
	const options = ({text, html}: Alternatives, files: MailComposerAttachment[]): MailComposerOptions => ({
		...(!replaced.has('from') && {from: copy(from)}),
		...(!replaced.has('to') && to.length > 0 && {to: copy(to)}),
		...(!replaced.has('cc') && cc.length > 0 && {cc: copy(cc)}),
		...(!replaced.has('subject') && subjectHeader.length === 0 && input.subject !== '' && {subject: input.subject}),
		...(!replaced.has('date') && {date: fixed.date}),
		...(!replaced.has('message-id') && {messageId: fixed.messageId}),
		headers: [...input.headers.map(header => ({key: header.name, value: ADDRESS_HEADERS.has(header.name.toLowerCase()) ? composedAddresses(header.value) : header.value})), ...(replaced.has('subject') ? [] : subjectHeader)],
		envelope: {from: copy(from), to: copy(to), cc: copy(cc), bcc: copy(bcc)},
		...(text && {text}),
		...(html && {html}),
		attachments: files,
		baseBoundary: fixed.baseBoundary,
		disableUrlAccess: true,
		normalizeHeaderKey: key => typedNames.get(key.toLowerCase()) ?? key,
	});
	// A message goes as it is, read in CRLF and held to what was measured; an attachment still, as given with --attach.
	const attachmentParts = (content: (file: Attachment) => Pick<MailComposerAttachment, 'content' | 'path'>) =>
		attachments.map(file => ({
			...content(file),
			filename: file.filename,
			contentType: file.contentType,
			contentTransferEncoding: file.encoding,
			...(file.encoding !== 'base64' && {contentDisposition: 'attachment' as const}),
			...(file.cid !== undefined && {cid: file.cid}),
		}));
	// An empty Buffer keeps the text part (an empty string would drop it). `streamed`: a file's content, else empty.
	const part = (body: Body | undefined, streamed: boolean): MailComposerAlternative | undefined => {
		if (body === undefined) return undefined;
		if (body.kind === 'text') return {content: body.text === '' ? Buffer.alloc(0) : body.text};
		return {content: streamed ? normalisedFileStream(body.open) : Buffer.alloc(0), contentTransferEncoding: 'quoted-printable'};
	};
	const alternatives = (streamed: boolean): Alternatives => ({text: part(parts.text, streamed), html: part(parts.html, streamed)});
	/** The message tree with these parts, each of which goes as it is when it fits 7bit. */
	const compile = (given: Alternatives, files: MailComposerAttachment[]) => {
		const root = new MailComposer(options(given, files)).compile();
		const sevenBit = (['text', 'html'] as const).filter(name => parts[name]?.sevenBit).map(name => given[name]!.content);
		return encodeTypedWords(sendAsIs(root, sevenBit), mimeFuncs);
	};

	// A skeleton with empty file contents: exact headers and MIME framing, plus the envelope, cheaply.
	const skeletonNode = compile(alternatives(false), attachmentParts(() => ({content: Buffer.alloc(0)})));
	const skeleton = await skeletonNode.build();
	assertFoldable(skeleton);
	const envelope = skeletonNode.getEnvelope();
	const idnaNotes = [...from, ...to, ...cc, ...bcc].map(({address}) => idnaNote(address)).filter(note => note !== undefined);
	const dotless = [...to, ...cc, ...bcc].map(({address}) => dotlessWarning(address)).filter(note => note !== undefined);
	const nfc = [...composedNotes([input.from, ...input.to, ...input.cc, ...input.bcc], [...from, ...to, ...cc, ...bcc]), ...composedInHeaders];
	const notes = [
		...new Set([...nfc, ...idnaNotes, ...dotless]),
		...bodies.flatMap(body => (body.kind === 'file' ? (body.notes ?? []) : [])),
		...(parts.html ? inlineImageNotes(references.end().found, attachments) : []),
		...attachments.flatMap(file => file.note ?? []),
		...listUnsubscribeProblems(input.headers),
		...input.headers.flatMap(header => (header.name.toLowerCase() === 'date' ? (dateProblem(header.value) ?? []) : [])),
	];
	const fileBytes = bodies.reduce((sum, body) => sum + (body.kind === 'file' ? body.encodedSize : 0), 0) + attachments.reduce((sum, file) => sum + (file.encoding === 'base64' ? base64Size(file.size) : file.size), 0);

	// A typed body and no attachment: the skeleton is the whole message already, the bytes a new build would make
	// (Date, Message-ID and boundaries are fixed), so it goes as it is rather than being built (and encoded) again.
	const whole = bodies.every(body => body.kind === 'text') && attachments.length === 0;
	const eightBitMessages = attachments.filter(file => file.encoding === '8bit').map(file => file.filename);
	const eightBitFiles = eightBitMessages.length > 0;
	return {
		envelope: {from: envelope.from || '', to: envelope.to},
		stream: whole
			? () => bytesOnce(skeleton)
			: () => compile(alternatives(true), attachmentParts(file => (file.encoding === 'base64' ? {path: file.path} : {content: normalisedFileStream(pinnedReader(file.path, `attachment ${file.path}`))}))).createReadStream(),
		estimatedSize: skeleton.length + fileBytes,
		...(whole && {sizeExact: true as const}),
		// Bodies and attachments are 7-bit (ASCII as it is, else quoted-printable or base64) but an attached message
		// with 8-bit bytes, which goes 8bit (8BITMIME's); headers can be 8-bit too, UTF-8 addresses MailComposer leaves
		// raw (no RFC 2047 for a local part), which need SMTPUTF8 (RFC 6532).
		...(isAscii(skeleton) ? {eightBit: eightBitFiles} : {eightBit: true, utf8Headers: true, ...(inHeaders.length > 0 && {utf8Addresses: inHeaders})}),
		...(eightBitFiles && {eightBitBody: true, eightBitMessages}),
		...(notes.length > 0 && {notes}),
		...messageIdOf(headerSection(skeleton)),
	};
}

/**
 * An image the HTML shows by a Content-ID no attachment has (its reader sees it broken), and an inline file the HTML
 * never shows (mail programs list it as a stray attachment): said before connecting, the message sent as given.
 */
function inlineImageNotes(shown: ReadonlyMap<string, string>, attachments: readonly Attachment[]): string[] {
	const cids = new Set(attachments.flatMap(file => (file.cid === undefined ? [] : [cidKey(file.cid)])));
	return [
		...[...shown].filter(([key]) => !cids.has(key)).map(([, cid]) => `warning: the HTML shows cid:${cid}, and no attachment has that Content-ID: its reader sees a broken image (smtp-tui send --attach 'FILE;cid=${cid}' attaches it)`),
		...attachments.filter(file => file.cid !== undefined && !shown.has(cidKey(file.cid))).map(file => `warning: ${file.filename} (cid:${file.cid}) is not shown by the HTML: mail programs list it as an attachment`),
	];
}

/**
 * A ready RFC 5322 message (`send --data @FILE|-`), sent as is. One streamed pass before connecting notes 8-bit bytes,
 * counts the exact size SIZE= declares and names the first line over 998 octets, if one is.
 */
export async function rawMessage(source: {kind: 'file'; path: string} | {kind: 'stdin'; stream: NodeJS.ReadableStream}): Promise<ComposedMessage> {
	let size: number;
	let target: FileTarget;
	/** A file by name: what it was when checked, which is what is sent (pinned-file.ts). Stdin's private copy cannot change. */
	let stamp: FileStamp | undefined;
	const label = source.kind === 'stdin' ? 'the message on standard input' : `message file ${source.path}`;
	if (source.kind === 'stdin' || (await isStream(source.path))) {
		const spooled = await spoolToTempFile(source.kind === 'stdin' ? source.stream : {path: source.path}, label);
		size = spooled.size;
		target = {fd: spooled.fd};
	} else {
		const file = path.resolve(source.path);
		size = await readableFileSize(file, 'message file');
		target = {file};
		stamp = stampNow(file);
	}
	const start = readStart(target, WIDE_TEXT_SAMPLE);
	const wide = wideText(start, 'file' in target && source.kind === 'file' ? source.path : undefined);
	if (wide) throw new SmtpInputError(`${label} ${wide.what}; a message goes as ASCII or UTF-8: ${wide.hint}`, 'message');
	// A byte order mark is no part of a header: a server would take the first header line for body text.
	const skip = startsWithByteOrderMark(start) ? BYTE_ORDER_MARK.length : 0;
	// Nothing to send is a mistake (a failed export, the wrong file), not an empty message to deliver.
	if (size === skip) throw new SmtpInputError(`${label} is empty`, 'message');
	let eightBit = false;
	let eightBitBody = false;
	let nul = false;
	let first = true;
	const lines = new MessageLines(label);
	let utf8Headers = false;
	let nonUtf8Headers = false;
	let messageId: {messageId?: string} = {};
	scanSync(target, chunk => {
		let body = chunk;
		if (first) {
			first = false;
			// UTF-8 only: Latin-1 headers are 8-bit bytes no extension makes right (the 8BITMIME warning says so).
			const header = headerSection(chunk);
			body = chunk.subarray(header.length);
			utf8Headers = !isAscii(header) && isUtf8(header);
			nonUtf8Headers = !isAscii(header) && !utf8Headers;
			messageId = messageIdOf(header);
		}
		// One look per chunk: after the first, the body is the whole chunk.
		const ascii = isAscii(chunk);
		eightBit ||= !ascii;
		eightBitBody ||= body === chunk ? !ascii : !isAscii(body);
		// NUL may not appear in a message at all (RFC 5322 §2.3): this is a binary file, which --attach encodes.
		nul ||= chunk.includes(0);
		if (nul) return false;
		// Throws naming the first line over 998 octets.
		lines.push(chunk);
		return true;
	}, skip);
	if (nul) throw new SmtpInputError(`${label} holds NUL bytes: it is binary, not an RFC 5322 message; send it with --attach`, 'message');
	const file = 'file' in target ? target.file : undefined;
	if (file && stamp) await measured(async () => assertUnchanged(file, stamp, label), 'message');
	// Only the private copy goes as it is. A file by name can change after its check unseen: a program writing to it
	// through a shared memory map moves neither its size nor its times with a write to a page it already wrote to
	// (seen on ext4 and tmpfs: the times move once, at the first), so no stamp proves a chunk is the one checked; the
	// encoder, which looks at every byte again, keeps it safe to send (no bare CR or LF, every dot stuffed).
	const ready = 'fd' in target ? lines.wireReady : undefined;
	return {
		envelope: {from: '', to: []},
		stream:
			file && stamp
				? () => pinnedRead(readReusing(target, skip), file, stamp, label)
				: () => (ready ? markWireReady(readReusing(target, skip), ready) : readReusing(target, skip)),
		// Exact: the size the transcript's summary and the server's inbox give, which some servers hold SIZE= to.
		estimatedSize: lines.octets,
		sizeExact: true,
		eightBit,
		...(skip > 0 && {notes: [byteOrderMarkNote(label, 'as a server would take the first header line after it for body text')]}),
		...(utf8Headers ? {utf8Headers: true} : {}),
		...(nonUtf8Headers ? {nonUtf8Headers: true} : {}),
		...(eightBitBody ? {eightBitBody: true} : {}),
		...messageId,
	};
}

/** UTF-8's byte order mark, which some Windows editors write at the start of a text file. */
const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);

/** `start`: the file's first bytes, read once for this and the wide-text check. */
const startsWithByteOrderMark = (start: Buffer) => start.subarray(0, BYTE_ORDER_MARK.length).equals(BYTE_ORDER_MARK);

const byteOrderMarkNote = (label: string, why: string) => `note: ${label} begins with a UTF-8 byte order mark (EF BB BF, which some Windows editors write): it is left out, ${why}`;

/** A header section's Message-ID, as a field to spread into the result (none when it has no such header). */
function messageIdOf(header: Buffer): {messageId?: string} {
	const messageId = messageIdIn(header);
	return messageId === undefined ? {} : {messageId};
}

/** The header section at the start of a message: up to its first empty line (or all of `start` without one). */
function headerSection(start: Buffer): Buffer {
	const ends = [start.indexOf('\n\n'), start.indexOf('\n\r\n')].filter(at => at !== -1);
	return ends.length === 0 ? start : start.subarray(0, Math.min(...ends) + 1);
}
