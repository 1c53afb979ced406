// Manual mode after the 354 to a typed DATA: the message typed by hand, line by line, each sent as it is typed,
// until the lone "." ends it, or it is given up (the connection ended, Ctrl+X).
import {Buffer} from 'node:buffer';
import {commandText, typedVerb} from '../smtp/command-line.js';
import {MAX_LINE_OCTETS} from '../smtp/data-encoder.js';
import {countOf} from '../smtp/digits.js';
import type {SmtpDriver} from './driver.js';
import {STRAY_HEADER_WARNING, strayHeaderLines} from './typed-body.js';
import {TypedBodyLines} from './typed-body-lines.js';
import {linesHanded} from './typed-lines-handed.js';

/** Verbs that are no English word: a line starting with one is a command, typed where text goes. */
const NOT_WORDS = new Set(['EHLO', 'HELO', 'MAIL', 'RCPT', 'AUTH', 'VRFY', 'EXPN', 'ETRN', 'BDAT', 'STARTTLS']);

/**
 * How the note on a message cut off lists its typed lines, `went` of them handed to the network before the close (the
 * others were typed while it was already coming, and never left).
 */
export function cutLinesListed(typed: number, went: number): string {
	if (typed === 0) return '';
	if (went === typed) return `; its ${countOf(typed, 'line')} went as typed, listed below`;
	return `; of the ${countOf(typed, 'line')} typed (listed below), ${went === 0 ? 'none' : went} went as typed, and those marked "(not sent)" never left: the connection ended first`;
}

/** A line with bytes over 127 (non-ASCII): 8-bit data in SMTP terms. */
const eightBitLine = (line: string): boolean => /[^\x00-\x7F]/.test(line);

export class TypedMessage {
	readonly #driver: SmtpDriver;
	/** Body lines typed so far, each sent as typed. */
	readonly #lines: string[] = [];
	/** The typed message's lines on their way: the driver sends each as it is typed (see TypedBodyLines). */
	readonly #stream = new TypedBodyLines();
	/** The driver's sending of them, done once the lone "." went (or the message was given up). */
	#sending: Promise<void> | undefined;
	/** Octets of them the operating system has taken so far: what a close mid-message says went. */
	#went = 0;

	constructor(driver: SmtpDriver) {
		this.#driver = driver;
	}

	/** Body entry after the 354 to a typed DATA: its lines go as they are typed. */
	send(): void {
		// A failure the driver does not log itself (our own input refused) is said, not lost in a rejected promise.
		this.#sending = this.#driver
			.sendTypedBody(this.#stream, octets => {
				this.#went = octets;
			})
			.catch((error: unknown) => this.#driver.error(`the message typed after DATA could not go: ${error instanceof Error ? error.message : String(error)}`));
	}

	get lines(): readonly string[] {
		return this.#lines;
	}

