// SCRAM's server signature (v=, RFC 5802 §5.1) is checked by the client, and never shown, logged or recorded: beside
// the salt, the iteration count and the nonces of its exchange it lets password guesses be tested offline, as the
// client's proof would (redacted, as every AUTH answer is). The salt, count and nonces alone are no secret (any
// client that names the user gets them), so they stay readable. Only the SCRAM client reads the signature.
import {Buffer} from 'node:buffer';
import {REDACTED} from './commands.js';
import type {Reply} from './types.js';

/** A word that may be base64 of "v=…" (8 characters at least), where a reply's text (or a line, after "334 " or "334-") has one. */
const CANDIDATE = /(^\d{3}[ -]|^|[ \t])(dj[A-Za-z0-9+/]{6,}=*)(?=\s|$)/gm;
/**
 * Decoded: "v=", base64 (the signature, or as much as came of it before a close cut the line short), and maybe
 * extensions. A word of plain text that decodes so is all but impossible: each byte would have to be one of 64.
 */
const SIGNATURE = /^v=[A-Za-z0-9+/]+=*(?:,|$)/;

const isSignature = (word: string): boolean => SIGNATURE.test(Buffer.from(word, 'base64').toString('latin1'));

/** `text` (reply lines, or received bytes read as latin1) with every SCRAM signature in base64 as [redacted]. */
export function hideScramSignatures(text: string): string {
	return text.includes('dj') ? text.replace(CANDIDATE, (whole, before: string, word: string) => (isSignature(word) ? `${before}${REDACTED}` : whole)) : text;
}

/** A reply as it may be shown: the same object when it carries no signature. */
export function shownReply(reply: Reply): Reply {
	const raw = reply.raw.map(hideScramSignatures);
	return raw.every((line, index) => line === reply.raw[index]) ? reply : {...reply, raw, lines: reply.lines.map(hideScramSignatures)};
}
