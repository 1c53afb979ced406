// How much of a message typed by hand left before its connection ended: the driver counts the bytes the operating
// system took (dot-stuffed, each line with its CRLF), and a line counts as gone only when all of its bytes did.
import {Buffer} from 'node:buffer';

/** The octets one typed line takes on the wire: a leading dot doubled (RFC 5321 §4.5.2), then CRLF. */
const wireOctets = (line: string): number => Buffer.byteLength(line) + (line.startsWith('.') ? 1 : 0) + 2;

/** How many of `lines`, from the first, had all their bytes handed to the network once `went` octets had gone. */
export function linesHanded(lines: readonly string[], went: number): number {
	let total = 0;
	for (const [index, line] of lines.entries()) {
		total += wireOctets(line);
		if (total > went) return index;
	}
	return lines.length;
}
