// `smtp-tui inbox --save-dir DIR --wait N`: what a CI job's test asks a mail catcher (Mailpit's API, say): "has my
// app's mail arrived?". It reads the folder a running `serve --save-dir DIR` saves to, prints each message as it
// appears there, and ends once N are there (exit 0) or at --timeout (exit 2), so a pipeline never hangs on mail that
// never comes. serve moves a message's `.json` into place last, before its 250: a message listed is complete.
import {readdir} from 'node:fs/promises';
import {setTimeout as delay} from 'node:timers/promises';
import path from 'node:path';
import type {CommandRun, CommandIO} from './command.js';
import {UsageError} from './command.js';
import {parseInboxWaitFlags, type InboxWaitOptions} from './inbox-wait-options.js';
import {readSaved, savedIds} from '../sandbox/message-store.js';
import {stillChecking} from '../sandbox/message-record.js';
import type {MessageRecord} from '../sandbox/mailbox-types.js';
import {escapeUnsafe, safeJson} from '../text/escape.js';
import {describeFileError} from '../text/file-errors.js';
import {countOf, groupDigits} from '../smtp/digits.js';
import {quoted} from '../text/quoted.js';
import {signatureWords} from '../sandbox/dkim-words.js';
import {dmarcWords, spfWords} from '../sandbox/auth-words.js';
import {INTERRUPTS, signalExitCode, signalName} from './interrupts.js';
import {messageMatches, searchTerm} from '../sandbox/message-match.js';
import {NumberGaps} from './number-gaps.js';

/** Exit code when fewer than N messages came in time: as check's 2, what was looked for did not come. */
const WAIT_TIMED_OUT = 2;
/** How often the folder is read: a message saved is seen within this. */
const POLL_MS = 100;
type Saved = MessageRecord & {path: string};

/** What serve had not finished when the wait ended. */
const notChecked = (what: string) => `not checked yet (serve was still looking up ${what}, or stopped before it had)`;

/**
 * `message 3 (349 bytes) "Welcome" from <a@example.test> to <b@example.test>, saved as /home/you/mail/3.eml`, and
 * as serve's log says them, each on a line of its own: a signed message's DKIM check, and its SPF and DMARC (serve --dns).
 */
function messageLines(message: Saved): string {
	const subject = message.subject ? ` ${quoted(message.subject)}` : '';
	const line = `message ${message.id} (${groupDigits(message.size)} bytes)${subject} from <${message.from}> to ${message.to.map(to => `<${to}>`).join(', ')}, saved as ${message.path}`;
	const dkim = message.dkim === 'checking' ? notChecked('the keys') : message.signatures?.map(signatureWords).join('; ');
	const checking = message.authentication === 'checking';
	const checks = [
		...(dkim === undefined ? [] : [`DKIM of message ${message.id}: ${dkim}`]),
		...(checking ? [`SPF and DMARC of message ${message.id}: ${notChecked('the records')}`] : []),
		...(message.spf ? [`SPF of message ${message.id}: ${spfWords(message.spf)}`] : []),
		...(message.dmarc ? [`DMARC of message ${message.id}: ${dmarcWords(message.dmarc)}`] : []),
	];
	return [line, ...checks].map(text => escapeUnsafe(text)).join('\n');
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
		this.io.stdout.write(this.json ? `${safeJson({type: 'message', ...message})}\n` : `${messageLines(message)}\n`);
	}

	/** Said once per file: a record this smtp-tui cannot read is not counted, and left as it is. */
	warning(text: string): void {
		if (this.json) this.io.stdout.write(`${safeJson({type: 'warning', message: text})}\n`);
		else this.io.stderr.write(`warning: ${escapeUnsafe(text)}\n`);
	}

	/** Why it ends without the messages: a JSON line with --json (nothing on stderr then), else stderr. */
	failed(exitCode: number, message: string, {hint, interrupted}: {hint?: string; interrupted?: NodeJS.Signals} = {}): void {
		if (this.json) this.io.stdout.write(`${safeJson({type: 'error', exitCode, message, ...(hint && {hint}), ...(interrupted && {interrupted})})}\n`);
		else this.io.stderr.write(`smtp-tui: ${escapeUnsafe(message)}\n${hint ? `hint: ${escapeUnsafe(hint)}\n` : ''}`);
	}
}

