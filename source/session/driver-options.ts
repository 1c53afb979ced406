// What a driver is given: where it connects and how, what it sends with the message, and the hooks it reports to.
import type {LookupFunction} from 'node:net';
import type {XclientAttribute} from '../smtp/xclient.js';
import type {DsnRequest} from '../smtp/dsn.js';
import type {TlsPolicy} from '../smtp/types.js';
import type {ConnectOptions} from '../transport/connection.js';
import type {ClientCertificate} from '../transport/client-certificate.js';
import type {TlsVersionRange} from '../transport/tls-versions.js';
import type {DaneTrust} from '../transport/dane-trust.js';
import type {Family} from '../transport/address-family.js';
import type {ProxySettings} from '../transport/proxy-header.js';
import type {SocksSettings} from '../transport/socks-connect.js';
import type {Timeouts} from './timeouts.js';
import type {TrustMessage} from './tls-failure.js';
import type {SessionConnection, WireRecord} from './types.js';

export type DriverOptions = {
	host: string;
	port: number;
	tls: TlsPolicy;
	ca?: string | Buffer | Array<string | Buffer>;
	insecure?: boolean;
	/** Offered when a server asks for one (--cert, --key); said before connecting. */
	clientCertificate?: ClientCertificate;
	/** Why none is offered though one was at hand (--no-cert over a profile's): blamed when a server demands one. */
	withheldCertificate?: string;
	/**
	 * A refused certificate in the caller's own words (the dashboard's, whose panel has a CA file and Verify where send
	 * has --ca and --insecure); send's words otherwise.
	 */
	trustWords?: (refusal: TrustMessage) => string;
	/** The TLS versions allowed (--tls-min, --tls-max): old ones said loudly before connecting. */
	tlsVersions?: TlsVersionRange;
	/** The server authenticated by these TLSA records instead of the CAs (send --dane). */
	dane?: DaneTrust;
	servername?: string;
	/** Only this family's addresses (-4, -6). */
	family?: Family;
	/** The address to connect from (--local-address). */
	localAddress?: string;
	/** How the host's addresses are found (--dns: from that server); the system's lookup without it. */
	lookup?: LookupFunction;
	/** A PROXY protocol header to send first (--proxy). */
	proxy?: ProxySettings;
	/** Through this SOCKS5 proxy (--socks), which resolves the host and connects to it. */
	socks?: SocksSettings;
	/** --helo, or the panel's EHLO name; without it, defaultEhloName's pick once connected (see ehloName()). */
	ehloName?: string;
	/** Speak LMTP (RFC 2033): LHLO, and one reply per accepted recipient after the final dot. */
	lmtp?: boolean;
	/**
	 * The typed lines come from a script (talk from a pipe), which the session's end also ends: no reply's advice says
	 * to type EHLO to connect again.
	 */
	scripted?: boolean;
	/** RFC 2920: MAIL, the RCPTs and DATA in one write when the server advertises PIPELINING (send --pipeline). */
	pipeline?: boolean;
	/** RFC 3461 (send --dsn-*): NOTIFY, RET, ENVID and ORCPT where the server offers DSN; a warning where it does not. */
	dsn?: DsnRequest;
	/** RFC 8689 (send --require-tls): MAIL with REQUIRETLS, only inside TLS to a server offering it; else not sent. */
	requireTls?: boolean;
	/** Postfix's XCLIENT attributes, one list per command (send's and the dashboard's --xclient flags). */
	xclient?: XclientAttribute[][];
	/** RFC 3030: the message as BDAT chunks of this many octets where the server advertises CHUNKING (send --bdat). */
	bdat?: {chunkSize: number};
	auth?: {user: string; password: string; mechanism?: string};
	/** PLAIN/LOGIN over an unencrypted connection: allowed for loopback hosts or on explicit request. */
	allowPlaintextAuth?: boolean;
	timeouts?: Partial<Timeouts>;
	sandbox?: boolean;
	/** The server side is a recording played back (smtp-tui replay): no network. */
	replay?: boolean;
	logCap?: number;
	onWire?: (record: WireRecord) => void;
	/** Opens the connection (default: TCP/TLS through transport/); replay passes its own. */
	open?: (options: ConnectOptions) => Promise<SessionConnection>;
};
