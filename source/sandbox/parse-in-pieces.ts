// mailparser's parse of a message for the inbox, with the text of a big text/plain part made here a piece at a time:
// mailparser joins a part's text in one call (concat, toString, CRLF to LF), which held the event loop ~335 ms for a
// 50 MB part. The part's body goes to mailparser as a placeholder word, and the text takes its place afterwards:
// made by the same steps (mailsplit's transfer decoder, its format=flowed decoder, libmime's charset decoder, UTF-8
// with U+FFFD, LF line ends), so it is the text mailparser would have made.
import {randomUUID} from 'node:crypto';
import {once} from 'node:events';
import {PassThrough, type Transform} from 'node:stream';
import {StringDecoder} from 'node:string_decoder';
import type {MimeNode, SplitterChunk} from '@zone-eu/mailsplit';
import type {ParsedMail, SimpleParserOptions} from 'mailparser';
import {mailsplit} from './body-parts.js';
import {fedInPieces, nextTurn, PIECE} from './in-pieces.js';

/** A text part's body beyond this is decoded here: below it, mailparser's one call is a few milliseconds. */
const LARGE = 1024 * 1024;

/** The charsets mailparser reads as UTF-8 without a charset decoder. */
const readAsUtf8 = (charset: string) => ['ascii', 'usascii', 'utf8'].includes(charset.toLowerCase().replace(/[^a-z0-9]+/g, ''));

/** A part mailparser takes as text of the message (see its createNode): text/plain, or `html` text/html; not an attachment. */
function isText(node: MimeNode, html = false): boolean {
	const type = node.contentType || (node.root ? 'text/plain' : false);
	return !node.multipart && (type === 'text/plain' || (html && type === 'text/html')) && (!node.disposition || node.disposition === 'inline');
}

/**
 * Whether mailparser only copies an HTML part's source into its HTML, with these options: not made into text
 * (skipHtmlToText), its cid: links not made data: URLs (keepCidLinks). Then a big one's source is made here too.
 */
const copiesHtml = (options: SimpleParserOptions) => options.skipHtmlToText === true && options.keepCidLinks === true;

/** A text part's text as mailparser makes it, fed its body a piece at a time. */
type TextInPieces = {write(body: Buffer): void; end(): Promise<string>};

