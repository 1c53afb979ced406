// What the dashboard does with SMTP, without React: one driver per connection target, auto/step runs, the
// manual command line (with DATA body entry), disconnect and quit. The hook binds it with useSyncExternalStore.
import {commandText, parseCommandLine, typedVerb} from '../smtp/command-line.js';
import {commandsAhead} from '../smtp/commands-ahead.js';
import {REDACTED} from '../smtp/commands.js';
import {helloVerb} from '../smtp/transitions.js';
import {countOf} from '../smtp/digits.js';
import {SmtpDriver} from './driver.js';
import type {DriverOptions} from './driver-options.js';
import {replayNext, type ReplayProgress} from './replay.js';
import {ReplayServer} from './replay-connection.js';
import {runPlan} from './run-plan.js';
import {OwnConnections} from './own-connections.js';
import {SnapshotStore} from './snapshot-store.js';
import {StepDecisions} from './step-decisions.js';
import {QuitOffer, type QuitOutcome} from './quit-offer.js';
import {TypedLogin} from './typed-login.js';
import {cutLinesListed, TypedMessage} from './typed-message.js';
import type {OutgoingMessage, RunResult, SessionSnapshot} from './types.js';
import type {StopCause} from './user-stop.js';

/** What the dashboard shows about the session: the driver's snapshot plus manual-mode state. */
export type ControllerSnapshot = {
	session: SessionSnapshot;
	/** Manual mode after 354: typed lines are the message body until a lone ".". */
	dataMode: boolean;
	/** Body lines typed so far, each sent as typed, until the "." ends the message: shown, as telnet would echo them (live: read-only). */
	bodyLines: number;
	body: readonly string[];
	/** A 334 challenge is open (or an AUTH's reply is awaited): the next typed line answers it, and carries credentials. */
	authAnswer: boolean;
	/**
	 * An AUTH was typed, got no 334 and did not log in (503, 504, 500): a typed line that is no command is still
	 * taken as a credential (the typist may answer the challenge that never came).
	 */
	authRefused: boolean;
	/** Typed lines not done yet (waiting for the greeting, or for the reply to the line before). */
	linesWaiting: number;
	/** Messages the server took on the last connection (the engine's count), also once it is closed. */
	messagesQueued: number;
	/** The engine's warning for the last manual line (sent anyway). */
	warning?: string;
	/** The connection ended in the middle of a message typed by hand, and no line has opened another since. */
	messageCut: boolean;
};

export type ControllerTarget = Omit<DriverOptions, 'onWire' | 'logCap'>;

/** A typed line that did not go (too long, a character refused): the reason, in a few words, for the footer. */
type LineRefusal = {refused: string};
/** A typed line that did not go on purpose (an empty one on an open connection): why, for the footer. */
type LineNote = {note: string};

/**
 * Enter alone, connected: telnet would send the empty line, and only earn a 500 that counts towards the server's
 * error limit (Postfix drops a client after 20); a stray Enter of a presenter's is no such try.
 */
export const EMPTY_LINE_NOTE = 'an empty line is not sent: type a command (a server answers an empty line with 500)';

/**
 * Under the command line once the connection ended in the middle of a message typed by hand: a line typed next would
 * be a command on a new connection, which only a greeting opens (LMTP's LHLO too).
 */
export const messageCutWarning = (lmtp = false): string => `connection ended mid-message: type ${helloVerb(lmtp)}`;

/** Verbs that open a conversation: the lines that may follow a message cut off by the connection's end. */
const GREETINGS = new Set(['EHLO', 'HELO', 'LHLO']);

const sameTarget = (a: ControllerTarget, b: ControllerTarget) => JSON.stringify(a) === JSON.stringify(b);

