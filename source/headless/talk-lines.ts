// The lines `talk` reads from a pipe (or a terminal it does not edit), and the characters no SMTP line may hold.
import {StringDecoder} from 'node:string_decoder';
import {typedVerb} from '../smtp/command-line.js';

/**
 * Lines as a script writes them: each ends at LF, a CR just before it is part of the line ending (a file saved with
 * CRLF), and a last line without its LF still counts. A CR anywhere else stays in the line, to be refused by
 * lineRefusal: readline would have ended the line there, sending half of it.
 */
export class ScriptLines {
	readonly #decoder = new StringDecoder('utf8');
	#pending = '';

	/** The lines this chunk ends (a UTF-8 character cut between chunks is kept whole). */
	add(chunk: Buffer | string): string[] {
		this.#pending += typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
		const lines = this.#pending.split('\n');
		this.#pending = lines.pop()!;
		return lines.map(withoutCr);
	}

	/** At the end of the input: its last line, when that had no LF. */
	end(): string[] {
		const last = this.#pending + this.#decoder.end();
		this.#pending = '';
		return last === '' ? [] : [withoutCr(last)];
	}
}

const withoutCr = (line: string) => line.replace(/\r$/, '');

const NAMES: Record<string, string> = {'\r': 'a carriage return (CR)', '\n': 'a line feed (LF)', '\0': 'a NUL'};

/**
 * Why a line cannot go, or undefined: SMTP ends every line with CRLF, so a CR or LF inside one would end it early
 * (a command smuggled after it), and a NUL is refused by servers (RFC 5321 §2.3.8). Each such character is named,
 * with the column it is at, counted from 1.
 */
export function lineRefusal(line: string): string | undefined {
	const found = [...line].flatMap((character, index) => (NAMES[character] ? [`${NAMES[character]} at column ${index + 1}`] : []));
	if (found.length === 0) return undefined;
	return `the line holds ${found.join(', ')}: SMTP ends every line with CRLF, and a CR, LF or NUL inside a line is not allowed (RFC 5321 §2.3.8)`;
}

/**
 * BDAT typed as a command: its chunk of exactly the counted octets must follow it at once, which lines typed one by
 * one cannot be; the server would wait for them until its timeout. Refused before it goes, saying what does BDAT.
 */
export function bdatRefusal(line: string): string | undefined {
	if (typedVerb(line) !== 'BDAT') return undefined;
	return 'BDAT cannot be typed here: its chunk of exactly the octets it counts must follow it at once, and talk sends lines one by one; type DATA, or send the message with smtp-tui send --bdat';
}
