// An opened message's tab as the list of its lines, the body split as the view splits it (at CRLF or LF).
import {tabLines, type InboxMessage, type InboxTab} from '../../source/ui/components/inbox.js';

export function messageLines(message: InboxMessage, tab: InboxTab): string[] {
	const {before, body, after} = tabLines(message, tab);
	return [...before, ...(body === undefined ? [] : body.split(/\r?\n/)), ...after];
}
