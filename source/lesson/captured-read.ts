// Reads what the sandbox captured into a lesson's `Captured` records. Apart from captured.ts, so the address parser
// loads when a lesson's panel first opens, not before the dashboard's first frame.
import addressparser, {type Address} from 'nodemailer/lib/addressparser';
import {scanField} from '../sandbox/header-scan.js';
import type {CapturedMessageSummary} from '../sandbox/mailbox-types.js';
import type {Captured} from './captured.js';

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
