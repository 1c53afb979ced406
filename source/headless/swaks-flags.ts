// swaks' flag names (Debian's swaks 20201014), for the hint of `send`'s "unknown flag": people who come from swaks
// type them from habit or from old runbooks. They stay unknown (exit 1): a name taken silently in another meaning
// would do something else than the runbook says.
import {isQuitAfterStep} from '../smtp/quit-after.js';

/** `here`: what smtp-tui calls it; `byDefault`: what smtp-tui does without a flag; `none`: why there is no equivalent, and what to do. */
type SwaksFlag = {names: readonly string[]} & ({here: string} | {byDefault: string} | {none: string});

const SWAKS_FLAGS: readonly SwaksFlag[] = [
	{names: ['auth-user', 'au'], here: '--user (-u)'},
	{names: ['auth-password', 'ap'], here: '--password, or better the SMTP_PASSWORD environment variable or --password-file FILE'},
	{names: ['a'], here: '--auth MECH, with --user'},
	{names: ['auth-optional', 'ao', 'auth-optional-strict', 'aos'], none: 'with --user, AUTH must succeed; leave --user out to send without AUTH'},
	{names: ['auth-map', 'am'], none: '--auth takes SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER or EXTERNAL'},
	{names: ['auth-plaintext', 'apt', 'auth-hide-password', 'ahp'], none: 'the AUTH exchange is always shown as [redacted]'},
	// swaks' -tls (STARTTLS required) is no spelling of smtp-tui's --tls (TLS from the first byte).
	{names: ['tls'], here: '--starttls (STARTTLS required); --tls here is TLS from the first byte, as swaks --tls-on-connect'},
	{names: ['tls-on-connect', 'tlsc'], here: '--tls (TLS from the first byte; port 465 by default)'},
	{names: ['tls-optional', 'tlso', 'tls-optional-strict', 'tlsos'], byDefault: 'STARTTLS when the server offers it, but a failed handshake or certificate stops the session (exit 29); --no-starttls sends without TLS'},
	{names: ['tls-ca-path'], here: '--ca FILE (one PEM file, not a folder)'},
	{names: ['tls-verify'], byDefault: 'the certificate is always verified (--insecure skips it)'},
	{names: ['tls-get-peer-cert'], byDefault: 'the transcript shows the certificate, and the --json result its "certificate" object'},
	{names: ['tls-cert'], here: '--cert FILE (PEM; the client certificate offered when the server asks for one)'},
	{names: ['tls-key'], here: '--key FILE (PEM; not needed when the key is in the --cert file)'},
	{names: ['tls-chain'], here: '--cert FILE with the chain after the certificate in the same file'},
	{names: ['tls-protocol', 'tlsp'], here: '--tls-min VERSION and --tls-max VERSION (1.0, 1.1, 1.2 or 1.3; swaks\' tlsv1_1 alone is --tls-min 1.1 --tls-max 1.1)'},
	{names: ['tls-cipher'], none: "Node's cipher list is used (with --tls-min 1.0 or 1.1, at OpenSSL security level 0)"},
	{names: ['tls-sni'], byDefault: 'the --host name goes as SNI'},
	{names: ['add-header', 'ah'], here: '--header "Name: value" (repeatable)'},
	{names: ['silent', 'S'], here: '--quiet (-q), which prints errors only'},
	{names: ['suppress-data', 'n'], none: 'the transcript shows only the first 12 lines of the message; --quiet prints errors only'},
	{names: ['hide-receive', 'hr', 'hide-send', 'hs', 'hide-informational', 'hi', 'hide-all', 'ha', 'no-hints', 'nth', 'no-send-hints', 'nsh', 'no-receive-hints', 'nrh', 'no-info-hints', 'nih'], none: '--quiet prints errors only, and --json gives each line with its kind, for jq to pick'},
	{names: ['show-time-lapse', 'stl'], here: "--json: each reply's latencyMs"},
	{names: ['output-file', 'output', 'output-file-stdout', 'output-file-stderr'], here: '--transcript FILE'},
	{names: ['pipeline'], here: '--pipeline, with two dashes'},
	{names: ['prdr'], none: 'PRDR is not supported'},
	// Known flags here (as in swaks): named for completeness, in case a command lacks them.
	{names: ['4', '6'], here: '-4 (--ipv4) or -6 (--ipv6)'},
	{names: ['local-interface', 'li'], here: "--local-address ADDR (an address of this machine; for an interface's, see ip address)"},
	// A fixed local port fails (EADDRINUSE) while the last connection from it waits out TIME_WAIT: every second run.
	{names: ['local-port', 'lp'], none: 'the system picks the local port (a fixed one is refused while the last connection from it lingers in TIME_WAIT); --local-address picks the address'},
	{names: ['protocol'], here: '--lmtp for LMTP (SMTP and ESMTP need no flag: EHLO, and HELO when it is refused)'},
	{names: ['lhlo'], here: '--lmtp, with --helo NAME for the name LHLO gives'},
	{names: ['socket'], here: '--socket PATH'},
	{names: ['pipe'], none: 'smtp-tui connects to a host or a Unix socket (--socket PATH), not to a command'},
	{names: ['d'], here: '--data @FILE or --data - (a ready message), or --body for the body'},
	{names: ['g'], here: '--data - (the message from standard input)'},
	{names: ['input-file', 'l'], here: '--profile NAME (a saved profile)'},
	// swaks sends HTML as `--attach-type text/html --attach-body @page.html`.
	{names: ['attach-type', 'attach-body'], here: "--html TEXT|@FILE|- for an HTML body (sent with a text part); --attach FILE for a file, its type from its name or --attach 'FILE;type=TYPE'"},
	{names: ['attach-name'], here: "--attach 'FILE;name=NAME' (without ;name=, the attachment is named after the file)"},
	{names: ['copy-routing'], none: "--mx delivers to the MX of the first recipient's domain"},
	{names: ['quit'], here: '--quit-after STEP'},
	{names: ['drop-after', 'da', 'drop-after-send', 'das'], none: '--quit-after STEP stops there, with a QUIT rather than a dropped connection'},
	{names: ['show-raw-text', 'raw'], none: 'the transcript shows every line as it went, control characters escaped'},
	{names: ['no-strip-from', 'nsf'], none: '--data sends a message exactly as written, Bcc and all'},
	{names: ['no-data-fixup', 'ndf'], none: 'line ends become CRLF and a line that starts with "." is dot-stuffed, as SMTP needs'},
	{names: ['dump-as-body', 'dab', 'dump-as-body-shows-password', 'dabsp'], none: '--body TEXT|@FILE|- gives the body'},
	{names: ['auth-extra', 'ae'], none: '--auth takes SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER or EXTERNAL, with --user'},
	{names: ['protect-prompt', 'pp'], byDefault: 'a password asked for at the terminal is never shown'},
	{names: ['dump', 'support'], none: 'send --help lists every flag; the transcript says what was used'},
	{names: ['config'], here: '--profile NAME (settings saved with smtp-tui profile save)'},
	// --xclient and --xclient-ATTR are smtp-tui's flags too (xclient-flags.ts): only swaks' switches around them are left.
	{names: ['xclient-delim'], here: '--xclient "A=V ..." for each command, or nothing: attributes over 512 octets go in several XCLIENT commands by themselves'},
	{names: ['xclient-optional', 'xclient-optional-strict'], none: 'with --xclient flags, XCLIENT must succeed (exit 33); leave them out to send as this client'},
	{names: ['xclient-no-verify'], none: 'an attribute the server does not list in its XCLIENT keyword is refused before sending (exit 33): leave that flag out'},
	{names: ['xclient-before-starttls'], none: 'XCLIENT goes after STARTTLS (and before AUTH); --no-starttls sends it in clear'},
	// Known flags of send, check and the dashboard (as in swaks), for the commands that lack them.
	{names: ['proxy', 'proxy-version', 'proxy-family', 'proxy-source', 'proxy-source-port', 'proxy-dest', 'proxy-dest-port'], here: '--proxy, with --proxy-version, --proxy-source and the like'},
	{names: ['proxy-protocol'], byDefault: 'the --proxy-version 2 header says STREAM (TCP); DGRAM is not sent'},
	{names: ['proxy-command'], here: '--proxy-version 2 --proxy-family UNKNOWN for LOCAL (no addresses; any other family sends PROXY)'},
	{names: ['proxy-raw'], none: 'a raw PROXY header is not sent: --proxy builds it from --proxy-version, --proxy-family, --proxy-source and --proxy-dest (and their ports)'},
];

