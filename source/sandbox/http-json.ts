// What the sandbox's HTTP API answers with: JSON (errors too, with a message a person can act on), never CORS
// headers (a web page in the developer's browser must not read the caught mail), never cached.
import {STATUS_CODES, type ServerResponse} from 'node:http';
import {safeJson} from '../text/escape.js';

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

export function sendError(response: ServerResponse, error: HttpError): void {
	sendJson(response, error.status, errorJson(error), error.headers);
}

/** An answer written straight to a socket, for a request Node could not parse (there is no ServerResponse then). */
export function rawError(error: HttpError): string {
	const body = jsonBody(errorJson(error));
	const headers = {...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': body.length, connection: 'close'};
	return `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body.toString('utf8')}`;
}
