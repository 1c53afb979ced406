// `smtp-tui inbox --save-dir DIR --wait N`: the flags of reading a running serve's saved messages from a script.
// This mode starts no server, so serve's other flags would be silently ignored: each is refused by name instead.
import path from 'node:path';
import {UsageError} from './command.js';
import {flagNumber, flagSeconds, kebab} from './flags.js';
import {refuseFile} from './serve-options.js';
import {WAIT_ONLY} from './inbox-flags.js';

export type InboxWaitOptions = {
	/** Absolute: said as such in every line, as serve's `saved as` paths are. */
	dir: string;
	/** Messages to wait for: 0 lists those there now. */
	count: number;
	timeoutMs: number;
	json: boolean;
};

/** Long enough for an app's test to send, short enough that a pipeline whose app sends nothing fails in time. */
const WAIT_DEFAULT_SECONDS = 30;
const MAX_WAIT_SECONDS = 86_400;
const MAX_COUNT = 1_000_000;

/** inbox's own flags this mode takes. */
const TAKEN = new Set(['wait', 'saveDir', ...WAIT_ONLY]);

const START_SERVE = 'start the server first with "smtp-tui serve --save-dir DIR" (in the background), then wait with "smtp-tui inbox --save-dir DIR --wait N"';

export function parseInboxWaitFlags(flags: Record<string, unknown>, input: readonly string[]): InboxWaitOptions {
	if (input.length > 0) throw new UsageError(`inbox takes no arguments, got "${input.join(' ')}"`, 'see smtp-tui inbox --help');
	const count = flagNumber(flags.wait);
	if (!(count >= 0 && count <= MAX_COUNT)) {
		throw new UsageError(`--wait must be a number of messages from 0 to ${MAX_COUNT.toLocaleString('en-US')}, not "${String(flags.wait)}"`, 'e.g. --wait 1, or --wait 0 to list the messages there now');
	}
	const serverFlags = Object.keys(flags).filter(name => flags[name] !== undefined && !TAKEN.has(name));
	if (serverFlags.length > 0) {
		const names = serverFlags.map(name => `--${flags[name] === false ? 'no-' : ''}${kebab(name)}`).join(', ');
		throw new UsageError(`--wait reads the messages a running serve saved, and starts no server: ${names} would be ignored`, `drop ${names}; ${START_SERVE}`);
	}
	const dir = flags.saveDir === undefined ? '' : String(flags.saveDir);
	if (dir.trim() === '') throw new UsageError('--wait needs --save-dir DIR: the folder the running serve saves the messages in', START_SERVE);
	refuseFile(dir, 'give the folder the running serve saves to (its --save-dir)');
	const seconds = flags.timeout === undefined ? WAIT_DEFAULT_SECONDS : flagSeconds(flags.timeout);
	if (!(seconds >= 0 && seconds <= MAX_WAIT_SECONDS)) {
		throw new UsageError(`--timeout must be a number of seconds from 0 to ${MAX_WAIT_SECONDS} (a day), not "${String(flags.timeout)}"`, 'e.g. --timeout 10, --timeout 2.5 or --timeout 1m');
	}
	return {dir: path.resolve(dir), count, timeoutMs: Math.round(seconds * 1000), json: flags.json === true};
}
