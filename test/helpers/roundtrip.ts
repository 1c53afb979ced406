// Message fidelity, end to end: what a user types (names, subject, headers, body, attachments), as `send` takes it,
// read back by mailparser from what a real sandbox captured, plus the rules the captured bytes must keep on the wire.
// Shared by the in-process property test and the built CLI's fixed cases (test/roundtrip/).
import {isAscii, isUtf8} from 'node:buffer';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {simpleParser, type AddressObject, type ParsedMail} from 'mailparser';
import {detectMimeType} from 'nodemailer/lib/mime-funcs';
import {composed} from '../../source/smtp/composed-text.js';

/** A message as typed: each recipient a display name (none when '') before a fixed ASCII address. */
export type Typed = {
	from: string;
	to: string[];
	cc: string[];
	bcc: number;
	/** A Reply-To header (none: no such header), its address's local part UTF-8 when `utf8` (then only SMTPUTF8 carries it). */
	replyTo?: {name: string; utf8: boolean};
	subject: string;
	headers: Array<{name: string; value: string}>;
	body: string;
	attachments: Array<{name: string; bytes: Buffer}>;
};

export const address = (field: 'from' | 'to' | 'cc' | 'bcc', index = 0) => `${field}${index}@example.test`;
const replyAddress = ({utf8}: {utf8: boolean}) => (utf8 ? 'rëply@example.test' : 'reply@example.test');

/** A display name quoted as RFC 5322 wants it typed: in quotes, a quote or backslash in it escaped. */
export const mailbox = (name: string, address: string) => (name === '' ? address : `"${name.replace(/["\\]/g, String.raw`\$&`)}" <${address}>`);

/** `--body TEXT` for `text`: a backslash doubled (`\n` is a line break there), a leading @ doubled (@FILE). */
export const bodyFlag = (text: string) => `${text.startsWith('@') ? '@' : ''}${text.replaceAll('\\', '\\\\')}`;

/** Writes the attachments into `dir` (each in a folder of its own: two may share a name) and returns their paths. */
export function attachmentFiles(dir: string, attachments: Typed['attachments']): string[] {
	return attachments.map(({name, bytes}, index) => {
		const folder = path.join(dir, String(index));
		const file = path.join(folder, name);
		mkdirSync(folder, {recursive: true});
		writeFileSync(file, bytes);
		return file;
	});
}

// ---------------------------------------------------------------------------------------------------------------
// What users type.
// ---------------------------------------------------------------------------------------------------------------

const piece = (samples: readonly string[], weight = 3) =>
	fc.oneof({arbitrary: fc.constantFrom(...samples), weight}, {arbitrary: fc.string({unit: 'grapheme', minLength: 1, maxLength: 5}), weight: 1}, {arbitrary: fc.string({unit: 'grapheme-ascii', minLength: 1, maxLength: 8}), weight: 2});

const joined = (samples: readonly string[], maxLength: number) => fc.array(piece(samples), {minLength: 1, maxLength}).map(parts => parts.join(''));

/**
 * Text a header field may hold: printable, no C0 or C1 control but TAB, nothing invisible that hides what it is, no
 * U+FFFD (what stands in for a byte that was not UTF-8: refused as such).
 */
const headerSafe = (text: string) => !/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFD\u{E0000}-\u{E007F}\uD800-\uDFFF]/u.test(text);

const NAME_SAMPLES = ['Ann', ' ', 'Lee, Ann', "O'Brien", '"quoted"', 'back\\slash', '(Sales)', 'a@b.test', '<x@y.test>', 'Zoë', 'Jöhn Dœ', '😀', '👩‍💻', 'محمد', 'שלום', 'e\u0301', 'a\u0308\u0323', '日本語', '=?UTF-8?Q?x?=', '=?utf-8?b?w7w=?=', ';', ':', '.', 'Dr.', '\t'];
/** A display name: quotes, backslashes, commas, parentheses, @, <, emoji, right-to-left text, combining marks; sometimes very long. */
export const displayName: fc.Arbitrary<string> = fc
	.oneof({arbitrary: joined(NAME_SAMPLES, 6), weight: 6}, {arbitrary: fc.constant(''), weight: 1}, {arbitrary: fc.tuple(joined(NAME_SAMPLES, 3), fc.integer({min: 20, max: 60})).map(([name, times]) => `${name} `.repeat(times)), weight: 1})
	.filter(headerSafe);

