// What the server says, into the log: each line once and as shown (a secret it echoes masked), a whole reply with
// what it means, the lines of one not ended as they come, what came of one cut off, the lines that broke the rules.
import type {SessionEvent, SessionState} from '../smtp/session-types.js';
import type {SmtpProtocolError} from '../smtp/types.js';
import type {DriverOptions} from './driver-options.js';
import type {EchoedSecrets} from './echoed-secrets.js';
import {LinesAhead} from './lines-ahead.js';
import type {NewLogEntry} from './log.js';
import type {ProxyRefusal} from './proxy-refusal.js';
import {aheadEntries, replyEntries} from './reply-entries.js';
import type {SentLines} from './sent-lines.js';
import type {ReplySoFar} from './timeouts.js';

type ReplyLogParts = {
	/** The engine's state now: none before the first connection. */
	state: () => SessionState | undefined;
	options: Pick<DriverOptions, 'lmtp' | 'scripted'>;
	echoes: EchoedSecrets;
	sent: SentLines;
	proxyRefusal: ProxyRefusal;
	append: (entry: NewLogEntry) => void;
};

export class ReplyLog {
	readonly #parts: ReplyLogParts;
	/** Lines of the reply under way logged before its last line came. */
	readonly #ahead = new LinesAhead();

	constructor(parts: ReplyLogParts) {
		this.#parts = parts;
	}

	/** A new connection: no reply is under way. */
	connecting(): void {
		this.#ahead.clear();
	}

	/** Logs the reply and its explanation; true when it answers the PROXY header, which the log says the server refused. */
	reply({reply, command, step, mechanism, recipient}: Extract<SessionEvent, {type: 'reply'}>): boolean {
		const {state: stateNow, options, sent, proxyRefusal} = this.#parts;
		const state = stateNow();
		const tls = state?.secure ?? false;
		const extensions = state?.extensions;
		const starttlsOffered = extensions?.starttls;
		const authOffered = extensions && extensions.auth.length > 0;
		const {typed, sentAt, group} = sent.replyTo(command, step);
		const lmtp = options.lmtp ?? false;
		const openTransaction = state?.openTransaction;
		const scripted = options.scripted === true;
		const entries = replyEntries(reply, {command, step, mechanism, tls, typed, scripted, starttlsOffered, authOffered, sentAt, lmtp, recipient, openTransaction});
		for (const entry of this.#ahead.rest(entries, ({text}) => text)) this.#appendIn(group, entry);
		const proxyNote = proxyRefusal.reply(reply, step);
		if (proxyNote) this.#parts.append({kind: 'error', text: proxyNote});
		return proxyRefusal.answersHeader(command !== undefined);
	}

	/** Lines of a reply that has not ended, logged as they come (a presenter shows postscreen's "220-" at once). */
	ahead(lines: readonly string[]): void {
		const state = this.#parts.state();
		const command = state?.pending[0];
		const shown = this.#ahead.take(lines).map(line => this.#parts.echoes.shown(line));
		// Of a pipelined group, as the reply's last line will be: the transcript's "group" holds the whole reply.
		const {group} = this.#parts.sent.replyTo(command, undefined);
		for (const entry of aheadEntries(shown, {first: this.#ahead.count - shown.length, command, tls: state?.secure ?? false})) this.#appendIn(group, entry);
	}

	/** What came of a reply that has not ended, as shown: a timeout's words and the log quote it. */
	soFar(lines = this.#parts.state()?.replySoFar ?? []): ReplySoFar {
		const {echoes} = this.#parts;
		const partial = this.#parts.state()?.partialLine;
		return {lines: lines.map(line => echoes.shown(line)), partial: partial === undefined ? undefined : echoes.shown(partial)};
	}

	/**
	 * What did arrive of a reply cut off is shown, as the lines of a reply that broke the protocol are: it is half the
	 * story. The lines logged as they came are not logged again.
	 */
	cutOff(): void {
		const {lines, partial} = this.soFar(this.#ahead.rest(this.#parts.state()?.replySoFar ?? [], line => line));
		for (const line of partial === undefined ? lines : [...lines, partial]) this.#received(line);
	}

	/** What the server sent that broke the rules: for whoever debugs that server, the point of it all. */
	brokeRules(error: SmtpProtocolError): void {
		for (const line of this.#ahead.rest(error.lines, text => text)) this.#received(this.#parts.echoes.shown(line));
		this.#parts.append({kind: 'error', text: `protocol error: ${error.message}`});
	}

	#received(text: string): void {
		this.#parts.append({kind: 'received', text, tls: this.#parts.state()?.secure ?? false});
	}

	#appendIn(group: number | undefined, entry: NewLogEntry): void {
		this.#parts.append(group === undefined ? entry : {...entry, group});
	}
}
