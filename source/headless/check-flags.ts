// Flags and help of `smtp-tui check`. Kept light: cli.tsx imports this eagerly.
import type {FlagSpecs} from './command.js';
import {socksFlags, socksHelp} from './socks-flags.js';
import {proxyFlags, proxyHelp} from './proxy-flags.js';

/**
 * greetingSeconds: the banner's wait without --timeout. A server may greet late on purpose or on first contact (Exim
 * took 12 s, its reverse DNS and ident lookups), and send and swaks wait 30 s for it: a shorter wait called such a
 * server silent (exit 2, CRITICAL). The connection, TLS handshakes and replies keep the short wait, so a filtered
 * port is still told in 8 s.
 */
export const CHECK_DEFAULTS = {ports: [25, 465, 587, 2525], timeoutSeconds: 8, greetingSeconds: 30, mxHosts: 3, certDays: 14} as const;

/** A check's waits: --timeout's (`timeoutMs`) for everything when given; else the defaults, the banner's apart. */
export const checkWaits = (timeoutMs: number | undefined): {timeoutMs: number; greetingTimeoutMs?: number} =>
	timeoutMs === undefined ? {timeoutMs: CHECK_DEFAULTS.timeoutSeconds * 1000, greetingTimeoutMs: CHECK_DEFAULTS.greetingSeconds * 1000} : {timeoutMs};

// Numbers are read as strings so that an error can quote exactly what was typed.
export const checkFlags = {
	ports: {type: 'string'},
	timeout: {type: 'string'},
	helo: {type: 'string', aliases: ['ehlo']},
	ca: {type: 'string'},
	tlsMin: {type: 'string'},
	tlsMax: {type: 'string'},
	tls: {type: 'boolean'},
	starttls: {type: 'boolean'},
	mx: {type: 'boolean'},
	mxHosts: {type: 'string'},
	certDays: {type: 'string'},
	mtaStsPolicy: {type: 'string'},
	dns: {type: 'string'},
	json: {type: 'boolean'},
	nagios: {type: 'boolean'},
	warnAfter: {type: 'string', shortFlag: 'w'},
	criticalAfter: {type: 'string', shortFlag: 'c'},
	allowUnverified: {type: 'boolean'},
	profile: {type: 'string'},
	ipv4: {type: 'boolean', shortFlag: '4'},
	ipv6: {type: 'boolean', shortFlag: '6'},
	localAddress: {type: 'string'},
	publicAddress: {type: 'string'},
	blocklist: {type: 'string', isMultiple: true},
	blocklists: {type: 'boolean'},
	...proxyFlags,
	...socksFlags,
} satisfies FlagSpecs;

export const checkSummary = 'is port 25 blocked? probe a host or a domain\'s MX';

