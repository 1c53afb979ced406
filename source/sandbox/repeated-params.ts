// A MAIL or RCPT parameter given twice. smtp-server refuses every repeat (501 "duplicate SMTPUTF8 parameter"), where
// Postfix takes one alike: Python's smtplib sends `SMTPUTF8 SMTPUTF8 BODY=8BITMIME` for a non-ASCII address when the
// app's mail_options already had SMTPUTF8, and a test should not fail here on what production takes.

/** RFC 3461 forbids repeating these; a repeat stays refused. */
const DSN_PARAMETERS = new Set(['NOTIFY', 'ORCPT', 'RET', 'ENVID']);

/**
 * Whether every parameter given more than once in this MAIL or RCPT line repeats one value, none of them DSN's.
 * Split as smtp-server splits it: the address, then parameters by white space, the keyword up to the first `=`.
 */
export function repeatsAlike(line: string): boolean {
	const [, ...parameters] = line.slice(line.indexOf(':') + 1).trim().split(/\s+/);
	const values = new Map<string, string>();
	for (const parameter of parameters) {
		const equals = parameter.indexOf('=');
		const keyword = (equals === -1 ? parameter : parameter.slice(0, equals)).toUpperCase();
		const value = equals === -1 ? '' : parameter.slice(equals + 1);
		const earlier = values.get(keyword);
		if (earlier !== undefined && (earlier !== value || DSN_PARAMETERS.has(keyword))) return false;
		values.set(keyword, value);
	}
	return true;
}
