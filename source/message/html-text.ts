// The text/plain alternative of an HTML body, for a message given as HTML alone. html-to-text is imported on first
// use: a message without HTML never loads it.

/**
 * The largest HTML the text part is made from: it is held whole, and converting 4 MiB takes most of a second. Well
 * under html-to-text's own limit (16 Mi characters), past which it would cut the HTML and console.warn about it.
 */
export const TEXT_FROM_HTML_LIMIT = 4 * 1024 * 1024;

/**
 * What a reader without HTML sees: paragraphs and lists as text, each link's address after its words (not twice
 * when the words are the address), tables as columns. Images are left out: their addresses (a tracking pixel's, an
 * attached cid:) mean nothing in text. Lines are wrapped at 76 characters, as mail text is.
 */
export async function textFromHtml(html: string): Promise<string> {
	const {convert} = await import('html-to-text');
	return convert(html, {
		wordwrap: 76,
		// Deeper nesting is cut, not followed, as mailparser and the inbox limit it: no stack overflow on any input.
		limits: {maxDepth: 1000},
		selectors: [
			{selector: 'a', options: {hideLinkHrefIfSameAsText: true}},
			{selector: 'img', format: 'skip'},
			{selector: 'table', format: 'dataTable'},
		],
	});
}
