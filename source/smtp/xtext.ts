// RFC 3461 §4 xtext, the encoding of DSN's ENVID and ORCPT and of Postfix's XCLIENT values: printable ASCII but "+"
// and "=" as itself, every other byte (UTF-8, each on its own) as "+" and two upper-case hex digits. So a space, CR,
// LF or NUL in a value never reaches the wire as itself. And RFC 6533's utf-8-addr-xtext, for a non-ASCII address.

/** RFC 3461 §4 xtext of `value`. */
export function xtext(value: string): string {
	let out = '';
	for (const byte of Buffer.from(value, 'utf8')) {
		out += byte > 0x20 && byte < 0x7f && byte !== 0x2b && byte !== 0x3d ? String.fromCharCode(byte) : `+${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

/** RFC 3461 xtext decoded: "+HH" back to its byte. */
export function unXtext(value: string): string {
	const pieces = value.split(/\+([0-9A-F]{2})/);
	// split() with a group: text at even indexes, the hex digits of each "+HH" at odd ones.
	return Buffer.concat(pieces.map((piece, index) => (index % 2 === 1 ? Buffer.from([Number.parseInt(piece, 16)]) : Buffer.from(piece, 'utf8')))).toString('utf8');
}

/** RFC 6533 §3 utf-8-addr-xtext: "+", "=", "\" and every character outside "!" to "~" go as \x{HEX} (the code point). */
export function utf8AddrXtext(value: string): string {
	let out = '';
	for (const char of value) {
		const code = char.codePointAt(0)!;
		out += code > 0x20 && code < 0x7f && char !== '+' && char !== '=' && char !== '\\' ? char : `\\x{${code.toString(16).toUpperCase().padStart(2, '0')}}`;
	}
	return out;
}
