// The text of an address field outside its quoted strings and comments (RFC 5322 §3.2.2, §3.2.4): where a < opens an
// address and where words stand that the parser would make a display name.

/**
 * `source` with each quoted string made `""` and each comment (nested, with its escapes) a space, as a comment
 * separates words. An unclosed quote or comment runs to the end, as the parser reads it.
 */
export function bareText(source: string): string {
	let bare = '';
	let depth = 0;
	let quoted = false;
	for (let at = 0; at < source.length; at++) {
		const char = source[at]!;
		if ((quoted || depth > 0) && char === '\\') at++;
		else if (quoted) quoted = char !== '"';
		else if (char === '(') depth++;
		else if (depth > 0 && char === ')') bare += --depth === 0 ? ' ' : '';
		else if (depth > 0) continue;
		else if (char === '"') quoted = true;
		else bare += char;
		if (char === '"' && !quoted && depth === 0) bare += '""';
	}
	return bare;
}

/**
 * The words outside quotes and comments that are no address (nor a quoted part of one): what the parser turns into
 * a display name where no <> holds the address (a@x.test(Ann)x is named "x"). Such a word has no place there.
 */
export function strayWords(source: string): string[] {
	return bareText(source)
		.split(/[\s,;]+/)
		.filter(word => word !== '' && !word.includes('@') && !word.includes('"'));
}
