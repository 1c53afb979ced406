// What the sandbox's HTTP API answers with: JSON (errors too, with a message a person can act on), never CORS
// headers (a web page in the developer's browser must not read the caught mail), never cached.
import {randomUUID} from 'node:crypto';
import {STATUS_CODES, type ServerResponse} from 'node:http';
import {safeJson} from '../text/escape.js';
import {nextTurn, PIECE} from './in-pieces.js';

/** A request the API refuses: its status, and why in words (`hint`: what to do instead). */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly hint?: string,
		/** Extra response headers (405's Allow). */
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

/**
 * Headers of every answer: the browser is told not to guess a type, and to run nothing it shows (a part of a type
 * the list of active ones misses is still no script of this origin).
 */
export const BASE_HEADERS = {'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': "sandbox; default-src 'none'"} as const;

/** `value` as an answer's body. safeJson: a subject's C1 or bidi controls escaped too, for curl printing it to a terminal. */
const jsonBody = (value: unknown) => Buffer.from(`${safeJson(value)}\n`);

/** An error's body: its status, and why in words. */
const errorJson = (error: HttpError) => ({status: error.status, message: error.message, ...(error.hint && {hint: error.hint})});

export function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
	const body = jsonBody(value);
	response.writeHead(status, {...BASE_HEADERS, ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': body.length});
	response.end(body);
}

/** A string longer than this is made JSON a piece at a time (see sendJsonInPieces). */
const LONG = 64 * 1024;

/**
 * sendJson's answer, the same bytes, its long strings (a message's Text and HTML) escaped a piece at a time, the event
 * loop let go between pieces: in one call, a 50 MB message's JSON held serve's sessions 0.2-0.4 s.
 */
export async function sendJsonInPieces(response: ServerResponse, status: number, value: unknown): Promise<void> {
	const long: string[] = [];
	const word = `smtptuilong${randomUUID().replaceAll('-', '')}`;
	const marked = JSON.stringify(value, (_key, field: unknown) => (typeof field === 'string' && field.length > LONG ? `${word}${long.push(field) - 1}` : field));
	const skeleton = safeJson(JSON.parse(marked));
	const body: Buffer[] = [];
	let at = 0;
	for (const [index, text] of long.entries()) {
		const quoted = JSON.stringify(`${word}${index}`);
		const found = skeleton.indexOf(quoted, at);
		body.push(Buffer.from(`${skeleton.slice(at, found)}"`));
		for await (const piece of escapedPieces(text)) body.push(piece);
		body.push(Buffer.from('"'));
		at = found + quoted.length;
	}
	body.push(Buffer.from(`${skeleton.slice(at)}\n`));
	response.writeHead(status, {...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': body.reduce((length, piece) => length + piece.length, 0)});
	for (const piece of body) response.write(piece);
	response.end();
}

/** Where to cut `text` near `end`: before an ASCII character, or else not inside a surrogate pair. */
function cutNear(text: string, end: number): number {
	if (end >= text.length) return text.length;
	for (let at = end; at > end - 64; at--) if (text.charCodeAt(at) < 0x80) return at;
	const low = text.charCodeAt(end) >= 0xdc00 && text.charCodeAt(end) <= 0xdfff;
	return low ? end - 1 : end;
}

/**
 * `text` as safeJson escapes it inside its quotes, in pieces of about PIECE: each cut before an ASCII character, which
 * no surrogate pair or flag sequence (that safeJson leaves whole) goes across; in a text without one for 64
 * characters, between two characters (a flag's tags cut there are escaped, the same JSON value).
 */
async function* escapedPieces(text: string): AsyncGenerator<Buffer> {
	for (let start = 0; start < text.length; ) {
		const end = cutNear(text, start + PIECE);
		yield Buffer.from(safeJson(text.slice(start, end)).slice(1, -1));
		start = end;
		if (start < text.length) await nextTurn();
	}
}

export function sendError(response: ServerResponse, error: HttpError): void {
	sendJson(response, error.status, errorJson(error), error.headers);
}

/** An answer written straight to a socket, for a request Node could not parse (there is no ServerResponse then). */
export function rawError(error: HttpError): string {
	const body = jsonBody(errorJson(error));
	const headers = {...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': body.length, connection: 'close'};
	return `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body.toString('utf8')}`;
}