export const checkHelp = `
  Usage
    $ smtp-tui check TARGET [flags]
    $ smtp-tui check --profile NAME [flags]

  TARGET is one of
    example.com            a mail domain: look up its MX hosts (or, without MX, its own A/AAAA address)
                           and probe the first ${CHECK_DEFAULTS.mxHosts}, on each port of --ports
    smtp.example.com       a name with a dot is looked up as a mail domain first, like example.com: with
                           MX records their hosts are probed, without them the name itself;
                           add --no-mx to probe the name itself as a host
    smtp.example.com:587   one port of a host, probed as a host (no MX lookup; [2001:db8::1]:25 for IPv6)
    192.0.2.10, localhost  an IP address, or a name without a dot: that host, on each port of --ports
    you@example.com        an address: the MX hosts of its domain

  Flags
    --profile NAME         without TARGET: probe the saved profile's host and port (with --ports: those ports),
                           as send --profile meets them: its security (--starttls or --no-starttls; --tls on
                           its own port only), EHLO name and CA file, unless given here
                           (with a TARGET, only its EHLO name and CA file are used); a profile for
                           a socket or for LMTP (--lmtp) needs a TARGET: check probes SMTP, with EHLO
    --ports LIST           ports to probe (default ${CHECK_DEFAULTS.ports.join(',')}); 465 speaks TLS from the first byte,
                           and so does a port written PORT/tls (--ports 25,587,2465/tls)
    --timeout SECONDS      wait this long for the connection, each TLS handshake, the banner and each
                           reply (default ${CHECK_DEFAULTS.timeoutSeconds}, and ${CHECK_DEFAULTS.greetingSeconds} for the banner, as send and swaks wait;
                           also 30s, 1m)
    --ehlo NAME            name to send in EHLO (also --helo; default: the host name if it has a dot,
                           else this end's address literal, [192.0.2.5])
    --ca FILE              also trust this CA certificate (PEM) when verifying TLS certificates
    --tls-min VERSION      oldest TLS version to try: 1.0, 1.1, 1.2 (default) or 1.3 (1.0 and 1.1:
                           to see whether an old server speaks them; insecure)
    --tls-max VERSION      newest TLS version to try (default 1.3)
    --tls                  speak TLS from the first byte on every port (on one, e.g. the sandbox's --tls-port:
                           --ports PORT/tls)
    --starttls             STARTTLS required, as send --starttls: where it is not offered or is refused,
                           the verdict says send stops there (exit 29)
    --no-starttls          no STARTTLS, as send --no-starttls: an offer is shown, not taken up (no
                           certificate check), and the verdict says mail goes there unencrypted
    --no-mx                probe TARGET as a host even when it has MX records
    --mx-hosts N           probe the first N MX hosts (1 to 50, default ${CHECK_DEFAULTS.mxHosts})
    --cert-days N          a certificate met (or a CA certificate of its chain) with fewer than N days left, or
                           expired: the verdict names it, and the exit code is 3 (default ${CHECK_DEFAULTS.certDays}; 0: never)
    --mta-sts-policy URL   judge this MTA-STS policy (an https:// URL, or a file: a draft not yet
                           published) instead of https://mta-sts.DOMAIN/.well-known/mta-sts.txt
    -4, --ipv4             probe over IPv4 only (each host's, or MX host's, IPv4 address)
    -6, --ipv6             probe over IPv6 only: is port 25 blocked on IPv6 too?
    --dns SERVER[:PORT]    ask this DNS server (an IP address, as dig @SERVER) for the MX and the hosts'
                           addresses, instead of the system's resolver (/etc/hosts is then not read)
    --local-address ADDR   probe from this address of this machine (a multi-homed host: is port 25 blocked
                           for this IP?)
    --public-address ADDR  the public address mail from here leaves from (behind NAT), judged as a sender
                           instead of the probes' own: reverse DNS, HELO name, blocklists
    --blocklist ZONE       ask this DNS blocklist instead of the default ones (repeat it for each)
    --no-blocklists        ask no blocklist
${socksHelp({
	socket: false,
	more: `. Every probe goes
                           through it: is port 25 blocked from there? MX records are looked up here
                           (SOCKS5 carries no DNS), each host's address by the proxy`,
})}
${proxyHelp}
    --json                 one JSON object per probe (in the order of the hosts, then of --ports, each
                           printed as soon as it and those before it finished), then one with the verdict
    --nagios               a monitoring plugin's output (Nagios, Icinga, Checkmk): "SMTP OK - …" with
                           performance data, the verdict under it, and exit 0 OK, 1 WARNING (--cert-days),
                           2 CRITICAL (a port that does not answer, an expired certificate or one that
                           does not verify, a STARTTLS that fails), 3 UNKNOWN
    -w, --warn-after       with --nagios: WARNING when a port's banner (TLS handshake included) takes
                           longer than this many SECONDS
    -c, --critical-after   with --nagios: CRITICAL when it takes longer than this many SECONDS (both
                           below the banner's wait; also 2.5, 5s)
    --allow-unverified     with --nagios: a certificate that does not verify (self-signed, another name) is
                           not CRITICAL: the long output still says it; an expired one still is

  Every probe connects, reads the banner, and on plain ports sends EHLO; where it offers STARTTLS, the
  probe goes on with it (unless --no-starttls) and checks the certificate as send does, then QUIT (inside
  TLS when it worked).
  No mail is sent and no password is used. All probes run at the same time.

  Statuses
    open                   a 220 banner: an SMTP server is ready on that port; the TLS column says what
                           came of STARTTLS (e.g. "STARTTLS, TLSv1.3, NOT verified: self-signed
                           certificate", where send would stop with exit 29), which leaves it open
    refused                a reset, or a firewall's reject (ICMP port-unreachable), which look the same:
                           nothing listens on that port, or a firewall rejects it
    filtered               no answer at all within the timeout: a firewall or your ISP drops the packets
                           (port 25 filtered while 587/465 answer is the classic "ISP blocks port 25")
    silent                 the connection opened but no banner came: a tarpit, an overloaded server,
                           something in between (antivirus "mail shield", proxy) holding the connection,
                           a port that expects TLS from the first byte (try --tls), or one behind a load
                           balancer that waits for a PROXY header (try --proxy)
    greeting unfinished    the greeting began ("220-...") but did not end within the timeout: a greeting
                           pause (Postfix postscreen, 6 s) or a deliberate banner delay: try a longer
                           --timeout
    closed before banner   the connection opened and was closed (or reset) before a complete banner: rate
                           limiting, a silent refusal of your address, or a middlebox resetting it
    service refused        a 5xx banner (usually 554): the server will not talk to you (often your IP
                           address is on a block list; the banner text usually says why), or, with 521,
                           to anyone: the host takes no mail; a 4xx (usually 421): not for now, the server
                           is busy or limits connections
    TLS ok                 implicit TLS (port 465, or every port with --tls): the handshake worked, the
                           certificate verified for the host, and a 220 followed
    TLS failed             implicit TLS: no handshake, or a certificate that does not verify for the host
                           (expired, self-signed, wrong name): the reason is shown
    DNS failed             the host name does not resolve (or has no A/AAAA address)
    unreachable            no route to the host (no network connection at all, or no IPv6 route), or a
                           firewall rejecting the port (ICMP "unreachable"): a firewall when another port
                           of the same host answers
    error                  anything else, e.g. a reply that is not SMTP, or a banner code other than
                           220, 4xx or 5xx
    interrupted            not probed to the end: Ctrl+C, SIGTERM or SIGHUP stopped the check first

  Only open and TLS ok count as answering: a 220 behind an implicit-TLS certificate that does not verify
  (TLS failed) does not; STARTTLS problems after a 220 banner leave the probe open.

  MTA-STS and TLS reporting (a mail domain only): the _mta-sts and _smtp._tls TXT records, the policy
  fetched over HTTPS (verified certificate, no redirects, 64 KiB, --timeout), its syntax line by line,
  and for each MX host whether it is in the policy's mx patterns and (port 25) offers STARTTLS with a
  certificate valid for its name. No policy is no error.

  SPF (a mail domain only): its v=spf1 record, the DNS lookups it costs counted through includes and
  redirect (over 10, or over 2 that find nothing, is a permerror: SPF fails everywhere), syntax errors
  named, and what its "all" makes receivers do with mail from other servers. The exit code stays.

  This machine as a sender (a mail domain, another host's port 25, or --public-address): the address
  the probes left from (or --public-address), its reverse DNS and whether that name resolves back to
  it, the HELO name against it, and the address on DNS blocklists (zen.spamhaus.org, bl.spamcop.net,
  b.barracudacentral.org, psbl.surriel.com, bl.mailspike.net). The exit code stays; with --nagios it
  runs only with --public-address or --blocklist, and a listing or missing reverse DNS is a WARNING.

  The verdict at the end puts the pattern into words, e.g. port 25 filtered while 587 answers.

  Exit codes
    0            at least one probe answered (open or TLS ok, whatever came of STARTTLS)
    1            bad flags or TARGET
    2            none did (or the MX lookup failed; with --proxy, a server that refused the header did
                 not answer)
    3            one answered, but a certificate met expires within --cert-days days (or has expired)
    4            one answered, but senders would refuse an MX host: by the domain's MTA-STS policy in
                 enforce mode (not in its mx patterns, or no STARTTLS with a certificate valid for it
                 on port 25), or by its validated TLSA records (DANE)
    130/143/129  interrupted by Ctrl+C/SIGTERM/SIGHUP: the probes that finished are shown, the others
                 as interrupted, and the verdict says so; a second signal stops at once

  Examples
    $ smtp-tui check gmail.com                         can I reach Gmail's MX on port 25?
    $ smtp-tui check smtp.example.com --ports 587,465  is my provider's submission server reachable?
    $ smtp-tui check 127.0.0.1:2525                    is the sandbox up?
    $ smtp-tui check you@example.org --json            one JSON line per probe, for scripts
    $ smtp-tui check gmail.com --timeout 60            wait longer for a slow greeting
    $ smtp-tui check example.com --mx-hosts 5          probe 5 of its MX hosts, not ${CHECK_DEFAULTS.mxHosts}
    $ smtp-tui check mail.example.com:25 --cert-days 21  from cron: exit 3 once its certificate has under 21 days left
    $ smtp-tui check example.com --mta-sts-policy mta-sts.txt  is my draft MTA-STS policy right for my MX hosts?
    $ smtp-tui check gmail.com --public-address 203.0.113.7  behind NAT: my public address's reverse DNS and blocklists
    $ smtp-tui check gmail.com --blocklist zen.spamhaus.org --blocklist bl.spamcop.net  only these two blocklists
`;