const SUBJECT_SAMPLES = [' ', '  ', 'Hello', 'Grüße aus Köln', '=?', '?=', '=?UTF-8?B?SGk=?=', '=?utf-8?q?a_b?=', '_', '=', '?', '日本語のテキスト', '🎉', '\t', 'x'.repeat(80), 'Re: ', 'a\u0301'];
/** A subject: long, unicode, encoded-word look-alikes, spaces at its ends. Never empty (`send` refuses that). */
export const subject: fc.Arbitrary<string> = fc
	.oneof({arbitrary: joined(SUBJECT_SAMPLES, 8), weight: 5}, {arbitrary: fc.tuple(joined(SUBJECT_SAMPLES, 3), fc.integer({min: 10, max: 40})).map(([text, times]) => text.repeat(times)), weight: 1})
	.filter(text => headerSafe(text) && text.trim() !== '');

const VALUE_SAMPLES = ['\t', ' ', 'value', 'a=b; c="d"', 'y'.repeat(120), 'ünïcödé', '=?x?=', '<id@x.test>', '😀', ','];
/** An extra header: a name of its own (X-Rt-n), a value with tabs and long words. */
export const extraHeaders: fc.Arbitrary<Typed['headers']> = fc.array(joined(VALUE_SAMPLES, 6).filter(value => headerSafe(value) && value.trim() !== ''), {maxLength: 3}).map(values => values.map((value, index) => ({name: `X-Rt-${index}`, value})));

const BODY_SAMPLES = ['.', '..', '.x', '\n.\n', '\n..\n', 'From ', '\nFrom me', ' ', '\t', '  \n', '\t\n', '\r', '\r\n', '\n', '\n\n', '\f', '😀', '𝔘𝔫𝔦', 'Grüße', 'x'.repeat(1000), 'long '.repeat(250), '=', '=3D', '=\n', 'ü'.repeat(600), '\uFEFF', '\u2028', '\u0085', '\u001B[31m', '\u000B'];
/** A body: dot lines, `From `, trailing blanks, very long lines, lone CR, CRLF, no final newline, form feeds, non-BMP text; sometimes empty. */
export const body = (options: {nul: boolean}): fc.Arbitrary<string> =>
	fc.oneof({arbitrary: fc.array(piece(options.nul ? [...BODY_SAMPLES, '\0'] : BODY_SAMPLES, 4), {maxLength: 16}).map(parts => parts.join('')), weight: 8}, {arbitrary: fc.constant(''), weight: 1});

const FILE_SAMPLES = ['report', ' ', '.txt', '.pdf', '.bin', 'ü', '日本', '😀', "'", '"', ';', '=', '%', '(1)', ',', 'a'.repeat(60), '.tar.gz', '-', '=?UTF-8?Q?x?=', '<', '>'];
/** Attachments: names with spaces, unicode, quotes, semicolons, very long ones (within the 255 octets a file system allows); empty files. */
export const attachments: fc.Arbitrary<Typed['attachments']> = fc.array(
	fc.record({
		name: joined(FILE_SAMPLES, 6).filter(name => !/[/\0\\]/.test(name) && name.trim() !== '' && name !== '.' && name !== '..' && Buffer.byteLength(name) <= 200 && headerSafe(name) && !name.startsWith('@')),
		bytes: fc.oneof(fc.uint8Array({maxLength: 3000}).map(array => Buffer.from(array)), fc.constant(Buffer.alloc(0))),
	}),
	{maxLength: 3},
);

