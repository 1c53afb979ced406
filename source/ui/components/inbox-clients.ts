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
		const sender = senderForms(item)[0];
		if (address !== undefined) addresses.set(sender, (addresses.get(sender) ?? new Set()).add(address));
		return {item, sender, address};
	});
	return known.map(({item, sender, address}) => {
		const seen = [...(addresses.get(sender) ?? [])];
		const shared = seen.length > 1 && seen.some(other => !isLoopback(other));
		return shared && address !== undefined ? {...item, via: address} : item;
	});
}
