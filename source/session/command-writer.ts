// Command lines onto the wire: the engine encodes and records each as awaiting its reply, the log, the recording and
// the reply's clock see it go, a secret in it is remembered to be masked where a reply quotes it, and the bytes are
// written. The events the engine returns are the driver's to handle.
import {encodeCommand} from '../smtp/commands.js';
import type {SmtpSession} from '../smtp/session.js';
import type {SessionEvent} from '../smtp/session-types.js';
import type {Command, EncodedCommand, Step} from '../smtp/types.js';
import type {DriverOptions} from './driver-options.js';
import type {EchoedSecrets} from './echoed-secrets.js';
import type {NewLogEntry} from './log.js';
import type {GroupLine} from './proposal.js';
import type {SentLines} from './sent-lines.js';
import type {SessionConnection} from './types.js';

type CommandWriterParts = {
	/** The session and connection written to: only called while they are there. */
	session: () => SmtpSession;
	connection: () => SessionConnection;
	options: Pick<DriverOptions, 'auth' | 'onWire'>;
	echoes: EchoedSecrets;
	sent: SentLines;
	append: (entry: NewLogEntry) => void;
};

type Written = {encoded: EncodedCommand; events: SessionEvent[]};

export class CommandWriter {
	readonly #parts: CommandWriterParts;

	constructor(parts: CommandWriterParts) {
		this.#parts = parts;
	}

	/** `typed`: the line as the user typed it, which goes instead; `secret`: a typed line that carries credentials. */
	write(command: Command, typed?: string, secret = false): Written {
		const written = this.#record(command, {...(typed !== undefined && {typed}), ...(secret && {secret})});
		this.#send(written.encoded.bytes);
		return written;
	}

	/**
	 * Pipelining (RFC 2920): the commands go in one write, each logged as sent and recorded as awaiting its reply,
	 * oldest first; the replies answer them in order. Encoded first, so that one that cannot go stops them all.
	 */
	writeGroup(commands: readonly GroupLine[]): SessionEvent[] {
		for (const {command} of commands) encodeCommand(command, {extensions: this.#parts.session().state.extensions});
		const group = this.#parts.sent.newGroup();
		const recorded = commands.map(({command, typed}) => this.#record(command, {group, ...(typed !== undefined && {typed})}));
		// Said after the lines, so that a Markdown transcript has it in their section (MAIL's), not the one before.
		this.#parts.append({kind: 'info', text: `the ${commands.length} lines above went in one write (pipelining, RFC 2920): their replies come in the same order`, group});
		this.#send(Buffer.concat(recorded.map(({encoded}) => encoded.bytes)));
		return recorded.flatMap(({events}) => events);
	}

	/** A line the engine encoded goes: `step`, where it belongs when not the session's step once it went (BDAT LAST's is the message's). */
	went(encoded: EncodedCommand, group?: number, step?: Step): void {
		const {session, options, sent, append} = this.#parts;
		const tls = session().state.secure;
		append({kind: 'sent', text: encoded.display, tls, ...(group !== undefined && {group}), ...(step && {step})});
		sent.sent(encoded);
		options.onWire?.({direction: 'out', bytes: Buffer.from(`${encoded.display}\r\n`), tls, time: Date.now(), verb: encoded.command.verb});
	}

	/** The engine records the command as sent; the log, the recording and the reply clock see it go. */
	#record(command: Command, options: {typed?: string; secret?: boolean; group?: number}): Written {
		const {encoded, events} = this.#parts.session().command(command, {strict: false, ...(options.typed !== undefined && {typed: options.typed}), ...(options.secret && {secret: true})});
		if (encoded.redacted) this.#parts.echoes.remember(encoded, this.#parts.options.auth);
		if (options.group !== undefined) this.#parts.sent.inGroup(encoded, options.group);
		this.went(encoded, options.group);
		return {encoded, events};
	}

	#send(bytes: Uint8Array): void {
		this.#parts.connection().write(bytes).catch((error: unknown) => {
			this.#parts.append({kind: 'error', text: `write failed: ${error instanceof Error ? error.message : String(error)}`});
		});
	}
}