export const typed = (options: {nul: boolean}): fc.Arbitrary<Typed> =>
	fc.record({
		from: displayName,
		to: fc.array(displayName, {minLength: 1, maxLength: 2}),
		cc: fc.array(displayName, {maxLength: 2}),
		bcc: fc.integer({min: 0, max: 2}),
		replyTo: fc.option(fc.record({name: displayName, utf8: fc.boolean()}), {nil: undefined}),
		subject,
		headers: extraHeaders,
		body: body(options),
		attachments,
	});

/** The extra headers as typed, a Reply-To first. */
const headersOf = (message: Typed) => [...(message.replyTo === undefined ? [] : [{name: 'Reply-To', value: mailbox(message.replyTo.name, replyAddress(message.replyTo))}]), ...message.headers];

/** `send`'s flags for a typed message (the server's flags apart). */
export const sendFlags = (message: Typed, files: string[]) => ({
	from: mailbox(message.from, address('from')),
	to: message.to.map((name, index) => mailbox(name, address('to', index))),
	cc: message.cc.map((name, index) => mailbox(name, address('cc', index))),
	bcc: Array.from({length: message.bcc}, (_, index) => address('bcc', index)),
	subject: message.subject,
	header: headersOf(message).map(({name, value}) => `${name}: ${value}`),
	body: bodyFlag(message.body),
	attach: files,
});

/**
 * The dashboard composer's field values for a typed message: the recipients a comma list, the attachments too (a path
 * with a comma, or blanks at its ends, in quotes, as the Attach field wants it).
 */
export const composerValues = (message: Typed, files: string[]) => ({
	from: mailbox(message.from, address('from')),
	to: message.to.map((name, index) => mailbox(name, address('to', index))).join(', '),
	cc: message.cc.map((name, index) => mailbox(name, address('cc', index))).join(', '),
	bcc: Array.from({length: message.bcc}, (_, index) => address('bcc', index)).join(', '),
	subject: message.subject,
	attach: files.map(file => (/,|^\s|\s$/.test(file) ? `"${file}"` : file)).join(', '),
	headers: headersOf(message),
	body: message.body,
});

// ---------------------------------------------------------------------------------------------------------------
// What the recipient reads.
// ---------------------------------------------------------------------------------------------------------------

const mailboxes = (field: AddressObject | AddressObject[] | undefined) => [field ?? []].flat().flatMap(object => object.value.map(({name, address}) => ({name, address})));

/** Line breaks of any kind as the reader's text has them. */
const lines = (text: string) => text.replace(/\r\n|\r|\n/g, '\n');

