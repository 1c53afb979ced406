// `send --data -` (or --body -, --html -) with nothing piped in reads the terminal, as cat does: said first, so that
// the wait for typing is not taken for a hang.
import type {SendSettings} from './send-options.js';

/** What to type and how to end it, where standard input is a terminal the message is read from; else undefined. */
export function terminalInputHint(settings: Pick<SendSettings, 'data' | 'body' | 'html' | 'json'>, terminal: boolean): string | undefined {
	// --json keeps stderr empty, a person at a terminal or not.
	if (!terminal || settings.json) return undefined;
	const read = settings.data?.kind === 'stdin' ? ['--data -', 'the message (headers, a blank line, the body)'] : settings.body.kind === 'stdin' ? ['--body -', 'the body'] : settings.html?.kind === 'stdin' ? ['--html -', 'the HTML body'] : undefined;
	if (!read) return undefined;
	const end = process.platform === 'win32' ? 'Ctrl+Z and Enter on a line of its own' : 'Ctrl+D at the start of a line';
	return `${read[0]} reads ${read[1]} from the terminal: type it, then ${end} to send it (Ctrl+C stops, sending nothing)`;
}
