// Text placed in a Markdown document that must render as written on GitHub (CommonMark + GFM), in a chat or a
// forum: nothing in it may become markup, an HTML tag, a link, a mention or an emoji. Backslash escapes are not
// enough for that: GFM links `www.`, `https://` and e-mail addresses inside escaped text (keeping the backslashes
// in the link), and GitHub turns `@name`, `#123` and `:tada:` into links and emoji after rendering. Only code is
// left alone by all of them, so a word that holds any of these becomes a code span; the other words need nothing.

/** A word (no whitespace) that is Markdown, HTML, or something GitHub or GFM links or turns into an emoji. */
const RISKY = /[\\`*_[\]<>#|~&@$]|:\/\/|www\.|:[\w+-]+:|^gh-\d/i;
/** Punctuation that ends a sentence or wraps a word, kept out of its code span where the word is risky without it. */
const WRAPPED = /^([("']*)(.*?)([)"'.,;!?]*)$/s;
/** A quotation (the server's words in an explanation: a 334's prompt), one code span when risky; else a word, or a space. */
const PIECE = /(?<=^|\s)"([^"]+)"(?=$|[\s.,;:!?)])|\S+|\s+/g;
/**
 * What would open a block at the start of a line of a paragraph or heading: a list item, or a setext underline or
 * thematic break (`---`, `===`, which make the line before it a heading).
 */
const BLOCK_START = /^(?:([-+=])\1*|(\d+)([.)]))(?=\s|$)/;

/** The longest run of backticks in `text` (0 if none). */
function longestBacktickRun(text: string): number {
	return Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length));
}

/** An inline code span that shows `text` exactly, whatever backticks it holds (CommonMark §6.1). */
export function codeSpan(text: string): string {
	const ticks = '`'.repeat(longestBacktickRun(text) + 1);
	// One space each side is stripped by the renderer: added where the content starts or ends with a backtick or a
	// space, so that it keeps them.
	const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
	return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fenced code block (info string `info`) whose fence is longer than any backtick run in its lines. */
export function codeBlock(lines: readonly string[], info = 'text'): string {
	const ticks = '`'.repeat(Math.max(3, longestBacktickRun(lines.join('\n')) + 1));
	return `${ticks}${info}\n${lines.join('\n')}\n${ticks}`;
}

function safeWord(word: string): string {
	if (!RISKY.test(word)) return word;
	const [, before = '', core = '', after = ''] = WRAPPED.exec(word) ?? [];
	return core !== '' && RISKY.test(core) ? `${before}${codeSpan(core)}${after}` : codeSpan(word);
}

/**
 * One line of running text (a paragraph or a heading's text) that renders as written: risky words and quotations as
 * code spans, and a first word that would open a list, or underline the line before, escaped. `text` must hold no
 * line break (callers make control characters visible first).
 */
export function markdownText(text: string): string {
	const words = text.trim().replace(PIECE, (piece, quoted?: string) => {
		if (quoted !== undefined) return RISKY.test(quoted) ? `"${codeSpan(quoted)}"` : piece;
		return /^\s/.test(piece) ? piece : safeWord(piece);
	});
	return words.replace(BLOCK_START, (match, sign?: string, digits?: string, dot?: string) => (sign ? `\\${match}` : `${digits}\\${dot}`));
}