/** The differences between what was typed and what mailparser read back, in words (none: an empty list). */
export async function readBackProblems(message: Typed, raw: Buffer, envelopeTo: string[]): Promise<string[]> {
	const parsed: ParsedMail = await simpleParser(unfoldedHeader(raw));
	const problems: string[] = [];
	const same = (what: string, got: unknown, wanted: unknown) => {
		if (JSON.stringify(got) !== JSON.stringify(wanted)) problems.push(`${what}: read back ${JSON.stringify(got)}, typed ${JSON.stringify(wanted)}`);
	};
	// Blanks at the ends of a header's text mean nothing (RFC 5322 unfolds and readers trim them): those an encoded
	// word carries are read back, the others trimmed, so each field is compared with its blanks as they came back.
	const asRead = (typed: string, read: string | undefined) => (read !== undefined && read.trim() === typed.trim() ? read : typed);
	const named = (names: readonly string[], addresses: readonly string[], read: Array<{name: string}>) => names.map((name, index) => ({name: asRead(name, read[index]?.name), address: addresses[index]}));
	const numbered = (names: readonly string[], field: 'from' | 'to' | 'cc') => names.map((_, index) => address(field, index));
	const {replyTo} = message;
	const fields = [
		['From', 'from', [message.from], numbered([message.from], 'from')],
		['To', 'to', message.to, numbered(message.to, 'to')],
		['Cc', 'cc', message.cc, numbered(message.cc, 'cc')],
		['Reply-To', 'replyTo', replyTo ? [replyTo.name] : [], replyTo ? [replyAddress(replyTo)] : []],
	] as const;
	for (const [name, key, typed, addresses] of fields) {
		const read = mailboxes(parsed[key]);
		same(name, read, named(typed, addresses, read));
	}
	if (parsed.headers.has('bcc')) problems.push('a Bcc header was sent');
	const bcc = Array.from({length: message.bcc}, (_, index) => address('bcc', index));
	same('envelope recipients', envelopeTo, [...message.to.map((_, index) => address('to', index)), ...message.cc.map((_, index) => address('cc', index)), ...bcc]);
	same('Subject', parsed.subject, asRead(message.subject, parsed.subject));
	for (const {name, value} of message.headers) {
		const read = parsed.headerLines.filter(line => line.key === name.toLowerCase()).map(line => unfolded(line.line));
		same(name, read, [asRead(value, read[0])]);
	}
	// A message of one part ends its last line with a line break of its own (the one before DATA's final dot).
	const text = lines(message.body);
	const read = parsed.text ?? '';
	if (read !== text && (text.endsWith('\n') || read !== `${text}\n`)) same('body', read, text);
	same(
		'attachments',
		// The type as sent: mailparser puts one of its own guess from the name in place of application/octet-stream.
		parsed.attachments.map(({filename, headers, content}) => ({filename, contentType: (headers.get('content-type') as {value: string}).value, content: content.toString('base64')})),
		// Typed by the name's extension, as MailComposer types it. A name decomposed (NFD, as macOS writes file names)
		// goes composed (see composed-text.ts): read back as the same letters, in other code points.
		message.attachments.map(({name, bytes}) => ({filename: composed(name), contentType: detectMimeType(name), content: bytes.toString('base64')})),
	);
	return problems;
}

/**
 * The message with its header section unfolded as RFC 5322 §2.2.3 says, the CRLF before a blank removed and the blank
 * kept: mailparser makes a fold and the blanks after it one space, so a name typed with two spaces where it was folded
 * would read back with one, which no byte sent caused.
 */
function unfoldedHeader(raw: Buffer): Buffer {
	const text = raw.toString('latin1');
	const end = text.indexOf('\r\n\r\n');
	return end === -1 ? raw : Buffer.concat([Buffer.from(text.slice(0, end).replace(/\r\n(?=[ \t])/g, ''), 'latin1'), raw.subarray(end)]);
}

/** A header line's value, unfolded (RFC 5322 §2.2.3) and its encoded words decoded as a reader does. */
function unfolded(line: string): string {
	const value = line.slice(line.indexOf(':') + 1).replace(/\r\n(?=[ \t])/g, '').trim();
	return decodeWords(value);
}

const ENCODED_WORD = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;

/** Decodes RFC 2047 encoded words, the blanks between two adjacent ones dropped (§6.2). */
function decodeWords(value: string): string {
	return value.replace(/(\?=)[ \t]+(?==\?)/g, '$1').replace(ENCODED_WORD, (_word, _charset: string, encoding: string, text: string) => encodedBytes(encoding, text).toString('utf8'));
}

function encodedBytes(encoding: string, text: string): Buffer {
	if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
	return Buffer.from(text.replace(/_/g, ' ').replace(/=([\dA-F]{2})/gi, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), 'latin1');
}

// ---------------------------------------------------------------------------------------------------------------
// The rules of the captured bytes.
// ---------------------------------------------------------------------------------------------------------------

