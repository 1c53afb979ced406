// GET /api/v1/search?query=: the part of Mailpit's search syntax that means the same on the sandbox's records. Words
// and "quoted phrases" are found as the inbox's filter finds them (message-match.ts), all of them; to:, from:,
// subject: and message-id: look in that field alone; has:attachment finds the messages with a file attached; - or !
// before a term excludes the messages that have it. What the sandbox keeps nothing of (read status, tags, dates,
// sizes, inline images) is refused by name, not matched as text.
import {HttpError} from './http-json.js';
import {messageMatches, searchTerm, type Searchable} from './message-match.js';

/** A captured message as a search reads it: its text, and whether it has a file attached (see bodyMarks). */
type Searched = Searchable & {attachment?: true};

export type SearchQuery = (message: Searched) => boolean;

const NO_TEXT: Searchable = {from: '', to: [], subject: ''};

/** Each field a prefix narrows a term to, as a Searchable with that field alone. */
const FIELDS: Record<string, (message: Searchable) => Searchable> = {
	to: ({to}) => ({...NO_TEXT, to}),
	from: ({from, author}) => ({...NO_TEXT, from, ...(author && {author})}),
	addressed: ({from, author, to}) => ({...NO_TEXT, from, to, ...(author && {author})}),
	subject: ({subject}) => ({...NO_TEXT, subject}),
	'message-id': ({messageId}) => ({...NO_TEXT, ...(messageId !== undefined && {messageId})}),
};

/** Mailpit's other prefixes, and why the sandbox cannot answer them. */
const REFUSED: Record<string, string> = {
	cc: 'the sandbox keeps the envelope recipients, not which header named them: to: finds a To, Cc or Bcc recipient',
	bcc: 'the sandbox keeps the envelope recipients, not which header named them: to: finds a To, Cc or Bcc recipient',
	'reply-to': 'the sandbox does not index Reply-To: a plain word finds it in the text only',
	tag: 'the sandbox has no tags',
	is: 'the sandbox keeps no read status or tags',
	before: 'dates are not searched: messages are listed newest first, with Created',
	after: 'dates are not searched: GET /api/smtp-tui/wait?after=ID waits for messages numbered after ID',
	larger: 'sizes are not searched: each message\'s Size is listed',
	smaller: 'sizes are not searched: each message\'s Size is listed',
};

/**
 * Mailpit's has: values the sandbox answers: the list's `attach` mark, read at arrival (an inline image is no
 * attachment, as Mailpit counts them).
 */
const HAS: Record<string, SearchQuery> = {
	attachment: message => message.attachment === true,
	attachments: message => message.attachment === true,
};

/** A term: an optional - or !, an optional prefix, then a "quoted phrase" or a word. */
const TERM = /([-!]?)(?:([a-z-]+):)?(?:"([^"]*)"?|(\S+))/gi;

export function parseSearch(query: string): SearchQuery {
	const tests: SearchQuery[] = [];
	for (const [, not, prefix, phrase, word] of query.matchAll(TERM)) {
		const field = prefix?.toLowerCase();
		if (field !== undefined && REFUSED[field] !== undefined) {
			throw new HttpError(400, `search: ${field}: is not understood here (${REFUSED[field]})`, 'smtp-tui understands words, "quoted phrases", to:, from:, addressed:, subject:, message-id:, has:attachment, and - before a term to exclude it');
		}
		if (field === 'has') {
			const value = (phrase ?? word ?? '').toLowerCase();
			const has = HAS[value];
			if (has === undefined) throw new HttpError(400, `search: has:${value} is not understood here (the sandbox knows which messages have a file attached, not their inline images)`, 'has:attachment finds the messages with a file attached, -has:attachment those without');
			tests.push(not ? message => !has(message) : has);
			continue;
		}
		// A word with a colon that is no prefix (https://…) is a word.
		const known = field !== undefined && FIELDS[field] !== undefined;
		const term = searchTerm(known ? (phrase ?? word ?? '') : `${prefix === undefined ? '' : `${prefix}:`}${phrase ?? word ?? ''}`);
		if (term === '') continue;
		const view = known ? FIELDS[field]! : (message: Searchable) => message;
		tests.push(not ? message => !messageMatches(view(message), term) : message => messageMatches(view(message), term));
	}
	return message => tests.every(test => test(message));
}