async function textInPieces(node: MimeNode): Promise<TextInPieces> {
	const {default: FlowedDecoder} = await import('@zone-eu/mailsplit/lib/flowed-decoder.js');
	const {createDecodeStream} = await import('libmime/lib/charset.js');
	const first: Transform = node.getDecoder();
	let last: NodeJS.ReadableStream = first;
	if (node.flowed) last = last.pipe(new FlowedDecoder({delSp: node.delSp}));
	const charset = node.charset || 'utf-8';
	// As mailparser: a charset libmime cannot decode stays undecoded.
	if (!readAsUtf8(charset))
		try {
			last = last.pipe(createDecodeStream(charset));
		} catch {}
	const utf8 = new StringDecoder('utf8');
	// The text in segments of about a piece: joined at the end from a few hundred, not from a decoder's many small
	// chunks (a join of those held the loop 65-130 ms for 50 MB).
	const segments: string[] = [];
	let segment: string[] = [];
	let length = 0;
	// A CR that ends a chunk may begin the next one's CRLF.
	let cr = '';
	const add = (text: string) => {
		const whole = cr + text;
		cr = whole.endsWith('\r') ? '\r' : '';
		segment.push(whole.slice(0, whole.length - cr.length).replace(/\r?\n/g, '\n'));
		length += whole.length;
		if (length < PIECE) return;
		segments.push(segment.join(''));
		segment = [];
		length = 0;
	};
	last.on('data', (chunk: Buffer | string) => add(utf8.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
	const ended = once(last, 'end');
	return {
		write: body => first.write(body),
		async end() {
			first.end();
			await ended;
			add(utf8.end());
			// Joined in one call: a string added to is copied whole again by the first that reads it.
			segments.push(segment.join('') + cr);
			return segments.join('');
		},
	};
}

/**
 * The body mailparser is given for a part whose text is made here: a word it decodes to itself, in the part's
 * transfer encoding; undefined for a charset that would turn the word into something else (UTF-16): such a part is
 * left to mailparser.
 */
async function placeholder(node: MimeNode, word: string): Promise<Buffer | undefined> {
	const charset = node.charset || 'utf-8';
	if (!readAsUtf8(charset)) {
		const {decode} = await import('libmime/lib/charset.js');
		if (decode(Buffer.from(word), charset) !== word) return undefined;
	}
	return Buffer.from(node.encoding === 'base64' ? Buffer.from(word).toString('base64') : word);
}

/** `text` with each placeholder word replaced by its part's text; a part of no text left out, as mailparser does. */
function withTexts(text: string | undefined, texts: ReadonlyMap<string, string>): string | undefined {
	for (const [word, part] of texts) {
		const at = text!.indexOf(word);
		// mailparser joins the parts' texts with '\n' and passes over an empty one: its joiner goes with it.
		const [before, after] = part === '' ? [at > 0 ? at - 1 : at, at + word.length + (at === 0 && text!.length > word.length ? 1 : 0)] : [at, at + word.length];
		text = text!.slice(0, before) + part + text!.slice(after);
	}
	return text === '' && texts.size > 0 ? undefined : text;
}

/**
 * Parses `raw` with mailparser, a piece at a time (see fedInPieces), the text of its big text parts made in pieces too;
 * stops with the signal's reason once `signal` is aborted.
 */
export async function parseInPieces(raw: Buffer, options: SimpleParserOptions, signal?: AbortSignal): Promise<ParsedMail> {
	const {simpleParser} = await import('mailparser');
	const {Splitter} = await mailsplit();
	const splitter = new Splitter({ignoreEmbedded: true});
	const forParser = new PassThrough();
	fedInPieces(splitter, raw, signal);
	// Each placeholder word and its text part's text, or its HTML part's source.
	const texts = new Map<string, string>();
	const sources = new Map<string, string>();

	/** The text part being read: its body held until it is known to be large, then decoded here as it comes. */
	let open: {node: MimeNode; held: Buffer[]; size: number; word?: string; text?: TextInPieces} | undefined;
	const close = async () => {
		if (open?.text) (open.node.contentType === 'text/html' ? sources : texts).set(open.word!, await open.text.end());
		else for (const body of open?.held ?? []) forParser.write(body);
		open = undefined;
	};
	const body = async (value: Buffer) => {
		if (!open) return void forParser.write(value);
		if (open.text) return open.text.write(value);
		open.held.push(value);
		open.size += value.length;
		if (open.size <= LARGE) return;
		const word = `smtptuitext${randomUUID().replaceAll('-', '')}`;
		const stands = await placeholder(open.node, word);
		if (!stands) {
			for (const held of open.held) forParser.write(held);
			open = undefined;
			return;
		}
		forParser.write(stands);
		Object.assign(open, {word, text: await textInPieces(open.node)});
		for (const held of open.held.splice(0)) open.text!.write(held);
	};

	const walk = async () => {
		for await (const chunk of splitter as AsyncIterable<SplitterChunk>) {
			if (chunk.type === 'body') {
				if (chunk.value) await body(chunk.value);
				continue;
			}
			await close();
			if (chunk.type === 'node') {
				forParser.write(chunk.getHeaders());
				if (isText(chunk, copiesHtml(options))) open = {node: chunk, held: [], size: 0};
			} else if (chunk.value) forParser.write(chunk.value);
		}
		await close();
		forParser.end();
	};
	const walked = walk().catch(error => {
		forParser.destroy(error);
		throw error;
	});
	const [parsed] = await Promise.all([simpleParser(forParser, options), walked]);
	const {html} = parsed;
	if (typeof html === 'string' && [...texts.keys()].some(word => html.includes(word))) {
		// A text part beside HTML outside an alternative is in mailparser's HTML too, made from its text (unless
		// skipTextToHtml): made here too where it is the HTML's first, or else the message is parsed again whole.
		const [[word, text]] = texts;
		const {MailParser} = await import('mailparser');
		const stands = new MailParser(options).textToHtml(word!);
		// A part of no text has no HTML in mailparser's, where its placeholder has some.
		if (texts.size > 1 || text === '' || !html.startsWith(stands)) return simpleParser(raw, options);
		parsed.html = (await textAsHtmlInPieces(text!, options, signal)) + html.slice(stands.length);
	}
	parsed.text = withTexts(parsed.text, texts);
	if (sources.size === 0) return parsed;
	// mailparser leaves out an HTML part of no source, where its placeholder is one.
	if ([...sources.values()].includes('')) return simpleParser(raw, options);
	let copied = parsed.html as string;
	for (const [word, source] of sources) {
		const at = copied.indexOf(word);
		copied = copied.slice(0, at) + source + copied.slice(at + word.length);
	}
	parsed.html = copied;
	return parsed;
}

/** A line break between two lines that neither begins nor ends with a blank: where textAsHtmlInPieces cuts. */
const BETWEEN_LINES = /\S\n(?=\S)/g;

/**
 * mailparser's HTML of a text part (textToHtml: its characters escaped, its links made links, its paragraphs and line
 * breaks made <p> and <br/>), made a piece at a time, the event loop let go between pieces: each piece ends before a
 * line break that has no blank either side, where the whole's has '<br/>' and nothing else, and is made by a parser of
 * its own. That parser's budget for finding links (mailparser's MAX_LINKIFY_WORK, for a message's text parts together)
 * is spent as the message's was: the text is the first made into HTML there.
 */
async function textAsHtmlInPieces(text: string, options: SimpleParserOptions, signal: AbortSignal | undefined): Promise<string> {
	const {MailParser} = await import('mailparser');
	const parser = new MailParser(options);
	const pieces: string[] = [];
	for (let from = 0; from < text.length; ) {
		BETWEEN_LINES.lastIndex = from + PIECE;
		const cut = BETWEEN_LINES.exec(text);
		const to = cut ? cut.index + 1 : text.length;
		// Each piece's HTML is '<p>…</p>': the pieces' insides joined by the line breaks cut.
		pieces.push(parser.textToHtml(text.slice(from, to)).slice('<p>'.length, -'</p>'.length));
		from = to + 1;
		if (from < text.length) {
			await nextTurn();
			signal?.throwIfAborted();
		}
	}
	return `<p>${pieces.join('<br/>')}</p>`;
}
