// Ctrl+O: the session's log written as a transcript file (secrets were redacted before they reached the log).
import {existsSync} from 'node:fs';
import path from 'node:path';
import {writeFileAtomic} from '../message/atomic-write.js';
import {describeWriteError} from '../text/file-errors.js';
import {formatTranscript, type TranscriptFormat} from '../headless/transcript.js';
import type {SmtpDriver} from '../session/driver.js';

export type TranscriptOptions = {format: TranscriptFormat; dir: string};

const EXTENSION: Record<TranscriptFormat, string> = {text: 'txt', md: 'md', json: 'jsonl'};

/** Writes smtp-tui-<date>.<ext> in the folder and returns the line for the footer. */
export async function saveTranscript(driver: SmtpDriver, options: TranscriptOptions, date = new Date()): Promise<string> {
	const entries = driver.log.entries;
	if (entries.length === 0) return 'nothing to save yet: the log is empty';
	const stamp = date.toISOString().replace(/[:.]/g, '-').replace(/-\d+Z$/, 'Z');
	const extension = EXTENSION[options.format];
	// Two saves within a second get -2, -3...: a save never replaces an earlier one.
	let file = path.join(options.dir, `smtp-tui-${stamp}.${extension}`);
	for (let copy = 2; existsSync(file); copy++) file = path.join(options.dir, `smtp-tui-${stamp}-${copy}.${extension}`);
	const {host, port} = driver.options;
	try {
		await writeFileAtomic(file, formatTranscript(entries, options.format, {host, port, date}));
	} catch (error) {
		// Said of the dashboard's working folder, where it goes, not of the temporary file the write went through.
		return `transcript not saved in ${options.dir}: ${describeWriteError(file, error)}; start smtp-tui in a folder you can write to`;
	}
	return `transcript saved: ${file}`;
}
