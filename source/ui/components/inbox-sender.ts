// Who sent a message, as an inbox row names it: the From header, as a mail reader lists it, not the envelope sender
// (an app's VERP or bounce return path, `bounces+u42=example.test@mail.myapp.test`, says nothing to a developer).
import {unicodeAddress} from '../../message/idna.js';
import type {MessageAuthor} from '../../sandbox/mailbox-types.js';
import {printable} from './display-text.js';

/** A row's sender for MAIL FROM:<> with no From header to name it. */
const NULL_SENDER = 'MAILER-DAEMON <>';

/** An address as a row shows it: an internationalised domain as typed (例え.テスト), not its punycode (the opened message shows both). */
export const shownAddress = (address: string) => printable(unicodeAddress(address) ?? address);

/**
 * The sender's forms for a row, fullest first: `Acme Support <support@myapp.test>`, then `Acme Support` where the
 * row is short. Without a From header (typed by hand) or one naming no address, the envelope sender; the null
 * sender's (a delivery report) named as mail programs name it.
 */
export function senderForms(item: {from: string; author?: MessageAuthor}): [string, ...string[]] {
	const {author} = item;
	if (!author) return [item.from === '' ? NULL_SENDER : shownAddress(item.from)];
	if (author.name === undefined) return [shownAddress(author.address)];
	const name = printable(author.name);
	return [`${name} <${shownAddress(author.address)}>`, name];
}
