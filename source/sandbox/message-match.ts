// Which captured messages a search names: the inbox's filter (/ in the dashboard and in `smtp-tui inbox`) and
// `inbox --wait --match` read it alike. What a list row shows, never the body: a search over 10,000 messages stays a
// string search per message, with nothing parsed.
import {unicodeAddress} from '../message/idna.js';
import type {MessageAuthor} from './mailbox-types.js';

export type Searchable = {from: string; author?: MessageAuthor; to: readonly string[]; subject: string};

/** Between fields: a search never matches across two of them (neither the filter's line nor --match takes a NUL). */
const APART = '\u0000';

/** An address as stored (an internationalised domain as punycode) and as a row shows it (in Unicode). */
const addressForms = (address: string) => [address, unicodeAddress(address) ?? ''];

const known = new WeakMap<Searchable, string>();

/**
 * What a search looks in, lower case: the subject, the From header's name and address, the envelope sender and
 * recipients (RCPT TO: the To and Cc addresses, and Bcc ones). Kept per message object.
 */
function searchText(message: Searchable): string {
	const kept = known.get(message);
	if (kept !== undefined) return kept;
	const addresses = [message.from, message.author?.address ?? '', ...message.to].flatMap(addressForms);
	const text = [message.subject, message.author?.name ?? '', ...addresses].join(APART).toLowerCase();
	known.set(message, text);
	return text;
}

/** A search as typed, as it is compared: its ends' blanks dropped, in any case. */
export const searchTerm = (typed: string) => typed.trim().toLowerCase();

/** Whether `message` has the search term (see searchTerm) in its subject, sender or recipients; an empty term: every message. */
export const messageMatches = (message: Searchable, term: string) => term === '' || searchText(message).includes(term);
