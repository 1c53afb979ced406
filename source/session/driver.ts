// The driver joins one transport connection to one pure engine: it performs the engine's effects, keeps the
// per-step clock, logs every line (AUTH payloads as the engine redacts them; a secret a server echoes back masked
// before anything reads it) and publishes immutable snapshots.
// Headless `send` and the dashboard both use it. It coordinates; the parts with a job of their own are modules:
// TLS on the connection (connection-tls), the server's lines into the log (reply-log), command lines onto the wire
// (command-writer), the message on its way (message-going), the clock (step-clock), the stop of a run (run-stop).
import {chunkPlace} from '../text/bdat-chunk.js';
import {Connection, ConnectError} from '../transport/connection.js';
import {offeredCertificate} from '../transport/client-certificate.js';
import {hostPort} from '../transport/host-port.js';
import {SmtpSession} from '../smtp/session.js';
import type {SessionEvent, SessionState} from '../smtp/session-types.js';
import {stepOfStage} from '../smtp/transitions.js';
import {nextAction} from '../smtp/plan.js';
import type {Failure, FailureCause, FailureKind} from '../smtp/failure.js';
import {isLoopback} from '../transport/loopback.js';
import {SmtpInputError, type Command, type EncodedCommand, type FailureStage, type Reply} from '../smtp/types.js';
import {LogBuffer, type NewLogEntry} from './log.js';
import type {ConnectionState, Endpoints, OutgoingMessage, RunOptions, RunResult, SessionConnection, SessionSnapshot, TlsInfo} from './types.js';
import {replyBegun, timeoutKind, timeoutMessage, timeoutsFromSeconds, type Timeouts, type Waited} from './timeouts.js';
import {clockFor, StepClock} from './step-clock.js';
import {Waiters} from './waiters.js';
import {SnapshotStore} from './snapshot-store.js';
import {driverSnapshot, endpointsOf, targetOf} from './driver-snapshot.js';
import {NO_QUIT_IN_HANDSHAKE, noQuitReason} from './no-quit.js';
import {doneMessage, stoppedUnanswered} from './outcome.js';
import {connectedNote, connectingNotes, commandNotes, socksLoginUnusedNote} from './driver-notes.js';
import {runPlan} from './run-plan.js';
import {defaultEhloName} from '../smtp/ehlo-name.js';
import {hostname} from 'node:os';
import {listenWhileCurrent} from './current-listeners.js';
import {BodyStream, unreadableMessage} from './body-stream.js';
import {BdatStream} from './bdat-stream.js';
import {bdatLine} from '../smtp/bdat-chunker.js';
import {EchoedSecrets} from './echoed-secrets.js';
import {ConnectionTls} from './connection-tls.js';
import {stageOf, stageOfVerb} from './failure-stage.js';
import {ReplyLog} from './reply-log.js';
import {CommandWriter} from './command-writer.js';
import {dropReason, stopNote, stoppedBy, stoppedResult, type StopCause, type StopContext, type StopMoment} from './user-stop.js';
import {MessageGoing} from './message-going.js';
import {ProxyRefusal, type HeaderRefusal} from './proxy-refusal.js';
import type {DriverOptions} from './driver-options.js';
import {connectOptions} from './connect-options.js';
import {messageLine, proposalOf, type GroupLine, type OfferOptions} from './proposal.js';
import {endedAfterQueued, runResult, type RunEnd} from './run-result.js';
import {RunStop} from './run-stop.js';
import {SentLines} from './sent-lines.js';

/** Step mode's prompts are on: a prompt was given, and the caller steps now (it may switch to auto mid-run). */
const stepping = (options: RunOptions): options is RunOptions & Required<Pick<RunOptions, 'confirm'>> => options.confirm !== undefined && (options.stepping?.() ?? true);

/** The body of a message that must not go: the encoder ends it with the lone ".". */
async function* emptyBody(): AsyncGenerator<Uint8Array> {}

export class SmtpDriver {
	readonly options: DriverOptions;
	readonly timeouts: Timeouts;
	readonly #log: LogBuffer;
	readonly #store: SnapshotStore<SessionSnapshot>;
	#session: SmtpSession | undefined;
	#connection: SessionConnection | undefined;
	/** The socket's state; the session on it may have ended already (see #live). */
	#connectionState: ConnectionState = 'idle';
	/** The last connection's two ends, once it opened. */
	#endpoints: Endpoints | undefined;
	#proposed: SessionSnapshot['proposed'];
	/** The connection this driver dropped itself (quit() has nothing to say on it). */
	#dropped: SessionConnection | undefined;
	/** The AUTH payloads sent and the password, masked wherever a reply quotes them. */
	readonly #echoes = new EchoedSecrets();
	#busy = false;
	/** The stop of the run under way (Ctrl+X, an interrupt, a hang-up), if one came. */
	readonly #stop = new RunStop();
	/** The TCP connection of the attempt is made and TLS from the first byte is being negotiated: a stop now is no "no connection". */
	#handshaking = false;
	/** The connection attempt under way (the TCP connect, and implicit TLS's handshake): a stop aborts it at once. */
	#attempt: AbortController | undefined;
	/** The lines written, for their replies: when each went, typed by hand or not, in which pipelined group. */
	readonly #sent = new SentLines();
	/** The session (connection) already told that it goes on without TLS. */
	#clearWarned: SmtpSession | undefined;
	#result: SessionSnapshot['result'];
	#failure: Failure | undefined;
	/** TLS on the connection: the handshake's lines and words, the certificate it refused. */
	readonly #tls: ConnectionTls;
	readonly #clock = new StepClock((ms, what) => this.#timedOut(ms, what));
	/** The message on its way, while it is: its stream, and how much has left. */
	readonly #going = new MessageGoing(() => this.#publish());
	readonly #waiters = new Waiters();
	/** Whether the server read our PROXY header (--proxy) as a command: the advice is to leave it out. */
	readonly #proxyRefusal = new ProxyRefusal();
	/** The protocol error this connection's session logged, not to be logged again as the failure it causes. */
	#protocolError: string | undefined;
	/** What the server says, into the log. */
	readonly #replies: ReplyLog;
	/** Command lines onto the wire, into the log and the recording. */
	readonly #writer: CommandWriter;

