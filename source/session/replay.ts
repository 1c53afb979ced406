// `smtp-tui replay`: the client's recorded turns sent again, one by one, through the normal driver and engine, to
// a ReplayConnection that answers with the recorded server bytes. The log, the step rail and the explanations
// are therefore the real ones; step mode asks before each command. Each play is one recorded connection.
import {parseCommandLine} from '../smtp/command-line.js';
import {EMPTY_ANSWER, REDACTED} from '../smtp/commands.js';
import {CANCEL} from '../smtp/sasl.js';
import {unstuffData, unstuffUnfinished} from '../smtp/data-encoder.js';
import type {Command, FailureStage, Step} from '../smtp/types.js';
import type {SmtpDriver} from './driver.js';
import type {GroupLine} from './proposal.js';
import type {RunOptions} from './types.js';
import {eventBytes, isBodyEnd, type RecordedConnection, type Recording, type RecordingEvent} from './recording.js';
import type {ReplayConnection, ReplayServer} from './replay-connection.js';

/** A recorded command (with its line as it went out, typed by hand maybe), a message body, the client's close, or the recording's cut. */
type ReplayAction =
	| {kind: 'command'; command: Command; line?: string}
	/** Commands the recorded client pipelined (RFC 2920): sent in one write, before any of their replies. */
	| {kind: 'group'; commands: GroupLine[]}
	/** `unfinished`: the recording ends before the body's final dot (the server stopped reading it). */
	| {kind: 'body'; text: string; unfinished?: boolean}
	| {kind: 'drop'; message: string}
	| {kind: 'cut'};

/** Said where a recording cut short ends (a full disk while it was written): the end is the file's, not the session's. */
export const CUT_NOTE = 'warning: the recording ends here: it was cut short while it was written (a full disk?), so what happened next is not in it; this is no failure of the session';

/** The client's side of a recording (or of one of its connections): its commands, and each message body (un-stuffed, as it was written). */
export function clientActions(recording: Recording | readonly RecordingEvent[]): ReplayAction[] {
	const events = 'events' in recording ? recording.events : recording;
	const actions: ReplayAction[] = [];
	let body: Buffer[] = [];
	// A body the recorded client never finished is played as far as it went, before what ended it.
	const flushUnfinished = () => {
		if (body.length > 0) actions.push({kind: 'body', text: unstuffUnfinished(Buffer.concat(body)).toString('utf8'), unfinished: true});
		body = [];
	};
	let previous: RecordingEvent | undefined;
	for (const event of events) {
		// Nothing came between this command and the one before it (no reply): pipelined, maybe.
		const followsCommand = previous?.type === 'out' && previous.body !== true;
		previous = event;
		if (event.type === 'dropped' || event.type === 'cut') {
			flushUnfinished();
			actions.push(event.type === 'cut' ? {kind: 'cut'} : {kind: 'drop', message: event.message});
		}
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
		// AUTH payloads were redacted when recorded; a stand-in goes out instead (the recording answers anyway). The empty
		// answer and "*" hold no secret and go as they went: a SCRAM login counts only after an empty answer to v=.
		if (event.verb === 'AUTH-RESPONSE') {
			const response = line === EMPTY_ANSWER ? '' : line === CANCEL ? CANCEL : 'cmVkYWN0ZWQ=';
			actions.push({kind: 'command', command: {verb: 'AUTH-RESPONSE', response}});
			continue;
		}
		const command = parseCommandLine(line);
		if (followsCommand && joinsGroup(actions, command)) addToGroup(actions, {command, typed: line});
		else actions.push({kind: 'command', command, line});
	}
	flushUnfinished();
	// A group is MAIL with its RCPTs: an RSET and a MAIL alone went one at a time.
	return actions.flatMap(action => (action.kind === 'group' && !action.commands.some(({command}) => command.verb === 'RCPT') ? action.commands.map(({command, typed}) => ({kind: 'command' as const, command, ...(typed !== undefined && {line: typed})})) : [action]));
}

