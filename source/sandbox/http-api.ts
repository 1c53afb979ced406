// serve --http: the caught mail over HTTP/1.1 for a test suite in any language (Mailpit's API v1 shapes, see
// http-routes.ts). It has no login, so it guards itself otherwise: Host names this machine only (DNS rebinding), no
// CORS headers (a page of another origin cannot read an answer), GET, HEAD and DELETE only (a cross-origin DELETE
// needs a CORS preflight, which gets 405), bounded URLs and bodies; a request it cannot take gets a JSON error, and
// never stops the sandbox.
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import type {Mailbox} from './mailbox.js';
import {hostAllowed, hostName} from './http-host.js';
import {ParsedMessages} from './http-message.js';
import {HttpError, rawError, sendError} from './http-json.js';
import {route, type ApiContext} from './http-routes.js';

export type HttpApi = {host: string; port: number; close(): Promise<void>};

const MAX_URL = 2048;
const MAX_BODY = 64 * 1024;
const METHODS = ['GET', 'HEAD', 'DELETE'];
/** How long answers being sent get at the stop. */
const CLOSE_GRACE_MS = 500;

/** Why a request is refused before its route is looked at, or undefined. */
function refusal(request: http.IncomingMessage, own: readonly string[]): HttpError | undefined {
	if (request.url!.length > MAX_URL) return new HttpError(414, `the URL is over ${MAX_URL} characters`);
	if (!hostAllowed(request.headers.host, own)) {
		return new HttpError(
			403,
			`Host "${request.headers.host}" is not this machine: the API answers requests for localhost, 127.0.0.1, [::1], the address it listens on and its --hostname only, so that a web page cannot read the caught mail (DNS rebinding)`,
			`ask by http://127.0.0.1:${request.socket.localPort}/ here; from another machine or container by a name of its own (http://mail:8025 in docker compose), start serve with --hostname ${hostName(request.headers.host ?? '') || 'NAME'}`,
		);
	}
	if (!METHODS.includes(request.method!)) {
		return new HttpError(405, `${request.method} is not taken here: GET, HEAD and DELETE are`, 'the API reads and deletes the caught mail only: Mailpit\'s read status, tags, send, release and chaos are not in smtp-tui', {allow: METHODS.join(', ')});
	}
	return undefined;
}

/**
 * The request's URL, runs of slashes in its path read as one, as Mailpit's router reads them: a helper given the base
 * URL with a trailing slash (`http://127.0.0.1:8025/`) asks for `//api/v1/messages`, which a URL parse would take
 * for a host named api.
 */
function requestUrl(target: string): URL {
	const query = target.indexOf('?');
	const path = query === -1 ? target : target.slice(0, query);
	return new URL(path.replace(/\/{2,}/g, '/') + (query === -1 ? '' : target.slice(query)), 'http://localhost');
}

/** Why Node could not parse a request, in words (its own answer is a bare 400 with no body). */
function unparsed(error: Error & {code?: string}): HttpError {
	if (error.code === 'HPE_INVALID_URL') {
		return new HttpError(400, 'the URL has a character that must be %-encoded (a space, a quote, or a letter beyond ASCII such as é)', 'with curl: curl -G URL --data-urlencode "query=subject:Réinitialisez"; in code: encodeURIComponent, urllib.parse.quote');
	}
	if (error.code === 'HPE_HEADER_OVERFLOW') return new HttpError(431, 'the request\'s headers are too large');
	if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new HttpError(408, 'the request did not arrive whole in time');
	return new HttpError(400, `the request is not HTTP this API can read: ${error.message}`);
}

/**
 * Starts the API on `host`:`port` (0: a free one). `own`: the names besides loopback's that requests may give as
 * Host (the listen address, the machine's addresses when that is every interface, the sandbox's --hostname).
 */
export async function startHttpApi(mailbox: Mailbox, {host, port}: {host: string; port: number}, own: readonly string[]): Promise<HttpApi> {
	const stopping = new AbortController();
	const context: ApiContext = {mailbox, parsed: new ParsedMessages(mailbox), deleted: new Set(), stopping: stopping.signal, maxBody: MAX_BODY};
	const allowed = [host, ...own];
	const server = http.createServer({requestTimeout: 30_000, headersTimeout: 10_000}, (request, response) => {
		const answered = async () => {
			const refused = refusal(request, allowed);
			if (refused) throw refused;
			await route(request, response, requestUrl(request.url!), context);
		};
		answered().catch((error: unknown) => {
			const known = error instanceof HttpError ? error : new HttpError(500, `the API failed: ${(error as Error).message}`);
			if (response.headersSent) response.destroy();
			else sendError(response, known);
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	// Errors after the start (a socket reset) are a client's: never the sandbox's end.
	server.on('error', () => undefined);
	server.on('clientError', (error: Error & {code?: string}, socket) => {
		if (error.code === 'ECONNRESET' || !socket.writable) socket.destroy();
		else socket.end(rawError(unparsed(error)));
	});
	const bound = server.address() as AddressInfo;
	return {
		host: bound.address,
		port: bound.port,
		async close() {
			// Waits end with a 503 first; a connection kept alive after its answer is then closed.
			stopping.abort();
			await new Promise(resolve => setImmediate(resolve));
			const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
			await new Promise<void>(resolve => {
				server.close(() => resolve());
				server.closeIdleConnections();
			});
			clearTimeout(cut);
		},
	};
}
