// Flags and help of `smtp-tui send`. Kept light: cli.tsx imports this eagerly.
import type {FlagSpecs} from './command.js';
import {dsnFlags} from './dsn-flags.js';
import {xclientFlags, xclientHelp} from './xclient-flags.js';
import {proxyFlags, proxyHelp} from './proxy-flags.js';
import {socksFlags, socksHelp} from './socks-flags.js';
import {dkimFlags, dkimHelp} from './dkim-flags.js';

export const connectionFlags = {
	host: {type: 'string', shortFlag: 's', aliases: ['server']},
	// Strings, checked by parseConnectionFlags: a number flag would turn "abc" into NaN before it can be quoted.
	// Without --host the built-in sandbox is the server, on a port of its own: "--port needs --host".
	port: {type: 'string', shortFlag: 'p', example: '587', exampleAfter: '--host mail.example.org'},
	tls: {type: 'boolean'},
	starttls: {type: 'boolean'},
	insecure: {type: 'boolean'},
	ca: {type: 'string'},
	// --no-cert: none, not even a profile's (as --no-auth drops its user).
	cert: {type: 'string', negatable: true},
	key: {type: 'string'},
	tlsMin: {type: 'string'},
	tlsMax: {type: 'string'},
	helo: {type: 'string', aliases: ['ehlo']},
	user: {type: 'string', shortFlag: 'u'},
	// Given on the command line it is in the process list and the shell's history: the hint steers away from that.
	password: {type: 'string', missingHint: 'leave it out to be asked for it (masked, on a terminal), or use SMTP_PASSWORD or --password-file FILE'},
	passwordFile: {type: 'string'},
	auth: {type: 'string', negatable: true},
	allowPlaintextAuth: {type: 'boolean'},
	timeout: {type: 'string'},
	mx: {type: 'boolean'},
	dns: {type: 'string'},
	profile: {type: 'string'},
	lmtp: {type: 'boolean'},
	socket: {type: 'string'},
	ipv4: {type: 'boolean', shortFlag: '4'},
	ipv6: {type: 'boolean', shortFlag: '6'},
	localAddress: {type: 'string'},
	...socksFlags,
} satisfies FlagSpecs;

export const sendFlags = {
	...connectionFlags,
	...proxyFlags,
	dane: {type: 'boolean'},
	from: {type: 'string', shortFlag: 'f'},
	to: {type: 'string', shortFlag: 't', isMultiple: true},
	cc: {type: 'string', isMultiple: true},
	bcc: {type: 'string', isMultiple: true},
	subject: {type: 'string'},
	body: {type: 'string'},
	html: {type: 'string'},
	header: {type: 'string', isMultiple: true},
	attach: {type: 'string', isMultiple: true},
	data: {type: 'string'},
	...dkimFlags,
	quitAfter: {type: 'string'},
	transcript: {type: 'string'},
	transcriptFormat: {type: 'string'},
	record: {type: 'string'},
	json: {type: 'boolean'},
	quiet: {type: 'boolean', shortFlag: 'q'},
	allowPartial: {type: 'boolean'},
	ignoreSize: {type: 'boolean'},
	pipeline: {type: 'boolean'},
	...dsnFlags,
	...xclientFlags,
	bdat: {type: 'boolean'},
	chunkSize: {type: 'string'},
} satisfies FlagSpecs;

export const sendSummary = 'headless session with a swaks-like transcript';

