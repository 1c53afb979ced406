// Comma-separated lists as people type them: addresses ("Smith, J" <s@example.com>, b@example.com) and file paths.

/** Splits at commas outside a quoted item, trims, drops blanks. */
export function splitList(text: string): string[] {
	return splitListAsTyped(text)
		.map(part => part.trim())
		.filter(Boolean);
}

/**
 * Splits a list of file paths at commas outside a quoted item, each part as typed (untrimmed, blanks kept). A quote
 * opens only at an item's start and closes only at its end (before blanks, then a comma or the end of the text): a
 * quote inside a file's name (`"report`, `say "hi".txt`) is part of the name, and its comma-separated neighbour stays
 * apart from it.
 */
export function splitListAsTyped(text: string): string[] {
	const parts: string[] = [];
	let current = '';
	let quoted = false;
	const itemEnd = /\s*(?:,|$)/y;
	for (let at = 0; at < text.length; at++) {
		const char = text[at]!;
		itemEnd.lastIndex = at + 1;
		if (char === '"' && !quoted && current.trim() === '') quoted = true;
		else if (char === '"' && quoted && itemEnd.test(text)) quoted = false;
		if (char === ',' && !quoted) {
			parts.push(current);
			current = '';
		} else current += char;
	}
	parts.push(current);
	return parts;
}

/**
 * An address list: at commas, and at semicolons as Outlook writes them (outside quotes and <>). Left to the
 * address parser, `a@x;b@x` went to both and `a@x; b@x` was refused; Ctrl+L looked up the MX of `x; b@x`.
 */
export function splitAddressList(text: string): string[] {
	const parts: string[] = [];
	let current = '';
	let quoted = false;
	let angled = false;
	// A comment may hold a comma too: `Ann Lee (Sales, EU) <ann@x.com>` is one address.
	let comment = 0;
	// A backslash in quotes or a comment takes the next character as it is (RFC 5322 quoted-pair): in
	// `"Ann \"A\"; Lee" <a@x.test>` neither escaped quote ends the quotes, so the ; is the name's.
	let escaped = false;
	for (const char of text) {
		if (escaped || (char === '\\' && (quoted || comment > 0))) {
			escaped = !escaped;
			current += char;
			continue;
		}
		if (char === '"' && comment === 0) quoted = !quoted;
		else if (!quoted && comment === 0 && (char === '<' || char === '>')) angled = char === '<';
		else if (!quoted && !angled && (char === '(' || (char === ')' && comment > 0))) comment += char === '(' ? 1 : -1;
		if ((char === ',' || char === ';') && !quoted && !angled && comment === 0) {
			parts.push(current);
			current = '';
		} else current += char;
	}
	parts.push(current);
	return parts.map(part => part.trim()).filter(Boolean);
}

/** The address of a list item as typed: `Ann <ann@example.com>` or a bare `ann@example.com`. */
export const bareAddress = (item: string): string => /<([^>]*)>\s*$/.exec(item)?.[1] ?? item.trim();

/** Whether a typed path starts at the home folder, as in a shell: `~` or `~/`, and on Windows `~\` too. */
export const atHome = (file: string, platform: NodeJS.Platform = process.platform): boolean =>
	file === '~' || file.startsWith('~/') || (platform === 'win32' && file.startsWith('~\\'));

/** A path typed in quotes (to keep a comma in it) without them; with `home`, one at `~` starts there. */
export function unquotePath(item: string, home?: string, platform: NodeJS.Platform = process.platform): string {
	const bare = item.length >= 2 && item.startsWith('"') && item.endsWith('"') ? item.slice(1, -1) : item;
	return home !== undefined && atHome(bare, platform) ? home + bare.slice(1) : bare;
}
