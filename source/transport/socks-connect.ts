// The SOCKS5 handshake (--socks) on a socket connected to the proxy: writes and reads until the proxy has connected
// to the target, then leaves the socket to SMTP (or TLS). Failures name the hop: the proxy, or the target as seen
// from the proxy.
import {isIP, type Socket} from 'node:net';
import {ConnectError, endpoint, seconds, type ConnectErrorKind} from './connect-error.js';
import {StepTimer} from './timeouts.js';
import {SocksHandshake, type SocksFailure, type SocksLogin, type SocksTarget} from './socks5.js';

export type SocksSettings = {host: string; port: number; login?: SocksLogin};

/** "the SOCKS proxy 127.0.0.1:1080", as transcripts and errors say it. */
const socksWords = (socks: Pick<SocksSettings, 'host' | 'port'>): string => `the SOCKS proxy ${endpoint(socks.host, socks.port)}`;

/** " through the SOCKS proxy 127.0.0.1:1080, which looks up mx.example.com" (an address needs no lookup). */
export const socksRoute = (socks: Pick<SocksSettings, 'host' | 'port'>, host: string): string => ` through ${socksWords(socks)}${isIP(host) === 0 ? `, which looks up ${host}` : ''}`;

/** How a proxy's report on the target maps to the kinds a direct connection has (exit codes, check's statuses). */
const TARGET_KINDS: Readonly<Record<number, ConnectErrorKind>> = {3: 'unreachable', 4: 'unreachable', 5: 'refused', 6: 'unreachable'};

/** The proxy itself could not be reached: its own error, reworded so it names the proxy and not the mail server. */
export function proxyUnreachable(error: unknown, socks: SocksSettings): unknown {
	if (!(error instanceof ConnectError)) return error;
	const message = error.kind === 'refused'
		? `no SOCKS proxy at ${endpoint(socks.host, socks.port)}: connection refused — is it running (\`ssh -D ${socks.port} JUMPHOST\` for a jump host)?`
		: `cannot reach ${socksWords(socks)}: ${error.message}`;
	return new ConnectError(error.kind, message, {code: error.code, cause: error, socks: 'proxy'});
}

function failureError(failure: SocksFailure, socks: SocksSettings, target: SocksTarget): ConnectError {
	const kind = failure.hop === 'target' ? (TARGET_KINDS[failure.code ?? 0] ?? 'unreachable') : 'other';
	const code = failure.code === undefined ? 'ESOCKS' : `ESOCKS${failure.code}`;
	return new ConnectError(kind, `cannot reach ${endpoint(target.host, target.port)} through ${socksWords(socks)}: ${failure.text}`, {code, socks: failure.hop});
}

/** Out of time: the proxy silent, or the proxy waiting on a target that does not answer it. */
function handshakeTimeout(awaiting: string, socks: SocksSettings, target: SocksTarget, timeoutMs: number): ConnectError {
	const at = endpoint(target.host, target.port);
	if (awaiting === 'reply') {
		return new ConnectError('timeout', `no answer from ${at} through ${socksWords(socks)} within ${seconds(timeoutMs)}: the proxy took the CONNECT and is still waiting for the target (a firewall beyond the proxy may be dropping packets)`, {code: 'ETIMEDOUT', socks: 'target'});
	}
	return new ConnectError('timeout', `${socksWords(socks)} did not answer its handshake within ${seconds(timeoutMs)} (is it a SOCKS5 proxy?)`, {code: 'ETIMEDOUT', socks: 'proxy'});
}

/** A close with no reply: before the CONNECT the proxy's doing; after it, how ssh -D says the target failed. */
function closedError(awaiting: string, socks: SocksSettings, target: SocksTarget): ConnectError {
	const at = endpoint(target.host, target.port);
	if (awaiting === 'reply') {
		// OpenSSH answers only once the jump host has connected, and on any failure closes without a reply code.
		return new ConnectError(
			'unreachable',
			`cannot reach ${at} through ${socksWords(socks)}: the proxy closed the connection without answering the CONNECT, as ssh -D does when the jump host cannot connect to it ` +
				'(nothing listens on that port, the name does not resolve there, or no route; ssh\'s own terminal says "channel N: open failed: connect failed: …")',
			{code: 'ECONNRESET', socks: 'target'},
		);
	}
	return new ConnectError('closed', `${socksWords(socks)} closed the connection during its handshake (before it connected to ${at})`, {code: 'ECONNRESET', socks: 'proxy'});
}

/**
 * Runs the handshake within `timeoutMs` (what is left of the connect's time); resolves with the proxy's outward end
 * of the new connection (BND.ADDR) and whether the login went, and leaves any bytes that came after the reply (the
 * greeting) unread on the socket. On failure the socket is destroyed.
 */
export function socksHandshake(socket: Socket, socks: SocksSettings, target: SocksTarget, {timeoutMs, signal}: {timeoutMs: number; signal?: AbortSignal}): Promise<{bound: SocksTarget; loggedIn: boolean}> {
	let handshake: SocksHandshake;
	try {
		handshake = new SocksHandshake(target, socks.login);
	} catch (error) {
		socket.destroy();
		return Promise.reject(new ConnectError('other', `cannot ask ${socksWords(socks)} for ${endpoint(target.host, target.port)}: ${(error as Error).message}`, {cause: error, socks: 'proxy'}));
	}
	return new Promise((resolve, reject) => {
		const timer = new StepTimer();
		// 'readable' rather than 'data': once its listener goes, the socket is as new (not flowing, not paused), so
		// the connection's own 'data' listener later gets the bytes put back.
		const finish = (outcome: () => void) => {
			timer.stop();
			socket.off('readable', onReadable);
			socket.off('error', onError);
			socket.off('close', onClose);
			signal?.removeEventListener('abort', onAbort);
			outcome();
		};
		const fail = (error: unknown) => finish(() => {
			socket.destroy();
			reject(error);
		});
		const onReadable = () => {
			let chunk: Buffer | null;
			while ((chunk = socket.read() as Buffer | null) !== null) {
				for (const event of handshake.receive(chunk)) {
					if (event.type === 'write') socket.write(event.bytes);
					else if (event.type === 'failed') return fail(failureError(event.failure, socks, target));
					else {
						return finish(() => {
							if (event.rest.length > 0) socket.unshift(Buffer.from(event.rest));
							resolve({bound: event.bound, loggedIn: event.loggedIn});
						});
					}
				}
			}
		};
		const onError = (error: Error & {code?: string}) => fail(new ConnectError('closed', `${socksWords(socks)} failed during its handshake: ${error.code ?? error.message}`, {code: error.code, cause: error, socks: 'proxy'}));
		const onClose = () => fail(closedError(handshake.awaiting, socks, target));
		const onAbort = () => fail(signal!.reason);
		if (signal?.aborted) return fail(signal.reason);
		signal?.addEventListener('abort', onAbort, {once: true});
		socket.on('readable', onReadable);
		socket.once('error', onError);
		socket.once('close', onClose);
		timer.start(timeoutMs, () => fail(handshakeTimeout(handshake.awaiting, socks, target, timeoutMs)));
		socket.write(handshake.start());
	});
}
