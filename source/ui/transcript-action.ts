// Ctrl+O: the session's log written as a transcript file (secrets were redacted before they reached the log).
import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {writeFileAtomic} from '../message/atomic-write.js';
import {homeFolder} from '../message/user-folders.js';
import {describeWriteError} from '../text/file-errors.js';
import {formatTranscript, type TranscriptFormat} from '../headless/transcript.js';
import type {SmtpDriver} from '../session/driver.js';

/** A folder to save in, and how the footer names it when it is not the one smtp-tui started in. */
export type SaveFolder = {dir: string; name: string};

/**
 * `dir`: the folder smtp-tui started in. `fallbacks`: where the transcript goes when that one cannot take it
 * (default: the home folder, then the temp folder).
 */
export type TranscriptOptions = {format: TranscriptFormat; dir: string; fallbacks?: readonly SaveFolder[]};

const EXTENSION: Record<TranscriptFormat, string> = {text: 'txt', md: 'md', json: 'jsonl'};

/** The home folder (when there is one: a user with no passwd entry and HOME unset has none), then the temp folder. */
function defaultFallbacks(): SaveFolder[] {
	const temp = {dir: os.tmpdir(), name: 'the temp folder'};
	try {
		return [{dir: homeFolder(), name: 'your home folder'}, temp];
	} catch {
		return [temp];
	}
}

type Failure = {dir: string; reason: string};

/**
 * Writes smtp-tui-<date>.<ext> in the start folder, or else in the first fallback that takes it (the session is
 * what the user wants kept: restarting smtp-tui elsewhere would lose it), and returns the line for the footer.
 */
export async function saveTranscript(driver: SmtpDriver, options: TranscriptOptions, date = new Date()): Promise<string> {
	const entries = driver.log.entries;
	if (entries.length === 0) return 'nothing to save yet: the log is empty';
	const {host, port} = driver.options;
	const content = formatTranscript(entries, options.format, {host, port, date});
	const failures: Failure[] = [];
	const folders = [{dir: options.dir, name: ''}, ...(options.fallbacks ?? defaultFallbacks())];
	for (const [index, {dir, name}] of folders.entries()) {
		// The home folder may be the start folder, or the temp folder the home folder: each is tried once.
		if (folders.slice(0, index).some(earlier => path.resolve(earlier.dir) === path.resolve(dir))) continue;
		let file = freeName(dir, date, EXTENSION[options.format]);
		try {
			// Another dashboard in this folder may take the same name meanwhile (two panes, the same second): the next.
			while (!(await writeNew(file, content))) file = freeName(dir, date, EXTENSION[options.format]);
		} catch (error) {
			// Said of the folder, where it goes, not of the temporary file the write went through.
			failures.push({dir, reason: describeWriteError(file, error)});
			continue;
		}
		if (failures.length === 0) return `transcript saved: ${file}`;
		return `transcript saved in ${name}: ${file} (not in ${failures.map(failure => `${failure.dir}: ${failure.reason}`).join('; ')})`;
	}
	return notSaved(failures);
}

/** Writes `file` unless it is there already (false): an earlier transcript is never replaced. */
async function writeNew(file: string, content: string): Promise<boolean> {
	try {
		await writeFileAtomic(file, content, {replace: false});
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	}
}

/** smtp-tui-<date>.<ext>, or -2, -3... when taken: a save never replaces an earlier one, even within a second. */
function freeName(dir: string, date: Date, extension: string): string {
	const stamp = date.toISOString().replace(/[:.]/g, '-').replace(/-\d+Z$/, 'Z');
	let file = path.join(dir, `smtp-tui-${stamp}.${extension}`);
	for (let copy = 2; existsSync(file); copy++) file = path.join(dir, `smtp-tui-${stamp}-${copy}.${extension}`);
	return file;
}

/** Every folder tried and why it failed: one reason for all when they share it (a full disk holds them all). */
export function notSaved(failures: readonly Failure[]): string {
	const dirs = failures.map(failure => failure.dir);
	const folders = dirs.length > 1 ? `${dirs.slice(0, -1).join(', ')} or ${dirs.at(-1)!}` : (dirs[0] ?? '');
	const same = failures.every(failure => failure.reason === failures[0]?.reason);
	const why = same ? `in ${folders}: ${failures[0]?.reason ?? ''}` : failures.map(failure => `in ${failure.dir}: ${failure.reason}`).join('; nor ');
	return `transcript not saved ${why}; the session stays in the log: Ctrl+O tries again`;
}
