// SOCKS5 (RFC 1928) and its username/password login (RFC 1929), sans I/O: the bytes a client sends, and a reader of
// the proxy's replies that gives the same outcome however they are chunked. The target goes as a name when it is
// one (ATYP 3): the proxy resolves it, as curl's socks5h:// does, so a name only the far side knows works and no
// lookup leaks from here.
import {isIPv4, isIPv6} from 'node:net';
import {domainToASCII} from 'node:url';

export type SocksTarget = {host: string; port: number};
export type SocksLogin = {user: string; password: string};

/** How the handshake failed: the proxy's own doing (`proxy`), or the proxy's report that the target is out of reach (`target`). */
export type SocksFailure = {hop: 'proxy' | 'target'; text: string; code?: number};

/** `loggedIn`: whether the login went (a proxy that asks for none, as ssh -D, never gets it). */
export type SocksEvent = {type: 'write'; bytes: Uint8Array} | {type: 'connected'; bound: SocksTarget; rest: Uint8Array; loggedIn: boolean} | {type: 'failed'; failure: SocksFailure};

const VERSION = 5;
/** RFC 1929's own version, which its login's request and reply begin with. */
const LOGIN_VERSION = 1;
/** What a login's reply may begin with: some proxies answer it with SOCKS's own 5, which curl takes too. */
const LOGIN_REPLY_VERSIONS: readonly number[] = [LOGIN_VERSION, VERSION];
const NO_LOGIN = 0x00;
const USER_PASSWORD = 0x02;
const NO_ACCEPTABLE = 0xff;
const CONNECT = 0x01;
const ATYP_IPV4 = 0x01;
const ATYP_NAME = 0x03;
const ATYP_IPV6 = 0x04;

/** RFC 1928 §6's reply codes in plain words; the ones about the far side (3 to 6) are the target's hop. */
const REPLIES: Readonly<Record<number, SocksFailure>> = {
	1: {hop: 'proxy', text: 'the proxy failed (general SOCKS server failure)'},
	2: {hop: 'proxy', text: 'the proxy refuses a CONNECT to that host or port by its rules (connection not allowed by ruleset)'},
	3: {hop: 'target', text: 'the proxy could not reach the host: network unreachable from the proxy'},
	4: {hop: 'target', text: 'the proxy could not reach the host: host unreachable from the proxy (or the name does not resolve there)'},
	5: {hop: 'target', text: 'the proxy could not reach the host: connection refused by the destination (nothing listens on that port)'},
	6: {hop: 'target', text: 'the proxy could not reach the host: TTL expired on the way (a routing loop?)'},
	7: {hop: 'proxy', text: 'the proxy does not support CONNECT (command not supported)'},
	8: {hop: 'proxy', text: 'the proxy does not take this kind of address (address type not supported)'},
};

/** What a reply code means, with the code itself. */
export function replyFailure(code: number): SocksFailure {
	const known = REPLIES[code];
	return known ? {...known, code} : {hop: 'proxy', text: `the proxy answered with an unknown reply code ${code}`, code};
}

/** The greeting: the login methods offered (none, and username/password when there is a login). */
export function greeting(login?: SocksLogin): Uint8Array {
	return Uint8Array.from(login ? [VERSION, 2, NO_LOGIN, USER_PASSWORD] : [VERSION, 1, NO_LOGIN]);
}

/** A text field of RFC 1929 (a user name, a password): 1 to 255 bytes of UTF-8, after its length. */
function field(text: string, what: string): number[] {
	const bytes = [...Buffer.from(text, 'utf8')];
	if (bytes.length < 1 || bytes.length > 255) throw new RangeError(`the SOCKS ${what} must be 1 to 255 bytes long (UTF-8), not ${bytes.length}`);
	return [bytes.length, ...bytes];
}

/** RFC 1929's request: version 1 of the sub-negotiation, the user, the password. */
export function loginRequest(login: SocksLogin): Uint8Array {
	return Uint8Array.from([LOGIN_VERSION, ...field(login.user, 'user name'), ...field(login.password, 'password')]);
}

