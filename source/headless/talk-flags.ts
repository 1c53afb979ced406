// Flags and help of `smtp-tui talk`. Kept light: cli.tsx imports this eagerly.
import type {FlagSpecs} from './command.js';
import {connectionFlags} from './send-flags.js';
import {proxyFlags, proxyHelp} from './proxy-flags.js';
import {socksHelp} from './socks-flags.js';

// --mx is send's: it takes the domain from --to, and here no message is given.
const {mx: _mx, ...connection} = connectionFlags;

/** The login flags talk knows but refuses (talk.ts): the user types AUTH. Never offered as talk's elsewhere. */
export const TALK_REFUSES = ['user', 'password', 'passwordFile', 'auth'] as const;

/** What to do instead of a login flag, in talk. */
export const TALK_LOGIN_HINT = 'type "AUTH LOGIN" (or "AUTH PLAIN") once connected and answer each 334 at the hidden prompt; smtp-tui send and the dashboard take --user';

/** The connection flags the dashboard and send take, as they take them: talk only changes who types the commands. */
export const talkFlags = {
	...connection,
	// Given without a value, the hint is what to do instead, as when given with one: no example of a refused flag.
	...Object.fromEntries(TALK_REFUSES.map(name => [name, {...connection[name], missingHint: `talk logs in only as you type it: ${TALK_LOGIN_HINT}`}])),
	...proxyFlags,
} satisfies FlagSpecs;

export const talkSummary = 'type SMTP line by line, each reply explained (telnet with explanations)';

export const talkHelp = `
  Usage
    $ smtp-tui talk                    against the built-in sandbox, started in this process
    $ smtp-tui talk --host H [flags]   against a real server
    $ printf 'EHLO me\\nQUIT\\n' | smtp-tui talk --host H    a scripted conversation

  Connects, prints the greeting, then sends each line you type as typed and prints the server's reply
  with its meaning in plain words, one line after another (no full screen, no colour, no redraws): for
  a screen reader, your terminal's scrollback and copy/paste, and "script" logs. The markers are those
  of smtp-tui send: " -> " sent, "<-  " received, "<** " refused (4xx, 5xx; "<~* " inside TLS),
  " ~> " and "<~  " inside TLS, "===" notes and warnings, "***" errors; "now:" lines say what the
  server waits for.

  Typing
    After DATA's 354 the lines are the message, until a lone "." (dot-stuffing is done for you).
    BDAT is refused (its chunk cannot be typed): type DATA, or use smtp-tui send --bdat.
    STARTTLS: the TLS handshake follows its 220, the certificate verified (--ca, --insecure).
    AUTH: what is printed back is redacted; an answer to a 334 is typed at a hidden prompt (type
    "AUTH LOGIN" or "AUTH PLAIN" alone); an initial response typed on the AUTH line is echoed as "*".
    Lines pasted behind AUTH (up to the next command) are typed hidden too: they answer its 334s.
    Up/Down recall earlier commands (never message lines or secrets).
    "quit", or Ctrl+D on an empty line: QUIT, then exit. Ctrl+C: the same; again while it closes:
    exit at once (with a half-typed line or an unfinished message, the first Ctrl+C only asks).
    While a 334 waits for its answer, leaving gives the login up with "*" first, then says QUIT.
    A line holding a CR, LF or NUL (from a paste) is refused, named; from a pipe it ends the session.

  A connection the server ends (a 421, a drop): at a terminal, type EHLO to connect again (Ctrl+D
  leaves); from a pipe the session ends with it.

  With stdout piped (| tee FILE) the prompt may come before the lines above it on screen; for a
  faithful log use script -q -c 'smtp-tui talk' FILE.

  Not a terminal (stdin piped): one line at a time, each sent once the reply to the one before came;
  the end of the input says QUIT.

  Connection (as for the dashboard and "smtp-tui send")
    --host, -s HOST        server to talk to (also --server; default: a sandbox started in this
                           process on a free loopback port, its address printed first)
    --port, -p N           port (default 25, or 465 with --tls, 24 with --lmtp); needs --host
    --tls                  implicit TLS from the first byte (port 465); needs --host
    --starttls             taken, but changes nothing here (nor a profile's security): TLS starts only
                           when you type STARTTLS, as in the dashboard's manual mode
    --no-starttls          changes nothing either: --insecure, --ca, --cert, --tls-min and --tls-max
                           are taken with it, and apply to the STARTTLS you type
    --insecure             do not verify the server certificate (shown loudly)
    --ca FILE              trust this CA certificate (PEM) in addition to the system ones
    --cert FILE            a client certificate (PEM) for a server that asks for one, as for smtp-tui send
    --key FILE             its private key, when it is not in the --cert file
    --no-cert              no client certificate, not even a profile's
    --tls-min VERSION      oldest TLS version (default 1.2; 1.0 and 1.1 are insecure)
    --tls-max VERSION      newest TLS version (default 1.3)
    --helo NAME            the name offered in the hint where EHLO is next (also --ehlo; default:
                           this machine's name with a dot, else this end's address, [127.0.0.1])
    --timeout SECONDS      per-reply timeout (default 30); your typing has none
    --profile NAME         use a saved profile's connection (see smtp-tui profile --help)
    --lmtp                 speak LMTP (RFC 2033): LHLO; without --host the sandbox speaks it too
    --socket PATH          connect to this Unix socket instead of a host (no port, no TLS)
    -4, --ipv4             connect over IPv4 only
    -6, --ipv6             connect over IPv6 only; needs --host (the sandbox listens on 127.0.0.1)
    --local-address ADDR   connect from this address of this machine
    --dns SERVER[:PORT]    find --host's addresses through this DNS server (an IP address), not the
                           system's resolver, as smtp-tui send --dns does
    --allow-plaintext-auth no error line for an AUTH typed without TLS to a host that is not loopback
                           (--user, --password, --password-file and --auth are refused: type AUTH yourself)
${socksHelp()}
${proxyHelp}

  Exit codes
    0                      the session ended with QUIT's 221 (a command refused on the way does not
                           change it: look for "<**" and "<~*" in the output)
    1                      a line refused from a pipe (the rest is not sent), the input ended inside
                           a message, or bad flags
    2                      no connection could be made
    6                      the server ended the connection (a 421, a drop) without QUIT's 221
    21, 27, 29             the greeting refused service; QUIT not answered with 221; TLS failed
    130, 143, 129          Ctrl+C without a 221 (a message dropped, a second Ctrl+C); SIGTERM; SIGHUP
`;
