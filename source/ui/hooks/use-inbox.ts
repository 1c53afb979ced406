// The sandbox mailbox as inbox rows, and the selected message parsed (lazily, mailparser) while it is open.
import {useEffect, useMemo, useState, useSyncExternalStore} from 'react';
import type {Mailbox} from '../../sandbox/mailbox.js';
import type {InboxItem, InboxMessage} from '../components/inbox.js';

function rows(mailbox: Mailbox): InboxItem[] {
	return mailbox.list().map(({id, from, to, subject, size, receivedAt}) => ({id: String(id), from, to, subject, size, receivedAt}));
}

/** A stable snapshot per mailbox change (useSyncExternalStore needs the same array until something changes). */
function itemsStore(mailbox: Mailbox | undefined) {
	let items: InboxItem[] = mailbox ? rows(mailbox) : [];
	return {
		subscribe(listener: () => void) {
			if (!mailbox) return () => {};
			return mailbox.subscribe(() => {
				items = rows(mailbox);
				listener();
			});
		},
		get: () => items,
	};
}

/** Undefined without a sandbox; an empty inbox while one is starting (`expected`), so the layout does not jump. */
export function useInbox(
	mailbox: Mailbox | undefined,
	selected: number,
	open: boolean,
	expected = mailbox !== undefined,
): {items: readonly InboxItem[]; message?: InboxMessage} | undefined {
	const store = useMemo(() => itemsStore(mailbox), [mailbox]);
	const items = useSyncExternalStore(store.subscribe, store.get);
	const [message, setMessage] = useState<{id: string; view: InboxMessage} | undefined>(undefined);
	const id = items[Math.min(selected, items.length - 1)]?.id;
	useEffect(() => {
		if (!mailbox || !open || id === undefined || message?.id === id) return;
		let current = true;
		mailbox.parse(Number(id)).then(
			view => current && setMessage({id, view}),
			(error: unknown) => {
				// Said in every view: the headers view opens first, and a blank one reads as an empty message.
				const note = `(cannot show this message: ${error instanceof Error ? error.message : String(error)})`;
				if (current) setMessage({id, view: {headerLines: [{key: 'note', line: note}], text: note, attachments: [], raw: note}});
			},
		);
		return () => {
			current = false;
		};
	}, [mailbox, open, id, message?.id]);
	if (!mailbox) return expected ? {items} : undefined;
	return {items, ...(open && message && message.id === id && {message: message.view})};
}
