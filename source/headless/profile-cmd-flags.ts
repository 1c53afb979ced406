// Flags and help of `smtp-tui profile`. Kept light: cli.tsx imports this eagerly.
import type {FlagSpecs} from './command.js';
import {connectionFlags} from './send-flags.js';
import {proxyFlags} from './proxy-flags.js';
import {socksFlags} from './socks-flags.js';

const {host, port, tls, starttls, helo, user, ca, cert, key, insecure, tlsMin, tlsMax, ipv4, ipv6, localAddress, lmtp, socket, dns} = connectionFlags;


/** Port when `profile save` gets none: by security. */
export const PROFILE_DEFAULT_PORTS = {tls: 465, starttls: 587, none: 25} as const;
/** With --lmtp (and no --tls): LMTP's usual port, as send --lmtp takes it. */
export const LMTP_PORT = 24;

export const profileCmdFlags = {
	host,
	socket,
	lmtp,
	port,
	tls,
	starttls,
	helo,
	user,
	ca,
	cert,
	key,
	// Accepted only to be refused with the reason (see profile save), rather than as an unknown flag.
	insecure,
	tlsMin,
	tlsMax,
	dns,
	...socksFlags,
	passwordEnv: {type: 'string'},
	// `profile save work --password x` means to keep the password: --save-password asks for it (out of argv).
	savePassword: {type: 'boolean', meant: ['password']},
	ipv4,
	ipv6,
	localAddress,
	// --proxy and --proxy-version are saved; the addresses and ports it claims only refused, with the reason.
	...proxyFlags,
} satisfies FlagSpecs;

export const profileSummary = 'save, list, show and delete connection profiles';

export const profileHelp = `
  Usage
    $ smtp-tui profile list
    $ smtp-tui profile show NAME
    $ smtp-tui profile save NAME --host HOST [flags]
    $ smtp-tui profile delete NAME

  A profile is a named server: host, port, security (or a Unix socket), LMTP, user, EHLO name,
  CA file, client certificate, the address family and local address to connect with, and
  whether a PROXY header goes first, if any. Use it with
  --profile NAME on send, talk, check and the dashboard (smtp-tui --profile NAME); flags
  given there win over the profile.

  Save flags
    --host, -s HOST        server (required; also --server)
    --port, -p N           port (default ${PROFILE_DEFAULT_PORTS.tls} with --tls, ${LMTP_PORT} with --lmtp, ${PROFILE_DEFAULT_PORTS.none} with --no-starttls, else ${PROFILE_DEFAULT_PORTS.starttls})
    --socket PATH          a Unix socket instead of a host (its absolute path is saved; no host, port,
                           TLS, -4/-6, --local-address or --proxy with it), e.g. /var/run/dovecot/lmtp
    --lmtp                 speak LMTP (RFC 2033) to it: a profile for Dovecot's or Cyrus's LMTP
    --tls                  implicit TLS from the first byte
    --starttls             require STARTTLS (the default, unless the port is ${PROFILE_DEFAULT_PORTS.tls}: then --tls)
    --no-starttls          no TLS at all (a local test server)
    --user, -u NAME        user name for AUTH
    --helo NAME            EHLO/HELO name (also --ehlo; default: the host name if it has a dot, else
                           this end's address literal, [192.0.2.5])
    --ca FILE              trust this CA certificate (PEM) too; the file's absolute path is saved and read
                           each time the profile is used (--ca on the command line replaces it)
    --cert FILE            offer this client certificate (PEM); its absolute path is saved and read each
                           time (--cert on the command line replaces it, with its own --key)
    --key FILE             its private key (PEM), when not in the --cert file: the path is saved, never the
                           key; an encrypted key takes its passphrase from SMTP_KEY_PASSPHRASE, then as now
    --insecure             is never saved: a profile that skips certificate checks would do so silently
                           every time; give --insecure on the command line when you need it
                           (--no-insecure, the default, is taken and saves nothing)
    --tls-min, --tls-max   are never saved either: give them on the command line with --profile
    --dns SERVER           is not saved: the DNS server to ask depends on the network you run in;
                           give it on the command line with --profile
    --socks, --socks-user  are not saved either: the way to a server (ssh -D, a corporate proxy)
                           depends on where you run; give them on the command line with --profile
    -4, --ipv4             connect over IPv4 only (-6, --ipv6: IPv6 only); --no-ipv4 on the command line
                           lifts it
    --local-address ADDR   connect from this address of this machine (a multi-homed relay's outgoing IP)
    --proxy                send a PROXY protocol header first (a port behind a load balancer);
                           --proxy-version 2 for the binary one; --no-proxy on the command line drops it.
                           What it claims (--proxy-source, --proxy-source-port, --proxy-dest,
                           --proxy-dest-port, --proxy-family) is not saved: give it on the command line
    --password-env VAR     take the password from the environment variable VAR when the profile is used
    --save-password        store the password in the profiles file (from SMTP_PASSWORD, else asked masked
                           on a terminal); the file is readable only by you, but the password is not encrypted

  Saving a name that exists replaces that profile. Passwords are never printed: show says
  "saved (hidden)", "from $VAR" or "not saved".

  Files
    profiles.json in smtp-tui's config folder ($XDG_CONFIG_HOME/smtp-tui or ~/.config/smtp-tui on Linux,
    ~/Library/Preferences/smtp-tui on macOS, %APPDATA%\\smtp-tui\\Config on Windows), or in
    $SMTP_TUI_CONFIG_DIR when that is set. "profile list" prints the path.

  Examples
    $ smtp-tui profile save work --host smtp.example.com --user me@example.com --password-env WORK_SMTP_PASSWORD
    $ smtp-tui profile save sandbox --host 127.0.0.1 --port 2525 --no-starttls
    $ smtp-tui profile save dovecot --lmtp --socket /var/run/dovecot/lmtp
    $ smtp-tui send --profile work --to you@example.org
    $ smtp-tui check --profile work
`;
