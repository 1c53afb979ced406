// What a server quotes back of our secrets (an AUTH payload, the password) is masked before anything shows, logs or
// records it: the whole secret, and any piece of it long enough to give part of it away ("AGJvYgBTdXAz…" is half a
// password, and a reply may cut it anywhere).
import {REDACTED} from '../smtp/commands.js';

/** Shorter words are no secret worth masking (and could match ordinary reply text). */
const SECRET_MIN = 6;
/** A piece of a secret this long is masked too: shorter ones match ordinary text by chance. */
const PIECE_MIN = 8;

export class SecretMask {
	/** Lower-cased: a server may quote a secret in another case ("535 SUP3RSECRET"). */
	readonly #secrets: string[] = [];
	/** Every PIECE_MIN-long piece of every secret: where a quoted piece may start. */
	readonly #pieces = new Set<string>();

	get empty(): boolean {
		return this.#secrets.length === 0;
	}

	/**
	 * `secret` as the text is searched (bytes read as latin1); one shorter than SECRET_MIN is ignored. `span`: where in
	 * it the secret part is (an AUTH payload's password, its user name and "auth=Bearer" around it): only a piece that
	 * reaches into it is masked, as the rest may match the server's own words by chance.
	 */
	add(secret: string, span = {from: 0, to: secret.length}): void {
		const lower = secret.toLowerCase();
		if (secret.length < SECRET_MIN || this.#secrets.includes(lower)) return;
		this.#secrets.push(lower);
		const first = Math.max(0, span.from - PIECE_MIN + 1);
		for (let start = first; start + PIECE_MIN <= lower.length && start < span.to; start++) this.#pieces.add(lower.slice(start, start + PIECE_MIN));
	}

	/** `text` with every secret, and every piece of one at least PIECE_MIN long, in any case, replaced by REDACTED. */
	mask(text: string): string {
		if (this.empty) return text;
		// Lower-casing keeps latin1 text (what replies are searched as) the same length, so indexes carry over.
		const lower = text.toLowerCase();
		const search = lower.length === text.length ? lower : text;
		let masked = '';
		let index = 0;
		while (index < text.length) {
			const end = this.#secretEnd(search, index);
			if (end === undefined) {
				masked += text[index];
				index++;
			} else {
				masked += REDACTED;
				index = end;
			}
		}
		return masked;
	}

	/** Where a secret, or the longest run that is part of one (PIECE_MIN at least), starting at `index` ends. */
	#secretEnd(text: string, index: number): number | undefined {
		const whole = this.#secrets.find(secret => text.startsWith(secret, index));
		if (whole !== undefined) return index + whole.length;
		if (!this.#pieces.has(text.slice(index, index + PIECE_MIN))) return undefined;
		let end = index + PIECE_MIN;
		while (end < text.length && this.#secrets.some(secret => secret.includes(text.slice(index, end + 1)))) end++;
		return end;
	}
}
