// A cheap look at a message's Subject at accept time (the full parse waits until someone views it).
import {quoted} from '../text/quoted.js';
import {decodeLabelled, decodeWindows1252} from './windows-1252.js';
/** How far into a message the scans read: all a message being received needs to keep for them. */
export const headerScanBytes = 64 * 1024;
const word = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
// One or more encoded words separated only by whitespace, which is not displayed (RFC 2047 section 6.2).
const run = /=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=(?:\s+=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)*/g;

function wordBytes(encoding: string, payload: string): Buffer {
	if (encoding.toUpperCase() === 'B') return Buffer.from(payload, 'base64');
	const text = payload.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
	return Buffer.from(text, 'latin1');
}

/** `bytes` in `charset`; an unknown charset as windows-1252, the fallback of browsers and mail readers. */
function decode(charset: string, bytes: Buffer): string {
	return decodeLabelled(bytes, charset) ?? decodeWindows1252(bytes);
}

/** Decodes RFC 2047 encoded words; adjacent words of one charset are joined first, so split characters survive. */
export function decodeEncodedWords(text: string): string {
	if (!text.includes('=?')) return text;
	return text.replace(run, words => {
		let out = '';
		let charset = '';
		let parts: Buffer[] = [];
		const flush = () => {
			if (parts.length > 0) out += decode(charset, Buffer.concat(parts));
			parts = [];
		};
		for (const [, wordCharset, encoding, payload] of words.matchAll(word)) {
			const name = wordCharset!.split('*', 1)[0]!.toLowerCase();
			// An ISO-2022 word ends back in ASCII (RFC 1468): joined, its closing escape would meet the next word's
			// opening one, which the WHATWG decoder takes for an error (PHP's mb_send_mail splits Japanese subjects so).
			if (name !== charset || name.startsWith('iso-2022-')) flush();
			charset = name;
			parts.push(wordBytes(encoding!, payload!));
		}
		flush();
		return out;
	});
}

/** True when the line starting at `start` names the field `name` (lower case, with its colon), in any case. */
function isFieldLine(raw: Buffer, start: number, name: Buffer): boolean {
	if (start + name.length > raw.length) return false;
	for (let index = 0; index < name.length; index++) {
		const byte = raw[start + index]!;
		const wanted = name[index]!;
		// ASCII letters match in either case; the hyphen and the colon only as themselves (a CR | 0x20 is a hyphen).
		if (byte !== wanted && !(wanted >= 0x61 && wanted <= 0x7a && (byte | 0x20) === wanted)) return false;
	}
	return true;
}

/** The unfolded value of the first header field `name` (lower case, with its colon), or undefined when there is none. */
export function scanField(raw: Buffer, name: Buffer): string | undefined {
	// Runs for every accepted message: walks the header line by line (it ends at the first empty line) and
	// reads only the field asked for, never the whole header.
	const end = Math.min(raw.length, headerScanBytes);
	let start = 0;
	while (start < end) {
		const first = raw[start];
		if (first === 10 || (first === 13 && raw[start + 1] === 10)) return undefined;
		let newline = raw.indexOf(10, start);
		if (newline === -1 || newline >= end) newline = end;
		if ((first! | 0x20) === name[0] && isFieldLine(raw, start, name)) {
			// The field goes on over folded lines (those starting with a space or a tab).
			while (newline < end - 1 && (raw[newline + 1] === 32 || raw[newline + 1] === 9)) {
				const next = raw.indexOf(10, newline + 1);
				newline = next === -1 || next >= end ? end : next;
			}
			const field = raw.toString('utf8', start + name.length, newline);
			const value = /^[ \t]*(.*(?:\r?\n[ \t].*)*)/.exec(field)![1]!;
			return value.replace(/\r?\n(?=[ \t])/g, '').trim();
		}
		start = newline + 1;
	}
	return undefined;
}

/**
 * The header section's fields as mailparser's headerLines give them (the name in lower case; the line as received,
 * folded lines kept, a character per byte), from its first headerScanBytes: shown while a big message is parsed.
 */
export function scanHeaderLines(raw: Buffer): Array<{key: string; line: string}> {
	const text = raw.toString('latin1', 0, Math.min(raw.length, headerScanBytes));
	const fields: Array<{key: string; line: string}> = [];
	for (const line of text.split(/\r?\n/)) {
		// The empty line ends the header section.
		if (line === '') break;
		const field = fields.at(-1);
		if (field && (line.startsWith(' ') || line.startsWith('\t'))) field.line += `\r\n${line}`;
		else fields.push({key: line.slice(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(), line});
	}
	return fields;
}

const subjectName = Buffer.from('subject:');
const messageIdName = Buffer.from('message-id:');
const fromName = Buffer.from('from:');
const bccName = Buffer.from('bcc:');

/** The unfolded, decoded Subject of a raw message, or '' when it has none. */
export function scanSubject(raw: Buffer): string {
	return decodeEncodedWords(scanField(raw, subjectName) ?? '');
}

/** The Message-ID of a raw message as written (`<id@host>`), or undefined when it has none (or an empty one). */
export function scanMessageId(raw: Buffer): string | undefined {
	return scanField(raw, messageIdName) || undefined;
}

/** The unfolded From header of a raw message as written (encoded words and all), or undefined when it has none. */
export function scanFrom(raw: Buffer): string | undefined {
	return scanField(raw, fromName);
}

/**
 * The Bcc header of a raw message as written, when it names anyone, else undefined. A mail library takes it out
 * before sending (RFC 5322 section 3.6.3); left in, every recipient reads who was copied. An empty one hides nobody.
 */
export function scanBcc(raw: Buffer): string | undefined {
	return scanField(raw, bccName) || undefined;
}

/** What a Bcc header left in (see scanBcc) means, with it as written: serve's accepted line and the inbox say it alike. */
export const bccLeftWords = (bcc: string) =>
	`its Bcc header is still in it (${quoted(bcc)}): every recipient can read who was copied (a mail library takes it out before sending: Python's send_message() does, sendmail() does not)`;
