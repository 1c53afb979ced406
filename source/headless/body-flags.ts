// --body and --html: text, a file (@FILE) or standard input (-), and the notes when what was given may not be what was meant.
import {UsageError} from './command.js';
import {shellWord} from '../message/profiles.js';
import {str} from './flag-values.js';
import {statOf} from './file-status.js';

export type BodyFlag = {kind: 'text'; text: string} | {kind: 'file'; path: string} | {kind: 'stdin'};

/** `\n` in --body TEXT is a line break and `\\` one backslash (so `\\n` stays `\n`); any other backslash is kept. */
const unescapeBody = (text: string) => text.replace(/\\([\\n])/g, (_escape, char: string) => (char === 'n' ? '\n' : '\\'));

/** --body's or --html's value (`flag`), given. */
function bodyFlag(value: string, flag: '--body' | '--html'): BodyFlag {
	if (value === '-' || value === '@/dev/stdin') return {kind: 'stdin'};
	// `@@`: a text that starts with a literal @ (`--body '@@team: deploy at 5'`), not a file.
	if (value.startsWith('@@')) return {kind: 'text', text: unescapeBody(value.slice(1))};
	if (value === '@') throw new UsageError(`${flag} @ names no file`, `give a file name after @ (or @@ for ${flag === '--body' ? 'a body' : 'HTML'} that starts with @)`);
	if (value.startsWith('@')) return {kind: 'file', path: value.slice(1)};
	return {kind: 'text', text: unescapeBody(value)};
}

/**
 * `--body body.txt` naming an existing file: swaks reads the file, smtp-tui sends the text. Said, and sent as
 * given: a one-word body may be meant (`--body ok`, with a file named ok about). Likewise `--html page.html`.
 */
export function bodyFileNote(value: string | undefined, body: BodyFlag | {kind: 'from-html'} | undefined, flag: '--body' | '--html'): string[] {
	if (body?.kind !== 'text' || value === undefined || !/^\S+$/.test(value) || !statOf(value)?.isFile()) return [];
	return [`warning: ${flag} ${value} is sent as the text "${value}"; to send the file's contents: ${flag} ${shellWord(`@${value}`)}`];
}

/**
 * --body and --html. Without --body, the text part is made from the HTML (said in the transcript); `--body ''` with
 * --html is no text part. Only one of them can read standard input.
 */
export function bodyFlags(flags: Record<string, unknown>): {body: BodyFlag | {kind: 'from-html'}; html?: BodyFlag; notes: string[]} {
	const [bodyValue, htmlValue] = [str(flags.body), str(flags.html)];
	if (htmlValue === undefined) return {body: bodyValue === undefined ? {kind: 'text', text: DEFAULT_BODY} : bodyFlag(bodyValue, '--body'), notes: []};
	if (htmlValue.trim() === '') throw new UsageError('--html is empty', "give the HTML, a file (--html @page.html), or leave --html out; --body '' with --html sends the HTML alone");
	const html = bodyFlag(htmlValue, '--html');
	if (bodyValue === undefined) return {body: {kind: 'from-html'}, html, notes: [FROM_HTML_NOTE]};
	const body = bodyFlag(bodyValue, '--body');
	if (body.kind === 'stdin' && html.kind === 'stdin') throw new UsageError('--body and --html both read standard input, which holds one of them', 'give the other as a file: e.g. --body - --html @page.html');
	return {body, html, notes: []};
}

const DEFAULT_BODY = 'This is a test message sent by smtp-tui.\n';

const FROM_HTML_NOTE = "note: the text/plain part is made from the HTML (links as [address]); --body gives your own, --body '' sends the HTML alone";
