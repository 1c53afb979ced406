// Refusals that sending services and submission servers word their own way, read from those words: a sending limit
// (Amazon SES's "454 Throttling failure"), a sender identity not verified with the service (SES, SendGrid), and mail
// taken only after a login (Exchange's "530 5.7.57 Client not authenticated to send mail"). Their codes alone read
// as something else: 454 as TLS unavailable, 554 as the message's content, 5.7.57 as no registered code at all.
import {enhancedOf} from './enhanced-code.js';
import type {Reply} from './types.js';

/**
 * SES's "454 Throttling failure: Maximum sending rate exceeded." and "… Daily message quota exceeded.", Microsoft
 * 365's "432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded" (messages at once), and the usual words of a
 * rate limit. Only a 4xx: a 5xx with such words refuses for good, and says how.
 */
const LIMIT = /throttl|rate limit|sending rate|(?:sending|message|daily|hourly) (?:quota|limit)|(?:quota|limit) exceeded|too many (?:messages|mails?|emails?)\b/i;

/**
 * A recipient's full mailbox says "quota exceeded" too (Postfix's and Exchange's "452 4.2.2 Mailbox quota exceeded",
 * Dovecot LMTP's "Quota exceeded (mailbox for user is full)"): that is the recipient's, not a limit of the sender's.
 */
const MAILBOX = /mailbox|\buser\b|recipient|over quota/i;

export function sendingLimit(reply: Pick<Reply, 'code' | 'lines' | 'enhanced'>): boolean {
	if (reply.code < 400 || reply.code >= 500) return false;
	const text = reply.lines.join(' ');
	return LIMIT.test(text) && !enhancedOf(reply)?.startsWith('4.2.') && !MAILBOX.test(text);
}

export const SENDING_LIMIT = 'a sending limit was reached (a rate, a quota or messages at once, of the server or the account, as its words say), not a fault of this message: temporary; send again later, or more slowly';

/**
 * SES's "554 Message rejected: Email address is not verified. The following identities failed the check in region
 * …", SendGrid's "550 The from address does not match a verified Sender Identity": the service sends only from
 * addresses (or domains) verified with it. An SES account still in its sandbox sends only to verified addresses too,
 * and names the recipient in the same words: so the advice points to the addresses the reply names, not the sender.
 */
const NOT_VERIFIED = /(?:address|identity|identities|domain|sender) (?:is |are )?not verified|not a verified|match a verified sender/i;

export function unverifiedAddress(reply: Pick<Reply, 'code' | 'lines'>): boolean {
	return reply.code >= 500 && NOT_VERIFIED.test(reply.lines.join(' '));
}

export const UNVERIFIED_ADDRESS = "an address of this message is not verified with this sending service (its words say so): the sender or From address, or, while an Amazon SES account is in its sandbox, also a recipient (SES's reply names which, and the region); verify that address or its domain with the service, or use one that is";

/**
 * A 530 whose words ask for a login ("Client not authenticated to send mail", Gmail's "Authentication Required"):
 * no sender or recipient is refused, every one is until a login. (A 530 that names STARTTLS is read as TLS first.)
 */
const NOT_LOGGED_IN = /not authenticated|authentication (?:is )?required|must (?:authenticate|log ?in)|requires? authentication/i;

export function loginFirst(reply: Pick<Reply, 'code' | 'lines'>, typed: boolean): string | undefined {
	if (reply.code !== 530 || !NOT_LOGGED_IN.test(reply.lines.join(' '))) return undefined;
	return `the server takes mail only from a logged-in client: ${typed ? 'type AUTH LOGIN (or AUTH PLAIN) first' : 'log in first (--user; in the dashboard, User and Password)'}`;
}
