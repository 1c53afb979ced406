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

/** The unfolded, decoded Subject of a raw message, or '' when it has none. */
export function scanSubject(raw: Buffer): string {
	const head = raw.subarray(0, maxHeaderBytes);
	const ends = [head.indexOf('\r\n\r\n'), head.indexOf('\n\n')].filter(index => index !== -1);
	const header = head.toString('utf8', 0, ends.length > 0 ? Math.min(...ends) : head.length);
	const match = /^subject:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(header);
	if (!match) return '';
	return decodeEncodedWords(match[1]!.replace(/\r?\n(?=[ \t])/g, '').trim());
}
