// GET /api/smtp-tui/wait: a long poll, so that a test waits for its mail without polling. As inbox --wait --match: the
// newest message that matches (numbered after `after`), once its DKIM, SPF and DMARC are checked, or as it is at the
// deadline; none by then is undefined.
import type {Mailbox} from './mailbox.js';
import {stillChecking} from './message-record.js';
import type {SearchQuery} from './http-search.js';

type WaitRequest = {matches: SearchQuery; after: number; timeoutMs: number};

/** The number of the message waited for; undefined at the deadline without one, or once `cancel` aborts. */
export function waitForMessage(mailbox: Mailbox, {matches, after, timeoutMs}: WaitRequest, cancel: AbortSignal): Promise<number | undefined> {
	return new Promise(resolve => {
		let timer: NodeJS.Timeout | undefined;
		const finish = (id: number | undefined) => {
			clearTimeout(timer);
			unsubscribe();
			cancel.removeEventListener('abort', onAbort);
			resolve(id);
		};
		const onAbort = () => finish(undefined);
		/** `last`: the deadline, where a message still being checked is taken as it is. */
		const look = (last: boolean) => {
			const list = mailbox.list();
			for (let index = list.length - 1; index >= 0 && list[index]!.id > after; index--) {
				const record = mailbox.record(list[index]!.id);
				if (!record || !matches(record)) continue;
				// The newest match is the one: an older one is not taken while it is checked.
				if (!last && stillChecking(record)) return false;
				finish(record.id);
				return true;
			}
			if (last) finish(undefined);
			return last;
		};
		const unsubscribe = mailbox.subscribe(() => look(false));
		if (cancel.aborted) return finish(undefined);
		if (look(false)) return;
		cancel.addEventListener('abort', onAbort);
		timer = setTimeout(() => look(true), timeoutMs);
	});
}
