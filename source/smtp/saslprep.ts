// SASLprep (RFC 4013), which SCRAM applies to the user name and the password (RFC 5802 §2.2, §5.1): the same
// characters typed in another form (a no-break space, a soft hyphen, a full-width letter) are hashed as the server
// hashed them when it stored the password; and a character RFC 4013 forbids is refused before anything is sent,
// named by its code point only (the text may be a password). PLAIN sends them as typed: RFC 4616 has the server
// prepare them, by SASLprep or by none. Unassigned code points (table A.1) are left to the server.
import {LEFT_TO_RIGHT, MAPPED_TO_NOTHING, NON_ASCII_SPACES, PROHIBITED, RIGHT_TO_LEFT} from './saslprep-tables.js';
import {SmtpInputError} from './types.js';

type Ranges = ReadonlyArray<readonly [number, number]>;

/** A table's text ("41-5a aa") as sorted ranges. */
function parse(text: string): Ranges {
	return text
		.trim()
		.split(/\s+/)
		.map(range => {
			const [from = '', to = from] = range.split('-');
			return [Number.parseInt(from, 16), Number.parseInt(to, 16)] as const;
		});
}

/** Whether `code` is in `table`, by halving (D.2 has 360 ranges). */
function within(table: Ranges, code: number): boolean {
	let low = 0;
	let high = table.length - 1;
	while (low <= high) {
		const middle = (low + high) >> 1;
		const [from, to] = table[middle]!;
		if (code < from) high = middle - 1;
		else if (code > to) low = middle + 1;
		else return true;
	}
	return false;
}

const NOTHING = parse(MAPPED_TO_NOTHING);
const SPACES = parse(NON_ASCII_SPACES);
const FORBIDDEN = PROHIBITED.map(({table, what, ranges}) => ({table, what, ranges: parse(ranges)}));
const RTL = parse(RIGHT_TO_LEFT);
const LTR = parse(LEFT_TO_RIGHT);

const named = (code: number): string => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** `text` prepared by SASLprep; a forbidden character, or a right-to-left text RFC 3454 §6 refuses, throws naming `field`. */
export function saslPrep(text: string, field: string): string {
	const refuse = (what: string) => new SmtpInputError(`${field} ${what}: SASLprep (RFC 4013) forbids that in a SCRAM login, and a server that follows RFC 5802 prepares what it stores the same way, so it cannot be the right one; check it for a stray character (from a file or a paste)`, field);
	// §2.1 and §2.2: B.1 to nothing, C.1.2 to a space, then NFKC.
	const mapped = [...text]
		.filter(char => !within(NOTHING, char.codePointAt(0)!))
		.map(char => (within(SPACES, char.codePointAt(0)!) ? ' ' : char))
		.join('')
		.normalize('NFKC');
	const codes = [...mapped].map(char => char.codePointAt(0)!);
	for (const code of codes) {
		const forbidden = FORBIDDEN.find(({ranges}) => within(ranges, code));
		if (forbidden) throw refuse(`contains ${named(code)}, ${forbidden.what} (table ${forbidden.table})`);
	}
	// RFC 3454 §6: right-to-left text holds no left-to-right character, and begins and ends with a right-to-left one.
	if (codes.some(code => within(RTL, code))) {
		const ltr = codes.find(code => within(LTR, code));
		if (ltr !== undefined) throw refuse(`mixes right-to-left characters with ${named(ltr)}, a left-to-right one`);
		const end = [codes[0]!, codes.at(-1)!].find(code => !within(RTL, code));
		if (end !== undefined) throw refuse(`has right-to-left characters, but ${end === codes[0] ? 'begins' : 'ends'} with ${named(end)}, which is not one`);
	}
	return mapped;
}
