// The recipients of a transaction as the class counts them: an address asked again (a greylisted one, typed again
// after its 450) is one recipient, and its latest answer is the one that counts.
import {addressKey} from '../message/address-key.js';
import type {RecipientResult} from './types.js';

/** Each address once, where it was first asked, with its latest answer (or, asked but not answered yet, no answer). */
export function latestAnswers(recipients: readonly RecipientResult[]): RecipientResult[] {
	const byAddress = new Map<string, RecipientResult>();
	for (const recipient of recipients) {
		const key = addressKey(recipient.address);
		const known = byAddress.get(key);
		// Asked again and not answered yet: the answer it had still stands until the new one comes.
		if (known === undefined || recipient.reply !== undefined || known.reply === undefined) byAddress.set(key, recipient);
	}
	return [...byAddress.values()];
}
