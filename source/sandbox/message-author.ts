// Who a message says it is from: its From header's mailbox, read at arrival for the inbox list (a mail reader lists
// the From header, not the envelope sender, which a VERP or bounce address makes unreadable).
import addressparser, {type Address, type MailboxAddress} from 'nodemailer/lib/addressparser';
import {decodeEncodedWords, scanFrom} from './header-scan.js';
import type {MessageAuthor} from './mailbox-types.js';

/** The first mailbox with an address, a group's members included ("Team: a@x, b@y;" is a@x). */
function firstMailbox(entries: readonly Address[]): MailboxAddress | undefined {
	for (const entry of entries) {
		const found = entry.group ? firstMailbox(entry.group) : entry.address ? entry : undefined;
		if (found) return found;
	}
	return undefined;
}

const ADDRESS = "[A-Za-z0-9!#$%&'*+/^_`{|}~.-]+@[A-Za-z0-9.-]+";
/**
 * The usual From headers, a bare address or a plain name and an address in angle brackets, which addressparser reads
 * the same way at ~10 times the cost (it runs for every message the sandbox takes). Others go to addressparser.
 */
const SIMPLE_FROM = new RegExp(`^(?:(${ADDRESS})|(?:([A-Za-z0-9'_-]+(?: [A-Za-z0-9'_-]+)*) )?<(${ADDRESS})>)$`);

/**
 * The From header's (first) mailbox, its display name's encoded words decoded; undefined for a message with no From
 * header (one typed by hand) or one naming no address, where the list shows the envelope sender instead.
 */
export function messageAuthor(header: Buffer): MessageAuthor | undefined {
	const value = scanFrom(header);
	if (value === undefined) return undefined;
	const simple = SIMPLE_FROM.exec(value);
	if (simple) return {address: (simple[1] ?? simple[3])!, ...(simple[2] !== undefined && {name: simple[2]})};
	let mailbox: MailboxAddress | undefined;
	try {
		mailbox = firstMailbox(addressparser(value));
	} catch {
		return undefined;
	}
	if (!mailbox) return undefined;
	const name = decodeEncodedWords(mailbox.name).trim();
	return {address: mailbox.address, ...(name !== '' && name !== mailbox.address && {name})};
}

/** A record's author as loaded from a `.json` (written by an older version, or by hand): kept only when well formed. */
export function knownAuthor(value: unknown): MessageAuthor | undefined {
	const author = value as Partial<MessageAuthor> | null | undefined;
	if (typeof author !== 'object' || author === null || typeof author.address !== 'string') return undefined;
	return {address: author.address, ...(typeof author.name === 'string' && {name: author.name})};
}