export class SessionController {
	readonly #store: SnapshotStore<ControllerSnapshot>;
	/** What every driver of this controller gets besides the target (a new target makes a new driver). */
	readonly #extra: Pick<DriverOptions, 'onWire' | 'logCap' | 'scripted'>;
	#driver: SmtpDriver;
	#unsubscribe: () => void;
	#warning: string | undefined;
	/** Manual mode after 354: the message typed by hand, until its lone "." (or until it is given up). */
	#body: TypedMessage | undefined;
	/** The log is being told of a message cut off, line by line: one publish once it all is there. */
	#listingCut = false;
	/**
	 * The connection ended in the middle of a message typed by hand: until a line opens a new one on purpose (EHLO,
	 * Enter alone), a typed line is held back, since the typist may still be typing the message.
	 */
	#messageCut = false;
	/**
	 * Why the last connection a typed line opened did not get to commands (refused, no such host, a greeting that
	 * closed it): the lines typed for it say so, not that a connection ended that never began.
	 */
	#notOpened: string | undefined;
	/** Typed lines run one after another: a line typed while the previous one waits (for the greeting) waits too. */
	#lines: Promise<void> = Promise.resolve();
	/**
	 * Connections that ended (closed, or failed to open). A line typed while one was open or opening is not sent on
	 * a new one when that one ends first (a 421, Ctrl+X, a failed connect): like telnet's lines after "Connection
	 * closed", they had a conversation to go to, and it is over.
	 */
	#endedConnections = 0;
	/** The connection (or its session, after a 421) is over. */
	#over = false;
	/** Typed lines queued and not done yet. */
	#linesWaiting = 0;
	/**
	 * Typed lines refused so far (too long, a character SMTP cannot carry). The lines queued behind a refused one (the
	 * rest of a pasted script) are not sent: the message would go without that line, or a command without the one
	 * before it.
	 */
	#refusals = 0;
	/** Which typed lines answer an AUTH. */
	readonly #login = new TypedLogin();
	/** A DATA was typed and its message is still being pasted (its 354 may not have come yet). */
	#dataTyped = false;
	readonly #steps = new StepDecisions();
	/** QUIT on offer at the step prompt (Ctrl+X, or step mode's end of a message). */
	readonly #quit = new QuitOffer(this.#steps);
	/** The message's run under way (send()), which a disconnect waits for: its result says how the stop ended it. */
	#running: Promise<unknown> | undefined;

	/** The connections this controller opened (a replay's are no sockets). */
	readonly #own = new OwnConnections();

	/** `scripted`: the typed lines come from a script (talk from a pipe), which a connection's end also ends. */
	constructor(target: ControllerTarget, extra: Pick<DriverOptions, 'onWire' | 'logCap'> = {}, {scripted = false}: {scripted?: boolean} = {}) {
		this.#extra = {...extra, ...(scripted && {scripted})};
		this.#driver = this.#driverFor(target);
		this.#unsubscribe = this.#driver.subscribe(this.#onDriver);
		this.#store = new SnapshotStore(() => this.#build());
	}

