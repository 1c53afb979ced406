// A message typed by hand after 354: its lines up to the first empty one are its header section, whatever they say.
// A line there that is no header is still read as one: the text meant as the body vanishes into the headers.

/** `Name: value`: a field name of printable ASCII but ":" (RFC 5322 §2.2; a blank before the colon is obsolete but read). */
const HEADER = /^[!-9;-~]+[ \t]*:/;

/** Whether a line of a header section is a header field (`Name: value`), as the typed lines are checked. */
export const isHeaderField = (line: string): boolean => HEADER.test(line);

export const STRAY_HEADER_WARNING =
	'this line is no header (Name: value): a message needs an empty line between its headers and its body; without it this line is read as part of the header section';

/** Which typed lines sit in the header section and are neither a header nor a folded one's continuation (led by a blank). */
export function strayHeaderLines(lines: readonly string[]): (index: number) => boolean {
	const end = lines.indexOf('');
	return index => (end === -1 || index < end) && !isHeaderField(lines[index]!) && !(index > 0 && /^[ \t]/.test(lines[index]!));
}