/**
 * The recording marks no group, but only a pipelining client writes MAIL and then RCPT with no reply between them:
 * [RSET] MAIL, the RCPTs and DATA that went with nothing in between play as the one write they were.
 */
function joinsGroup(actions: readonly ReplayAction[], command: Command): boolean {
	const last = actions.at(-1);
	if (!GROUPED.has(command.verb)) return false;
	return last?.kind === 'group' || (last?.kind === 'command' && last.line !== undefined && (last.command.verb === 'RSET' || last.command.verb === 'MAIL'));
}

function addToGroup(actions: ReplayAction[], line: GroupLine): void {
	const last = actions.at(-1)!;
	if (last.kind === 'group') last.commands.push(line);
	else if (last.kind === 'command') actions[actions.length - 1] = {kind: 'group', commands: [{command: last.command, ...(last.line !== undefined && {typed: last.line})}, line]};
}

/** What a pipelined group holds after its lead (source/smtp/pipeline-group.ts). */
const GROUPED: ReadonlySet<Command['verb']> = new Set(['MAIL', 'RCPT', 'DATA']);

/** The optional steps a recorded connection never takes (no STARTTLS, no AUTH), for the rail before it plays. */
export function stepsNotPlayed(recorded: RecordedConnection): Step[] {
	const verbs = new Set(clientActions(recorded.events).map(action => action.kind === 'command' && action.command.verb));
	return [...(verbs.has('STARTTLS') ? [] : ['starttls' as const]), ...(verbs.has('AUTH') ? [] : ['auth' as const])];
}

/** `continuous`: every connection plays, one after another, with no Ctrl+S between them (replay --print). */
export type ReplayOptions = Pick<RunOptions, 'confirm' | 'stepping'> & {continuous?: boolean};

/**
 * What one play did. `connection` (from 1) of `connections`: the recorded connection it played. `outcome`: played to
 * its recorded end (a recorded failure included); stopped by the user; cut: it ended with recorded commands left,
 * which the log names. `next` (from 1): the connection the next play plays: the same one after a stop, else the following
 * one, or the first after the last. `failure`: the recorded session's failure on that connection, worded as the live
 * run's result was (a failed TLS handshake's own reason, say), for the status line.
 */
export type ReplayProgress = {
	connection: number;
	connections: number;
	outcome: 'played' | 'stopped' | 'cut';
	next: number;
	failure?: {stage: FailureStage; message: string};
};

/** Plays the server's next recorded connection through the driver, whose `open` must be `server.open`. */
export async function replayNext(driver: SmtpDriver, server: ReplayServer, options: ReplayOptions = {}): Promise<ReplayProgress> {
	const index = server.next;
	const connections = server.connections.length;
	const recorded = server.connections[index]!;
	if (connections > 1) driver.info(`playing connection ${index + 1} of ${connections} in the recording`);
	driver.setBusy(true);
	const stopTiming = keepRecordedLatency(driver, server);
	let outcome: ReplayProgress['outcome'];
	try {
		const again = connections > 1 ? `connection ${index + 1} again from its start` : 'it again from the start';
		outcome = await playConnection({driver, server, recorded, again}, options);
		// The recorded connection ends with its events, or was dropped: the next play opens a new one.
		await driver.until(() => false);
	} finally {
		stopTiming();
		driver.setBusy(false);
	}
	const next = outcome === 'stopped' ? index : index + 1;
	server.cue(next);
	if (outcome !== 'stopped') driver.info(endNote(index, connections, outcome, options.continuous === true));
	const failure = failureOf(driver, server);
	return {connection: index + 1, connections, outcome, next: server.next + 1, ...(failure && {failure})};
}

/** The engine words a failed handshake as the close it causes; the live run's result had the handshake's reason. */
function failureOf(driver: SmtpDriver, server: ReplayServer): ReplayProgress['failure'] {
	const handshake = server.current?.failedHandshake;
	if (handshake !== undefined) return {stage: 'tls', message: handshake};
	const failure = driver.state?.failure;
	return failure && {stage: failure.stage, message: failure.message};
}

