// A server may echo back the secrets we sent ("535 you sent AUTH PLAIN AGJv…"): the driver shows, logs and
// records what it receives only after they are masked, a quote split across two reads included. SCRAM's server
// signature is no echo, and the engine must read it: only what is shown and recorded has it hidden.
import {REPLY_LIMIT} from '../smtp/reply-parser.js';
import type {EncodedCommand} from '../smtp/types.js';
import {SecretMask} from './secret-mask.js';
import {isScram} from '../smtp/sasl.js';
import {hideScramSignatures} from '../smtp/scram-signature.js';

/** The start of a line is held no longer than the reply parser allows a line (it refuses a longer one at once). */
const HOLD_MAX = REPLY_LIMIT;

export class EchoedSecrets {
	/** The AUTH payloads sent (base64, as on the wire) and the password, masked wherever a reply quotes them. */
	readonly #secrets = new SecretMask();
	/** Received bytes after the last line end, held while a secret could be quoted: a quote split across reads is masked whole. */
	#held: Buffer | undefined;
	/** A SCRAM login went: its server's signature may come, which is hidden (whole lines held) from all but the engine. */
	#scram = false;

	/** The words of a redacted line that the display hides (an AUTH payload): a server may echo them back. */
	remember(encoded: EncodedCommand, auth: {user: string; password: string} | undefined): void {
		// The password itself too, as a server may quote it decoded; only once a login is under way (before it no
		// server has it, and a piece of it, "STARTTLS" say, would be masked out of the EHLO reply the engine reads);
		// not a short one, which ordinary reply text (or the user name) could hold. As its UTF-8 bytes read as latin1,
		// the form replies are searched in.
		if (auth && auth.password !== auth.user) {
			this.#secrets.add(Buffer.from(auth.password).toString('latin1'));
			// Decoded from AUTH PLAIN's payload and encoded again on its own, as AUTH LOGIN would send it; and as a
			// server's log or web hook quotes it: in hex, and percent-encoded as the common encoders write it
			// (JavaScript's "%26" for "&" keeps "!" as it is, Python's quote and PHP's rawurlencode write "%21", a form
			// writes a space as "+"). Contrived forms (reversed, spaced out) are not looked for.
			for (const encoding of ['base64', 'hex'] as const) this.#secrets.add(Buffer.from(auth.password).toString(encoding));
			for (const form of percentEncodings(auth.password)) this.#secrets.add(form);
		}
		const shown = new Set(encoded.display.split(' '));
		const words = encoded.bytes.toString('latin1').replace(/\r\n$/, '').split(' ');
		// SCRAM's first message names only the user and a nonce (the log shows it decoded), and the server's answer
		// repeats the nonce: masked, that answer could not be read, and the login would fail.
		const command = encoded.command;
		if (command.verb === 'AUTH' && isScram(command.mechanism.toUpperCase())) {
			this.#scram = true;
			return;
		}
		for (const word of words) if (!shown.has(word)) this.#secrets.add(word, auth && passwordSpan(word, auth.password));
	}

	/** A reply that quotes a secret we sent is shown, logged and recorded without it. */
	mask(chunk: Buffer): Buffer {
		if (this.#secrets.empty) return chunk;
		// latin1 maps every byte to one character and back: the rest of the chunk is kept byte for byte.
		const text = chunk.toString('latin1');
		const masked = this.#secrets.mask(text);
		return masked === text ? chunk : Buffer.from(masked, 'latin1');
	}

	/** Received text (a masked chunk, a line) as it is shown and recorded: after a SCRAM login, its server's signature hidden. */
	shown(chunk: Buffer): Buffer;
	shown(line: string): string;
	shown(received: Buffer | string): Buffer | string {
		if (!this.#scram) return received;
		if (typeof received === 'string') return hideScramSignatures(received);
		const text = received.toString('latin1');
		const shown = hideScramSignatures(text);
		return shown === text ? received : Buffer.from(shown, 'latin1');
	}

	/**
	 * What of `received` (after the bytes held from before) can be masked now: while a secret could be quoted and
	 * `mayHold`, up to the last line end, the rest held; undefined when all of it is held.
	 */
	ready(received: Buffer, mayHold: boolean): Buffer | undefined {
		const ready = this.#held ? Buffer.concat([this.#held, received]) : received;
		this.#held = undefined;
		const end = ready.lastIndexOf(0x0a) + 1;
		if ((this.#secrets.empty && !this.#scram) || !mayHold || ready.length - end >= HOLD_MAX) return ready;
		if (end < ready.length) this.#held = ready.subarray(end);
		return end === 0 ? undefined : ready.subarray(0, end);
	}

	/** The start of a line held back, once no more will come (a close, a timeout). */
	release(): Buffer | undefined {
		const held = this.#held;
		this.#held = undefined;
		return held;
	}
}

/**
 * Where a base64 payload encodes the password (PLAIN's, XOAUTH2's and OAUTHBEARER's carry the user name and more
 * around it), in base64 characters; undefined when it is not there (CRAM-MD5's digest, SCRAM's proof: all secret).
 */
function passwordSpan(word: string, password: string): {from: number; to: number} | undefined {
	const secret = Buffer.from(password);
	const decoded = Buffer.from(word, 'base64');
	const at = secret.length === 0 ? -1 : decoded.indexOf(secret);
	if (at < 0 || decoded.toString('base64') !== word) return undefined;
	// The characters that carry a bit of it: byte i of each 3 is in characters i and i + 1 of their 4.
	const last = at + secret.length - 1;
	return {from: Math.floor(at / 3) * 4 + (at % 3), to: Math.floor(last / 3) * 4 + (last % 3) + 2};
}

/** The ways a URL or a form may quote `text`: JavaScript's encodeURIComponent, every byte but A-Z a-z 0-9 - . _ ~ as %XX, and a form's. */
function percentEncodings(text: string): Set<string> {
	const strict = [...Buffer.from(text)].map(byte => (/[\w.~-]/.test(String.fromCharCode(byte)) && byte < 0x80 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
	return new Set([encodeURIComponent(text), strict, new URLSearchParams({text}).toString().slice('text='.length)]);
}