	/** How many of the lines, from the first, had all their bytes handed to the network. */
	linesWent(): number {
		return linesHanded(this.#lines, this.#went);
	}

	/**
	 * One line of the message (not the lone "."): refused when SMTP cannot carry it (the message goes on without it),
	 * otherwise sent; `warn` gets what to say under the command line about it (or nothing) before the log says more.
	 */
	add(line: string, warn: (warning: string | undefined) => void): {refused: string} | undefined {
		// Checked here, line by line: a line the DATA encoder would refuse at "." would cost the whole message.
		const octets = Buffer.byteLength(line);
		if (octets > MAX_LINE_OCTETS) {
			this.#driver.error(
				`body line ${this.#lines.length + 1} not sent: it is ${octets} octets, and SMTP allows at most ${MAX_LINE_OCTETS} per line (RFC 5321 §4.5.3.1.6); split it. The message goes on from the line before it.`,
			);
			return {refused: `line not sent: ${octets} octets, over ${MAX_LINE_OCTETS}`};
		}
		// A telnet tutorial teaches doubling a leading dot by hand; here the DATA encoder does it, so a doubled
		// dot arrives doubled. Said once per message, at the first such line.
		if (line.startsWith('.') && !this.#lines.some(kept => kept.startsWith('.'))) {
			this.#driver.info(
				`dot-stuffing is done for you: this line goes as ".${line}" and arrives as typed, "${line}" (type one dot fewer than a telnet session would)`,
			);
		}
		this.#lines.push(line);
		this.#stream.push(line);
		// A student who types QUIT mid-message expects it to end the session, and DATA typed twice (or MAIL FROM:
		// as the message's first line) to be a command; after 354 it is message text. Said first, and under the
		// command line: it is why the line is what it is.
		const commandNote = this.#commandInBody(line);
		if (commandNote) this.#driver.info(commandNote);
		// Read as a header, the line is lost from the body: said under the command line as it is typed, as a
		// command's warning is, and in the log once per message (the inbox then shows why its text is empty).
		const stray = strayHeaderLines(this.#lines);
		const last = this.#lines.length - 1;
		const strayNow = stray(last);
		const eightBit = this.#eightBitWarning(last);
		warn(commandNote ?? (strayNow ? STRAY_HEADER_WARNING : eightBit?.short));
		if (strayNow && !this.#lines.slice(0, last).some((_, index) => stray(index))) {
			this.#driver.info(`warning: message line ${last + 1}, "${line}": ${STRAY_HEADER_WARNING}`);
		}
		// Once per message in the log, as the stray header's: the first line with 8-bit bytes.
		if (eightBit && !this.#lines.slice(0, last).some(eightBitLine)) this.#driver.info(`warning: message line ${last + 1}: ${eightBit.long}`);
		return undefined;
	}

	/**
	 * A line with 8-bit bytes (é, ü) while the server's EHLO reply, as the engine read it, offered no 8BITMIME (RFC
	 * 6152), or no EHLO was answered: sent as typed, but what a client would do instead is said.
	 */
	#eightBitWarning(index: number): {short: string; long: string} | undefined {
		if (!eightBitLine(this.#lines[index]!) || this.#driver.state?.extensions?.eightBitMime) return undefined;
		const inHeaders = !this.#lines.slice(0, index).includes('');
		// Under the command line in a row of 80 columns; the log says more.
		const short = `8-bit bytes, no 8BITMIME offered: a client encodes ${inHeaders ? 'a header (RFC 2047)' : 'a body (quoted-printable)'}`;
		const fix = inHeaders ? 'a client encodes such a header (RFC 2047: =?UTF-8?B?…?=)' : 'a client encodes such a body (quoted-printable or base64)';
		return {short, long: `8-bit bytes, but the server's EHLO reply offered no 8BITMIME (RFC 6152): it may refuse or change them; ${fix}`};
	}

	/** The lone "." was typed: the final dot follows the lines. Resolves once the driver sent them all. */
	end(): Promise<void> | undefined {
		this.#stream.end();
		return this.#sending;
	}

	/** Lines not ended by a "." never get their final dot: the server discards them. */
	withdraw(): void {
		this.#stream.withdraw();
	}

	/** The lines that will not be delivered, each as typed: to type them again. */
	listTyped(went = this.#lines.length): void {
		this.#lines.forEach((line, index) => this.#driver.info(`message line ${index + 1}${index < went ? '' : ' (not sent)'}: ${line}`));
	}

	/**
	 * A body line that reads as a command: a verb alone (QUIT, RSET, DATA again) anywhere, or a command no English
	 * sentence starts with (`MAIL FROM:<a@b>`, `RCPT TO:`, `EHLO`) as the message's first line. The note for it, or
	 * undefined.
	 */
	#commandInBody(line: string): string | undefined {
		const verb = typedVerb(line);
		if (verb === undefined) return undefined;
		const alone = commandText(line).trim().toUpperCase() === verb;
		if (!alone && !(this.#lines.length === 1 && NOT_WORDS.has(verb))) return undefined;
		const again = verb === 'DATA' ? ' (the DATA before it was answered with 354: the message has begun)' : '';
		return `${verb} is message text here, not a command${again}: after 354 only a lone "." ends the message`;
	}
}
