// What the driver says of its own accord, beside the conversation: where it connects and how, and before a
// command what the user should know about it.
import {decodeChallenge, isScram} from '../smtp/sasl.js';
import type {SessionState} from '../smtp/session-types.js';
import type {Command, MessageTraits, TlsPolicy} from '../smtp/types.js';
import {hostPort, isSocketPath} from '../transport/host-port.js';
import {eightBitWarnings} from './eight-bit-warnings.js';
import type {NewLogEntry} from './log.js';
import {describeClientCertificate, expired, type ClientCertificate} from '../transport/client-certificate.js';
import {allowsOldTls, rangeFlags, rangeWords, type TlsVersionRange} from '../transport/tls-versions.js';
import type {SessionConnection} from './types.js';
import {routeWords, type Route} from '../transport/address-family.js';
import {socksRoute, type SocksSettings} from '../transport/socks-connect.js';
import {dsnNotOfferedWarning, type DsnRequest} from '../smtp/dsn.js';

type Target = {host: string; port: number; tls: TlsPolicy; sandbox?: boolean; replay?: boolean; insecure?: boolean; lmtp?: boolean; clientCertificate?: ClientCertificate; tlsVersions?: TlsVersionRange; socks?: Pick<SocksSettings, 'host' | 'port'>} & Route;

/** The TLS versions asked for (--tls-min, --tls-max), if any: TLS 1.0 or 1.1 loudly, as --insecure is. */
function versionNotes(range: TlsVersionRange | undefined, tls: TlsPolicy): NewLogEntry[] {
	if (range === undefined || tls === 'none') return [];
	if (allowsOldTls(range)) {
		return [{kind: 'error', text: `INSECURE: ${rangeWords(range)} allowed (${rangeFlags(range)}): TLS 1.0 and 1.1 have known attacks, and OpenSSL's security level is lowered to 0 for them, which also takes weak keys and SHA-1 signatures; use it only to test an old server`}];
	}
	return [{kind: 'info', text: `TLS versions allowed: ${rangeWords(range)} (${rangeFlags(range)})`}];
}

/** The client certificate offered, if any: an expired one loudly, as servers refuse it. */
function clientCertificateNotes(certificate: ClientCertificate | undefined, tls: TlsPolicy): NewLogEntry[] {
	if (certificate === undefined) return [];
	const words = describeClientCertificate(certificate);
	if (tls === 'none') return [{kind: 'info', text: `client certificate ${words} is not offered: no TLS (--no-starttls)`}];
	if (expired(certificate)) return [{kind: 'error', text: `the client certificate has EXPIRED: ${words}; a server that checks it will refuse it: renew it`}];
	return [{kind: 'info', text: `client certificate offered if the server asks for one: ${words}`}];
}

