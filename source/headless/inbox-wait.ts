// `smtp-tui inbox --save-dir DIR --wait N`: what a CI job's test asks a mail catcher (Mailpit's API, say): "has my
// app's mail arrived?". It reads the folder a running `serve --save-dir DIR` saves to, prints each message as it
// appears there, and ends once N are there (exit 0) or at --timeout (exit 2), so a pipeline never hangs on mail that
// never comes. serve moves a message's `.json` into place last, before its 250: a message listed is complete.
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import type {CommandRun, CommandIO} from './command.js';
import {UsageError} from './command.js';
import {parseInboxWaitFlags, type InboxWaitOptions} from './inbox-wait-options.js';
import {readSaved, savedIds} from '../sandbox/message-store.js';
import type {MessageRecord} from '../sandbox/mailbox-types.js';
import {escapeUnsafe, safeJson} from '../text/escape.js';
import {describeFileError} from '../text/file-errors.js';
import {countOf, groupDigits} from '../smtp/digits.js';
import {quoted} from './serve-output.js';

/** Exit code when fewer than N messages came in time: as check's 2, what was looked for did not come. */
export const WAIT_TIMED_OUT = 2;
/** How often the folder is read: a message saved is seen within this. */
const POLL_MS = 100;

type Saved = MessageRecord & {path: string};

/** `message 3 (349 bytes) "Welcome" from <a@example.test> to <b@example.test>, saved as /home/you/mail/3.eml` */
function messageLine(message: Saved): string {
	const subject = message.subject ? ` ${quoted(message.subject)}` : '';
	return escapeUnsafe(`message ${message.id} (${groupDigits(message.size)} bytes)${subject} from <${message.from}> to ${message.to.map(to => `<${to}>`).join(', ')}, saved as ${message.path}`);
}

/** The folder's names; undefined while it does not exist (serve makes it as it starts, which may be after this). */
async function namesIn(dir: string): Promise<string[] | undefined> {
	try {
		return await readdir(dir);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw new UsageError(`cannot read --save-dir ${dir}: ${describeFileError(error, dir)}`, 'give the folder serve saves to, readable by this user');
	}
}

class WaitOutput {
	constructor(
		private readonly io: CommandIO,
		private readonly json: boolean,
	) {}

	message(message: Saved): void {
		this.io.stdout.write(this.json ? `${safeJson({type: 'message', ...message})}\n` : `${messageLine(message)}\n`);
	}

	/** Said once per file: a record this smtp-tui cannot read is not counted, and left as it is. */
	warning(text: string): void {
		if (this.json) this.io.stdout.write(`${safeJson({type: 'warning', message: text})}\n`);
		else this.io.stderr.write(`warning: ${escapeUnsafe(text)}\n`);
	}

	timedOut(message: string, hint: string): void {
		if (this.json) this.io.stdout.write(`${safeJson({type: 'error', exitCode: WAIT_TIMED_OUT, message, hint})}\n`);
		else this.io.stderr.write(`smtp-tui: ${escapeUnsafe(message)}\nhint: ${escapeUnsafe(hint)}\n`);
	}
}

/** Reads the folder until `count` messages are there or the time is up; prints each new one once. */
async function waitForMessages(options: InboxWaitOptions, output: WaitOutput): Promise<{seen: number; folderSeen: boolean}> {
	const shown = new Set<number>();
	const warned = new Set<number>();
	const deadline = performance.now() + options.timeoutMs;
	let folderSeen = false;
	for (;;) {
		const names = await namesIn(options.dir);
		folderSeen ||= names !== undefined;
		// Only the messages there now count: a test that removed the folder's files between suites starts again from 0.
		const {complete} = savedIds(names ?? []);
		let seen = 0;
		for (const id of complete) {
			if (shown.has(id)) {
				seen++;
				continue;
			}
			const record = await readSaved(options.dir, id);
			if ('why' in record) {
				if (!warned.has(id)) output.warning(`${path.join(options.dir, `${id}.json`)} is not counted: its record is not one this smtp-tui reads (${record.why}); its files are left as they are`);
				warned.add(id);
				continue;
			}
			shown.add(id);
			seen++;
			output.message({...record, path: path.join(options.dir, `${id}.eml`)});
		}
		if (seen >= options.count || performance.now() >= deadline) return {seen, folderSeen};
		await new Promise(resolve => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - performance.now()))));
	}
}

export const runInboxWait: CommandRun = async (flags, input, io) => {
	const options = parseInboxWaitFlags(flags, input);
	const output = new WaitOutput(io, options.json);
	const {seen, folderSeen} = await waitForMessages(options, output);
	if (seen >= options.count) return 0;
	const seconds = `${options.timeoutMs / 1000} s`;
	const there = folderSeen ? `${countOf(seen, 'message')} in ${options.dir}` : `${options.dir} does not exist`;
	output.timedOut(
		`${there} after ${seconds}, waiting for ${groupDigits(options.count)}`,
		folderSeen
			? `is your app sending to this serve, and does its log say "accepted message"? A refusal there says why; --timeout waits longer`
			: `is "smtp-tui serve --save-dir ${options.dir}" running? It makes the folder as it starts`,
	);
	return WAIT_TIMED_OUT;
};
