// What a server quotes back of our secrets (an AUTH payload, the password) is masked before anything shows, logs or
// records it: the whole secret, and any piece of it long enough to give part of it away ("AGJvYgBTdXAz…" is half a
// password, and a reply may cut it anywhere).
import {REDACTED} from '../smtp/commands.js';

/** Shorter words are no secret worth masking (and could match ordinary reply text). */
const SECRET_MIN = 6;
/** A piece of a secret this long is masked too: shorter ones match ordinary text by chance. */
const PIECE_MIN = 8;

export class SecretMask {
	readonly #secrets: string[] = [];
	/** Every PIECE_MIN-long piece of every secret: where a quoted piece may start. */
	readonly #pieces = new Set<string>();

	get empty(): boolean {
		return this.#secrets.length === 0;
	}

	/** `secret` as the text is searched (bytes read as latin1); one shorter than SECRET_MIN is ignored. */
	add(secret: string): void {
		if (secret.length < SECRET_MIN || this.#secrets.includes(secret)) return;
		this.#secrets.push(secret);
		for (let start = 0; start + PIECE_MIN <= secret.length; start++) this.#pieces.add(secret.slice(start, start + PIECE_MIN));
	}

	/** `text` with every secret, and every piece of one at least PIECE_MIN long, replaced by REDACTED. */
	mask(text: string): string {
		if (this.empty) return text;
		const whole = this.#secrets.reduce((current, secret) => current.replaceAll(secret, REDACTED), text);
		if (this.#pieces.size === 0) return whole;
		let masked = '';
		let index = 0;
		while (index < whole.length) {
			if (!this.#pieces.has(whole.slice(index, index + PIECE_MIN))) {
				masked += whole[index];
				index++;
				continue;
			}
			// The longest run from here that is still part of one secret.
			let end = index + PIECE_MIN;
			while (end < whole.length && this.#secrets.some(secret => secret.includes(whole.slice(index, end + 1)))) end++;
			masked += REDACTED;
			index = end;
		}
		return masked;
	}
}
