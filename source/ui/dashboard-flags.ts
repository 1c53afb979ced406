// Flags and help of the bare `smtp-tui` (the dashboard). Kept light: cli.tsx imports this eagerly.
import {connectionFlags} from '../headless/send-flags.js';
import type {FlagSpecs} from '../headless/command.js';
import {dsnFlags} from '../headless/dsn-flags.js';
import {xclientFlags, xclientHelp} from '../headless/xclient-flags.js';
import {proxyFlags} from '../headless/proxy-flags.js';
import {dkimFlags, dkimHelp} from '../headless/dkim-flags.js';
import {lessonList} from '../lesson/lessons.js';

/** How the screen is drawn, for projectors: the dashboard's, replay's and inbox's. */
export const displayFlags = {
	presenter: {type: 'boolean'},
	background: {type: 'string'},
} satisfies FlagSpecs;

export const dashboardFlags = {
	...connectionFlags,
	password: {...connectionFlags.password, missingHint: 'leave it out and type it in the panel (masked), or use SMTP_PASSWORD or --password-file FILE'},
	mode: {type: 'string'},
	lesson: {type: 'string', missingHint: `give a lesson's number or name: ${lessonList()}`},
	...displayFlags,
	fresh: {type: 'boolean'},
	transcriptFormat: {type: 'string'},
	transcript: {type: 'string'},
	record: {type: 'string'},
	pipeline: {type: 'boolean'},
	...dsnFlags,
	...xclientFlags,
	...proxyFlags,
	bdat: {type: 'boolean'},
	chunkSize: {type: 'string'},
	...dkimFlags,
} satisfies FlagSpecs;

/** Connection flags the dashboard knows but refuses (run-dashboard.tsx says why): smtp-tui send's alone. */
export const DASHBOARD_REFUSES: readonly string[] = ['mx'];

export const replayFlags = {
	mode: {type: 'string'},
	instant: {type: 'boolean'},
	print: {type: 'boolean'},
	...displayFlags,
	transcriptFormat: {type: 'string'},
} satisfies FlagSpecs;

// The same words for the dashboard, replay and inbox, as the README has them.
const displayHelp = `    --presenter            for projectors: a caption line naming the current step in plain words,
                           explanations in full, no timestamps, no faint text
    --background B         light or dark (any case): the terminal's background (default: what COLORFGBG says,
                           where the terminal sets it, else dark); light draws no yellow or cyan text`;

export const replaySummary = 'play a recording (--record FILE) in the dashboard, or print it, with no network';

export const replayHelp = `
  Usage
    $ smtp-tui replay FILE [flags]
    $ smtp-tui replay NAME [flags]     NAME: a bundled recording (plain-delivery, starttls-auth,
                                       greylist-retry or rejected-recipient)

  Plays a session recorded with --record (by "smtp-tui send" or the dashboard) in the dashboard: the same
  commands, replies, explanations and step rail, with no network. For workshops where the network fails
  or port 25 is blocked.

  Flags
    --mode MODE            step (default): Enter sends the next recorded command and shows the reply;
                           auto: Ctrl+S plays the whole session;
                           manual: Ctrl+S plays the whole session too, and lines typed on the command line
                           are not sent (a recording can answer only the lines it holds, in their order)
    --instant              play replies at once instead of with their recorded timing
    --print                no dashboard: print the whole recording as a transcript, as "smtp-tui send"
                           prints one (each reply explained; secrets redacted), and exit 0; the default
                           when stdin or stdout is not a terminal (--no-print refuses to run there)
${displayHelp}
    --transcript-format F  what Ctrl+O saves: text (default), md or json; with --print, what is printed
`;

