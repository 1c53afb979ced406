// What a message's body is made of, for the inbox: its plain-text parts and its HTML parts' source, decoded.
import type {MimeNode} from '@zone-eu/mailsplit';
import {lineText} from '../smtp/reply-parser.js';
import {fedInPieces, lineTextInPieces} from './in-pieces.js';
import {decodeLabelled} from './windows-1252.js';

export type BodyParts = {
	/**
	 * The text/plain parts meant to be read (not attachments), decoded as sent; undefined when there is none, or only
	 * blank ones (an app's empty text alternative, which mail programs pass over for the HTML): then the text is made
	 * from the HTML.
	 */
	plain?: string;
	/** The source of the HTML parts (not attachments), decoded as sent; undefined when there is none. */
	html?: string;
	/** Of bytes that are a message's first only (`cut`): the source that ends where they do, in the middle of a part. */
	cut?: 'plain' | 'html';
};

/** Charsets read as UTF-8: a byte that is not UTF-8 shows as \xHH, as in the raw view (U+FFFD would hide which). */
const UTF8 = /^(utf-?8|(us-)?ascii)$/i;

/**
 * A part's bytes (its decoded chunks) as text in its charset; an unknown charset, as UTF-8 (a label TextDecoder does
 * not know). UTF-8 a piece at a time, never joined into one buffer (a 50 MB copy holds the event loop ~50 ms).
 */
async function decoded(chunks: readonly Buffer[], charset: string | false, signal: AbortSignal | undefined): Promise<string> {
	if (charset === false || UTF8.test(charset.trim())) return lineTextInPieces(chunks, signal);
	const bytes = Buffer.concat(chunks);
	// windows-1252 (and iso-8859-1, latin1) with its € and curly quotes, which Node's TextDecoder gets wrong.
	return decodeLabelled(bytes, charset) ?? lineText(bytes);
}

/**
 * Walks the message's MIME parts (mailsplit, as mailparser does; an attached message is one part, not looked into).
 * mailparser gives the HTML only as a string already decoded with U+FFFD for a bad byte, and its text alone cannot
 * say whether it was a text part or made from the HTML.
 */
export async function bodyParts(raw: Buffer, cut = false, signal?: AbortSignal): Promise<BodyParts> {
	const {Splitter} = await mailsplit();
	const splitter = new Splitter({ignoreEmbedded: true});
	const plain: Part[] = [];
	const html: Part[] = [];
	let current: Buffer[] | undefined;
	/** The kind of text part being read: until a boundary line (mailsplit's `data`) ends it. */
	let open: BodyParts['cut'];
	fedInPieces(splitter, raw, signal);
	for await (const chunk of splitter as AsyncIterable<{type: string; value?: Buffer} & Partial<MimeNode>>) {
		if (chunk.type === 'node') {
			const node = chunk as MimeNode;
			current = open = undefined;
			if (node.multipart || node.disposition === 'attachment') continue;
			// mailsplit reads a part without Content-Type as text/plain (RFC 2045 §5.2).
			open = node.contentType === 'text/plain' ? 'plain' : node.contentType === 'text/html' ? 'html' : undefined;
			if (open) (open === 'plain' ? plain : html).push({node, chunks: (current = [])});
		} else if (chunk.type === 'data') open = undefined;
		else if (chunk.type === 'body' && current && chunk.value) current.push(chunk.value);
	}
	const [plainSource, htmlSource] = await Promise.all([sourceOf(plain, '\n\n', signal), sourceOf(html, '\n', signal)]);
	return {...(plainSource?.trim() && {plain: plainSource}), ...(htmlSource !== undefined && {html: htmlSource}), ...(cut && open && {cut: open})};
}

type Part = {node: MimeNode; chunks: Buffer[]};

let loaded: Promise<typeof import('@zone-eu/mailsplit')> | undefined;
/**
 * mailsplit, loaded once: a CommonJS package, bundled, has its exports only on `default`, copied anew by each
 * `import()` (~0.07 ms, a message's in a burst).
 */
export const mailsplit = () => (loaded ??= import('@zone-eu/mailsplit').then(module => module.default));

/** The parts' bodies decoded (quoted-printable or base64, then their charset), joined; undefined for none. */
async function sourceOf(parts: readonly Part[], between: string, signal: AbortSignal | undefined): Promise<string | undefined> {
	if (parts.length === 0) return undefined;
	const sources = await Promise.all(
		parts.map(async ({node, chunks}) => {
			const decoder = node.getDecoder();
			fedInPieces(decoder, chunks, signal);
			return decoded(await decoder.toArray(), node.charset, signal);
		}),
	);
	return sources.join(between);
}
