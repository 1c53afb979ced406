// Flags and help of `smtp-tui serve`. Kept light: cli.tsx imports this eagerly (no smtp-server here).
import {recipeEffect, recipeNames} from '../sandbox/recipes.js';
import {chaosStages, sandboxDefaults} from '../sandbox/settings.js';
import type {FlagSpecs} from './command.js';
import {FLAG_EXAMPLES} from './flag-examples.js';

// Numbers are read as strings so that an error can quote exactly what was typed.
export const serveFlags = {
	port: {type: 'string', shortFlag: 'p'},
	listen: {type: 'string', meant: ['host', 'bind', 'address', 'addr', 'interface']},
	tlsPort: {type: 'string'},
	hostname: {type: 'string'},
	starttls: {type: 'boolean'},
	user: {type: 'string'},
	password: {type: 'string'},
	requireTls: {type: 'boolean'},
	requireAuth: {type: 'boolean'},
	anyLogin: {type: 'boolean'},
	maxSize: {type: 'string'},
	maxRecipients: {type: 'string'},
	bannerDelay: {type: 'string'},
	greylist: {type: 'boolean'},
	greylistDelay: {type: 'string'},
	slowDelay: {type: 'string'},
	rejectAll: {type: 'boolean'},
	chaos: {type: 'string'},
	saveDir: {type: 'string'},
	saveMax: {type: 'string', example: '10000'},
	keep: {type: 'string'},
	dns: {type: 'string'},
	http: {type: 'string', example: '8025'},
	json: {type: 'boolean'},
	xclient: {type: 'boolean'},
	proxy: {type: 'boolean'},
	lmtp: {type: 'boolean'},
	socket: {type: 'string', example: './lmtp.sock'},
	// Taken to refuse 2 with the reason (smtp-server reads version 1 alone), not as an unknown flag.
	proxyVersion: {type: 'string', example: '1'},
} satisfies FlagSpecs;

export const serveSummary = 'run the sandbox SMTP server in the foreground';

const seconds = (ms: number) => `${ms / 1000} s`;

/** The address recipes as table rows, with the default delays filled in. */
const recipeRows = recipeNames.map(name => [
	`${name}@`,
	recipeEffect(name, {greylist: `${seconds(sandboxDefaults.greylistDelayMs)} (--greylist-delay)`, slow: `${seconds(sandboxDefaults.slowDelayMs)} (--slow-delay)`}),
]);