/** Where the recording stands after a connection that was not stopped (a cut one has said why already). */
function endNote(index: number, connections: number, outcome: 'played' | 'cut', continuous: boolean): string {
	const last = index + 1 === connections;
	const next = continuous ? `connection ${index + 2} follows` : `the next Ctrl+S plays connection ${index + 2}`;
	if (outcome === 'cut') return last ? 'end of the recording' : `${next} of ${connections}`;
	if (connections === 1) return 'end of the recording';
	return `connection ${index + 1} of ${connections} played: ${last ? 'end of the recording' : next}`;
}

/** One recorded connection being played; `again` names what the next Ctrl+S plays after a stop. */
type Play = {driver: SmtpDriver; server: ReplayServer; recorded: RecordedConnection; again: string};

/** Step mode asks before each command; Esc stops (and closes the connection, since a replay plays in one order only). */
async function playConnection(play: Play, options: ReplayOptions): Promise<ReplayProgress['outcome']> {
	const {driver, server, recorded} = play;
	const actions = clientActions(recorded.events);
	// A recorded failed handshake (implicit TLS) fails the connect again, as it did: nothing else was recorded.
	if (!(await driver.connect())) return actions.length === 0 ? 'played' : cut(play, actions.length);
	const connection = server.current!;
	for (const [done, action] of actions.entries()) {
		await turnDue(driver, connection, action);
		if (!isOpen(driver) || connection.closed) return cut(play, actions.length - done);
		const turn = await playAction(play, action, options);
		if (turn === 'stopped') return 'stopped';
		if (turn === 'dropped') return 'played';
		if (turn === 'ended') return cut(play, actions.length - done);
	}
	return 'played';
}

/** One client turn: sent, stopped by the user, not sent because the connection ended while it waited, or the recorded close. */
async function playAction({driver, server, again}: Play, action: ReplayAction, options: ReplayOptions): Promise<'sent' | 'stopped' | 'ended' | 'dropped'> {
	const stepping = options.confirm && (options.stepping?.() ?? true);
	if (action.kind === 'drop' || action.kind === 'cut') {
		// As the recorded client did (the presenter's Esc at the message step), or where the file ends: not a failure
		// of the server's.
		driver.dropAsRecorded(action.kind === 'cut' ? CUT_NOTE : action.message);
		return 'dropped';
	}
	if (action.kind === 'body') {
		// The message is a step of its own, as in a live session. A stop there closes the connection and says so.
		if (stepping && !(await driver.confirmBody(options.confirm!, Buffer.byteLength(action.text), {afterFailure: true}))) return isOpen(driver) ? 'stopped' : 'ended';
		// Never finished (the server stopped reading): nothing is sent, so the recorded timeout ends it as it did.
		if (action.unfinished) server.current?.passUnfinishedBody();
		else await driver.sendBody(action.text);
		return 'sent';
	}
	if (action.kind === 'group') {
		// One step, as it went: the whole group on offer, then its one write (whose log line says so).
		const first = action.commands[0]!.command;
		const answer = stepping ? await driver.ask(first, options.confirm!, {fixed: true, afterFailure: true, group: action.commands}) : {command: first};
		if (!answer) return stoppedAt(driver, again);
		driver.sendGroup(action.commands);
		return 'sent';
	}
	// The recorded line as it went out (its case, its spacing), unless it is redacted: offered and sent as such.
	const line = action.line?.includes(REDACTED) ? undefined : action.line;
	// Not editable: the reply to the recorded line is what plays next. A failure recorded before it (a refused login)
	// does not withdraw it: the recording says what came next (a QUIT, another AUTH), and only its end does.
	const answer = stepping ? await driver.ask(action.command, options.confirm!, {fixed: true, afterFailure: true, ...(line !== undefined && {line})}) : {command: action.command};
	if (!answer) return stoppedAt(driver, again);
	driver.sendCommand(answer.command, line);
	return 'sent';
}

