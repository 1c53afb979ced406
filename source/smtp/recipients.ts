// The recipients of a transaction as the class counts them: an address asked again (a greylisted one, typed again
// after its 450) is one recipient. Its latest answer counts, except that an acceptance stands: a 250 to RCPT cannot
// be withdrawn, so a later refusal of the same address refuses only that second RCPT.
import {addressKey} from './address-key.js';
import type {RecipientResult} from './types.js';

/** Each address once, where it was first asked: accepted once, accepted; else its latest answer (or, asked but not answered yet, none). */
export function latestAnswers(recipients: readonly RecipientResult[]): RecipientResult[] {
	const byAddress = new Map<string, RecipientResult>();
	for (const recipient of recipients) {
		const key = addressKey(recipient.address);
		const known = byAddress.get(key);
		// Asked again and not answered yet: the answer it had still stands until the new one comes.
		const stands = known !== undefined && (known.accepted === true || (recipient.reply === undefined && known.reply !== undefined));
		if (!stands) byAddress.set(key, recipient);
	}
	return [...byAddress.values()];
}
