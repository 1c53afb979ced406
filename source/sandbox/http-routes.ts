// The HTTP API's endpoints: Mailpit's API v1 where it has one (list, search, a message, its source, headers and parts,
// delete), and smtp-tui's long-poll wait. A message's ID is its sandbox number as a string, or `latest`.
import type {IncomingMessage, ServerResponse} from 'node:http';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import type {Mailbox} from './mailbox.js';
import {BASE_HEADERS, HttpError, sendJson, sendJsonInPieces} from './http-json.js';
import {attachmentName} from './attachment-name.js';
import {MAX_PAGE, messageJson, parseMessage, partId, summaryJson, type ParsedMessages} from './http-message.js';
import {parseSearch, type SearchQuery} from './http-search.js';
import {waitForMessage} from './http-wait.js';
import {searchTerm, messageMatches} from './message-match.js';
import {groupDigits} from '../smtp/digits.js';

export type ApiContext = {
	mailbox: Mailbox;
	parsed: ParsedMessages;
	/** Messages let go by DELETE: a later request for one says so. */
	deleted: Set<number>;
	/** Aborted as the sandbox stops: waits end then. */
	stopping: AbortSignal;
	/** Bytes a DELETE's body may have. */
	maxBody: number;
};

type Handler = (request: IncomingMessage, response: ServerResponse, url: URL, context: ApiContext, params: string[]) => Promise<void>;

/** Mailpit's page size when none is asked for. */
const DEFAULT_LIMIT = 50;
const MAX_WAIT_SECONDS = 600;
const DEFAULT_WAIT_SECONDS = 30;

/** A whole number parameter, `fallback` when absent; 400 naming it otherwise. */
function wholeParam(url: URL, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
	const value = url.searchParams.get(name);
	if (value === null || value === '') return fallback;
	if (!/^\d+$/.test(value) || Number(value) > max) throw new HttpError(400, `${name} must be a whole number from 0 to ${groupDigits(max)}, not "${value}"`);
	return Number(value);
}

/** Message `typed` (a number, or `latest`), known to the mailbox; 404 saying why not (deleted, let go, not yet). */
function messageId(typed: string, {mailbox, deleted}: ApiContext): number {
	if (typed === 'latest') {
		const newest = mailbox.list().at(-1);
		if (!newest) throw new HttpError(404, 'no message yet: the sandbox has caught none (or all were deleted)', 'GET /api/smtp-tui/wait waits for one');
		return newest.id;
	}
	if (!/^[1-9]\d{0,15}$/.test(typed)) throw new HttpError(400, `a message ID is the sandbox's message number (1, 2, ...) or latest, not "${typed}"`, 'GET /api/v1/messages lists the messages with their IDs');
	const id = Number(typed);
	if (mailbox.record(id)) return id;
	if (deleted.has(id)) throw new HttpError(404, `message ${id} was deleted (DELETE /api/v1/messages)`);
	if (id >= mailbox.nextId) throw new HttpError(404, `no message ${id} yet: the next message the sandbox takes is number ${mailbox.nextId}`, 'GET /api/smtp-tui/wait waits for one');
	const files = mailbox.saveDir === undefined ? '' : ` (its files, if it was saved, are in ${mailbox.saveDir})`;
	throw new HttpError(404, `message ${id} is no longer kept: the sandbox lists the newest --keep messages only${files}`, 'a larger --keep keeps more');
}

/** The body of a message that is listed but whose body is gone: 410, saying why (Mailbox.read's words). */
async function readable<T>(read: Promise<T>): Promise<T> {
	return read.catch((error: unknown) => {
		throw new HttpError(410, (error as Error).message);
	});
}

async function listed(response: ServerResponse, url: URL, context: ApiContext, matches: SearchQuery | undefined): Promise<void> {
	const {mailbox, parsed} = context;
	const all = mailbox.list();
	const records = [...all].reverse().flatMap(summary => mailbox.record(summary.id) ?? []);
	const found = matches ? records.filter(matches) : records;
	const start = wholeParam(url, 'start', 0);
	const page = found.slice(start, start + wholeParam(url, 'limit', DEFAULT_LIMIT, MAX_PAGE));
	// One parse at a time: a page of 10,000 big messages is never all in memory at once.
	const messages = [];
	for (const record of page) messages.push(summaryJson(record, await parsed.headline(record.id)));
	sendJson(response, 200, {total: all.length, unread: 0, count: messages.length, messages_count: found.length, messages_unread: 0, start, tags: [], messages});
}

