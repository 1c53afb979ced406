// The text of an HTML part, for the inbox's text view of a message that has no plain-text part.
import type {Formatter} from 'html-to-text';

/** A table cell's content, then a gap: html-to-text's default runs cells together ("ItemPriceWidget$5"). */
const spacedCell: Formatter = (elem, walk, builder) => {
	walk(elem.children, builder);
	builder.addLiteral('  ');
};

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/**
 * The HTML as text with html-to-text, as mailparser makes it, but not wrapped at 80 columns (the view wraps at its
 * own width), headings not in capitals, a table's rows one a line with their cells apart, and a link whose text is
 * its address given once. Mail lays out with tables: a layout cell's gap leaves a blank line, so runs of them are
 * cut to one. `found`, when given, gets each link's target, in order, and each image's address.
 */
export async function htmlAsText(html: string, found?: {hrefs: string[]; images: string[]}): Promise<string> {
	const {convert} = await import('html-to-text');
	const rows = {format: 'block', options: {leadingLineBreaks: 1, trailingLineBreaks: 1}};
	const text = convert(html, {
		wordwrap: false,
		// As mailparser limits it: deeper nesting is cut, not followed (a hostile message cannot exhaust the stack).
		limits: {maxDepth: 1000},
		selectors: [
			// pathRewrite sees each link's target and image address with its entities decoded (`&amp;` as `&`), as a browser does.
			{selector: 'a', options: {hideLinkHrefIfSameAsText: true, ...(found && {pathRewrite: (href: string) => (found.hrefs.push(href), href)})}},
			...(found ? [{selector: 'img', options: {pathRewrite: (src: string) => (found.images.push(src), src)}}] : []),
			{selector: 'table', format: 'block'},
			{selector: 'tr', ...rows},
			{selector: 'td', format: 'spacedCell'},
			{selector: 'th', format: 'spacedCell'},
			// A heading in the sender's own letters: html-to-text's capitals would fail a test looking for "Welcome, Anna".
			...HEADINGS.map(selector => ({selector, options: {uppercase: false}})),
		],
		formatters: {spacedCell},
	});
	return text
		.split('\n')
		.map(line => line.trimEnd())
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.replace(/^\n+|\n+$/g, '');
}
