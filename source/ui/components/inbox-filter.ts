// The inbox's filter (/): a line typed at the top of the list, which narrows it as it is typed, to the messages whose
// subject, sender, recipients or text have it (see message-match). Enter keeps it, Esc clears it.
import {searchTerm, searchText, textMatches} from '../../sandbox/message-match.js';
import type {InboxItem} from './inbox.js';
import {COMMAND_EDIT} from './command-line-state.js';
import {createText, editText, textValue, type EditAction, type TextEditorState} from './text-editor-state.js';

/** `typing`: the line takes the keys; else the list does, narrowed by it. */
export type InboxFilter = {line: TextEditorState; typing: boolean};

/** The filter as the list shows it: with the count of every message listed, for "12 of 341". */
export type ShownFilter = InboxFilter & {total: number};

/** Whether the filter's line is drawn: a panel of one row (not focused, at 24 rows) shows the selected message instead. */
export const filterShown = <Filter extends InboxFilter>(height: number, filter: Filter | undefined): filter is Filter => filter !== undefined && height >= 2;

/** The list's rows under the filter's line, where it is drawn. */
export const listRows = (height: number, filter: InboxFilter | undefined) => Math.max(0, height - (filterShown(height, filter) ? 1 : 0));

/** `/` again reopens the filter kept, its cursor at the end; none kept: an empty one. */
export const openFilter = (filter: InboxFilter | undefined): InboxFilter => ({line: filter?.line ?? createText('', {multiline: false}), typing: true});

/** Enter: the list takes the keys again, narrowed; an empty filter is no filter. */
export const keepFilter = (filter: InboxFilter | undefined): InboxFilter | undefined => (filter === undefined || filterTerm(filter) === '' ? undefined : {...filter, typing: false});

/**
 * The line edited as a command line is (one line, no control characters, a pasted line break a space), and a tab a
 * space too: text copied from a table or a mail program's list has tabs between its words, which no subject has.
 */
export const editFilter = (filter: InboxFilter, action: EditAction): InboxFilter => ({...filter, line: editText(filter.line, action.type === 'insert' ? {...action, text: action.text.replaceAll('\t', ' ')} : action, COMMAND_EDIT)});

const filterTerm = (filter: InboxFilter | undefined) => (filter === undefined ? '' : searchTerm(textValue(filter.line)));

/** The last list narrowed, by its items and term: every key asks for it several times, and a list can be 10,000 long. */
let last: {items: readonly InboxItem[]; term: string; shown: readonly InboxItem[]} | undefined;

/**
 * A listed message's search text, by its number (with its arrival: a sandbox started again numbers from 1 again),
 * made once: new mail makes every row anew, and lowering 10,000 texts again at each arrival would cost more than the
 * search. Made again once its body's text is read, when that came after its row (see Mailbox.readTextsLater). With
 * it, the last term it was searched for and whether it had it. Those of messages let go are dropped once they are as
 * many as those listed.
 */
type Searched = {at: number; body: string | undefined; text: string; term: string; has: boolean};
const byId = new Map<string, Searched>();

function searched(item: InboxItem): Searched {
	const known = byId.get(item.id);
	if (known?.at === item.receivedAt && known.body === item.text) return known;
	const made = {at: item.receivedAt, body: item.text, text: searchText(item), term: '', has: true};
	byId.set(item.id, made);
	return made;
}

/**
 * Whether the message has `term`, its text searched only where its last search cannot tell: a message without "ann"
 * has no "anna" (a key typed on), one with "anna" has "ann" (Backspace), and new mail changes no other message's
 * answer. With bodies searched, a search of every text takes ~5 ms at 10,000 messages (bench/inbox-filter).
 */
function has(entry: Searched, term: string): boolean {
	if (entry.term === term) return entry.has;
	const known = entry.has ? entry.term.includes(term) : term.includes(entry.term);
	entry.has = known ? entry.has : textMatches(entry.text, term);
	entry.term = term;
	return entry.has;
}

/** The messages the list shows: all of them, or those the filter names (in their order). */
export function filteredItems(items: readonly InboxItem[], filter: InboxFilter | undefined): readonly InboxItem[] {
	const term = filterTerm(filter);
	if (term === '') return items;
	if (last?.items === items && last.term === term) return last.shown;
	const shown = items.filter(item => has(searched(item), term));
	if (byId.size > 2 * items.length) {
		const listed = new Set(items.map(item => item.id));
		for (const id of byId.keys()) if (!listed.has(id)) byId.delete(id);
	}
	last = {items, term, shown};
	return shown;
}
