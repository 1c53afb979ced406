// What a message's body is made of, for the inbox: whether it has a plain-text part, and its HTML parts' source.
import {buffer} from 'node:stream/consumers';
import type {MimeNode} from '@zone-eu/mailsplit';
import {lineText} from '../smtp/reply-parser.js';
import {decodeLabelled} from './windows-1252.js';

export type BodyParts = {
	/** A text/plain part meant to be read (not an attachment): without one, mailparser's text is made from the HTML. */
	plainText: boolean;
	/** The source of the HTML parts (not attachments), decoded as sent; undefined when there is none. */
	html?: string;
};

/** Charsets read as UTF-8: a byte that is not UTF-8 shows as \xHH, as in the raw view (U+FFFD would hide which). */
const UTF8 = /^(utf-?8|(us-)?ascii)$/i;

/** A part's bytes as text in its charset; an unknown charset, as UTF-8 (a label TextDecoder does not know). */
function decoded(bytes: Buffer, charset: string | false): string {
	if (charset === false || UTF8.test(charset.trim())) return lineText(bytes);
	// windows-1252 (and iso-8859-1, latin1) with its € and curly quotes, which Node's TextDecoder gets wrong.
	return decodeLabelled(bytes, charset) ?? lineText(bytes);
}

/**
 * Walks the message's MIME parts (mailsplit, as mailparser does; an attached message is one part, not looked into).
 * mailparser gives the HTML only as a string already decoded with U+FFFD for a bad byte, and its text alone cannot
 * say whether it was a text part or made from the HTML.
 */
export async function bodyParts(raw: Buffer): Promise<BodyParts> {
	// A CommonJS package: bundled, its exports are only on `default`.
	const {Splitter} = (await import('@zone-eu/mailsplit')).default;
	const splitter = new Splitter({ignoreEmbedded: true});
	let plainText = false;
	const html: Array<{node: MimeNode; chunks: Buffer[]}> = [];
	let current: Buffer[] | undefined;
	splitter.end(raw);
	for await (const chunk of splitter as AsyncIterable<{type: string; value?: Buffer} & Partial<MimeNode>>) {
		if (chunk.type === 'node') {
			const node = chunk as MimeNode;
			current = undefined;
			if (node.multipart || node.disposition === 'attachment') continue;
			// mailsplit reads a part without Content-Type as text/plain (RFC 2045 §5.2).
			if (node.contentType === 'text/plain') plainText = true;
			if (node.contentType === 'text/html') html.push({node, chunks: (current = [])});
		} else if (chunk.type === 'body' && current && chunk.value) current.push(chunk.value);
	}
	if (html.length === 0) return {plainText};
	const sources = await Promise.all(
		html.map(async ({node, chunks}) => {
			const decoder = node.getDecoder();
			decoder.end(Buffer.concat(chunks));
			return decoded(await buffer(decoder), node.charset);
		}),
	);
	return {plainText, html: sources.join('\n')};
}
