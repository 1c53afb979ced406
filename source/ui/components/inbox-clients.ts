// A room's messages in smtp-tui inbox: thirty students sending with the same From header look alike in the list.
// Where a sender is shared by messages from different client addresses off loopback, each row names its client's
// address beside the sender; a developer's own app on loopback gets none (every row would say 127.0.0.1).
import {isLoopback} from '../../transport/loopback.js';
import type {InboxItem} from './inbox.js';
import {senderForms} from './inbox-sender.js';

/** The items, each with `via` (its client's address) where its sender is shared by another client off loopback. */
export function withClientAddresses(items: readonly InboxItem[], addressOf: (item: InboxItem) => string | undefined): InboxItem[] {
	const addresses = new Map<string, Set<string>>();
	const known = items.map(item => {
		const address = addressOf(item);
		const sender = senderOf(item);
		if (address !== undefined) addresses.set(sender, (addresses.get(sender) ?? new Set()).add(address));
		return {item, sender, address};
	});
	// Decided once per sender: a burst of mail from one app is a thousand rows of the same one.
	const shared = new Map([...addresses].map(([sender, seen]) => [sender, seen.size > 1 && [...seen].some(other => !isLoopback(other))]));
	return known.map(({item, sender, address}) => (shared.get(sender) && address !== undefined ? {...item, via: address} : item));
}

/** A row's sender (its fullest form), worked out once per row: the list is gone over at each refresh. */
const senders = new WeakMap<InboxItem, string>();
function senderOf(item: InboxItem): string {
	let sender = senders.get(item);
	if (sender === undefined) senders.set(item, (sender = senderForms(item)[0]));
	return sender;
}