/** Esc at a replayed step, or the connection gone while it waited. */
function stoppedAt(driver: SmtpDriver, again: string): 'stopped' | 'ended' {
	if (!isOpen(driver)) return 'ended';
	// A recording plays in one order only: left open, the next Ctrl+S would start over against its middle.
	driver.info(`replay stopped by the user: its connection is closed; Ctrl+S plays ${again}`);
	driver.destroy();
	return 'stopped';
}

/** The connection ended before the recording's commands for it did: said, rather than sent into a closed session. */
function cut({driver, recorded}: Play, left: number): 'cut' {
	const commands = `${left} recorded command${left === 1 ? '' : 's'}`;
	// An older recording marks no connections: what follows may be a new one that was not recognised.
	const why = recorded.marked ? '' : ' (this recording, made by an older smtp-tui, does not mark where a new connection starts)';
	driver.error(`the connection ended with ${commands} left: the rest of it cannot be played${why}`);
	return 'cut';
}

/** Connected, and the session not ended by the server (a 221 or 421 comes before the close). */
const isOpen = (driver: SmtpDriver) => driver.getSnapshot().connection === 'connected' && driver.state?.ended !== true;

/**
 * The next client turn comes when the recording says: once the server has said what it said before it. That is
 * usually the reply to the last command (after 354, the go-ahead for the message), but not when the recorded client
 * sent without waiting for it (a QUIT behind a slow RCPT). A TLS handshake the driver started is finished first,
 * unless the turn is the recorded close or cut: the user stopped during that handshake (or the file ends in it).
 */
async function turnDue(driver: SmtpDriver, connection: ReplayConnection, action: ReplayAction): Promise<void> {
	await connection.turn();
	if (action.kind !== 'drop' && action.kind !== 'cut') await driver.until(state => state.awaiting !== 'tls');
}

/**
 * The driver times a reply from when the replay last wrote, which says how fast the replay ran (--instant, pauses
 * cut to 5 s), not how fast the server answered the command: each reply logged while a recorded chunk is delivered
 * takes the recorded time instead, marked `latencyRecorded` when the replay waited less. Done as the driver
 * publishes the reply, before anything draws it.
 */
function keepRecordedLatency(driver: SmtpDriver, server: ReplayServer): () => void {
	let seen = driver.log.total;
	return driver.subscribe(() => {
		const pauses = server.current?.delivering;
		for (const entry of driver.log.since(seen)) {
			// A reply's last line carries it; the chunk's replies come in the order the recording timed them.
			if (!pauses || !entry.reply) continue;
			const pause = pauses.shift();
			if (!pause || entry.latencyMs === undefined) continue;
			entry.latencyMs = pause.latencyMs;
			if (pause.shortened) entry.latencyRecorded = true;
		}
		seen = driver.log.total;
	});
}

/**
 * The recorded message as the composer shows it: envelope sender and recipients, Subject, and the body text; of the
 * whole recording, or of one connection's events (`server.connections[i].events`).
 */
export function recordedMessage(recording: Recording | readonly RecordingEvent[]): {from: string; to: string[]; subject: string; body: string} {
	let from = '';
	const to: string[] = [];
	let text = '';
	for (const action of clientActions(recording)) {
		if (action.kind === 'body') {
			text ||= action.text;
			continue;
		}
		// A pipelined group holds the envelope's MAIL and RCPTs.
		const commands = action.kind === 'group' ? action.commands.map(line => line.command) : action.kind === 'command' ? [action.command] : [];
		for (const command of commands) {
			if (command.verb === 'MAIL' && from === '') from = command.from;
			else if (command.verb === 'RCPT' && !to.includes(command.to)) to.push(command.to);
		}
	}
	const split = text.indexOf('\r\n\r\n');
	const head = split === -1 ? text : text.slice(0, split);
	const subject = /^Subject:[ \t]*(.*(?:\r\n[ \t].*)*)/im.exec(head)?.[1]?.replace(/\r\n[ \t]+/g, ' ') ?? '';
	const body = split === -1 ? '' : text.slice(split + 4).replace(/\r\n/g, '\n').replace(/\n$/, '');
	return {from, to, subject, body};
}