const BY_NAME: ReadonlyMap<string, SwaksFlag> = new Map(SWAKS_FLAGS.flatMap(flag => flag.names.map(name => [name, flag] as const)));

/** swaks' `--header-X-Foo VALUE` and `--h-X-Foo VALUE`: a header named in the flag. */
const HEADER_IN_NAME = /^(?:header|h)-([^=:\s]+):?$/;

/** `-au`, `--auth-user=x`: the name alone (swaks takes one dash or two). */
const nameOf = (flag: string) => flag.replace(/^--?/, '').split('=')[0]!;

/** Whether `word` (an argument without its dash) is a flag name swaks has and smtp-tui has not. */
export const isSwaksName = (word: string) => BY_NAME.has(nameOf(word)) || HEADER_IN_NAME.test(nameOf(word));

/**
 * swaks' --protocol names (SMTP, ESMTPSA, SSMTP, LMTPS, …) read as its parts: the greeting's protocol, then S for
 * TLS (STARTTLS, or from the first byte for SSMTP) and A for AUTH.
 */
const PROTOCOL = /^(ESMTP|SMTP|SSMTP|LMTP)(S?)(A?)$/i;

/** What smtp-tui has for `--protocol NAME`: the flags of its parts; undefined for a name swaks does not have. */
function protocolFlag(value: string | undefined): SwaksFlag | undefined {
	const [, base, tls, auth] = PROTOCOL.exec(value ?? '') ?? [];
	if (base === undefined) return undefined;
	const implicit = base.toUpperCase() === 'SSMTP';
	const parts = [
		base.toUpperCase() === 'LMTP' && ['--lmtp', 'LMTP'],
		implicit && ['--tls', 'TLS from the first byte'],
		tls && ['--starttls', 'STARTTLS required'],
		auth && ['--user NAME', 'AUTH'],
	].filter(part => part !== false && part !== '');
	if (parts.length === 0) return {names: [], byDefault: 'EHLO, and HELO when it is refused'};
	return {names: [], here: `${parts.map(([flag]) => flag).join(' ')} (${parts.map(([, what]) => what).join(', ')})`};
}