export const sendHelp = `
  Usage
    $ smtp-tui send --to ADDRESS [flags]

  Connection
    --profile NAME         use a saved profile (see smtp-tui profile --help); flags given here win
    --host, -s HOST        server to talk to (also --server; default: the MX of the first recipient's domain)
    --port, -p N           port (default 25, or 465 with --tls, 24 with --lmtp)
    --tls                  implicit TLS from the first byte (port 465)
    --starttls             require STARTTLS: fail before AUTH/MAIL if it is impossible
    --no-starttls          never use STARTTLS (default: use it when the server offers it)
    --insecure             do not verify the server certificate (shown loudly in the transcript)
    --ca FILE              trust this CA certificate (PEM) in addition to the system ones
    --cert FILE            offer this client certificate (PEM) when the server asks for one
    --key FILE             its private key (PEM; not needed when it is in the --cert file); an encrypted
                           key takes its passphrase from SMTP_KEY_PASSPHRASE
    --no-cert              offer no client certificate, not even a profile's
    --tls-min VERSION      oldest TLS version to use: 1.0, 1.1, 1.2 (default) or 1.3; 1.0 and 1.1 are
                           insecure, and only for testing an old server (said loudly in the transcript)
    --tls-max VERSION      newest TLS version to use (default 1.3), e.g. 1.2 to test a server's TLS 1.2
    --helo NAME            EHLO/HELO name (also --ehlo; default: the host name if it has a dot, else
                           this end's address literal, [192.0.2.5])
    --mx                   look up the MX of the first recipient's domain and deliver there
    --dns SERVER[:PORT]    ask this DNS server (an IP address, as dig @SERVER) for the MX and every host's
                           addresses, instead of the system's resolver (/etc/hosts is then not read)
    --dane                 deliver as a DANE sender does (RFC 7672): a host with DNSSEC-validated TLSA
                           records gets STARTTLS, authenticated by them (only unusable ones: STARTTLS,
                           not authenticated); one that fails is passed over
    --lmtp                 speak LMTP (RFC 2033): LHLO, and one reply per recipient after the message
    --socket PATH          connect to a Unix socket (Dovecot: /var/run/dovecot/lmtp) instead of a host:
                           not with --host, --port, -4, -6, --local-address, --mx, --dns, --profile
                           or TLS flags
    -4, --ipv4             connect over IPv4 only (with --mx: each MX host's IPv4 addresses)
    -6, --ipv6             connect over IPv6 only (with --mx: each MX host's IPv6 addresses)
    --local-address ADDR   connect from this address of this machine (a multi-homed host: the IP that
                           SPF and PTR are set up for); the transcript says which address and port went out
    --timeout SECONDS      per-step timeout (default 30; 0.1 to 86400, or 30s, 5m, 1h); the wait after
                           the final dot is at least 60, for bytes of the message to leave at least 10
${socksHelp()}
${proxyHelp}

  Authentication
    --user, -u NAME        authenticate as NAME
    --password PASS        password (better: the SMTP_PASSWORD environment variable; asked masked on a TTY)
    --password-file FILE   the password from FILE's first line, out of the process list and the environment
    --auth MECH            SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER
                           (the password is the token) or EXTERNAL (with --cert) (default: the best offered)
    --no-auth              never log in (also drops a profile's user)
    --allow-plaintext-auth allow a login without TLS (any mechanism) to a host that is not loopback

  XCLIENT (test a Postfix policy as another client; the server must authorize this one)
${xclientHelp}

  Message
    --from, -f ADDRESS     envelope sender and From header (default: you@this-host; '<>': the null sender)
    --to, -t ADDRESS       recipient; repeat it or give a list (separated by commas or semicolons)
    --cc ADDRESS           copy recipient (header and envelope)
    --bcc ADDRESS          blind copy: envelope only, never in the headers
    --subject TEXT         subject (default: "test <date>")
    --body TEXT|@FILE|-    body text (\\n: line break, \\\\: backslash, @@: a leading @), a file, or standard input
    --html TEXT|@FILE|-    an HTML body, as --body: with it the message is multipart/alternative; without --body its
                           text part is made from the HTML (--body '' sends the HTML alone)
    --header "Name: value" extra header (repeatable)
    --attach FILE          attachment (repeatable); options after it: 'logo.png;cid=logo' is an
                           inline image the HTML shows by src="cid:logo", ;type=TYPE sets its
                           type ('invite.ics;type=text/calendar; method=REQUEST'), ;name=NAME its name
    --data @FILE|-         send a ready RFC 5322 message as is (no --subject, --body, --html, --header, --attach)
${dkimHelp}

  Output
    --quit-after STEP      stop after connect, greeting, first-ehlo, ehlo, tls, xclient, auth, mail or rcpt (then
                           QUIT); as in swaks, tls quits right after the STARTTLS handshake, ehlo after the EHLO
                           inside TLS; xclient after the EHLO that follows XCLIENT
    --transcript FILE      also write the transcript to FILE
    --transcript-format F  text, md or json, in any case (default: by FILE's extension, .md Markdown,
                           .json or .jsonl JSON, else text); with --transcript -, md or json is printed
                           on stdout instead of the text (to paste the Markdown into an issue)
    --record FILE          record every byte with its timing (secrets redacted) for "smtp-tui replay FILE"
    --json                 one JSON object per event on stdout
    --quiet, -q            print nothing but errors
    --allow-partial        exit 0 even when some (not all) recipients were refused
    --ignore-size          send a message over the server's SIZE anyway (MAIL without SIZE=), to see how
                           the server refuses it; without it, it is not sent (exit 23)
    --pipeline             PIPELINING (RFC 2920): MAIL, every RCPT and DATA in one write, their replies
                           read in order; one at a time, with a warning, if the server does not offer it
    --bdat                 CHUNKING (RFC 3030): the message as BDAT chunks, counted octets with no
                           dot-stuffing and no final "."; DATA, with a warning, if the server does not offer it
    --chunk-size N         octets per BDAT chunk (k, m: 64k; default 1m, at most 64m)

  Delivery status notifications (RFC 3461) and REQUIRETLS (RFC 8689)
    --dsn-notify LIST      NOTIFY= on every RCPT (with ORCPT=): NEVER, or any of SUCCESS, FAILURE,
                           DELAY, comma-separated; only to a server that offers DSN (else a warning)
    --dsn-ret FULL|HDRS    RET= on MAIL: a failure report returns the whole message, or its headers
    --dsn-envid ID         ENVID= on MAIL: your identifier (printable ASCII, at most 100 characters),
                           quoted back in every report
    --require-tls          REQUIRETLS on MAIL: TLS on every hop; TLS is required, and without REQUIRETLS
                           offered inside it the message is not sent (exit 29)

  Transcript markers
    ===  information
    ***  error
     ->  sent
    <-   received
     ~>  sent inside TLS
    <~   received inside TLS
    <**  a 4xx or 5xx reply (<~* inside TLS)

  Exit codes
    0 ok, 1 bad options or input, 2 connection failed, 6 connection closed unexpectedly,
    21 banner, 22 EHLO/HELO/LHLO, 23 MAIL, 24 no recipient accepted (or some refused, at RCPT
    or with --lmtp after the message, without --allow-partial), 25 DATA (--bdat: a chunk before
    the last), 26 after the final dot (--bdat: BDAT LAST; with --lmtp: refused or deferred for
    every recipient), 27 QUIT, 28 AUTH, 29 TLS,
    33 XCLIENT (not offered, an attribute it does not take, or refused),
    130/143/129 interrupted by Ctrl+C/SIGTERM/SIGHUP

  Examples
    $ smtp-tui send --host 127.0.0.1 --port 2525 --no-starttls --from me@example.test --to you@example.test
    $ smtp-tui send --host smtp.example.com --port 587 --starttls --user me --to you@example.org
    $ smtp-tui send --host localhost --port 2525 --ca sandbox.pem --helo client.example.test --to you@example.test
    $ smtp-tui send --to someone@example.org --mx --body @message.txt
    $ smtp-tui send --to someone@gmail.com --mx -4 --local-address 192.0.2.25
    $ smtp-tui send --profile work --to you@example.org --cc boss@example.org --subject "Hello" --attach report.pdf
    $ smtp-tui send --profile work --to you@example.org --bcc archive@example.org --data @message.eml
    $ smtp-tui send --profile work --from me@example.com --to you@example.org --dkim-key dkim.pem --dkim-selector s1
    $ smtp-tui send --host mx.example.org --to a@example.org --quit-after rcpt --timeout 60 --transcript session.md
    $ smtp-tui send --host mx.example.org --proxy --proxy-version 2 --proxy-source 203.0.113.5 --to you@example.org
    $ smtp-tui send --lmtp --socket /var/run/dovecot/lmtp --from me@example.org --to user@example.org
`;
