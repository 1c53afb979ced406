// The text a message is read by, in the inbox's text view and the HTTP API's Text: one rule for both, so that what a
// test reads over HTTP is what the inbox shows and `inbox --wait` prints.
import type {BodyParts} from './body-parts.js';
import {htmlAsText} from './html-text.js';
import type {ParsedMessageView} from './mailbox-types.js';

/** Whether bodyText makes the text from the HTML: then mailparser need not make its own (skipHtmlToText). */
export const textMadeFromHtml = (parts: BodyParts): boolean => parts.html !== undefined && parts.plain === undefined;

/**
 * The text, and the HTML part's source. Without a text/plain part mailparser's text is html-to-text's at 80 columns
 * (a one-time code can go to the next line, away from its words) and none at all beside attachments: made here as
 * the view reads best (see htmlAsText), and said.
 */
export async function bodyText(text: string | undefined, parts: BodyParts): Promise<Pick<ParsedMessageView, 'text' | 'html' | 'textFromHtml'>> {
	if (parts.html === undefined) return {text: text ?? ''};
	if (!textMadeFromHtml(parts)) return {text: text ?? '', html: parts.html};
	try {
		return {text: await htmlAsText(parts.html), html: parts.html, textFromHtml: true};
	} catch {
		// HTML html-to-text cannot take: mailparser's text, where it made one (the html view still has the source).
		// Where Mailbox.parse told mailparser to skip its own, there is none: the text is empty.
		return {text: text ?? '', html: parts.html};
	}
}
