// Postfix's postscreen (the guard in front of smtpd) with its "deep protocol tests" on: a new client that passes
// them is still turned away at RCPT in that first session, and let through at once in the next one. Seen live from
// Postfix 3.7.11 (test/fixtures/interop/postfix.txt): "450 4.3.2 Service currently unavailable" to every RCPT.
import {enhancedOf} from './enhanced-code.js';
import type {Reply} from './types.js';

/** Postscreen's reply to RCPT in a first session after its deep protocol tests: neither the recipient nor an outage. */
export function postscreenFirstContact(reply: Pick<Reply, 'code' | 'enhanced' | 'lines'>): boolean {
	return reply.code === 450 && enhancedOf(reply) === '4.3.2' && /^service currently unavailable$/i.test(reply.lines.join(' ').trim());
}

/** What it means and what to do, for the reply's explanation and the failure's words. */
export const POSTSCREEN_FIRST_CONTACT =
	"Postfix's postscreen turns away a new client's first session after its protocol tests, not the recipient: connect again now and the next session goes through";