/** The connection made, both ends: which of the server's addresses, and which of ours went out (SPF and PTR judge that one). */
export function connectedNote(connection: Pick<SessionConnection, 'remoteAddress' | 'localAddress' | 'localPort' | 'socksProxy'>, host: string, port: number): string {
	const {localAddress, localPort, socksProxy} = connection;
	const from = localAddress === undefined || localPort === undefined ? '' : ` from ${hostPort(localAddress, localPort)}`;
	// Through a proxy the address the server sees is the proxy's outward one, when the proxy says it.
	if (socksProxy !== undefined) return `connected to ${hostPort(connection.remoteAddress ?? host, port)} through the SOCKS proxy ${socksProxy}${from && ` (the proxy's side:${from.slice(' from'.length)})`}`;
	return `connected to ${hostPort(connection.remoteAddress ?? host, port)}${from}`;
}

/** A --socks-user that the proxy never asked for: said, as the user may think the proxy checked it. */
export const socksLoginUnusedNote = (user: string): string => `note: the SOCKS proxy asked for no login, so --socks-user ${user} was not used (ssh -D never asks for one)`;

/** Where a connection goes, and how it is protected. `typed`: manual mode, where nothing but the user starts TLS. */
export function connectingNotes(target: Target, typed: boolean): NewLogEntry[] {
	const {host, port} = target;
	// Typed, --no-starttls changes nothing: TLS starts at a STARTTLS the user types, with the TLS flags, as without it.
	const tls = typed && target.tls === 'none' ? 'auto' : target.tls;
	const protocol = target.lmtp ? 'LMTP, ' : '';
	const mode = isSocketPath(host)
		? `${protocol}Unix socket, no TLS`
		: protocol + (tls === 'tls'
			? 'implicit TLS'
			: tls === 'none'
				? 'no TLS'
				: typed
					? 'no TLS unless you type STARTTLS: manual mode sends only what you type'
					: tls === 'starttls'
						? 'STARTTLS required'
						: 'STARTTLS if offered');
	const where = target.sandbox ? ' [sandbox]' : target.replay ? ' [replay: a recording, no network]' : '';
	return [
		{kind: 'info', text: `connecting to ${hostPort(host, port)}${routeWords(target)}${target.socks ? socksRoute(target.socks, host) : ''} (${mode})${where}`},
		...(target.insecure ? [{kind: 'error', text: 'certificate verification is OFF (--insecure): anyone in the path can read and change this session'} as const] : []),
		...(target.replay ? [] : [...versionNotes(target.tlsVersions, tls), ...clientCertificateNotes(target.clientCertificate, tls)]),
	];
}

/**
 * Pipelining was asked for and the server does not offer it: as swaks does, the commands go one at a time (a server
 * that did not say PIPELINING may drop what comes before its reply), but not silently.
 */
const NO_PIPELINING = 'warning: pipelining was asked for, but the server does not advertise PIPELINING (RFC 2920): MAIL, RCPT and DATA go one at a time, each after the reply to the one before';

const optional = (text: string | undefined): string[] => (text === undefined ? [] : [text]);

/** BDAT was asked for and the server does not offer CHUNKING (RFC 3030): the message goes by DATA, as ever, but not silently. */
const NO_CHUNKING = 'warning: BDAT was asked for (--bdat), but the server does not advertise CHUNKING (RFC 3030): the message goes by DATA';

/** Before a planned command: a protection turned off, the account a login is for, what the server may not take of the message. */
export function commandNotes(command: Command, context: {state: SessionState; message: MessageTraits; allowPlaintextAuth?: boolean; user?: string; pipeline?: boolean; dsn?: DsnRequest; bdat?: boolean}): NewLogEntry[] {
	const {state} = context;
	if (command.verb === 'MAIL') {
		const fallbacks = [...(context.pipeline && !state.extensions?.pipelining ? [NO_PIPELINING] : []), ...(context.bdat && !state.extensions?.chunking ? [NO_CHUNKING] : [])];
		return [...eightBitWarnings(context.message, command, state.extensions), ...fallbacks, ...optional(dsnNotOfferedWarning(context.dsn, state))].map(text => ({kind: 'info', text}));
	}
	if (command.verb !== 'AUTH') return [];
	return [
		// A protection turned off by a flag is said where it matters, as --insecure is.
		...(!state.secure && context.allowPlaintextAuth === true ? [{kind: 'error', text: 'the login goes over an unencrypted connection (--allow-plaintext-auth): anyone in the path can read it'} as const] : []),
		// The AUTH line shows no credential at all: the account it logs in to is said here (a user name is no secret,
		// and a colleague reading the transcript needs to know which account failed).
		...(context.user !== undefined ? [{kind: 'info', text: `logging in as ${context.user === '' ? "the client certificate's identity" : context.user} (${command.mechanism}${scramFirst(command)})`, step: 'auth'} as const] : []),
	];
}

/** SCRAM's client-first message holds the user name and a nonce, no secret: shown decoded, as the server's answers are. */
function scramFirst(command: Extract<Command, {verb: 'AUTH'}>): string {
	return isScram(command.mechanism.toUpperCase()) && command.initialResponse !== undefined ? `; its first message, no secret in it: "${decodeChallenge(command.initialResponse)}"` : '';
}
