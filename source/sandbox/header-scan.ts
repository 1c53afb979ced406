// A cheap look at a message's Subject at accept time (the full parse waits until someone views it).
const maxHeaderBytes = 64 * 1024;
const word = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
// One or more encoded words separated only by whitespace, which is not displayed (RFC 2047 section 6.2).
const run = /=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=(?:\s+=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)*/g;

function wordBytes(encoding: string, payload: string): Buffer {
	if (encoding.toUpperCase() === 'B') return Buffer.from(payload, 'base64');
	const text = payload.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
	return Buffer.from(text, 'latin1');
}

function decode(charset: string, bytes: Buffer): string {
	try {
		return new TextDecoder(charset).decode(bytes);
	} catch {
		return bytes.toString('latin1');
	}
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
			if (name !== charset) flush();
			charset = name;
			parts.push(wordBytes(encoding!, payload!));
		}
		flush();
		return out;
	});
}

const subjectName = Buffer.from('subject:');

/** True when the line starting at `start` names the Subject field (any case). */
function isSubjectLine(raw: Buffer, start: number): boolean {
	if (start + subjectName.length > raw.length) return false;
	for (let index = 0; index < subjectName.length; index++) {
		// ASCII letters match in either case; the colon (0x3a) is unchanged by the 0x20 bit.
		if ((raw[start + index]! | 0x20) !== (subjectName[index]! | 0x20)) return false;
	}
	return true;
}

/** The unfolded, decoded Subject of a raw message, or '' when it has none. */
export function scanSubject(raw: Buffer): string {
	// Runs for every accepted message: walks the header line by line (it ends at the first empty line) and
	// decodes only the Subject field, never the whole header.
	const end = Math.min(raw.length, maxHeaderBytes);
	let start = 0;
	while (start < end) {
		const first = raw[start];
		if (first === 10 || (first === 13 && raw[start + 1] === 10)) return '';
		let newline = raw.indexOf(10, start);
		if (newline === -1 || newline >= end) newline = end;
		if ((first! | 0x20) === 0x73 && isSubjectLine(raw, start)) {
			// The field goes on over folded lines (those starting with a space or a tab).
			while (newline < end - 1 && (raw[newline + 1] === 32 || raw[newline + 1] === 9)) {
				const next = raw.indexOf(10, newline + 1);
				newline = next === -1 || next >= end ? end : next;
			}
			const field = raw.toString('utf8', start + subjectName.length, newline);
			const value = /^[ \t]*(.*(?:\r?\n[ \t].*)*)/.exec(field)![1]!;
			return decodeEncodedWords(value.replace(/\r?\n(?=[ \t])/g, '').trim());
		}
		start = newline + 1;
	}
	return '';
}
