// `smtp-tui replay`: the client's recorded turns sent again, one by one, through the normal driver and engine, to
// a ReplayConnection that answers with the recorded server bytes. The log, the step rail and the explanations
// are therefore the real ones; step mode asks before each command.
import {parseCommandLine} from '../smtp/command-line.js';
import {unstuffData} from '../smtp/data-encoder.js';
import type {Command} from '../smtp/types.js';
import type {RunOptions, SmtpDriver} from './driver.js';
import {eventBytes, isBodyEnd, type Recording} from './recording.js';

/** A recorded command (with its line as it went out, typed by hand maybe), or a message body. */
export type ReplayAction = {kind: 'command'; command: Command; line?: string} | {kind: 'body'; text: string};

/** The client's side of a recording: its commands, and each message body (un-stuffed, as it was written). */
export function clientActions(recording: Recording): ReplayAction[] {
	const actions: ReplayAction[] = [];
	let body: Buffer[] = [];
	for (const event of recording.events) {
		if (event.type !== 'out') continue;
		const bytes = eventBytes(event);
		if (event.body) {
			body.push(bytes);
			if (isBodyEnd(bytes)) {
				actions.push({kind: 'body', text: unstuffData(Buffer.concat(body)).toString('utf8')});
				body = [];
			}
			continue;
		}
		const line = bytes.toString('utf8').replace(/\r\n$/, '');
		// AUTH payloads were redacted when recorded; a stand-in goes out instead (the recording answers anyway).
		if (event.verb === 'AUTH-RESPONSE') actions.push({kind: 'command', command: {verb: 'AUTH-RESPONSE', response: 'cmVkYWN0ZWQ='}});
		else actions.push({kind: 'command', command: parseCommandLine(line), line});
	}
	return actions;
}

/** Plays the recording through the driver (whose `open` is a ReplayConnection). False when stopped or failed. */
export async function replaySession(driver: SmtpDriver, recording: Recording, options: Pick<RunOptions, 'confirm' | 'stepping'> = {}): Promise<boolean> {
	// The next client turn comes once the server has answered (or, after 354, the body is due).
	const settled = () => driver.until(state => state.awaiting === 'nothing' || state.awaiting === 'body');
	driver.setBusy(true);
	try {
		if (!(await driver.connect())) return false;
		await settled();
		for (const action of clientActions(recording)) {
			if (driver.getSnapshot().connection !== 'connected') return false;
			const stepping = options.confirm && (options.stepping?.() ?? true);
			if (action.kind === 'body') {
				// The message is a step of its own, as in a live session.
				if (stepping && !(await driver.confirmBody(options.confirm!, Buffer.byteLength(action.text)))) return false;
				await driver.sendBody(action.text);
			} else {
				// Not editable: the reply to the recorded line is what plays next.
				const answer = stepping ? await driver.ask(action.command, options.confirm!, {fixed: true}) : {command: action.command};
				if (!answer) {
					// A recording plays in one order only: left open, the next Ctrl+S would start over against its middle.
					driver.info('replay stopped by the user: its connection is closed; Ctrl+S plays it again from the start');
					driver.destroy();
					return false;
				}
				// The recorded line as it went out (its case, its spacing), unless it is redacted.
				driver.sendCommand(answer.command, action.line?.includes('[redacted]') ? undefined : action.line);
			}
			await settled();
		}
		driver.info('end of the recording');
		return true;
	} finally {
		driver.setBusy(false);
	}
}

/** The recorded message as the composer shows it: envelope sender and recipients, Subject, and the body text. */
export function recordedMessage(recording: Recording): {from: string; to: string[]; subject: string; body: string} {
	let from = '';
	const to: string[] = [];
	let text = '';
	for (const action of clientActions(recording)) {
		if (action.kind === 'body') {
			text ||= action.text;
			continue;
		}
		const {command} = action;
		if (command.verb === 'MAIL' && from === '') from = command.from;
		else if (command.verb === 'RCPT' && !to.includes(command.to)) to.push(command.to);
	}
	const split = text.indexOf('\r\n\r\n');
	const head = split === -1 ? text : text.slice(0, split);
	const subject = /^Subject:[ \t]*(.*(?:\r\n[ \t].*)*)/im.exec(head)?.[1]?.replace(/\r\n[ \t]+/g, ' ') ?? '';
	const body = split === -1 ? '' : text.slice(split + 4).replace(/\r\n/g, '\n').replace(/\n$/, '');
	return {from, to, subject, body};
}
