// What a refusal of a delivery request says (RFC 3461 DSN parameters, RFC 8689 REQUIRETLS), where the code alone
// ("parameters not recognized", "syntax error") would not say which parameter or why.
import type {Reply} from './types.js';

const DSN_PARAMETER = /\b(NOTIFY|ORCPT|RET|ENVID)\b/i;

/** What each DSN parameter may hold, for a value the server refused. */
const VALUES: Record<string, string> = {
	NOTIFY: 'NEVER, or any of SUCCESS, FAILURE, DELAY',
	ORCPT: 'an address type, ";" and the address in xtext, e.g. rfc822;user@example.org',
	RET: 'FULL or HDRS',
	ENVID: 'printable ASCII in xtext, at most 100 characters',
};

/** Advice for a reply that names a DSN parameter or REQUIRETLS, or carries X.7.30; else undefined. */
export function deliveryRequestAdvice(reply: Reply, text: string, enhanced: string | undefined): string | undefined {
	if (reply.code < 500) return undefined;
	if (/\.7\.30$/.test(enhanced ?? '') || /\bREQUIRETLS\b/i.test(text)) {
		return 'REQUIRETLS (RFC 8689) cannot be honoured here: the message asked for TLS on every hop, and it must not go without it; send it without --require-tls only if it may travel in clear';
	}
	const named = DSN_PARAMETER.exec(text)?.[1]?.toUpperCase();
	if (named === undefined || (reply.code !== 555 && reply.code !== 501)) return undefined;
	if (reply.code === 555) return `the server does not take the DSN parameter ${named}= (RFC 3461): is DSN in its EHLO reply? without it, leave the --dsn flags out`;
	return `the server refused the value of the DSN parameter ${named}= (RFC 3461): it takes ${VALUES[named]}`;
}
