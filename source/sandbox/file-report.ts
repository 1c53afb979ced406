// Puts the sandbox's delivery report for an accepted message into its own inbox (and save folder), as a real MTA
// mails one back to the envelope sender: see delivery-report.ts for what it holds and when one is due.
import {successReport} from './delivery-report.js';
import type {EventBody} from './connection.js';
import type {Mailbox} from './mailbox.js';
import type {CapturedSession, MessageRecord} from './mailbox-types.js';

/** The session a report is kept with: the sandbox's own, no client's (the dashboard does not mark it as another program's). */
function ownSession(hostname: string): CapturedSession {
	return {id: 0, remote: '', helo: hostname, listener: 'smtp', tls: false, auth: false, generated: true};
}

/**
 * Keeps the report on `original` if one is due (`start`: its first bytes, with its headers), and says so through
 * `report` (an event of the original's session). With a save folder it resolves once the report is on disk; a
 * report that cannot be saved is said as an error, and the original stays accepted.
 */
export function fileReport(mailbox: Mailbox, hostname: string, original: MessageRecord, start: Buffer, report: (event: EventBody) => void): Promise<void> | undefined {
	const made = successReport(original, start, hostname);
	if (!made) return undefined;
	const incoming = {envelope: made.envelope, session: ownSession(hostname), receivedAt: Date.now(), raw: made.raw};
	const kept = (message: MessageRecord) => {
		const file = mailbox.file(message.id);
		report({type: 'report', id: message.id, message: original.id, to: original.from, recipients: made.recipients, ...(file !== undefined && {path: file})});
	};
	return mailbox.accept(incoming).then(kept, (error: NodeJS.ErrnoException) => {
		report({type: 'error', message: `could not save the delivery report on message ${original.id}: ${error.message}`, ...(error.code !== undefined && {code: error.code})});
	});
}
