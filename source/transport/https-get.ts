// One HTTPS GET, as MTA-STS fetches its policy (RFC 8461 §3.3): the certificate verified as for SMTP, no redirect
// followed, the body cut off at a size limit, the whole exchange within a timeout. Over the same connections as SMTP
// (--dns's lookup, --socks, -4/-6), so the fetch goes where the probes go.
import {Connection, type ConnectOptions} from './connection.js';
import {ConnectError, endpoint, seconds} from './connect-error.js';
import {StepTimer} from './timeouts.js';

type HttpsGetOptions = Omit<ConnectOptions, 'host' | 'port' | 'implicitTls'> & {
	/** The most bytes of response (headers and body) read: more is an error, not a cut policy. */
	limit: number;
};

type HttpResponse = {status: number; reason: string; headers: Map<string, string>; body: string};

/** The response's words for a failure, with the URL: "https://… answered …". */
class HttpsGetError extends Error {
	override readonly name = 'HttpsGetError';
}

/** A chunk's size line (RFC 9112 §7.1): hexadecimal digits, maybe extensions after a ";". */
const CHUNK_SIZE = /^([0-9a-f]{1,8})[ \t]*(?:;.*)?$/i;

/** A chunked body (RFC 9112 §7.1) decoded; undefined while incomplete; a size or a chunk's end that is wrong throws. */
function unchunked(bytes: Buffer): Buffer | undefined {
	const parts: Buffer[] = [];
	for (let at = 0; ; ) {
		const end = bytes.indexOf('\r\n', at);
		if (end < 0) return undefined;
		const line = bytes.subarray(at, end).toString('latin1');
		const size = CHUNK_SIZE.exec(line);
		if (!size) throw new HttpsGetError(`its chunked answer has a chunk size that is not hexadecimal: ${JSON.stringify(line.slice(0, 20))}`);
		const length = Number.parseInt(size[1]!, 16);
		if (length === 0) return Buffer.concat(parts);
		const next = end + 2 + length;
		if (bytes.length < next + 2) return undefined;
		// Read by a lenient size ("5zz" as 5), the policy would be cut anywhere.
		if (bytes[next] !== 0x0d || bytes[next + 1] !== 0x0a) throw new HttpsGetError('its chunked answer has a chunk that does not end where its size says');
		parts.push(bytes.subarray(end + 2, next));
		at = next + 2;
	}
}

/**
 * The response in `bytes`, read up to the server's close (`closed`) or its end as Content-Length or chunked
 * encoding say; undefined while more is to come.
 */
export function parseHttpResponse(bytes: Buffer, closed: boolean): HttpResponse | undefined {
	const split = bytes.indexOf('\r\n\r\n');
	if (split < 0) {
		if (closed) throw new HttpsGetError(bytes.length === 0 ? 'the server closed the connection without an answer' : 'the server closed the connection in the middle of its headers');
		return undefined;
	}
	const [statusLine = '', ...headerLines] = bytes.subarray(0, split).toString('latin1').split('\r\n');
	const status = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/.exec(statusLine);
	if (!status) throw new HttpsGetError(`the answer is not HTTP: ${JSON.stringify(statusLine.slice(0, 80))}`);
	const headers = new Map<string, string>();
	for (const line of headerLines) {
		const colon = line.indexOf(':');
		if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
	}
	const rest = bytes.subarray(split + 4);
	const length = headers.get('content-length');
	let body: Buffer | undefined;
	if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) body = unchunked(rest);
	else if (length !== undefined && /^\d+$/.test(length)) body = rest.length >= Number(length) ? rest.subarray(0, Number(length)) : undefined;
	else body = closed ? rest : undefined;
	if (body === undefined) {
		if (closed) throw new HttpsGetError('the server closed the connection before the end of its answer');
		return undefined;
	}
	return {status: Number(status[1]), reason: status[2] ?? '', headers, body: body.toString('utf8')};
}

/**
 * GET `url` (https: only): the response, whatever its status; a connection, TLS or HTTP failure as an error that
 * says it. All of it within `timeoutMs`: connecting, the handshake and the answer share it.
 */
export async function httpsGet(url: URL, options: HttpsGetOptions): Promise<HttpResponse> {
	const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
	const port = url.port === '' ? 443 : Number(url.port);
	const late = () => new ConnectError('timeout', `no complete answer from ${endpoint(host, port)} within ${seconds(options.timeoutMs)}`, {code: 'ETIMEDOUT'});
	const deadline = new AbortController();
	const timer = new StepTimer();
	timer.start(options.timeoutMs, () => deadline.abort(late()));
	// Host, path and query come from a URL already parsed: no CR or LF can be in them.
	const request = `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: smtp-tui\r\nAccept: text/plain\r\nConnection: close\r\n\r\n`;
	let connection: Connection | undefined;
	try {
		connection = await Connection.open({...options, host, port, implicitTls: true, signal: deadline.signal});
		const open = connection;
		return await new Promise<HttpResponse>((resolve, reject) => {
			let bytes = Buffer.alloc(0);
			const settle = (closed: boolean) => {
				try {
					const response = parseHttpResponse(bytes, closed);
					if (response) resolve(response);
				} catch (error) {
					reject(error);
				}
			};
			deadline.signal.addEventListener('abort', () => reject(deadline.signal.reason), {once: true});
			open.on('data', (chunk: Buffer) => {
				bytes = Buffer.concat([bytes, chunk]);
				if (bytes.length > options.limit) reject(new HttpsGetError(`the answer is larger than ${options.limit / 1024} KiB`));
				else settle(false);
			});
			open.on('error', reject);
			open.on('close', () => settle(true));
			open.write(Buffer.from(request, 'latin1')).catch(reject);
		});
	} finally {
		timer.stop();
		connection?.destroy();
	}
}
