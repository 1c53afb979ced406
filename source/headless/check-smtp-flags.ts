// check_smtp's flag names (monitoring-plugins 2.3), for the hint of `check`'s "unknown flag": a Nagios or Icinga
// command moved from check_smtp to check --nagios keeps them, and some are other flags of smtp-tui (-t is send's
// --to, not a timeout). They stay unknown (UNKNOWN, exit 3): a name taken in another meaning would watch otherwise.
// -p, --port, -q (send's --quiet), -4, -6, -w, -c and --timeout have hints or meanings of their own.

/** `here`: check's flag for it; `none`: why check has none, and what to use. */
type CheckSmtpFlag = {names: readonly string[]} & ({here: string} | {none: string});

const CHECK_SMTP_FLAGS: readonly CheckSmtpFlag[] = [
	{names: ['-H', '--hostname'], here: 'TARGET, the first argument: smtp-tui check mail.example.com --no-mx --ports 25 --nagios'},
	{names: ['-t'], here: '--timeout SECONDS (each step waits up to it; default 8, and 30 for the banner)'},
	{names: ['-D', '--certificate'], here: '--cert-days N, WARNING with fewer than N days left; an expired certificate is CRITICAL (no second number)'},
	{names: ['-S'], here: '--starttls (STARTTLS required); without it, STARTTLS is taken wherever it is offered and its certificate checked'},
	{names: ['-F', '--fqdn'], here: '--ehlo NAME'},
	{names: ['--warning'], here: '--warn-after SECONDS (-w)'},
	{names: ['--critical'], here: '--critical-after SECONDS (-c)'},
	{names: ['-e', '--expect'], none: 'a 220 banner is what makes a port open'},
	{names: ['-f', '--from', '-C', '--command', '-R', '--response'], none: 'check sends no command after EHLO but STARTTLS and QUIT; smtp-tui send --quit-after rcpt tests MAIL FROM and RCPT TO'},
	{names: ['-A', '--authtype', '-U', '--authuser', '-P', '--authpass'], none: 'check logs in nowhere; smtp-tui send --user NAME --quit-after auth tests a login'},
	{names: ['-v', '--verbose'], none: '--nagios prints the verdict below its status line, as long output'},
];

const BY_NAME: ReadonlyMap<string, CheckSmtpFlag> = new Map(CHECK_SMTP_FLAGS.flatMap(flag => flag.names.map(name => [name, flag] as const)));

/** The hint for `flag` (as typed, `=value` and all) when check_smtp has it; undefined when it has not. */
export function checkSmtpHint(flag: string): string | undefined {
	const name = flag.split('=')[0]!;
	const known = BY_NAME.get(name);
	if (!known) return undefined;
	return 'here' in known ? `${name} is check_smtp's name: here it is ${known.here}` : `${name} is check_smtp's name, with no equivalent here: ${known.none}`;
}