const list: Handler = async (_request, response, url, context) => listed(response, url, context, undefined);

/** The search a request's ?query= asks for. */
function searchQuery(url: URL): SearchQuery {
	const query = url.searchParams.get('query');
	if (query === null) throw new HttpError(400, 'search needs ?query=', 'e.g. /api/v1/search?query=subject:"Reset your password"');
	return parseSearch(query);
}

const search: Handler = async (_request, response, url, context) => listed(response, url, context, searchQuery(url));

/** Mailpit's GET /api/v1/info, for a check that the API is up: the counts. */
const info: Handler = async (_request, response, _url, {mailbox}) => {
	sendJson(response, 200, {Version: 'smtp-tui', Messages: mailbox.list().length, Unread: 0});
};

const message: Handler = async (_request, response, _url, context, [typed]) => {
	const id = messageId(typed!, context);
	const parsed = await context.parsed.get(id);
	// No parse: the body is gone, which read says in words.
	if (!parsed) await readable(context.mailbox.read(id));
	await sendJsonInPieces(response, 200, messageJson(context.mailbox.record(id)!, parsed!));
};

const raw: Handler = async (_request, response, _url, context, [typed]) => {
	const id = messageId(typed!, context);
	const chunks = context.mailbox.chunks(id)[Symbol.asyncIterator]();
	// The first piece read before the status is sent: a body that cannot be read is a 410, not a cut 200.
	const first = await readable(chunks.next());
	response.writeHead(200, {...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8'});
	async function* rest() {
		try {
			for (let next = first; !next.done; next = await chunks.next()) yield next.value;
		} finally {
			// A client that left: the saved file is closed, not held open for a drain that never comes.
			await chunks.return?.();
		}
	}
	await pipeline(Readable.from(rest()), response);
};

/** Go's canonical header name, as Mailpit's keys are: Message-Id, Content-Type, X-Mailer. */
const canonical = (name: string) => name.toLowerCase().replace(/(^|-)([a-z])/g, (_all, dash: string, letter: string) => dash + letter.toUpperCase());

const headers: Handler = async (_request, response, _url, context, [typed]) => {
	const id = messageId(typed!, context);
	const source = await readable(context.mailbox.read(id));
	const end = source.indexOf('\r\n\r\n');
	const block = source.subarray(0, end === -1 ? source.length : end).toString('utf8');
	const fields: Record<string, string[]> = {};
	for (const field of block.split(/\r?\n(?![ \t])/)) {
		const colon = field.indexOf(':');
		if (colon <= 0) continue;
		// Unfolded, as Go's net/mail gives them.
		(fields[canonical(field.slice(0, colon).trim())] ??= []).push(field.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
	}
	sendJson(response, 200, fields);
};

/**
 * Types a browser would run as a page of this origin: served as a download instead (as Mailpit does). Any XML type
 * (application/atom+xml too) is shown as an XML document, whose XHTML-namespaced <script> runs.
 */
const ACTIVE = /^(text\/html|text\/xsl|[a-z]+\/(?:[^;]*\+)?xml)$/i;

const part: Handler = async (_request, response, _url, context, [typed, wanted]) => {
	const id = messageId(typed!, context);
	const parsed = await readable(parseMessage(context.mailbox, id));
	const found = parsed.attachments.find(attachment => partId(attachment) === wanted);
	if (!found) {
		const ids = parsed.attachments.map(partId);
		throw new HttpError(404, `message ${id} has no part ${wanted}: ${ids.length === 0 ? 'it has no attachments' : `its parts are ${ids.join(', ')}`}`, `GET /api/v1/message/${id} lists them (PartID)`);
	}
	// A type no header can carry (the sender's `application/x€`, a control character in it) made the answer a 500,
	// and the part unreachable: it is served as bytes to download, as an active type is.
	const active = ACTIVE.test(found.contentType) || !/^[\x21-\x7e]+$/.test(found.contentType);
	// RFC 8187's value: encodeURIComponent's, and the few characters it leaves that the header may not carry.
	const name = encodeURIComponent(attachmentName(found) ?? found.cid ?? `part-${wanted}`).replace(/['()*]/g, char => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
	response.writeHead(200, {
		...BASE_HEADERS,
		'content-type': active ? 'application/octet-stream' : found.contentType,
		'content-disposition': `${active ? 'attachment' : 'inline'}; filename*=UTF-8''${name}`,
		'content-length': found.content.length,
	});
	response.end(found.content);
};

const DELETE_HINT = 'send {"IDs": ["1", "2"]}, or no body to delete every message';

/** A DELETE's body, at most `max` bytes: 413 past it. */
async function body(request: IncomingMessage, max: number): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request as AsyncIterable<Buffer>) {
		size += chunk.length;
		chunks.push(chunk);
		if (size > max) throw new HttpError(413, `the request's body is over ${groupDigits(max)} bytes`, DELETE_HINT);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/**
 * The IDs a DELETE's body names; [] for no body or `{}`. Its key in any case (`ids`), as Go's JSON (and so Mailpit)
 * reads it; any other body is refused, so that a typo never reads as "delete every message".
 */
function namedIds(text: string): unknown {
	let parsed: unknown;
	try {
		parsed = text === '' ? {} : JSON.parse(text);
	} catch {
		throw new HttpError(400, 'the body is not JSON', DELETE_HINT);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new HttpError(400, `the body must be a JSON object with IDs, not ${Array.isArray(parsed) ? 'a list' : parsed === null ? 'null' : `a ${typeof parsed}`}: nothing was deleted`, DELETE_HINT);
	}
	const keys = Object.keys(parsed);
	const other = keys.filter(key => key.toLowerCase() !== 'ids');
	if (other.length > 0) throw new HttpError(400, `the body has ${other.map(key => JSON.stringify(key)).join(', ')}, not IDs: nothing was deleted`, DELETE_HINT);
	return keys.length === 0 ? [] : (parsed as Record<string, unknown>)[keys[0]!];
}

const remove: Handler = async (request, response, _url, context) => {
	const ids = namedIds((await body(request, context.maxBody)).trim());
	if (!Array.isArray(ids) || !ids.every(id => typeof id === 'string' || typeof id === 'number')) throw new HttpError(400, 'IDs must be a list of message IDs, e.g. {"IDs": ["1", "2"]}');
	// None named: every message, as Mailpit's DELETE with no IDs.
	deleteMessages(response, context, ids.length === 0 ? context.mailbox.list().map(summary => summary.id) : ids.map(id => messageId(String(id), context)));
};

/** Mailpit's DELETE /api/v1/search?query=: the messages the search finds. */
const removeFound: Handler = async (_request, response, url, context) => {
	const matches = searchQuery(url);
	// A search of nothing finds every message: as a delete, that is rarely what was meant (an empty variable).
	if (!/[\p{L}\p{N}]/u.test(url.searchParams.get('query')!)) {
		throw new HttpError(400, `the search "${url.searchParams.get('query')}" names nothing, so it would delete every message: nothing was deleted`, 'DELETE /api/v1/messages with no body deletes every message');
	}
	const {mailbox} = context;
	deleteMessages(response, context, mailbox.list().flatMap(({id}) => (matches(mailbox.record(id)!) ? [id] : [])));
};

/** Lets `ids` go, each remembered as deleted (see messageId), and answers as Mailpit does. */
function deleteMessages(response: ServerResponse, {mailbox, deleted}: ApiContext, ids: number[]): void {
	for (const id of mailbox.delete(ids)) deleted.add(id);
	response.writeHead(200, {...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8'});
	response.end('ok');
}

const wait: Handler = async (request, response, url, context) => {
	const match = url.searchParams.get('match');
	const query = url.searchParams.get('query');
	const matches: SearchQuery = query === null ? (record => messageMatches(record, searchTerm(match ?? ''))) : parseSearch(query);
	const timeoutMs = wholeParam(url, 'timeout', DEFAULT_WAIT_SECONDS, MAX_WAIT_SECONDS) * 1000;
	const after = wholeParam(url, 'after', 0);
	// A test that gave up (its own timeout) leaves nothing waiting here; the sandbox's stop ends every wait.
	const cancel = new AbortController();
	const onStop = () => cancel.abort();
	response.once('close', onStop);
	context.stopping.addEventListener('abort', onStop);
	const id = await waitForMessage(context.mailbox, {matches, after, timeoutMs}, cancel.signal);
	context.stopping.removeEventListener('abort', onStop);
	if (context.stopping.aborted) throw new HttpError(503, 'the sandbox is stopping');
	if (cancel.signal.aborted) return;
	if (id === undefined) {
		const what = `${match === null ? (query === null ? '' : ` matching the query "${query}"`) : ` matching "${match}"`}${after > 0 ? ` after message ${after}` : ''}`;
		// A plus address typed into a URL (curl "…?match=anna+reset@…") arrives with a space, and so matches nothing.
		const plus = /[?&](?:match|query)=[^&]*\+/.test(url.search);
		const hint = plus ? 'a + in a URL is a space: write it %2B (match=anna%2Breset@example.test), or let curl encode it: curl -G URL --data-urlencode "match=…"' : 'is the app sending to this sandbox? Its log says "accepted message" for each; a longer timeout= waits longer';
		throw new HttpError(404, `no message${what} came in ${timeoutMs / 1000} s`, hint);
	}
	await message(request, response, url, context, [String(id)]);
};

function decodedParam(param: string): string {
	try {
		return decodeURIComponent(param);
	} catch {
		throw new HttpError(400, `the path has a broken %-escape: "${param}"`);
	}
}

/** Path patterns, each with its handler per method (HEAD is GET's). */
const ROUTES: Array<{path: RegExp; methods: Record<string, Handler>}> = [
	{path: /^\/api\/v1\/messages$/, methods: {GET: list, DELETE: remove}},
	{path: /^\/api\/v1\/search$/, methods: {GET: search, DELETE: removeFound}},
	{path: /^\/api\/v1\/info$/, methods: {GET: info}},
	{path: /^\/api\/v1\/message\/([^/]+)$/, methods: {GET: message}},
	{path: /^\/api\/v1\/message\/([^/]+)\/raw$/, methods: {GET: raw}},
	{path: /^\/api\/v1\/message\/([^/]+)\/headers$/, methods: {GET: headers}},
	{path: /^\/api\/v1\/message\/([^/]+)\/part\/([^/]+)$/, methods: {GET: part}},
	{path: /^\/api\/smtp-tui\/wait$/, methods: {GET: wait}},
];

export async function route(request: IncomingMessage, response: ServerResponse, url: URL, context: ApiContext): Promise<void> {
	const method = request.method === 'HEAD' ? 'GET' : request.method!;
	for (const {path, methods} of ROUTES) {
		const params = path.exec(url.pathname);
		if (!params) continue;
		const handler = methods[method];
		if (!handler) {
			const allowed = Object.keys(methods).flatMap(name => (name === 'GET' ? ['GET', 'HEAD'] : [name]));
			const hint = method === 'DELETE' ? 'DELETE /api/v1/messages with {"IDs": ["1"]} deletes a message, as Mailpit\'s does' : undefined;
			throw new HttpError(405, `${request.method} is not taken at ${url.pathname}: ${allowed.join(', ')} ${allowed.length === 1 ? 'is' : 'are'}`, hint, {allow: allowed.join(', ')});
		}
		await handler(request, response, url, context, params.slice(1).map(param => decodedParam(param)));
		return;
	}
	throw new HttpError(404, `no endpoint ${url.pathname}`, 'the endpoints are /api/v1/messages, /api/v1/search?query=, /api/v1/message/ID (and /raw, /headers, /part/PARTID), /api/v1/info, /api/smtp-tui/wait; see the README, "serve: the HTTP API"');
}