/** The first rule the captured message breaks, in words: bare CR or LF, long lines, 8-bit headers, bad encoded words or RFC 2231 parameters. */
export function wireProblem(raw: Buffer, smtpUtf8: boolean): string | undefined {
	const text = raw.toString('latin1');
	const bare = /\r(?!\n)|(?<!\r)\n/.exec(text);
	if (bare) return `a bare ${bare[0] === '\r' ? 'CR' : 'LF'} at octet ${bare.index}`;
	if (!text.endsWith('\r\n')) return 'the message does not end with CRLF';
	const long = text.split('\r\n').find(line => line.length > 998);
	if (long !== undefined) return `a line of ${long.length} octets`;
	const end = text.indexOf('\r\n\r\n');
	const header = raw.subarray(0, end === -1 ? raw.length : end);
	if (!smtpUtf8 && !isAscii(header)) return 'the header section has 8-bit octets, and SMTPUTF8 was not declared';
	// Each part's header section: the message's, then each after a boundary line.
	for (const section of headerSections(text)) {
		for (const field of section.replace(/\r\n(?=[ \t])/g, '\r\n\u0000').split('\r\n')) {
			const problem = encodedWordProblem(field.replaceAll('\u0000', '')) ?? parameterProblem(field.replace(/\r\n\u0000|\u0000/g, ''));
			if (problem) return `${problem}, in ${JSON.stringify(field.slice(0, 100))}`;
		}
	}
	return undefined;
}

/** The message's header section and each MIME part's. */
function headerSections(text: string): string[] {
	const boundaries = [...text.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map(match => match[1]!);
	const sections = [text.slice(0, text.indexOf('\r\n\r\n'))];
	for (const boundary of boundaries) {
		for (const part of text.split(`\r\n--${boundary}\r\n`).slice(1)) sections.push(part.slice(0, part.indexOf('\r\n\r\n')));
	}
	return sections;
}

/** An encoded word over 75 characters, of an unknown charset, or whose octets are not whole UTF-8 characters. */
function encodedWordProblem(line: string): string | undefined {
	for (const match of line.matchAll(ENCODED_WORD)) {
		const [word, charset, encoding, content] = match as unknown as [string, string, string, string];
		if (word.length > 75) return `an encoded word of ${word.length} characters (75 at most)`;
		if (!/^utf-8$/i.test(charset)) return `an encoded word in ${charset}`;
		if (encoding.toUpperCase() === 'Q' && !/^(?:[!*+\-/\w]|=[\dA-F]{2})*$/.test(content)) return `a Q encoded word with a character it may not hold: ${word}`;
		if (!isUtf8(encodedBytes(encoding, content))) return `an encoded word that splits a UTF-8 character: ${word}`;
	}
	return undefined;
}

/** An RFC 2231 parameter (name*0*=utf-8''…, name*1*=…) that is not well-formed: sections out of order, bad %-escapes, an undeclared charset. */
function parameterProblem(field: string): string | undefined {
	if (!/^content-(type|disposition):/i.test(field)) return undefined;
	const sections = new Map<string, number>();
	for (const match of field.matchAll(/;\s*([\w-]+)\*(?:(\d+)\*?|\*?)=("(?:[^"\\]|\\.)*"|[^;\s]*)/g)) {
		const [, name = '', number, value = ''] = match;
		const index = number === undefined ? 0 : Number(number);
		const expected = sections.get(name) ?? 0;
		if (index !== expected) return `parameter ${name}* section ${index} where ${expected} was due`;
		sections.set(name, index + 1);
		const extended = match[0].includes(`${number ?? ''}*=`) && match[0].split('=')[0]!.endsWith('*');
		if (!extended) continue;
		const encoded = index === 0 ? /^([\w-]+)'[\w-]*'(.*)$/.exec(value) : [value, 'utf-8', value];
		if (!encoded) return `parameter ${name}*0* without a charset: ${value}`;
		if (!/^utf-8$/i.test(encoded[1]!)) return `parameter ${name}* in ${encoded[1]}`;
		if (!/^(?:[!#$&+\-.^`|~\w]|%[\dA-F]{2})*$/.test(encoded[2]!)) return `parameter ${name}* with a character RFC 2231 wants %-encoded: ${value}`;
	}
	return undefined;
}