	constructor(options: DriverOptions) {
		this.options = options;
		this.timeouts = {...timeoutsFromSeconds(), ...options.timeouts};
		this.#log = new LogBuffer(options.logCap);
		this.#tls = new ConnectionTls(options);
		this.#replies = new ReplyLog({state: () => this.#session?.state, options, echoes: this.#echoes, sent: this.#sent, proxyRefusal: this.#proxyRefusal, append: entry => this.#append(entry)});
		this.#writer = new CommandWriter({session: () => this.#session!, connection: () => this.#connection!, options, echoes: this.#echoes, sent: this.#sent, append: entry => this.#append(entry)});
		const target = targetOf(options);
		this.#store = new SnapshotStore(() =>
			driverSnapshot({
				target,
				connection: this.connection,
				endpoints: this.#endpoints,
				session: this.#session?.state,
				tls: this.#connection?.tlsInfo,
				refusedCertificate: this.#tls.refusedCertificate,
				log: this.#log,
				proposed: this.#proposed,
				busy: this.#busy,
				waiting: this.#clock.waiting,
				sending: this.#going.sending,
				result: this.#result,
				failure: this.#failure,
			}),
		);
	}

	subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener);

	/** The snapshot's connection, without building a snapshot (which reads every recipient): the controller asks at each publish. */
	get connection(): SessionSnapshot['connection'] {
		// A session the engine ended (a 421) is over, though the server may keep its side of the socket open a while.
		return this.#connectionState === 'connected' && !this.#live() ? 'closed' : this.#connectionState;
	}

	getSnapshot = (): SessionSnapshot => this.#store.getSnapshot();

	/**
	 * The name EHLO gives: the one set, else a name a strict server takes (the host name when it has a dot, else the
	 * address literal of this end of the connection, known once connected).
	 */
	ehloName(): string {
		return this.options.ehloName ?? defaultEhloName(hostname(), this.#endpoints?.local.address);
	}

	get log(): LogBuffer {
		return this.#log;
	}

	get state(): SessionState | undefined {
		return this.#session?.state;
	}

	/** Informational line in the log (the dashboard and `send` add their own notes). */
	info(text: string): void {
		this.#append({kind: 'info', text});
		this.#publish();
	}

	/** How the server refused the last connection's PROXY header (--proxy), if it did: read as a command, or turned away. */
	get proxyRefused(): HeaderRefusal | undefined {
		return this.#proxyRefusal.refusal;
	}

	error(text: string): void {
		this.#append({kind: 'error', text});
		this.#publish();
	}

	/**
	 * Open the connection and start waiting for the greeting. False (with the reason logged) on failure. `typed`: for
	 * lines typed by hand (manual mode), where nothing but the user starts TLS after the greeting.
	 */
	async connect(options: {typed?: boolean} = {}): Promise<boolean> {
		if (this.#live() || this.#connectionState === 'connecting') return true;
		// The engine ended the session (a 421) and dropped its socket, whose close may not have come yet: the new try
		// does not wait for it.
		if (this.#connectionState === 'connected') this.#retire();
		const {host, port, tls} = this.options;
		this.#replies.connecting();
		this.#session = new SmtpSession({implicitTls: tls === 'tls', lmtp: this.options.lmtp ?? false, ...(this.options.clientCertificate && {clientCertificate: offeredCertificate(this.options.clientCertificate)}), ...(this.options.withheldCertificate && {withheldCertificate: this.options.withheldCertificate})});
		this.#connection = undefined;
		this.#failure = undefined;
		this.#protocolError = undefined;
		this.#result = undefined;
		this.#tls.connecting();
		this.#endpoints = undefined;
		this.#connectionState = 'connecting';
		this.#sent.opening(options.typed ?? false);
		for (const note of connectingNotes(this.options, options.typed ?? false)) this.#append(note);
		this.#clock.show('the connection to open', this.timeouts.connect);
		this.#publish();

		const attempt = new AbortController();
		this.#attempt = attempt;
		this.#handshaking = false;
		let connection: SessionConnection;
		// The PROXY header is said as it goes, before TLS from the first byte: a handshake that fails then still shows it.
		let connectedShown = false;
		const showConnected = (opened: SessionConnection) => {
			connectedShown = true;
			this.#endpoints = endpointsOf(opened, port);
			this.#append({kind: 'info', text: this.options.replay ? 'playing the recording: no network' : connectedNote(opened, host, port)});
			const unused = this.options.socks?.login;
			if (unused && opened.socksLoginUnused) this.#append({kind: 'info', text: socksLoginUnusedNote(unused.user)});
			// Sent before TLS, even implicit TLS's: in clear, whatever follows.
			if (opened.proxyHeader) this.#append({kind: 'sent', text: opened.proxyHeader.text});
		};
		const showHeader = (opened: SessionConnection) => {
			if (this.#attempt === attempt) showConnected(opened);
		};
		try {
			connection = await (this.options.open ?? Connection.open)(
				connectOptions(this.options, {
					timeoutMs: this.timeouts.connect,
					signal: attempt.signal,
					onProxyHeader: showHeader,
					onHandshake: () => {
						if (this.#attempt === attempt) this.#handshaking = true;
					},
				}),
			);
		} catch (error) {
			if (attempt.signal.aborted) return this.#attemptStopped();
			const handshake = error instanceof ConnectError && error.kind === 'tls' ? this.#tls.failed(error) : undefined;
			this.#connectionState = 'closed';
			this.#clock.stop();
			this.#handle(handshake ? this.#session.connectFailed('tls', handshake.message, handshake.kind, handshake.cause) : this.#session.connectFailed('connect', this.#tls.words(error)), false);
			return false;
		} finally {
			this.#attempt = undefined;
		}
		// An opener that does not heed the stop (a replay's) still has it obeyed.
		if (attempt.signal.aborted) {
			connection.destroy();
			return this.#attemptStopped();
		}

		this.#connection = connection;
		this.#connectionState = 'connected';
		this.#clock.stop();
		// What the last connection left held is no reply on this one.
		this.#echoes.release();
		this.#sent.wrote();
		if (!connectedShown) showConnected(connection);
		this.#proxyRefusal.connected(connection.proxyHeader?.text);
		if (connection.tlsInfo) this.#tlsEstablished(connection.tlsInfo);
		this.#listen(connection);
		this.#handle(this.#session.connected());
		return true;
	}

	/** The user stopped the attempt: no failure and no timeout, nothing was made; the session is over. */
	#attemptStopped(): false {
		this.#connectionState = 'closed';
		this.#clock.stop();
		this.#append({kind: 'info', text: stopNote(this.#attemptMoment(), this.#stopContext())});
		this.#handle(this.#session!.closed(undefined, true), false);
		return false;
	}

	/** The connection's events, for as long as it is the current one. */
	#listen(connection: SessionConnection): void {
		listenWhileCurrent(connection, () => this.#connection === connection, {
			data: (chunk: Buffer) => this.#onData(chunk),
			error: (error: Error) => {
				// TLS 1.3: the client is done with the handshake before the server judges it, so a refusal (a client
				// certificate demanded) arrives as an error just after it. It is a TLS failure, not a connection lost.
				if (error instanceof ConnectError && error.kind === 'tls') {
					const {message, kind, cause} = this.#tls.failed(error);
					this.#handle(this.#session!.tlsRefused(message, kind, cause), false);
					return;
				}
				// Mid-message, the socket may report the peer gone (EPIPE, a reset) before its close: the close says it
				// once, with how much of the message went.
				if (error instanceof ConnectError && error.kind === 'closed' && this.#going.stream) return;
				this.#append({kind: 'error', text: error.message});
			},
			close: () => this.#onClose(),
			'recorded-timeout': (message: string) => this.#endByTimeout(message, true, timeoutKind(this.#clock.awaited ?? 'a reply', replyBegun(this.#replies.soFar()))),
		});
	}

	/** The session is on: connected, and not ended by the engine (a 421, a QUIT answered, a protocol error). */
	#live(): boolean {
		return this.#connectionState === 'connected' && this.#session?.state.ended === false;
	}

	/** Drops a connection whose session ended and whose close is still to come; its close is had here, now. */
	#retire(): void {
		this.#drop();
		this.#onClose();
	}

	/** A replay's pipelined group: its recorded lines, sent in one write as they went (see CommandWriter.writeGroup). */
	sendGroup(commands: readonly GroupLine[]): boolean {
		return this.#writeByHand(() => {
			this.#handle(this.#writer.writeGroup(commands));
			return true;
		}) === true;
	}

	/**
	 * One command now (manual mode, replay). The engine follows it; out-of-order lines get a warning but go out.
	 * `typed`: the line as the user typed it, which is what goes on the wire; `secret`: a typed line that carries
	 * credentials, redacted wherever it is shown or recorded.
	 */
	sendCommand(command: Command, typed?: string, secret = false): EncodedCommand | undefined {
		return this.#writeByHand(() => {
			// Sent anyway, as typed lines are, but never unsaid: the automatic modes refuse this login.
			if (command.verb === 'AUTH' && !this.#session!.state.secure && !this.options.replay && !(this.options.allowPlaintextAuth ?? isLoopback(this.options.host))) {
				this.#append({kind: 'error', text: `this login goes unencrypted to ${this.options.host}: anyone in the path can read it (STARTTLS first; Ctrl+S and send refuse it)`, step: 'auth'});
			}
			const encoded = this.#write(command, typed, secret);
			// Not a replayed line: the recording's client may have been `send`, with its flags.
			if (typed !== undefined && !this.options.replay) this.#sent.typedByHand(encoded);
			return encoded;
		});
	}

	/** A write the caller asked for (a typed line, a replayed one): not while unconnected; a line that cannot go is logged. */
	#writeByHand<T>(write: () => T): T | undefined {
		if (!this.#session || !this.#live()) {
			this.error('not connected: connect first');
			return undefined;
		}
		// Each typed line is a new try, as each run is: what fails from now on (a timeout after a refused AUTH) is
		// news, logged and shown, not hidden behind the earlier failure.
		this.#failure = undefined;
		try {
			return write();
		} catch (error) {
			if (!(error instanceof SmtpInputError)) throw error;
			this.error(error.message);
			return undefined;
		}
	}

	/** A body given whole (a replay's): through the same DATA encoder as everything else. */
	async sendBody(text: string): Promise<void> {
		const bytes = Buffer.from(text, 'utf8');
		await this.#sendBody(
			(async function* () {
				yield bytes;
			})(),
			bytes.length,
		);
	}

	/**
	 * Manual mode after 354, a message typed by hand: each line goes as it is typed (the source yields it with its
	 * CRLF), as telnet sends it, so the server's idle timer restarts at each line and a slow typist loses nothing to it.
	 * No clock of ours runs until the source ends (the lone "."): the wait is the typist's. A source given up (thrown
	 * BodyWithdrawn) sends no final dot. `onWent`: the octets the operating system has taken so far, at each write.
	 */
	async sendTypedBody(source: AsyncIterable<Uint8Array>, onWent?: (went: number) => void): Promise<void> {
		await this.#sendBody(source, undefined, false, onWent);
	}

	/** Run one transaction (connecting first if needed) in auto mode, or step mode when confirm is given. */
	async run(message: OutgoingMessage, options: RunOptions = {}): Promise<RunResult> {
		/** The verb of the command being encoded and written, for the stage of an error it throws. */
		let planned: Command['verb'] | undefined;
		/** The line the user typed over the planned one (step mode's `e`), until its reply is in. */
		let edited: Command['verb'] | undefined;
		/** The EHLO name so typed: the name from then on once the server takes it. */
		let editedEhlo: string | undefined;
		// Step mode: QUIT typed over the planned line. The session that ends at it was ended by the user, as by Ctrl+X.
		let quitTyped = false;
		this.#busy = true;
		this.#stop.reset();
		this.#result = undefined;
		for (const note of message.notes ?? []) this.info(note);
		this.#publish();
		try {
			if (!(await this.connect())) return this.#finish(this.#failure ? undefined : stoppedResult(this.#attemptMoment(), this.#stopContext()));
			const session = this.#session!;
			// A failure left the connection open (a refusal, or a message stopped before MAIL went): this is a new try.
			if (session.state.messagesQueued > 0 || session.state.transaction.from !== undefined || this.#failure || session.state.failure) {
				this.#failure = undefined;
				this.#handle(session.beginTransaction());
			}
			const plan = runPlan({...this.options, ehloName: this.ehloName()}, message, options.quitAfter);
			for (;;) {
				if (this.#failure) {
					// The server took the message, then ended the session in the same breath (its 250 and a 421 read in
					// one go): the message went, and a script must not send it again.
					const ended = endedAfterQueued(this.#failure, session.state);
					if (ended) return this.#finish({ok: true, message: `${doneMessage(session.state)}; then ${ended}`});
					return await this.#failed(options);
				}
				if (editedEhlo !== undefined && session.state.awaiting === 'nothing') {
					// An EHLO name edited in step mode is the name from then on (the EHLO after STARTTLS too), once the
					// server took it.
					const last = session.state.last;
					if (last?.command.command.verb === 'EHLO' && last.reply.code < 400) plan.ehloName = editedEhlo;
					editedEhlo = undefined;
				}
				if (edited && session.state.awaiting === 'nothing') {
					// Refused, it is offered again as planned (as a typo in its command word is, which the engine cannot read).
					this.#handle(session.forgetRefused(edited));
					edited = undefined;
				}
				const action = nextAction(session.state, plan);
				if (action.type === 'wait') {
					if (this.#connectionState !== 'connected' && !this.#failure) {
						this.#fail('closed', 'the connection closed', undefined, 'closed-between-commands');
						continue;
					}
					await this.#waiters.next();
				} else if (action.type === 'command' || action.type === 'group') {
					const group = action.type === 'group' ? action.commands : undefined;
					const first: Command = action.type === 'group' ? action.commands[0]! : action.command;
					planned = first.verb;
					if ((first.verb === 'AUTH' || first.verb === 'MAIL') && this.options.tls === 'auto' && !session.state.secure) this.#warnClear(session);
					const context = {state: session.state, message, allowPlaintextAuth: this.options.allowPlaintextAuth, user: this.options.auth?.user, pipeline: plan.pipeline, dsn: plan.dsn, bdat: plan.bdat};
					for (const each of group ?? [first]) for (const note of commandNotes(each, context)) this.#append(note);
					this.#publish();
					for (const each of group ?? [first]) options.beforeCommand?.(each);
					const answer = stepping(options) ? await this.ask(first, options.confirm, group ? {group: group.map(command => ({command}))} : {}) : {command: first};
					if (!answer) {
						// Stopped by a disconnect (Ctrl+X mid-session), whose QUIT already went: the connection does not stay.
						if (!this.#failure && this.#quitCanGo()) this.info(`${stoppedBy(this.#stopContext().cause)} before ${first.verb}; the connection stays open`);
						return await this.#stoppedAtPrompt(options);
					}
					if (group) {
						this.#handle(this.#writer.writeGroup(group.map(command => ({command}))));
						planned = undefined;
						continue;
					}
					const {command, typed} = answer;
					// An edited line goes as typed (its case, its spacing), as in manual mode: trying a mistake is the point.
					const written = this.#write(command, typed).command;
					if (typed !== undefined) edited = written.verb;
					if (typed !== undefined && written.verb === 'QUIT') quitTyped = true;
					// Not a name the engine could only send as a raw line (`EHLO my laptop`): the server judges that once.
					if (written.verb === 'EHLO' && first.verb === 'EHLO' && written.domain !== plan.ehloName) editedEhlo = written.domain;
					planned = undefined;
				} else if (action.type === 'bdat') {
					// Step mode: each chunk's BDAT line is a step of its own, offered before it goes.
					const confirm = options.confirm;
					const chunkSize = this.options.bdat!.chunkSize;
					const ask = confirm && (async (line: string, first: boolean, chunk: {index: number; last: boolean}) => !(options.stepping?.() ?? true) || (await this.ask({verb: 'RAW', line}, confirm, {fixed: true, step: first ? 'data' : 'message', chunk: chunkPlace(chunk.index, chunk.last, message.size === undefined ? undefined : {octets: message.size, exact: message.sizeExact === true}, chunkSize)})) !== undefined);
					if (!(await this.#sendBdat(message.body(), chunkSize, ask))) return await this.#stoppedAtPrompt(options);
				} else if (action.type === 'body') {
					if (!action.empty && stepping(options) && !(await this.confirmBody(options.confirm, message.size))) return await this.#stoppedAtPrompt(options);
					if (action.empty) {
						// RFC 2920 §3.1: a 354 to a pipelined DATA with no recipient accepted is ended at once, with no message.
						this.info('no recipient was accepted, yet DATA got 354: only a lone "." goes, so that no message is sent (RFC 2920 §3.1)');
						await this.#sendBody(emptyBody(), 0);
					} else await this.#sendBody(message.body(), message.size);
				} else if (action.type === 'done') {
					return this.#finish({ok: true, message: doneMessage(session.state)});
				} else if (action.stage === 'closed' && (this.#stop.asked || quitTyped) && !session.state.steps.some(step => step.step === 'message' && step.status === 'done')) {
					// The user's own stop (Ctrl+X while a reply was awaited, a handshake or the message going out, or a QUIT
					// typed at the step prompt) ended it before the message: a stop, as Ctrl+X at a step prompt is, not a failure.
					const moment = this.#stop.moment ?? 'quit';
					this.info(stopNote(moment, this.#stopContext()));
					return this.#finish(stoppedResult(moment, this.#stopContext()));
				} else if (action.stage === 'closed' && this.#stop.asked) {
					// Stopped after the whole message went, before its reply: still the user's stop, which the log says as
					// one, but the server may have queued the message, and the words keep that.
					const message = stoppedUnanswered(this.#stopContext().cause);
					this.info(message);
					return this.#finish({ok: false, kind: 'stopped', message});
				} else {
					this.#handle(session.stoppedAt(action.stage));
					this.#fail(action.stage, action.message, action.reply, action.kind, action.cause);
					return await this.#failed(options);
				}
			}
		} catch (error) {
			if (!(error instanceof SmtpInputError)) throw error;
			// Our own input was refused before it reached the wire: a command's argument (an EHLO name with a
			// space) names its own stage; otherwise (a line over 998 octets in a raw body) where the session stood.
			const stage = planned ? stageOfVerb(planned) : this.#session ? stageOf(this.#session.state) : 'connect';
			this.#fail(stage === 'closed' ? 'data' : stage, error.message);
			if (this.#session?.state.awaiting === 'body') this.#drop();
			else await this.#quit();
			return this.#finish();
		} finally {
			this.#busy = false;
			this.#proposed = undefined;
			this.#publish();
		}
	}

	/**
	 * STARTTLS if offered found none, or was refused: say once per connection, before the first AUTH or MAIL, that
	 * the rest goes in clear. Carrying on is the choice of the default policy, but never a silent one.
	 */
	#warnClear(session: SmtpSession): void {
		if (this.#clearWarned === session) return;
		this.#clearWarned = session;
		const refused = session.state.steps.find(step => step.step === 'starttls')?.status === 'failed';
		this.info(`warning: no TLS (${refused ? 'the server refused STARTTLS' : 'the server does not offer STARTTLS'}): the rest of this session, message included, goes unencrypted; --starttls requires TLS`);
	}

	/**
	 * Say goodbye (QUIT; its 221 ends the session, which drops the connection) and wait for the close. Safe at any time:
	 * a connection attempt is stopped, and where no QUIT can go (a TLS handshake, after 354) the connection is dropped.
	 */
	async quit(cause: StopCause = 'user'): Promise<void> {
		this.#stopAsked(true, cause);
		if (this.#attempt) {
			this.#attempt.abort();
			await this.#waiters.until(() => this.#connectionState !== 'connecting');
			return;
		}
		if (this.#session?.state.awaiting === 'tls' && !this.#failure) return this.#drop(dropReason(NO_QUIT_IN_HANDSHAKE, cause));
		await this.#quit(cause);
	}

	/**
	 * The stop about to come (a step prompt's, then a QUIT) is a hang-up's: its words say the terminal closed, not that
	 * the user chose to stop. For the run under way only.
	 */
	hangingUp(): void {
		if (this.#busy) this.#stop.hangingUp();
	}

	/** A run still going ends at this stop: its end is then the user's, not a failure. `quits`: by a QUIT, if one can go. */
	#stopAsked(quits: boolean, cause: StopCause): void {
		if (!this.#busy) return;
		const state = this.#session?.state;
		this.#stop.ask(cause, state, this.#attempt ? (this.#handshaking ? 'handshake' : 'tcp') : undefined, quits && state !== undefined && this.#live() && noQuitReason(state) === undefined);
	}

	/** Where a stopped connection attempt was: before the TCP connect succeeded, or in the TLS handshake after it. */
	#attemptMoment(): StopMoment {
		return this.#stop.attemptMoment(this.#handshaking);
	}

	/** What the words of a stop name: who stopped it, and the server (host:port, as typed). */
	#stopContext(): StopContext {
		return this.#stop.context(hostPort(this.options.host, this.options.port));
	}

	async #quit(cause: StopCause = 'user'): Promise<void> {
		const session = this.#session;
		const connection = this.#connection;
		// Dropped already (a timeout, the user): no QUIT can reach the server.
		if (!session || !connection || this.#connectionState !== 'connected' || connection === this.#dropped) return;
		const noQuit = noQuitReason(session.state);
		if (noQuit) return this.#drop(dropReason(noQuit, cause));
		// Ended (a 421, a QUIT answered): its connection is being dropped already.
		if (session.state.ended) return this.#drop();
		if (!session.state.pending.some(p => p.command.verb === 'QUIT')) {
			try {
				this.#write({verb: 'QUIT'});
			} catch {
				// QUIT cannot fail to encode; a closed socket is handled by the close below.
			}
		}
		const closed = new Promise<void>(resolve => connection.once('close', () => resolve()));
		// Giving up goes through the engine, so the log says that we closed the connection, not the server.
		// Behind an unanswered final dot the wait is kept, though QUIT's reply cannot come first: the message's can, and
		// only it says whether the message went (a 250 now spares a second copy). A second Ctrl+C, a signal cut it short.
		const timer = setTimeout(() => this.#timedOut(this.timeouts.quit, 'the reply to QUIT'), this.timeouts.quit);
		await closed;
		clearTimeout(timer);
	}

	/**
	 * Drop the connection, or stop the attempt to make one, at once (no QUIT). `cause`: the user, or a hang-up (SIGHUP).
	 * `reason`, on an open connection: logged, and recorded, so that a replay plays the drop as this stop (an interrupt
	 * of `send`), not as a failure.
	 */
	destroy(cause: StopCause = 'user', reason?: string): void {
		this.#stopAsked(false, cause);
		this.#attempt?.abort();
		this.#drop(reason);
	}

	/** `reason`, when the session chose to (the user stopped after 354, say): logged, and recorded for a replay. */
	#drop(reason?: string): void {
		if (reason !== undefined && this.#connection && this.#connection !== this.#dropped) {
			this.info(reason);
			this.options.onWire?.({direction: 'dropped', message: reason, time: Date.now()});
		}
		this.#dropped = this.#connection;
		this.#connection?.destroy();
	}

	/** A replay: the recorded client closed the connection here, for the recorded reason. */
	dropAsRecorded(reason: string): void {
		this.#drop(reason);
	}

	/** After a failure: QUIT politely, unless the caller keeps a usable session open after a refused message. */
	async #failed(options: RunOptions): Promise<RunResult> {
		const stage = this.#failure?.stage;
		const transactional = stage === 'mail' || stage === 'rcpt' || stage === 'data' || stage === 'final-dot';
		// Postfix's postscreen refuses every further try in this session: the next Ctrl+S has to connect anew.
		if (options.keepOpen && transactional && this.#failure?.kind !== 'postscreen-first-contact') return this.#finish();
		// Step mode: the QUIT after a failure is a step like any other, so the presenter can explain the failure
		// before the connection goes (Esc keeps it open, to try something by hand).
		if (stepping(options) && this.#quitCanGo() && !(await this.ask({verb: 'QUIT'}, options.confirm, {fixed: true, afterFailure: true}))) {
			if (this.#connectionState === 'connected') this.info('stopped by the user before QUIT; the connection stays open');
			return this.#finish();
		}
		await this.#quit();
		return this.#finish();
	}

	/** The user stopped at a step prompt: a stop, unless a failure came while the prompt waited. */
	async #stoppedAtPrompt(options: RunOptions): Promise<RunResult> {
		if (this.#failure) return await this.#failed(options);
		return this.#finish(stoppedResult('quit', this.#stopContext()));
	}

	/** Whether a QUIT can be sent now and answered (otherwise quit() drops the connection, or has nothing to do). */
	#quitCanGo(): boolean {
		const state = this.#session?.state;
		if (!state || !this.#live() || this.#connection === this.#dropped) return false;
		return noQuitReason(state) === undefined && !state.pending.some(({command}) => command.verb === 'QUIT');
	}

	/**
	 * Step mode: show the command about to go and wait for the user's answer (undefined: stop; `typed`: an edited line).
	 * `line`: the line that will go as it is (a replay's recorded line, its case and spacing), shown instead.
	 */
	async ask(command: Command, confirm: NonNullable<RunOptions['confirm']>, options: OfferOptions = {}): Promise<{command: Command; typed?: string} | undefined> {
		const proposed = proposalOf(command, options, {extensions: this.#session?.state.extensions, lmtp: this.options.lmtp ?? false});
		// The engine marks what the offered line passes over (STARTTLS and AUTH before a MAIL): the rail is its own.
		if (this.#session) this.#handle(this.#session.propose(command), false);
		this.#proposed = proposed;
		this.#publish();
		// The server may end the session while the line waits (an idle timeout): the offer then goes with it.
		// After a failure (the QUIT it offers), only the connection's end withdraws the offer: the failure is known.
		const abandon = new AbortController();
		const ended = () => (this.#failure !== undefined && !options.afterFailure) || !this.#live();
		const decision = await Promise.race([confirm({command, display: proposed.display}), this.#waiters.until(ended, abandon.signal).then(() => ({action: 'stop'}) as const)]).finally(() => abandon.abort());
		this.#proposed = undefined;
		this.#publish();
		if (decision.action === 'stop') return undefined;
		return decision.action === 'edit' && !proposed.fixed ? {command: decision.command, ...(decision.typed !== undefined && {typed: decision.typed})} : {command};
	}

	/**
	 * Step mode after 354: the message is a step too. False when the user stopped: the connection is then closed,
	 * since after 354 only a message may follow (RSET or QUIT would be message text).
	 */
	async confirmBody(confirm: NonNullable<RunOptions['confirm']>, size: number | undefined, options: {afterFailure?: boolean} = {}): Promise<boolean> {
		if ((await this.ask({verb: 'RAW', line: messageLine(size)}, confirm, {fixed: true, step: 'message', ...options})) !== undefined) return true;
		if (this.#failure) return false;
		this.#drop('stopped before the message: the connection is closed, since after 354 only a message may follow');
		return false;
	}

	/** Resolves once the engine's state satisfies `ready`, or the connection is gone (manual mode, replay). */
	async until(ready: (state: SessionState) => boolean): Promise<void> {
		await new Promise<void>(resolve => {
			const check = () => {
				const state = this.#session?.state;
				if (!state || ready(state) || this.#connectionState !== 'connected') {
					unsubscribe();
					resolve();
				}
			};
			const unsubscribe = this.subscribe(check);
			check();
		});
	}

	/** Marks the session busy while a caller drives it command by command (replay). */
	setBusy(busy: boolean): void {
		this.#busy = busy;
		this.#publish();
	}

	#write(command: Command, typed?: string, secret = false): EncodedCommand {
		const {encoded, events} = this.#writer.write(command, typed, secret);
		this.#handle(events);
		return encoded;
	}

	/**
	 * The message as BDAT chunks (RFC 3030), each written behind its command line and answered before the next goes
	 * (no chunk is pipelined). A refused chunk ends it: the rest does not go, and the planner says so. `ask`: step
	 * mode's offer of each chunk's line; false when the user stopped there (the server then holds what went, until
	 * RSET or QUIT); true otherwise, the chunks having gone as far as they could.
	 */
	async #sendBdat(source: AsyncIterable<Uint8Array>, chunkSize: number, ask?: (line: string, first: boolean, chunk: {index: number; last: boolean}) => Promise<boolean>): Promise<boolean> {
		const session = this.#session!;
		const connection = this.#connection!;
		const stream = new BdatStream(source, chunkSize, () => session.state.transaction.bdat);
		this.#going.start(stream);
		let index = 0;
		try {
			for await (const chunk of stream.chunks()) {
				index++;
				if (ask && !(await ask(bdatLine(chunk), session.state.transaction.bdat === undefined, {index, last: chunk.last}))) return false;
				const {encoded, events} = session.bdat(chunk.bytes.length, chunk.last);
				const tls = session.state.secure;
				this.#writer.went(encoded, undefined, 'message');
				this.#append(stream.logEntry(chunk, tls));
				this.options.onWire?.({direction: 'out', bytes: chunk.bytes, tls, time: Date.now(), body: true});
				this.#handle(events);
				if (!(await stream.write(connection, encoded.bytes, chunk, () => this.#connectionState === 'connected' && this.#armForState()))) {
					// The connection gone mid-chunk: said once, in the engine's words for a close, with how much went.
					this.#handle(session.closed(stream.cutShort), false);
					this.#clock.stop();
					connection.destroy();
					return true;
				}
				await this.#waiters.until(() => !session.state.pending.includes(encoded));
				if (session.state.transaction.bdat?.refused || session.state.ended) return true;
			}
		} catch (error) {
			if (error instanceof SmtpInputError) throw error;
			// A file of the message unreadable mid-way: no BDAT LAST goes, and the dropped connection delivers nothing.
			this.#fail('input', unreadableMessage(error));
			this.#clock.stop();
			this.#drop();
		} finally {
			this.#going.end();
		}
		return true;
	}

	/**
	 * `size`: the message's estimated size, to say how much of it went if the server stops taking it. `clocked`: a
	 * stall is timed (not while a typist's lines go).
	 */
	async #sendBody(source: AsyncIterable<Uint8Array>, size?: number, clocked = true, onWent?: (went: number) => void): Promise<void> {
		const session = this.#session!;
		const connection = this.#connection!;
		// Timed from the last bytes that left, not from the start: a slow link that keeps moving is no stalled server.
		const restartClock = () => this.#clock.arm(this.timeouts.dataBlock, seconds => body.stalled(seconds));
		const onSent = (sent: number) => {
			onWent?.(sent);
			// Only while connected: a piece done after the server hung up must not arm a clock that keeps the process
			// alive, its result long reported, for the whole --timeout.
			if (this.#connectionState !== 'connected' || !clocked) return;
			restartClock();
			this.#going.went(sent, size);
		};
		const body = new BodyStream(source, {size, tls: session.state.secure, onWire: this.options.onWire, onSent});
		this.#going.start(body, clocked ? {size} : undefined);
		if (clocked) restartClock();
		this.#publish();
		try {
			const failure = await body.writeTo(connection);
			// Answered before its end: the engine ended the session, and the log said how much went (#handle).
			if (body.abandoned) return this.#clock.stop();
			// Cut short by the user's stop (Ctrl+X, an interrupt), which dropped the connection: no failure of the network.
			if (failure && this.#stop.asked && connection === this.#dropped) return await this.#waiters.until(() => this.#connectionState !== 'connected');
			if (failure) {
				// The connection gone: the socket may tell of it first as the close or as this failed write, depending on
				// the machine's load; either way it is said once, in the engine's words for a close mid-message.
				// Dropped by us (Ctrl+X under a message typed by hand, which is no run): the stop's words are the caller's.
				if (failure.stage === 'closed') this.#handle(session.closed(body.cutShort, connection === this.#dropped), false);
				else this.#fail(failure.stage, failure.message);
				this.#clock.stop();
				connection.destroy();
				return;
			}
		} finally {
			this.#going.end();
		}
		this.#append(body.logEntry);
		this.#sent.wrote();
		this.#handle(session.bodySent());
	}

	#onData(received: Buffer): void {
		this.#tls.heard();
		this.#sent.heard();
		const session = this.#session;
		// Once the session has ended (a flood of replies closed it, say) what still arrives before the socket closes
		// is neither read nor recorded: a server that keeps sending must not grow the recording.
		if (!session || session.state.ended) return;
		// Not while STARTTLS's 220 is awaited: bytes after it must reach the engine at once (injection).
		const ready = this.#echoes.ready(received, session.state.pending[0]?.command.verb !== 'STARTTLS');
		if (ready) this.#receive(ready, true);
	}

	#receive(bytes: Buffer, rearm: boolean): void {
		const session = this.#session!;
		const chunk = this.#echoes.mask(bytes);
		this.options.onWire?.({direction: 'in', bytes: this.#echoes.shown(chunk), tls: session.state.secure, time: Date.now()});
		// Only a whole reply (or what it leads to) restarts the clock: a server that drips a reply a byte at a time
		// must not keep us waiting past the timeout for ever.
		const events = session.receive(chunk);
		this.#handle(events, rearm && events.some(event => event.type !== 'reply-lines'));
	}

	/** The start of a line held back, given to the engine when no more will come (a close, a timeout). */
	#releaseHeld(): void {
		const held = this.#echoes.release();
		if (held && this.#session) this.#receive(held, false);
	}

	#onClose(): void {
		const silentClose = this.#tls.closed(this.#connection === this.#dropped);
		if (silentClose) this.#append({kind: 'info', text: silentClose});
		this.#clock.stop();
		this.#releaseHeld();
		// Closed in the middle of a reply (after "250-hostile.test", say): what came is logged before the close.
		if (this.#connectionState === 'connected' && !this.#session?.state.ended) this.#replies.cutOff();
		this.#connectionState = 'closed';
		if (this.#session) this.#handle(this.#session.closed(this.#going.stream?.cutShort, this.#connection !== undefined && this.#connection === this.#dropped), false);
		this.#append({kind: 'info', text: 'connection closed'});
		this.#changed();
	}

	#handle(events: SessionEvent[], rearm = true): void {
		/** The last reply was explained as the server's refusal of the PROXY header: it answered that, not nothing. */
		let answeredHeader = false;
		for (const event of events) {
			switch (event.type) {
				case 'reply':
					answeredHeader = this.#replies.reply(event);
					break;
				case 'effect':
					if (event.effect.type === 'startTls') this.#upgrade();
					// Said before the close that follows it, while the count of what went still stands.
					else if (event.effect.type === 'abandonBody' && this.#going.stream instanceof BodyStream) this.#append({kind: 'info', text: this.#going.stream.abandon()});
					// Not a polite close that waits for the server's side: a server that holds it open (after a 221, a 421,
					// an injection) would keep the user waiting for nothing.
					else if (event.effect.type === 'close') this.#connection?.destroy();
					break;
				case 'warning':
					if (event.unsolicited && answeredHeader) break;
					this.#append({kind: 'info', text: `warning: ${event.message}`});
					break;
				case 'failed':
					this.#fail(event.stage, event.message, event.reply, event.kind, event.cause);
					break;
				case 'reply-lines':
					this.#replies.ahead(event.lines);
					// The clock waits on, for the rest of the reply: only a whole reply restarts it.
					this.#clock.replyBegun();
					break;
				case 'protocol-error':
					this.#replies.brokeRules(event.error);
					this.#protocolError = event.error.message;
					break;
				default:
					break;
			}
		}
		if (rearm) this.#armForState();
		this.#changed();
	}

	#upgrade(): void {
		const connection = this.#connection;
		if (!connection) return;
		// Not deferred: no reply is read here, and the transport's own handshake clock, due at the same moment,
		// would otherwise report the same timeout a second time, as a failed handshake.
		this.#clock.arm(this.timeouts.connect, 'the TLS handshake', {afterInput: false});
		connection
			.upgradeToTls(this.options.servername === undefined ? {} : {servername: this.options.servername})
			.then(info => {
				if (connection !== this.#connection) return;
				this.#tlsEstablished(info);
				this.#handle(this.#session!.tlsEstablished());
			})
			.catch((error: unknown) => {
				// Dropped by our own clock (the handshake timed out): that was said; the close it caused is no news.
				if (connection === this.#dropped || connection !== this.#connection) return;
				const {message, kind, cause} = this.#tls.failed(error);
				this.#fail('tls', message, undefined, kind, cause);
				connection.destroy();
				this.#changed();
			});
	}

	#tlsEstablished(info: TlsInfo): void {
		for (const line of this.#tls.established(info)) this.#append(line);
	}

	#fail(stage: FailureStage, message: string, reply?: Reply, kind?: FailureKind, cause?: FailureCause): void {
		if (this.#failure) return;
		this.#failure = {stage, message, ...(kind && {kind}), ...(cause && {cause}), ...(reply && {reply})};
		// A protocol error that ends the session was logged a moment ago with its label: once is enough.
		const logged = this.#protocolError;
		// Filed under the step that failed: after a refused AUTH the session is already back at MAIL.
		const step = stepOfStage(stage);
		if (logged === undefined || (message !== logged && message !== `protocol error: ${logged}`)) this.#append({kind: 'error', text: message, ...(step && {step})});
	}

	#finish(result?: RunEnd): RunResult {
		const recipients = this.#session?.state.transaction.recipients ?? [];
		this.#result = runResult(result, this.#failure, this.#session?.state.transaction);
		this.#publish();
		return {...this.#result, recipients: [...recipients]};
	}

	#armForState(): void {
		const state = this.#session?.state;
		const clock = state && this.#connectionState === 'connected' ? clockFor(state, this.timeouts, this.#going.sending !== undefined) : 'stop';
		if (clock === 'stop') this.#clock.stop();
		else if (clock !== 'keep') this.#clock.arm(clock.ms, clock.what);
	}

	/** Waited `ms` for `what` in vain: the engine fails the step waited on (or notes an unanswered QUIT); we drop the connection. */
	#timedOut(ms: number, what: string | Waited): void {
		this.#clock.stop();
		this.#releaseHeld();
		// 0.5 s stays 0.5 s (a whole number of seconds shows without decimals).
		const seconds = Number((ms / 1000).toFixed(1));
		const started = this.#replies.soFar();
		const message = timeoutMessage(what, started, seconds, this.#sent.idleBefore !== undefined && this.#sent.idleBefore >= ms ? this.#sent.idleBefore : undefined);
		this.options.onWire?.({direction: 'timeout', message, time: Date.now()});
		this.#endByTimeout(message, typeof what === 'string', timeoutKind(what, replyBegun(started)));
	}

	/** Ends the session as timed out with `message`; `quoteStarted`: the lines of a reply cut off are logged first. */
	#endByTimeout(message: string, quoteStarted: boolean, kind?: FailureKind): void {
		this.#clock.stop();
		this.#releaseHeld();
		if (quoteStarted) this.#replies.cutOff();
		// The engine ends the session first: the close that follows is then no news (and no "skipped" step).
		if (this.#session) this.#handle(this.#session.timedOut(message, kind), false);
		this.#drop();
		this.#changed();
	}

	#append(entry: NewLogEntry): void {
		const step = this.#session?.state.step;
		this.#log.append(step && entry.step === undefined ? {...entry, step} : entry);
	}

	#publish(): void {
		this.#store.publish();
	}

	/** Something happened: the snapshot is new, and what waits on the session looks again. */
	#changed(): void {
		this.#publish();
		this.#waiters.wakeAll();
	}
}
