// Renders Markdown as a CommonMark renderer does (markdown-it, with raw HTML allowed so that any HTML a transcript
// let through shows up as a tag, and GFM-style links of URLs and e-mail addresses), and reads the HTML back.
import MarkdownIt from 'markdown-it';

const renderer = new MarkdownIt({html: true, linkify: true});
// GFM links `https://…`, `www.…` and e-mail addresses, not bare host names (which markdown-it's fuzzy mode would).
renderer.linkify.set({fuzzyLink: false});

export const renderMarkdown = (markdown: string): string => renderer.render(markdown);

const ENTITIES: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'"};
const decodeHtml = (html: string): string => html.replace(/&(amp|lt|gt|quot|#39);/g, (_match, name: string) => ENTITIES[name]!);

/** The lines of every code block, in order, as the reader sees them. */
export function codeBlockLines(html: string): string[] {
	return [...html.matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)].flatMap(match => decodeHtml(match[1]!).replace(/\n$/, '').split('\n'));
}

/** Each paragraph's text as the reader sees it (tags removed, code spans included). */
export function paragraphTexts(html: string): string[] {
	return [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map(match => decodeHtml(match[1]!.replace(/<[^>]+>/g, '')));
}

/** The HTML with code (blocks and spans) taken out: what GFM and GitHub would still turn into links or emoji. */
export const outsideCode = (html: string): string => html.replace(/<pre>[\s\S]*?<\/pre>/g, '').replace(/<code>[\s\S]*?<\/code>/g, '');

/** Every tag name the HTML uses. */
export const tagNames = (html: string): string[] => [...new Set([...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map(match => match[1]!.toLowerCase()))].sort();