/** The value typed for `flag` (its name) in argv: after its "=", or the next argument. */
function valueOf(flag: string, argv: readonly string[]): string | undefined {
	const index = argv.findIndex(arg => arg === flag || arg.startsWith(`${flag}=`));
	const arg = argv[index];
	return arg === undefined ? undefined : arg === flag ? argv[index + 1] : arg.slice(flag.length + 1);
}

/** Where a command lacks some of smtp-tui send's flags (the dashboard): `has` says whether it has a long flag. */
type HintScope = {argv?: readonly string[]; has?: (flag: string) => boolean; command?: string};

/**
 * What smtp-tui has for swaks' `flag` (as typed), or why it has nothing: undefined for a name swaks does not have.
 * In a command that lacks a flag the hint names, the hint says that flag is smtp-tui send's only.
 */
export function swaksHint(flag: string, scope: HintScope = {}): string | undefined {
	const name = nameOf(flag);
	const header = HEADER_IN_NAME.exec(name)?.[1];
	const value = name === 'protocol' ? valueOf(flag, scope.argv ?? []) : undefined;
	const known: SwaksFlag | undefined =
		header === undefined ? (protocolFlag(value) ?? BY_NAME.get(name)) : {names: [], here: header.toLowerCase() === 'subject' ? '--subject TEXT' : `--header "${header}: VALUE"`};
	if (!known) return undefined;
	const typed = value === undefined || !PROTOCOL.test(value) ? flag : `${flag.split('=')[0]} ${value}`;
	const text = 'here' in known ? known.here : 'byDefault' in known ? known.byDefault : known.none;
	const lacking = [...new Set(text.match(/--[a-z][a-z\d-]*/g) ?? [])].filter(named => scope.has?.(named) === false);
	if ('here' in known && lacking.length > 0) return `${typed} is swaks' name: smtp-tui send has ${known.here}; ${scope.command ?? 'this command'} has no ${lacking.join(' or ')}`;
	const sendOnly = lacking.length > 0 ? ` (${lacking.join(', ')}: smtp-tui send only)` : '';
	if ('here' in known) return `${typed} is swaks' name: here it is ${known.here}`;
	if ('byDefault' in known) return `${typed} is swaks' name: smtp-tui does it without a flag: ${known.byDefault}${sendOnly}`;
	return `${typed} is swaks' name, with no equivalent here: ${known.none}${sendOnly}`;
}

/** swaks' `-q STEP` or `-q=STEP` (its --quit-after): smtp-tui's -q is --quiet, which takes no value. */
export function swaksQuitAfter(argv: readonly string[]): string | undefined {
	const step = argv.map((arg, index) => (arg === '-q' ? argv[index + 1] : arg.startsWith('-q=') ? arg.slice(3) : undefined)).find(word => word !== undefined && isQuitAfterStep(word));
	return step === undefined ? undefined : `-q is --quiet here (swaks' -q is --quit-after): write --quit-after ${step}`;
}

/** swaks' `--proxy STRING` (a raw header's text): smtp-tui's --proxy takes no value, and builds the header itself. */
export function swaksProxyValue(argv: readonly string[]): string | undefined {
	const index = argv.findIndex(arg => arg === '--proxy' || arg === '-proxy');
	const value = index === -1 ? undefined : argv[index + 1];
	if (value === undefined || value.startsWith('-')) return undefined;
	return `--proxy takes no value here (swaks' --proxy STRING sends a raw header): give its parts with --proxy-version, --proxy-family, --proxy-source, --proxy-source-port, --proxy-dest and --proxy-dest-port`;
}
