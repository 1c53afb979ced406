// The dashboard's --transcript FILE: the session's log written to FILE when the dashboard closes, as Ctrl+O would
// save it (the same formats), in place as send writes its --transcript: a session is kept without Ctrl+O.
import {formatOfExtension, parseTranscriptFormat} from '../headless/transcript-format.js';
import {writeTranscriptFile} from '../headless/transcript-file.js';
import {formatTranscript, type TranscriptFormat} from '../headless/transcript.js';
import {refuseUnwritable} from '../headless/writable.js';
import type {SmtpDriver} from '../session/driver.js';
import {UsageError} from '../headless/command.js';
import {escapeUnsafe} from '../text/escape.js';

export type ExitTranscript = {file: string; format: TranscriptFormat};

/**
 * --transcript FILE checked before the dashboard opens: not empty, writable (nothing is made or emptied yet). Its
 * format: --transcript-format (which Ctrl+O uses too), else FILE's extension (`.md`, `.json`/`.jsonl`), else text.
 */
export function exitTranscriptOf(flags: Record<string, unknown>): ExitTranscript | undefined {
	if (flags.transcript === undefined) return undefined;
	const file = String(flags.transcript);
	if (file.trim() === '') throw new UsageError('--transcript is empty', 'give a file name, or leave --transcript out (Ctrl+O saves the transcript at any time)');
	// The screen is on standard output: the transcript goes to a file.
	if (file === '-') throw new UsageError('--transcript -: the dashboard writes its transcript to a file when it closes', 'give a file name, e.g. --transcript session.txt (a file named "-" is ./-)');
	refuseUnwritable('--transcript', file);
	return {file, format: parseTranscriptFormat(flags.transcriptFormat ?? formatOfExtension(file))};
}

/** Writes it; the line for the main screen: where it went, or (`failed`) why it did not. */
export function writeExitTranscript(driver: SmtpDriver, transcript: ExitTranscript): {line: string; failed: boolean} {
	const {host, port, lmtp} = driver.options;
	const content = formatTranscript(driver.log.entries, transcript.format, {host, port, date: new Date(), ...(lmtp && {lmtp: true})});
	const failure = writeTranscriptFile(transcript.file, content);
	return failure === undefined ? {line: `smtp-tui: transcript written to ${escapeUnsafe(transcript.file)}\n`, failed: false} : {line: `smtp-tui: ${failure}\n`, failed: true};
}