export const dashboardUsage = `
  Dashboard
    $ smtp-tui                         full-screen dashboard against the built-in sandbox (no network needed)
    $ smtp-tui --host H [flags]        the dashboard against a real server

  Dashboard flags (connection flags as for "smtp-tui send")
    --host, -s HOST        server to talk to (also --server; default: a sandbox started on a free loopback port)
    --port, -p N           port (default 25, or 465 with --tls); needs --host (or --profile)
    --tls                  implicit TLS from the first byte (port 465); needs --host (the sandbox speaks STARTTLS)
    --starttls             require STARTTLS: stop before AUTH/MAIL if it is impossible
    --no-starttls          never use STARTTLS (default: use it when the server offers it); the TLS flags
                           below still fill the panel, for a STARTTLS typed in manual mode or Security changed
    --insecure             do not verify the server certificate (shown loudly)
    --ca FILE              trust this CA certificate (PEM) in addition to the system ones
    --cert FILE            offer this client certificate (PEM) to servers that ask for one
    --key FILE             its private key (PEM; not needed when it is in the --cert file; an encrypted
                           key takes its passphrase from SMTP_KEY_PASSPHRASE)
    --no-cert              offer no client certificate, not even a profile's
    --tls-min VERSION      oldest TLS version to use: 1.0, 1.1, 1.2 (default) or 1.3 (1.0 and 1.1: insecure)
    --tls-max VERSION      newest TLS version to use (default 1.3)
    --helo NAME            EHLO name (also --ehlo; default: the host name if it has a dot, else this
                           end's address literal, [192.0.2.5]; the panel's field shows it)
    --timeout SECONDS      per-step timeout (default 30; also 30s, 5m)
    -4, --ipv4             connect over IPv4 only (the connection panel shows it)
    -6, --ipv6             connect over IPv6 only; needs --host (the sandbox listens on 127.0.0.1)
    --local-address ADDR   connect from this address of this machine; the connection panel shows the
                           address and port that went out
    --dns SERVER[:PORT]    ask this DNS server (an IP address) for Ctrl+L's MX and every host's addresses,
                           and the sandbox for DKIM keys (and each message's SPF and DMARC), instead of
                           the system's resolver (/etc/hosts is then not read)
    --socks HOST[:PORT]    connect through this SOCKS5 proxy (default port 1080; ssh -D 1080 JUMPHOST);
                           needs --host; the connection panel shows "via SOCKS HOST:PORT". --socks-user
                           NAME logs in to it, the password from SMTP_TUI_SOCKS_PASSWORD
    --proxy                send a PROXY protocol header first (a server behind a load balancer); needs
                           --host; the connection panel shows it. Its parts as for smtp-tui send:
                           --proxy-version 1|2, --proxy-source ADDR, --proxy-source-port N,
                           --proxy-dest ADDR, --proxy-dest-port N, --proxy-family TCP4|TCP6|UNKNOWN
    --user, -u NAME        authenticate as NAME (without --host: instead of the sandbox's demo account)
    --password PASS        password (better: SMTP_PASSWORD, or type it in the panel, where it is masked)
    --password-file FILE   the password from FILE's first line, out of the process list and the environment
    --auth MECH            SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER
                           (the password is the token) or EXTERNAL (with --cert) (default: the best offered)
    --no-auth              never log in: no AUTH, also against the sandbox (instead of its demo account)
    --allow-plaintext-auth allow a login without TLS (any mechanism) to a host that is not loopback
    --pipeline             PIPELINING (RFC 2920): MAIL, every RCPT and DATA in one write where the server
                           offers it, for every message of the session
    --dsn-notify LIST      DSN (RFC 3461): NOTIFY= on every RCPT (NEVER, or any of SUCCESS, FAILURE, DELAY)
                           with ORCPT=, for every message of the session, where the server offers DSN
    --dsn-ret FULL|HDRS    RET= on MAIL: a failure report returns the whole message, or its headers
    --dsn-envid ID         ENVID= on MAIL: your identifier, quoted back in every report (see smtp-tui send --help)
    --require-tls          REQUIRETLS (RFC 8689) on MAIL: TLS required, and a message goes only to a
                           server that offers REQUIRETLS inside it
${xclientHelp}
                           (without --host, the sandbox offers XCLIENT to try them)
    --bdat                 CHUNKING (RFC 3030): each message as BDAT chunks where the server offers it
                           (the sandbox does not: DATA, with a warning); --chunk-size N (default 1m)
${dkimHelp}
                           (every message Ctrl+S sends is signed; DATA typed in manual mode is not)
    --profile NAME         use a saved profile (see smtp-tui profile --help); flags given here win
    --lmtp                 speak LMTP (RFC 2033): LHLO, and one reply per recipient after the message;
                           without --host the sandbox speaks it too (default port with --host: 24)
    --socket PATH          connect to this Unix socket instead of a host (no port, no TLS), e.g. with
                           --lmtp to Dovecot's /var/run/dovecot/lmtp
    --mode MODE            start in auto (default), step or manual mode (any case: STEP)
    --lesson N|NAME        guided exercises in manual mode against the sandbox: a panel gives one task at a
                           time and ticks it off from what the server answered (Ctrl+L: hint); lessons:
                           ${lessonList()}
${displayHelp}
    --fresh                start from the sample message, not the last run's draft (which is discarded)
    --transcript-format F  what Ctrl+O saves: text (default), md or json
    --transcript FILE      when the dashboard closes, write the session's transcript to FILE (as Ctrl+O
                           saves it; its format: --transcript-format, else FILE's extension .md or .json)
    --record FILE          record every byte with its timing (secrets redacted) for "smtp-tui replay FILE"
`;
