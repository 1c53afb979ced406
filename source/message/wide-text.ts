// Text saved as UTF-16 (Windows Notepad's "Unicode") or UTF-32: every other byte of its ASCII letters is NUL, so it
// would be taken for a binary file. Told apart by its byte order mark, or, without one, by ASCII letters alternating
// with NULs throughout its first bytes; said as text in an encoding to convert, with the iconv line that does it.
import path from 'node:path';
import {shellWord} from './profiles.js';

/** How many bytes of a file's start are looked at. */
export const WIDE_TEXT_SAMPLE = 64;
/** Fewer bytes than this without a byte order mark are too few to tell. */
const MIN_PAIRS = 4;

const BOMS: ReadonlyArray<{bytes: number[]; name: string; iconv: string; writer?: string}> = [
	// UTF-32's marks first: UTF-16LE's is the start of UTF-32LE's.
	{bytes: [0xff, 0xfe, 0x00, 0x00], name: 'UTF-32', iconv: 'utf-32'},
	{bytes: [0x00, 0x00, 0xfe, 0xff], name: 'UTF-32', iconv: 'utf-32'},
	{bytes: [0xff, 0xfe], name: 'UTF-16', iconv: 'utf-16', writer: ', as Windows Notepad saves "Unicode"'},
	{bytes: [0xfe, 0xff], name: 'UTF-16', iconv: 'utf-16'},
];

const hex = (bytes: number[]) => bytes.map(byte => byte.toString(16).toUpperCase().padStart(2, '0')).join(' ');

/** ASCII text as UTF-16 in one byte order: the high byte of every character NUL, the low byte never. */
function alternatesNul(start: Buffer, high: 0 | 1): boolean {
	const pairs = Math.floor(start.length / 2);
	if (pairs < MIN_PAIRS) return false;
	for (let pair = 0; pair < pairs; pair++) if (start[2 * pair + high] !== 0 || start[2 * pair + 1 - high] === 0) return false;
	return true;
}

/**
 * A file that should be UTF-8 but is wide text: what it is ("is UTF-16 text (…)") and how to convert it, or
 * undefined. `start`: the file's first bytes (WIDE_TEXT_SAMPLE of them); `file`: its name for the iconv line (FILE
 * when it came on standard input).
 */
export function wideText(start: Buffer, file = 'FILE'): {what: string; hint: string} | undefined {
	const bom = BOMS.find(({bytes}) => bytes.every((byte, index) => start[index] === byte));
	const found = bom
		? {what: `${bom.name} text (it begins with the byte order mark ${hex(bom.bytes)}${bom.writer ?? ''})`, iconv: bom.iconv}
		: alternatesNul(start, 1)
			? {what: 'UTF-16 text (little-endian, without a byte order mark)', iconv: 'utf-16le'}
			: alternatesNul(start, 0)
				? {what: 'UTF-16 text (big-endian, without a byte order mark)', iconv: 'utf-16be'}
				: undefined;
	return found && {what: `is ${found.what}`, hint: convertHint(found.iconv, file)};
}

/**
 * How to convert `file` (FILE: it came on standard input) from the encoding iconv calls `from` to UTF-8, into a file of
 * the same kind (out.html for --html's page, out.eml for a message), out.txt where its name does not say.
 */
export function convertHint(from: string, file = 'FILE'): string {
	const kind = /^\.[A-Za-z0-9]{1,8}$/.exec(path.extname(file))?.[0] ?? '.txt';
	return `convert it to UTF-8 first (e.g. iconv -f ${from} -t utf-8 ${shellWord(file)} > out${kind})`;
}