/**
 * Reads the folder until `count` messages (that --match names) are there or the time is up; prints each new one
 * once. `others`: those there that it does not name.
 */
async function waitForMessages(options: InboxWaitOptions, output: WaitOutput, interrupt: AbortSignal): Promise<{seen: number; others: number; folderSeen: boolean}> {
	const shown = new Set<number>();
	const warned = new Set<number>();
	// Read once: what --match reads of a saved record does not change (its DKIM check is written into it later).
	const unmatched = new Set<number>();
	const term = searchTerm(options.match ?? '');
	const deadline = performance.now() + options.timeoutMs;
	const gaps = new NumberGaps();
	let folderSeen = false;
	for (;;) {
		// A signed message is shown once serve has checked it (its record rewritten), or as it is at the end (at once
		// with --wait 0: those there now).
		const last = performance.now() >= deadline || interrupt.aborted || options.count === 0;
		const names = await namesIn(options.dir);
		folderSeen ||= names !== undefined;
		// Only the messages there now count: a test that removed the folder's files between suites starts again from 0.
		const {complete} = savedIds(names ?? []);
		gaps.read(names === undefined ? undefined : complete);
		let seen = 0;
		let others = 0;
		for (const id of complete) {
			if (shown.has(id)) {
				seen++;
				continue;
			}
			// Printed in number order: this one waits for a lower number still being saved.
			if (!last && gaps.holds(id)) continue;
			if (unmatched.has(id)) {
				others++;
				continue;
			}
			const record = await readSaved(options.dir, id);
			if ('why' in record) {
				if (!warned.has(id)) output.warning(`${path.join(options.dir, `${id}.json`)} is not counted: its record is not one this smtp-tui reads (${record.why}); its files are left as they are`);
				warned.add(id);
				continue;
			}
			if (!messageMatches(record, term)) {
				unmatched.add(id);
				others++;
				continue;
			}
			if (stillChecking(record) && !last) continue;
			shown.add(id);
			seen++;
			output.message({...record, path: path.join(options.dir, `${id}.eml`)});
		}
		if (seen >= options.count || last) return {seen, others, folderSeen};
		await delay(Math.min(POLL_MS, Math.max(0, deadline - performance.now())), undefined, {signal: interrupt}).catch(() => undefined);
	}
}

export const runInboxWait: CommandRun = async (flags, input, io) => {
	const options = parseInboxWaitFlags(flags, input);
	const output = new WaitOutput(io, options.json);
	// Ctrl+C, or a CI job's timeout (SIGTERM): said, with how many came, rather than a silent end. Once: the same
	// signal again ends it at once.
	const interrupt = new AbortController();
	let signal: NodeJS.Signals | undefined;
	const onSignal = (received: NodeJS.Signals) => {
		signal ??= received;
		interrupt.abort();
	};
	for (const name of INTERRUPTS) process.once(name, onSignal);
	const {seen, others, folderSeen} = await waitForMessages(options, output, interrupt.signal).finally(() => {
		for (const name of INTERRUPTS) process.off(name, onSignal);
	});
	if (seen >= options.count) return 0;
	// "0 messages matching "anna" (of 5) in DIR": the others came, and are not the ones asked for.
	const matching = options.match === undefined ? '' : ` matching ${quoted(options.match)} (of ${groupDigits(seen + others)})`;
	const there = folderSeen ? `${countOf(seen, 'message')}${matching} in ${options.dir}` : `${options.dir} does not exist`;
	if (signal !== undefined) {
		output.failed(signalExitCode(signal), `interrupted (${signalName(signal)}): ${there}, waiting for ${groupDigits(options.count)}`, {interrupted: signal});
		return signalExitCode(signal);
	}
	output.failed(
		WAIT_TIMED_OUT,
		`${there} after ${options.timeoutMs / 1000} s, waiting for ${groupDigits(options.count)}`,
		{
			hint: !folderSeen
				? `is "smtp-tui serve --save-dir ${options.dir}" running? It makes the folder as it starts`
				: others > 0 && options.match !== undefined
					? `${countOf(others, 'other message')} came: does --match name what the app puts in the subject, the From header, the recipients or the text? --timeout waits longer`
					: `is your app sending to this serve, and does its log say "accepted message"? A refusal there says why; --timeout waits longer`,
		},
	);
	return WAIT_TIMED_OUT;
};