/** An IPv6 address's 16 bytes ("::" expanded, a dotted IPv4 tail taken). */
function ipv6Bytes(address: string): number[] {
	let text = address;
	const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
	if (tail) {
		const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
		text = `${text.slice(0, -tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [head = '', rest] = text.split('::');
	const groups = (part: string) => (part === '' ? [] : part.split(':').map(group => Number.parseInt(group, 16)));
	const front = groups(head);
	const back = rest === undefined ? [] : groups(rest);
	const all = [...front, ...Array.from({length: 8 - front.length - back.length}, () => 0), ...back];
	return all.flatMap(group => [group >> 8, group & 0xff]);
}

/** The address part of a request: an IPv4 or IPv6 literal as bytes, anything else as a name for the proxy to resolve. */
function addressBytes(host: string): number[] {
	if (isIPv4(host)) return [ATYP_IPV4, ...host.split('.').map(Number)];
	if (isIPv6(host)) return [ATYP_IPV6, ...ipv6Bytes(host)];
	// An internationalised name goes as DNS carries it (A-labels, bücher.example as xn--bcher-kva.example); a line
	// break or NUL never reaches the proxy.
	// Checked before converting too: the WHATWG conversion drops a tab or line break without a word.
	const name = /[\x00-\x20\x7f]/.test(host) ? host : domainToASCII(host) || host;
	if (!/^[\x21-\x7e]{1,255}$/.test(name)) throw new RangeError(`the host name ${JSON.stringify(host)} cannot go to a SOCKS proxy: 1 to 255 printable ASCII characters`);
	return [ATYP_NAME, name.length, ...Buffer.from(name, 'ascii')];
}

/** CONNECT to the target. */
export function connectRequest(target: SocksTarget): Uint8Array {
	return Uint8Array.from([VERSION, CONNECT, 0, ...addressBytes(target.host), target.port >> 8, target.port & 0xff]);
}

/** A bound address from a reply: the address type, its bytes. */
function boundHost(type: number, bytes: Uint8Array): string {
	if (type === ATYP_IPV4) return [...bytes].join('.');
	if (type === ATYP_NAME) return Buffer.from(bytes).toString('latin1');
	const groups = Array.from({length: 8}, (_, index) => ((bytes[index * 2]! << 8) | bytes[index * 2 + 1]!).toString(16));
	return groups.join(':').replace(/(?:^|:)0(?::0)+(?::|$)/, '::');
}

type Step = 'method' | 'login' | 'reply' | 'done';

/**
 * One client handshake: `start()` gives the greeting, `receive()` takes the proxy's bytes and returns what to do
 * (write the next request, or the end: connected, with any bytes that came after the reply, or failed).
 */
export class SocksHandshake {
	readonly #target: SocksTarget;
	readonly #login: SocksLogin | undefined;
	#step: Step = 'method';
	#buffer = new Uint8Array(0);
	#loggedIn = false;

	constructor(target: SocksTarget, login?: SocksLogin) {
		this.#target = target;
		this.#login = login;
		// Refused now, before a byte goes: a name or login that cannot be encoded.
		connectRequest(target);
		if (login) loginRequest(login);
	}

	/** What the handshake waits for: the proxy's choice of method, its answer to the login, or to the CONNECT. */
	get awaiting(): Step {
		return this.#step;
	}

	start(): Uint8Array {
		return greeting(this.#login);
	}

	receive(bytes: Uint8Array): SocksEvent[] {
		if (this.#step === 'done') return [];
		this.#buffer = Buffer.concat([this.#buffer, bytes]);
		const events: SocksEvent[] = [];
		for (;;) {
			const event = this.#next();
			if (event === undefined) return events;
			events.push(event);
			if (event.type !== 'write') return events;
		}
	}

	/** The next event the buffer holds enough for, or undefined to wait for more. */
	#next(): SocksEvent | undefined {
		const buffer = this.#buffer;
		if (buffer.length === 0) return undefined;
		// Every reply of SOCKS5 begins with its version; a proxy of another kind (SOCKS4, HTTP) or none at all fails here.
		if (this.#step === 'login' && !LOGIN_REPLY_VERSIONS.includes(buffer[0]!)) return this.#fail({hop: 'proxy', text: `the proxy's answer to the login began with byte ${byteHex(buffer[0]!)}, not RFC 1929's version 1 (nor SOCKS's 5): it is no SOCKS5 login reply`});
		if (this.#step !== 'login' && buffer[0] !== VERSION) return this.#fail({hop: 'proxy', text: notSocks(buffer)});
		if (buffer.length < 2) return undefined;
		if (this.#step === 'method') return this.#method(buffer[1]!);
		if (this.#step === 'login') return this.#loginReply(buffer[1]!);
		return this.#reply(buffer);
	}

	#method(method: number): SocksEvent {
		this.#consume(2);
		if (method === NO_LOGIN) return this.#request();
		if (method === USER_PASSWORD && this.#login) {
			this.#step = 'login';
			return {type: 'write', bytes: loginRequest(this.#login)};
		}
		if (method === USER_PASSWORD || (method === NO_ACCEPTABLE && !this.#login)) {
			return this.#fail({hop: 'proxy', text: 'the proxy requires a login (user name and password): give --socks-user NAME, and the password in SMTP_TUI_SOCKS_PASSWORD'});
		}
		if (method === NO_ACCEPTABLE) return this.#fail({hop: 'proxy', text: 'the proxy accepts neither no login nor a user name and password (no acceptable methods)'});
		return this.#fail({hop: 'proxy', text: `the proxy chose login method ${method}, which was not offered`});
	}

	#loginReply(status: number): SocksEvent {
		this.#consume(2);
		if (status !== 0) return this.#fail({hop: 'proxy', text: 'the proxy refused the login: check --socks-user and SMTP_TUI_SOCKS_PASSWORD'});
		this.#loggedIn = true;
		return this.#request();
	}

	#request(): SocksEvent {
		this.#step = 'reply';
		return {type: 'write', bytes: connectRequest(this.#target)};
	}

	#reply(buffer: Uint8Array): SocksEvent | undefined {
		const code = buffer[1]!;
		if (code !== 0) return this.#fail(replyFailure(code));
		if (buffer.length < 5) return undefined;
		const type = buffer[3]!;
		const size = type === ATYP_IPV4 ? 4 : type === ATYP_IPV6 ? 16 : type === ATYP_NAME ? 1 + buffer[4]! : undefined;
		if (size === undefined) return this.#fail({hop: 'proxy', text: `the proxy's reply has an unknown address type ${type}`});
		const end = 4 + size + 2;
		if (buffer.length < end) return undefined;
		const address = type === ATYP_NAME ? buffer.subarray(5, 4 + size) : buffer.subarray(4, 4 + size);
		const bound = {host: boundHost(type, address), port: (buffer[end - 2]! << 8) | buffer[end - 1]!};
		const rest = buffer.subarray(end);
		this.#step = 'done';
		this.#buffer = new Uint8Array(0);
		return {type: 'connected', bound, rest, loggedIn: this.#loggedIn};
	}

	#consume(count: number): void {
		this.#buffer = this.#buffer.subarray(count);
	}

	#fail(failure: SocksFailure): SocksEvent {
		this.#step = 'done';
		return {type: 'failed', failure};
	}
}

/** What came back instead of SOCKS5: said by what it looks like, the first byte in hex. */
function notSocks(bytes: Uint8Array): string {
	const start = Buffer.from(bytes.subarray(0, 4)).toString('latin1');
	const looks = bytes[0] === 0 || bytes[0] === 4 ? ' (a SOCKS4 proxy?)' : /^\d\d\d/.test(start) ? ' (a mail server? --socks names the proxy, --host the mail server)' : /^HTTP/.test(start) ? ' (an HTTP proxy? --socks takes SOCKS5 only)' : '';
	return `what answered is not a SOCKS5 proxy: it began with byte ${byteHex(bytes[0]!)}${looks}`;
}

const byteHex = (byte: number): string => `0x${byte.toString(16).padStart(2, '0')}`;
