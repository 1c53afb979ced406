// What the sandbox captured, as a lesson reads it: each message's envelope beside the addresses its headers name, read
// from the mailbox (never from the lines typed), so lesson 4 ticks a Bcc or another sender from what arrived.
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

const same = (a: string, b: string) => addressKey(a) === addressKey(b);

const named = (message: Captured, recipient: string) => message.named.some(address => same(address, recipient));

/** An envelope recipient its headers leave out, where they name someone: a Bcc, as the inbox marks it. */
const hasBcc = (message: Captured): boolean => message.named.length > 0 && message.rcptTo.some(recipient => !named(message, recipient));

/** A Bcc beside a recipient its headers name: not a To: that names someone the envelope has not. */
export const bccBesideTo = (message: Captured): boolean => hasBcc(message) && message.rcptTo.some(recipient => named(message, recipient));

/** A From header that names another address than MAIL FROM, as the inbox marks it. */
export const fromDiffers = (message: Captured): boolean => message.from !== undefined && message.mailFrom !== '' && !same(message.from, message.mailFrom);
