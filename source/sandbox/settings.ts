// The sandbox's settings: one plain object. The server reads it on every connection and command, so the
// dashboard can change a field at runtime (sandbox.settings.requireTls = true) and the next command obeys.
import path from 'node:path';
import {stateDir} from '../message/drafts.js';
import type {DnsServer} from '../transport/dns-resolver.js';

export const chaosStages = ['connect', 'ehlo', 'auth', 'mail', 'rcpt', 'data'] as const;
export type ChaosStage = (typeof chaosStages)[number];
/** One random fault: at `stage`, `percent` % of the time, reply `code` (400-599) or drop the connection. */
export type ChaosRule = {stage: ChaosStage; code: number | 'drop'; percent: number};

export type SandboxSettings = {
	/** Read once at start: the plain listener (STARTTLS offered); 0 picks a free port. */
	port: number;
	/** Read once at start: the address to listen on. Anything but loopback is an explicit choice. */
	listen: string;
	/** Read once at start: an implicit-TLS listener, off when undefined. */
	tlsPort: number | undefined;
	/** Read once at start: write every accepted message as `<n>.eml` + `<n>.json` here. */
	saveDir: string | undefined;
	/**
	 * Read once at start: where the generated certificate and key are kept; undefined: the data folder's sandbox/
	 * (defaultCertificateDir), worked out only then, so that without a home folder only the keeping fails.
	 */
	certificateDir: string | undefined;
	/**
	 * Read once at start: with saveDir, the most messages left there (--save-max); as each is saved, the oldest
	 * beyond it are deleted, so a sandbox serving for days does not fill the disk. Undefined: no limit.
	 */
	saveMax: number | undefined;
	/** Messages kept in memory (oldest dropped first; files in saveDir stay). */
	keep: number;
	/**
	 * Bytes of message bodies kept in memory, newest first. An older body is dropped (its message stays
	 * listed); with saveDir it is read from disk when opened. Bounds the memory of a long run of big messages.
	 */
	keepBytes: number;
	/** The name in the banner and EHLO reply (read for each new connection). */
	hostname: string;
	user: string;
	password: string;
	/**
	 * STARTTLS offered in the EHLO reply (read for each EHLO). Off, clients that use it whenever it is offered
	 * talk in clear instead of failing on the self-signed certificate; the command itself gets 502.
	 */
	starttls: boolean;
	/** MAIL before STARTTLS gets 530 5.7.0. */
	requireTls: boolean;
	/** MAIL before AUTH gets 530 5.7.0. */
	requireAuth: boolean;
	/** AUTH takes any user name and password (an app under test keeps its own credentials). */
	anyLogin: boolean;
	/** Bytes: advertised in SIZE, larger messages get 552 5.3.4. */
	maxSize: number;
	/** More RCPTs in one transaction get 452. */
	maxRecipients: number;
	bannerDelayMs: number;
	/**
	 * An idle session is closed with 421 after this long. RFC 5321 §4.5.3.2.7: at least 5 minutes, so a presenter
	 * explaining a step does not lose the session.
	 */
	idleTimeoutMs: number;
	/** Greylist every new sender/recipient pair, not only grey@ recipients. */
	greylist: boolean;
	greylistDelayMs: number;
	/** How long the slow@ recipe holds the RCPT reply. */
	slowDelayMs: number;
	/** Greet every client with 554 (no service). */
	rejectAll: boolean;
	/**
	 * Read once at start: every connection begins with a PROXY protocol header (serve --proxy), whose client address
	 * the session takes as its own; smtp-server reads version 1 only.
	 */
	proxy: boolean;
	chaos: ChaosRule[];
	/** Postfix's XCLIENT offered to clients on loopback (smtp-server's useXClient): a learner tries a policy test here. */
	xclient: boolean;
	/**
	 * Read once at start: speak LMTP (RFC 2033): LHLO, no HELO or EHLO, and after the final dot one reply per
	 * recipient (full@ and big@ are refused there, each for itself, as an LMTP server delivering to mailboxes does).
	 */
	lmtp: boolean;
	/** Read once at start: the DNS server asked for DKIM keys (--dns); undefined: the system's. */
	dns: DnsServer | undefined;
	/** Read once at start: listen on this Unix socket (an absolute path) instead of TCP; no STARTTLS there. */
	socket: string | undefined;
};

/** The defaults, also shown by `serve --help` and the README. */
export const sandboxDefaults = {
	port: 2525,
	listen: '127.0.0.1',
	keep: 1000,
	keepBytes: 64 * 1024 * 1024,
	hostname: 'smtp-tui.localhost',
	user: 'demo',
	password: 'demo',
	maxSize: 10 * 1024 * 1024,
	maxRecipients: 100,
	greylistDelayMs: 5000,
	slowDelayMs: 5000,
} as const;

/** The sandbox folder in smtp-tui's data folder (e.g. ~/.local/share/smtp-tui/sandbox; SMTP_TUI_STATE_DIR moves it). */
export function defaultCertificateDir(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(stateDir(env), 'sandbox');
}

/** Full settings from the defaults and the given fields (undefined fields keep their default). */
export function resolveSandboxSettings(overrides: Partial<SandboxSettings> = {}): SandboxSettings {
	const settings: SandboxSettings = {
		...sandboxDefaults,
		tlsPort: undefined,
		saveDir: undefined,
		saveMax: undefined,
		certificateDir: undefined,
		starttls: true,
		requireTls: false,
		requireAuth: false,
		anyLogin: false,
		bannerDelayMs: 0,
		idleTimeoutMs: 300_000,
		greylist: false,
		rejectAll: false,
		proxy: false,
		chaos: [],
		xclient: false,
		lmtp: false,
		socket: undefined,
		dns: undefined,
	};
	for (const [key, value] of Object.entries(overrides)) {
		if (value !== undefined) Object.assign(settings, {[key]: value});
	}
	return settings;
}