export const serveHelp = `
  Usage
    $ smtp-tui serve [flags]

  A local SMTP server that behaves like a real submission server and fails on demand.
  Every accepted message is logged, and nothing is ever delivered anywhere. Only --save-dir keeps
  messages (as files): without it they are gone once logged.

  Listening
    --port, -p N             plain SMTP port, STARTTLS offered (default ${sandboxDefaults.port}; 0 picks a free port)
    --listen ADDR            address to listen on (default ${sandboxDefaults.listen}; anything else prints a warning)
    --tls-port N             also listen with implicit TLS (SMTPS) on port N (default: off)
    --hostname NAME          name in the banner and the EHLO reply (default ${sandboxDefaults.hostname})
    --no-starttls            do not offer STARTTLS: for clients that use it whenever it is offered and
                             cannot be given certificate.pem (--tls-port still gives implicit TLS)
    --xclient                offer Postfix's XCLIENT to clients on loopback, to try send --xclient-addr
                             and the others here (the log says who each session then speaks as)
    --proxy                  expect a PROXY protocol header first on every port, as behind HAProxy (try it
                             with send --proxy): sessions show the client address it claims; version 1
                             only: a v2 header gets "* BAD Invalid PROXY header", and a client with none
                             waits unanswered (neither is logged: no session begins)
    --proxy-version 1        the only version --proxy reads (2 is refused)
    --lmtp                   speak LMTP (RFC 2033), as Dovecot's LMTP does: LHLO (EHLO and HELO get
                             500), and after the message one reply per recipient; full@ and big@ are
                             refused there, each for itself, and the others get the message
    --socket PATH            listen on this Unix socket instead of TCP (no --port, --listen, --tls-port,
                             STARTTLS, --require-tls); a socket left there by a killed sandbox is replaced, any other
                             file is left alone; the socket is removed at the stop

  Authentication (AUTH PLAIN, LOGIN, CRAM-MD5; over plaintext only for clients on loopback)
    --user NAME              user name (default ${sandboxDefaults.user})
    --password PASS          password (default ${sandboxDefaults.password})
    --any-login              take any user name and password (an app keeps its own credentials)
    --require-auth           MAIL before AUTH gets 530 5.7.0
    --require-tls            MAIL and AUTH before STARTTLS get 530 5.7.0

  Behaviour
    --max-size BYTES         advertised in SIZE; bigger messages get 552 5.3.4 (k, m: 100k, 10m; default ${sandboxDefaults.maxSize / 1024 / 1024}m)
    --max-recipients N       recipients over N in one transaction get 452 4.5.3 (default ${sandboxDefaults.maxRecipients})
    --banner-delay SECONDS   hold the 220 greeting this long (default 0; 1.5, or with s, m, h: 5s, 1m)
    --greylist               greylist every new sender/recipient pair, not only grey@ (450 4.7.1)
    --greylist-delay SECONDS how long a greylisted pair must wait before a retry passes (default ${sandboxDefaults.greylistDelayMs / 1000})
    --slow-delay SECONDS     how long slow@ holds the RCPT reply (default ${sandboxDefaults.slowDelayMs / 1000})
    --reject-all             greet every client with 554: no service
    --chaos SPEC             random faults: "stage:code:percent,...", e.g. ${FLAG_EXAMPLES.chaos};
                             stages ${chaosStages.join(', ')}; code 400-599, or drop (no reply)

  Address recipes (always on, any domain; a +tag is ignored, so grey+2@ is a fresh grey@)
${recipeRows.map(([address, effect]) => `    ${address!.padEnd(10)}${effect}`).join('\n')}
  Recipes and server flags win over --chaos.
  A recipient with NOTIFY=SUCCESS (DSN) gets a delivery report: kept as the next message, from <> to the
  sender (logged as "delivery report on message N").

  Mailbox
    --save-dir DIR           write each message as DIR/<n>.eml (raw) and DIR/<n>.json (envelope, TLS,
                             AUTH), flushed to disk before the 250; messages already in DIR are loaded and
                             numbering continues
    --save-max N             at most N messages stay in DIR: as each is saved, the oldest beyond N (counting
                             those there at start) are deleted, .eml and .json, for a sandbox left serving
                             for days (default: no limit)
    --keep N                 messages listed in memory (envelope and subject), oldest dropped first, not
                             from DIR (default ${sandboxDefaults.keep}); no bodies, but for a DKIM-signed
                             one until checked (without --save-dir) and, with --http, the newest 64 MiB

  DKIM (messages with DKIM-Signature headers)
    Each signature is checked once the message is taken (its key looked up in DNS, at most 3 s, after
    the 250) and logged as "DKIM of message N": pass, fail and why, or a temporary error (no DNS).
    --dns SERVER[:PORT]      ask this DNS server (an IP address, as dig @SERVER) for the keys, instead of
                             the system's, e.g. a local one serving a test zone; and judge every message's
                             SPF and DMARC with it, as a receiver ("SPF of message N", "DMARC of message N")

  HTTP API (for tests that read the caught mail: Mailpit's API v1, a subset; see the README)
    --http [ADDR:]PORT       serve the caught messages over HTTP on PORT (0 picks a free one), on
                             127.0.0.1 unless ADDR is given (anything else prints a warning: the API has
                             no login); GET /api/v1/messages, /api/v1/search?query=, /api/v1/message/ID
                             (and /raw, /headers, /part/N), DELETE /api/v1/messages, and
                             GET /api/smtp-tui/wait?match=TEXT&timeout=SECONDS to wait for a message

  Output
    --json                   one JSON object per line instead of text

  Ctrl+C, SIGTERM or SIGHUP stop it: open sessions get 421 4.3.2, its last line counts the sessions
  and the messages accepted, and it exits 0. Its last start-up line (ready, with --json too) gives its
  pid: kill that one in scripts, as $! after "npx smtp-tui serve &" is npm's. Started by npx, it also
  stops once npx has gone; started by a test harness that reads its output through a pipe, once
  nothing reads it after the harness has gone.

  Certificate
    STARTTLS and --tls-port use a self-signed certificate made once for this install and kept in
    smtp-tui's data folder (printed at start, with its SHA-256 fingerprint; --no-starttls without
    --tls-port uses none). Clients trust that one certificate, e.g. curl --cacert <path> or
    nodemailer's tls: {ca}, or compare the fingerprint; a client that cannot be told needs
    --no-starttls. It is made again only when --hostname or --listen names it does not cover, when
    it has under 30 days left, or when it cannot be read. A start that fails (port in use) keeps the
    old one.

  Examples
    $ smtp-tui serve
    $ smtp-tui serve --port 0 --save-dir ./mail --json
    $ smtp-tui serve --no-starttls --any-login --save-dir ./mail
        (a mail catcher: an app's mail as its settings send it, with any user name and password)
    $ smtp-tui serve --no-starttls --any-login --http 8025
        (a mail catcher for end-to-end tests: curl http://127.0.0.1:8025/api/v1/message/latest)
    $ smtp-tui serve --require-tls --require-auth --chaos ${FLAG_EXAMPLES.chaos}
    $ smtp-tui serve --listen 0.0.0.0 --hostname lab.example.org      (a shared workshop machine)
    $ smtp-tui serve --lmtp --socket ./lmtp.sock      (then: smtp-tui send --lmtp --socket ./lmtp.sock ...)
`;
