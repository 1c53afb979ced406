// Which captured messages a search names: the inbox's filter (/ in the dashboard and in `smtp-tui inbox`) and
// `inbox --wait --match` read it alike. What a list row shows, its Message-ID, and its text and links as read at
// arrival (see messageText): a search over 10,000 messages stays a string search per message, with nothing parsed.
import {composed} from '../smtp/composed-text.js';
import {asciiAddress, unicodeAddress} from '../message/idna.js';
import type {MessageAuthor} from './mailbox-types.js';

export type Searchable = {from: string; author?: MessageAuthor; to: readonly string[]; subject: string; messageId?: string; text?: string; links?: readonly string[]};

/** Between fields: a search never matches across two of them (neither the filter's line nor --match takes a NUL). */
const APART = '\u0000';

/**
 * An address as stored and with an internationalised domain in its other form: punycode as a row shows it (in
 * Unicode), Unicode (sent with SMTPUTF8) as curl and nodemailer write it (xn--), so a search in either form finds both.
 * Made once per message in the inbox; the query is left as typed, so a part of a label still finds it.
 */
function addressText(address: string): string {
	const other = unicodeAddress(address) ?? asciiAddress(address);
	return other === undefined ? address : address + APART + other;
}

/**
 * What a search looks in, lower case and composed (NFC): the subject, the From header's name and address, the
 * envelope sender and recipients (RCPT TO: the To and Cc addresses, and Bcc ones), the Message-ID, the text and the
 * links (an HTML link's target is in no text). Joined by hand: with arrays spread and flattened, the first search of
 * 10,000 messages took several times as long (bench/inbox-filter).
 */
export function searchText(message: Searchable): string {
	let text = message.subject + APART + (message.author?.name ?? '') + APART + addressText(message.from);
	if (message.author) text += APART + addressText(message.author.address);
	for (const address of message.to) text += APART + addressText(address);
	text += APART + (message.messageId ?? '') + APART + (message.text ?? '');
	for (const link of message.links ?? []) text += APART + link;
	return composed(text.toLowerCase());
}

/**
 * A search as typed, as it is compared: its ends' blanks dropped, in any case, and composed as the text is (NFC): café
 * typed or pasted from macOS (e and an accent) finds café written either way.
 */
export const searchTerm = (typed: string) => composed(typed.trim().toLowerCase());

/** Whether `text` (see searchText) has the search term (see searchTerm); an empty term: every message. */
export const textMatches = (text: string, term: string) => term === '' || text.includes(term);

/** Whether `message` has the search term in its subject, sender, recipients, Message-ID, text or links. */
export const messageMatches = (message: Searchable, term: string) => textMatches(searchText(message), term);
