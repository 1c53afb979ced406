// What the sandbox captured, as a lesson reads it: each message's envelope beside the addresses its headers name, read
// from the mailbox (never from the lines typed), so lesson 4 ticks a Bcc or another sender from what arrived.
import addressparser, {type Address} from 'nodemailer/lib/addressparser';
import {scanField} from '../sandbox/header-scan.js';
import type {CapturedMessageSummary} from '../sandbox/mailbox-types.js';
import {addressKey} from '../smtp/address-key.js';

export type Captured = {
	id: number;
	/** MAIL FROM ('' for the null sender) and RCPT TO, as the server took them. */
	mailFrom: string;
	rcptTo: readonly string[];
	/** The From header's address, if it names one. */
	from?: string;
	/** The addresses its To, Cc and Bcc headers name (none when its body is no longer kept). */
	named: readonly string[];
};

/** The fields the inbox reads a message's recipients from (a Bcc field kept in the message names one too). */
const RECIPIENT_FIELDS = ['to:', 'cc:', 'bcc:'].map(name => Buffer.from(name));

/** The addresses of a header value, groups' members too; none for a value the parser cannot read. */
function addressesOf(value: string | undefined): string[] {
	if (value === undefined) return [];
	const flat = (entries: readonly Address[]): string[] => entries.flatMap(entry => (entry.group ? flat(entry.group) : entry.address ? [entry.address] : []));
	try {
		return flat(addressparser(value));
	} catch {
		return [];
	}
}

/**
 * The messages listed, each with what its headers name. `raw`: a message's bytes while the mailbox holds them. `read`:
 * those read before, by summary (the mailbox keeps a message's summary), so each message's headers are read once.
 */
export function capturedOf(list: readonly CapturedMessageSummary[], raw: (id: number) => Buffer | undefined, read: WeakMap<CapturedMessageSummary, Captured>): Captured[] {
	return list.map(message => {
		const known = read.get(message);
		if (known) return known;
		const bytes = raw(message.id);
		const named = bytes ? RECIPIENT_FIELDS.flatMap(field => addressesOf(scanField(bytes, field))) : [];
		const captured = {id: message.id, mailFrom: message.from, rcptTo: message.to, ...(message.author && {from: message.author.address}), named};
		read.set(message, captured);
		return captured;
	});
}

const same = (a: string, b: string) => addressKey(a) === addressKey(b);

/** An envelope recipient its headers leave out, where they name someone: a Bcc, as the inbox marks it. */
export const hasBcc = (message: Captured): boolean => message.named.length > 0 && message.rcptTo.some(recipient => !message.named.some(address => same(address, recipient)));

/** A From header that names another address than MAIL FROM, as the inbox marks it. */
export const fromDiffers = (message: Captured): boolean => message.from !== undefined && message.mailFrom !== '' && !same(message.from, message.mailFrom);