	#driverFor(target: ControllerTarget): SmtpDriver {
		return new SmtpDriver({...target, ...(target.open === undefined && {open: this.#own.open}), ...this.#extra});
	}

	/** Whether a server's view of a client ("127.0.0.1:50123") is a connection of this controller's: the sandbox's inbox asks. */
	ownsClient = (remote: string): boolean => this.#own.owns(remote);

	#onDriver = (): void => {
		// The cut's own lines, each published by the driver: a listener (talk's next step) hears of them once, after the list.
		if (this.#listingCut) return;
		// A 421 ends the session before the server's close ends the connection: either is the end.
		const over = this.#driver.connection === 'closed' || this.#driver.state?.ended === true;
		if (over && !this.#over) this.#endedConnections++;
		this.#over = over;
		if (over && this.#body) {
			// The message typed by hand was cut off: out of body entry, its lines listed in the log (typed nowhere else),
			// and the next line held back unless it opens a conversation on purpose.
			const message = this.#body;
			const went = message.linesWent();
			this.#dropBody();
			this.#dataTyped = false;
			this.#messageCut = true;
			this.#warning = messageCutWarning(this.#driver.options.lmtp);
			// A script's session ends with its connection; a typist can open another one.
			const next = this.#driver.options.scripted ? 'Talk stops here: the rest of the input is not sent' : `Type ${helloVerb(this.#driver.options.lmtp)} to connect again and start over`;
			this.#listingCut = true;
			try {
				this.#driver.info(`the message typed after DATA was not delivered: the connection ended before its lone ".", and a server discards a message left unfinished${cutLinesListed(message.lines.length, went)}. ${next}.`);
				message.listTyped(went);
			} finally {
				this.#listingCut = false;
			}
		}
		this.#publish();
	};

	subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener);

	getSnapshot = (): ControllerSnapshot => this.#store.getSnapshot();

	get driver(): SmtpDriver {
		return this.#driver;
	}

	/**
	 * Aim the next connection at `target`. A connected session keeps its target until it is closed: the return
	 * value says whether the change waits.
	 */
	setTarget(target: ControllerTarget): 'same' | 'changed' | 'after-disconnect' {
		if (sameTarget(target, this.#targetOf(this.#driver))) return 'same';
		const {connection, busy} = this.#driver.getSnapshot();
		if (busy || connection === 'connected' || connection === 'connecting') return 'after-disconnect';
		this.#unsubscribe();
		const previous = this.#driver;
		this.#driver = this.#driverFor(target);
		// Keep what was said so far on screen: the log continues across targets.
		for (const entry of previous.log.entries) this.#driver.log.append(entry);
		this.#unsubscribe = this.#driver.subscribe(this.#onDriver);
		this.#dropBody();
		this.#publish();
		return 'changed';
	}

	info(text: string): void {
		this.#driver.info(text);
	}

	/** Run one message: auto, or step mode (each command waits for confirmStep/stopStep). */
	async send(message: OutgoingMessage, options: {step: boolean}): Promise<RunResult | undefined> {
		// Busy, typed lines still going out, or a message typed by hand after 354 is open: the next bytes are theirs,
		// not another message's.
		if (this.#driver.getSnapshot().busy || this.#linesWaiting > 0 || this.#body || this.#driver.state?.awaiting === 'body') return undefined;
		this.#messageCut = false;
		this.#notOpened = undefined;
		this.#steps.begin(options.step);
		// The last typed line's warning is about that line: once the message's own commands go, it is history.
		if (this.#warning !== undefined) {
			this.#warning = undefined;
			this.#publish();
		}
		const running = this.#run(message);
		this.#running = running;
		try {
			return await running;
		} finally {
			if (this.#running === running) this.#running = undefined;
		}
	}

	async #run(message: OutgoingMessage): Promise<RunResult> {
		const result = await this.#driver.run(message, {keepOpen: true, confirm: this.#steps.confirmation, stepping: this.#steps.stepping});
		// Stopped at the message (or refused there): the driver dropped the connection, since after 354 only a message
		// may follow, and its close comes a moment later. The result waits for it, so that nobody reads it as open.
		const after = this.#driver.state;
		if (after?.awaiting === 'body') await this.#driver.until(state => state.awaiting !== 'body');
		return result;
	}

	/**
	 * The commands send() would send before the message, asked of the same planner on the session's standing (manual
	 * mode's Ctrl+S names them before they go): from the connection open now, or from a new one. Its envelope is a
	 * stand-in: the addresses change no verb.
	 */
	commandsAhead(): string[] {
		const state = this.#driver.state;
		const open = this.#driver.getSnapshot().connection === 'connected' && state !== undefined && !state.ended;
		const plan = runPlan({...this.#driver.options, ehloName: this.#driver.ehloName()}, {from: 'you@example.test', recipients: ['friend@example.test'], eightBit: false}, undefined);
		return commandsAhead(plan, open ? {...state, mailSent: state.transaction.from !== undefined} : undefined);
	}

	/**
	 * Plays the recording's next connection (the target's `open` is a ReplayServer's); step mode asks before each
	 * command. Undefined while a session runs.
	 */
	async replay(options: {step: boolean}): Promise<ReplayProgress | undefined> {
		if (this.#driver.getSnapshot().busy) return undefined;
		const server = ReplayServer.of(this.#driver.options.open);
		if (!server) throw new Error('replay: the target does not open a recording');
		this.#dropBody();
		this.#steps.begin(options.step);
		return replayNext(this.#driver, server, {confirm: this.#steps.confirmation, stepping: this.#steps.stepping});
	}

	/**
	 * The mode changed while a session may be running: to auto, it goes on by itself (the line on offer is sent); to
	 * step, it stops before the next command; to manual, a waiting step stops there, and a session waiting for a
	 * reply stops before the command after it, leaving the connection open for typed commands.
	 */
	setMode(mode: 'auto' | 'step' | 'manual'): void {
		this.#steps.setMode(mode);
		if (mode === 'auto') this.confirmStep();
		else if (mode === 'manual') this.stopStep();
	}

	/** Step mode: send the proposed command, or the line the user edited instead. */
	confirmStep(editedLine?: string): void {
		const decide = this.#steps.take();
		if (!decide) return;
		const proposed = this.#driver.getSnapshot().proposed;
		if (editedLine === undefined || editedLine === proposed?.display) decide({action: 'send'});
		else decide({action: 'edit', command: parseCommandLine(editedLine), typed: editedLine});
	}

	stopStep(): void {
		this.#steps.stop();
	}

	/**
	 * Manual mode: one typed line, like telnet. Connects first when needed; after 354 it is body text. Lines go out
	 * in the order typed, each after the previous one is done (a pasted script typed before the greeting waits for it).
	 */
	sendLine(line: string): Promise<LineRefusal | LineNote | undefined> {
		const endedBefore = this.#endedConnections;
		const refusalsBefore = this.#refusals;
		const {secret, auth} = this.#login.typed(line, typedVerb(line), this.#driver.state?.authExchange === true);
		this.#linesWaiting++;
		this.#publish();
		const sent = this.#lines
			.then(() => this.#sendLine(line, endedBefore, refusalsBefore, secret, auth))
			.then(result => {
				if (result && 'refused' in result) this.#refusals++;
				return result;
			})
			.finally(() => {
				this.#linesWaiting--;
				// A typed DATA that opened no message (refused, or not sent): what is typed from now on is a command again.
				if (!this.#body && typedVerb(line) === 'DATA') this.#dataTyped = false;
				this.#publish();
			});
		// The next line waits for this one whatever happens to it; the caller still learns of its failure.
		this.#lines = sent.then(
			() => undefined,
			() => undefined,
		);
		return sent;
	}

	async #sendLine(line: string, endedBefore: number, refusalsBefore: number, secret: boolean, auth: number): Promise<LineRefusal | LineNote | undefined> {
		// A line the log lists as not sent: as typed, unless it carries credentials.
		const shown = secret ? REDACTED : line;
		if (this.#refusals > refusalsBefore) {
			this.#driver.info(`not sent (a line before it was refused): ${this.#body ? line : shown}`);
			return undefined;
		}
		if (this.#body) {
			if (line !== '.') {
				const refused = this.#body.add(line, warning => {
					this.#warning = warning;
				});
				if (refused) return refused;
				this.#publish();
				return undefined;
			}
			// The lines went as typed: the lone "." lets the final dot follow them.
			const sending = this.#detachBody()?.end();
			this.#publish();
			await sending;
			// The next typed line (QUIT at the end of a pasted script) waits for the message's own reply.
			await this.#driver.until(state => state.awaiting !== 'final-dot');
			return undefined;
		}
		if (line.trim() === '') {
			// Enter alone sends nothing; with no connection it opens one and shows the greeting (telnet's first step).
			const idle = this.#driver.getSnapshot();
			if (idle.connection === 'connected') return {note: EMPTY_LINE_NOTE};
			if (!idle.busy && this.#endedConnections === endedBefore) await this.#openForTyping();
			return undefined;
		}
		const snapshot = this.#driver.getSnapshot();
		// The connection this line was typed for has ended (or never opened): not sent on another.
		if (this.#endedConnections > endedBefore && (snapshot.connection !== 'connected' || this.#driver.state?.ended)) {
			this.#driver.info(`not sent (${this.#notOpened ?? 'the connection ended first'}): ${shown}`);
			return undefined;
		}
		if (this.#messageCut && snapshot.connection !== 'connected' && !GREETINGS.has(typedVerb(line) ?? '')) {
			// Typed after the message was cut off, it may be the message's next line: it would open a new connection and
			// go as a command (a 500). Held back and listed in the log under the message's lines, not put back on the
			// command line: there the next line typed (EHLO) would be joined to it.
			this.#driver.info(`not sent: ${shown}: the connection ended in the middle of the message typed after DATA, and this line would open a new connection as a command; type ${helloVerb(this.#driver.options.lmtp)} to connect again`);
			return {note: `not sent: ${messageCutWarning(this.#driver.options.lmtp)}`};
		}
		if (snapshot.connection !== 'connected') {
			if (snapshot.busy) {
				this.#driver.info(`not sent (a session is still running): ${shown}`);
				return undefined;
			}
			if (!(await this.#openForTyping())) {
				// The log said why it failed: the line that was to open it did not go either, and is named as typed.
				this.#driver.info(`not sent (${this.#notOpened}): ${shown}`);
				return undefined;
			}
		}
		const before = this.#driver.log.total;
		this.#warning = undefined;
		const command = parseCommandLine(line);
		// Parsed so the engine follows the conversation; sent as typed, like telnet (case and spacing kept).
		const sent = this.#driver.sendCommand(command, line, secret);
		const added = this.#driver.log.since(before);
		const warning = added.find(entry => entry.kind === 'info' && entry.text.startsWith('warning: '));
		this.#warning = warning?.text.slice('warning: '.length);
		this.#publish();
		// Refused before the wire (too long, a CR, LF or NUL): the log has the whole reason.
		const refusal = sent ? undefined : added.find(entry => entry.kind === 'error');
		if (refusal) return {refused: `not sent: ${refusal.text}`};
		// The next typed line waits for this one's reply (and a TLS handshake): a pasted script then goes one
		// command at a time, as a person at telnet would send it, and the step rail follows each reply.
		if (sent) await this.#driver.until(state => state.awaiting !== 'reply' && state.awaiting !== 'tls');
		if (sent) this.#login.replied(auth, this.#driver.log.since(before), () => this.#driver.state?.authExchange === true);
		// Body entry starts only when the server said 354; a refused DATA leaves the command line as it was.
		if (sent && command.verb === 'DATA' && this.#driver.state?.awaiting === 'body' && this.#driver.getSnapshot().connection === 'connected') {
			// In body entry before the driver starts sending: its news of that is read as the message's.
			this.#body = new TypedMessage(this.#driver);
			this.#body.send();
		}
		this.#publish();
		return undefined;
	}

	/** Connects, then waits for the greeting: like a person at telnet, type only after it (some servers drop clients that talk early). */
	async #openForTyping(): Promise<boolean> {
		this.#messageCut = false;
		this.#notOpened = undefined;
		if (!(await this.#driver.connect({typed: true}))) {
			this.#notOpened = 'the connection could not be opened';
			return false;
		}
		await this.#driver.until(state => state.awaiting !== 'greeting');
		if (this.#driver.getSnapshot().connection === 'connected') return true;
		this.#notOpened = 'the server ended the connection at its greeting';
		return false;
	}

	/**
	 * Whether a typed line may be kept in the command history: not message body lines, not secrets. Asked once per
	 * line, in the order typed (before the line is sent), so it also follows which lines answer an AUTH.
	 */
	remembers(line: string): boolean {
		if (this.#body) {
			// The message is open and the session itself knows where it ends.
			this.#dataTyped = false;
			return false;
		}
		// Lines pasted right behind DATA are the message, though its 354 has not come yet, up to a lone ".".
		if (this.#dataTyped) {
			if (line === '.') this.#dataTyped = false;
			return false;
		}
		// Lines pasted right behind an AUTH answer it, though its 334 has not come yet: anything but a command.
		const verb = typedVerb(line);
		if (verb === 'DATA' && /^DATA\s*$/i.test(commandText(line))) this.#dataTyped = true;
		const answer = this.#login.answersTyped(verb);
		// An answer to a 334 challenge, or AUTH with its initial response: both carry the credentials.
		if (this.#driver.state?.authExchange || answer) return false;
		return !/^AUTH\s+\S+\s+\S/i.test(commandText(line));
	}

	/**
	 * Say QUIT and close; the session can be opened again with the next send. With `ask` (step mode's Ctrl+X), on a
	 * connection open and idle, QUIT is first offered at the step prompt like any other line, so it can be explained
	 * before it goes: 'kept' when the user stopped there (the connection stays open). Without it (Ctrl+C's close, a
	 * session still running) QUIT goes at once; so it does when asked again while it is on offer. A message's run under
	 * way is waited for, so its result (where the stop came, or a message that may have gone) is in the snapshot.
	 */
	async disconnect(options: {ask?: boolean; cause?: StopCause; scriptEnded?: boolean} = {}): Promise<QuitOutcome> {
		const pending = this.#quit.pending;
		if (pending) {
			this.confirmStep();
			return pending;
		}
		const offered = options.ask ? await this.offerQuit() : undefined;
		if (offered) return offered;
		const cause = options.cause ?? 'user';
		if (cause === 'hangup') this.#driver.hangingUp();
		this.stopStep();
		// A message being typed is given up only once its connection is dropped: given up first, the driver would
		// read the end of its lines as the connection's.
		const typed = this.#detachBody();
		// The user's own stop, not the network's: said as such, with the lines typed (written nowhere else). A script
		// that ended (talk from a pipe) dropped nothing on purpose: its caller says why, and this what it means.
		if (typed && cause === 'user') {
			const {lines} = typed;
			const key = options.cause === undefined ? ' (Ctrl+X)' : '';
			this.#driver.info(`${options.scriptEnded ? 'the message is dropped' : `you dropped the message${key}`}: ${countOf(lines.length, 'line')} had gone, no "." was sent, so nothing is delivered${lines.length > 0 ? '; the lines typed are listed below' : ''}`);
			typed.listTyped();
		}
		this.#dataTyped = false;
		// Awaited only when there is a login to give up: otherwise QUIT goes in this same turn, so the caller sees it
		// pending at once (the footer's "stopping: QUIT sent").
		const cancelling = this.#cancelAuth();
		if (cancelling) await cancelling;
		await this.#driver.quit(cause);
		typed?.withdraw();
		if (this.#running) await this.#running.catch(() => undefined);
		this.#publish();
		return 'closed';
	}

	/**
	 * A 334 waiting for its answer takes the next line as one: a QUIT would go as the answer (and be refused, then wait
	 * out its timeout). The exchange is given up first with "*" (RFC 4954 §4), answered by 501, and QUIT follows it.
	 */
	#cancelAuth(): Promise<unknown> | undefined {
		const state = this.#driver.state;
		if (!state?.authExchange || state.awaiting !== 'nothing' || state.ended || this.#driver.getSnapshot().connection !== 'connected') return undefined;
		this.#driver.info('the login is given up first with "*" (RFC 4954): a QUIT now would be taken as the answer to the 334');
		if (!this.#driver.sendCommand(parseCommandLine('*'), '*')) return undefined;
		return this.#driver.until(after => after.awaiting !== 'reply');
	}

	/** QUIT (waiting at most a few seconds), then drop the socket whatever happened. `cause`: who ends it (a hang-up, SIGHUP). */
	async close(cause: StopCause = 'user'): Promise<void> {
		await this.disconnect({cause});
		this.#driver.destroy(cause);
		this.#unsubscribe();
	}

	/**
	 * QUIT offered at the step prompt, on a connection open and idle (undefined, and nothing sent, on any other): step
	 * mode's last step, offered by itself once a message is queued, so Enter goes on to the end of the lesson.
	 */
	async offerQuit(): Promise<QuitOutcome | undefined> {
		if (this.#quit.pending || !this.#idle()) return undefined;
		return this.#quit.offer(this.#driver);
	}

	/** Ctrl+S while QUIT is on offer: the offer goes, so the next message can start on this connection. False: none was. */
	async withdrawQuit(): Promise<boolean> {
		return this.#quit.withdraw();
	}

	/**
	 * A connection open with nothing under way on it: no run or offer, no typed line or message, no reply awaited. Not
	 * a replay's: a recording plays its own QUIT, if it has one.
	 */
	#idle(): boolean {
		const {connection, busy, proposed} = this.#driver.getSnapshot();
		const state = this.#driver.state;
		if (connection !== 'connected' || busy || proposed || this.#linesWaiting > 0 || this.#body || this.#driver.options.replay) return false;
		return state !== undefined && !state.ended && state.awaiting === 'nothing';
	}

	/**
	 * Out of body entry (sent, or gone unsent), the message returned to be ended or given up: with the lines goes the
	 * warning about the last one ("this line is no header"), which would otherwise stay under the command line.
	 */
	#detachBody(): TypedMessage | undefined {
		const message = this.#body;
		if (!message) return undefined;
		this.#body = undefined;
		this.#warning = undefined;
		return message;
	}

	/** Out of body entry, the message given up: lines not ended by a "." never get their final dot, the server discards them. */
	#dropBody(): void {
		this.#detachBody()?.withdraw();
	}

	#targetOf(driver: SmtpDriver): ControllerTarget {
		const {onWire: _onWire, logCap: _logCap, ...target} = driver.options;
		return target;
	}

	#build(): ControllerSnapshot {
		return {
			session: this.#driver.getSnapshot(),
			dataMode: this.#body !== undefined,
			bodyLines: this.#body?.lines.length ?? 0,
			body: this.#body?.lines ?? [],
			authAnswer: this.#driver.state?.authExchange === true,
			// Masked while typed also behind an AUTH the server refused: what comes next is still the typist's secret.
			authRefused: this.#driver.state?.authExchange !== true && this.#login.answering,
			linesWaiting: this.#linesWaiting,
			messagesQueued: this.#driver.state?.messagesQueued ?? 0,
			messageCut: this.#messageCut,
			...(this.#warning !== undefined && {warning: this.#warning}),
		};
	}

	#publish(): void {
		this.#store.publish();
	}
}
