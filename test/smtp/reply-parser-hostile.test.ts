// Any bytes a server may send, in any chunking: the parser's replies and its first error are the same however the
// bytes are split, it never throws, and what is explained of them is printable once escaped (as every view does).
import {Buffer} from 'node:buffer';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {explainReply} from '../../source/smtp/codes.js';
import {ReplyParser} from '../../source/smtp/reply-parser.js';
import type {Reply} from '../../source/smtp/types.js';
import {escapeUnsafe} from '../../source/text/escape.js';
import {byteChunks, randomChunks} from '../helpers/chunks.js';

/** Small limits, so that random input reaches them. */
const LIMITS = {maxLineLength: 48, maxReplyLength: 160};

/** Pieces a hostile server strings together: reply codes, line ends alone, escapes, C1, bidi, invalid UTF-8. */
const piece = fc.oneof(
	fc.constantFrom('220 ', '250-', '250 ', '334 ', '354 ', '421 ', '550-', '550 ', '250', '25', '2', '\r\n', '\n', '\r', 'x'),
	fc.constantFrom('\u001B]52;c;ZXZpbA==\u0007', '\u001B]0;title\u0007', '\u001B[?1049h', '\u001B[201~', '\u009B31m', '\u202E', '\u200B', '\u0000'),
	fc.uint8Array({maxLength: 12}).map(bytes => Buffer.from(bytes).toString('latin1')),
);
const hostileBytes = fc.array(piece, {maxLength: 40}).map(pieces => Buffer.from(pieces.join(''), 'latin1'));

/** The replies up to the first broken line, and that line's kind of error ('' when none). */
function outcome(pieces: Uint8Array[]): {replies: Reply[]; error: string} {
	const parser = new ReplyParser(LIMITS);
	const replies: Reply[] = [];
	for (const chunk of pieces) {
		const taken = parser.take(chunk);
		replies.push(...taken.replies);
		if (taken.error) return {replies, error: taken.error.kind};
	}
	return {replies, error: ''};
}

/** What may not reach a terminal raw: controls, format characters (bidi, zero-width), line separators. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

describe('ReplyParser against any bytes', () => {
	it('gives the same replies and the same first error in one read, byte by byte and split at random', () => {
		fc.assert(
			fc.property(hostileBytes, fc.integer(), (bytes, seed) => {
				const whole = outcome([bytes]);
				expect(outcome(byteChunks(bytes))).toEqual(whole);
				expect(outcome(randomChunks(bytes, seed, 9))).toEqual(whole);
			}),
			{numRuns: 500},
		);
	});

	it('explains any reply it reads, to any command, in text that is printable once escaped', () => {
		const verbs = fc.constantFrom(undefined, 'EHLO', 'MAIL', 'RCPT', 'DATA', '.', 'AUTH', 'AUTH-RESPONSE', 'STARTTLS', 'QUIT');
		fc.assert(
			fc.property(hostileBytes, verbs, fc.constantFrom(undefined, 'PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-256'), (bytes, verb, mechanism) => {
				for (const reply of outcome([bytes]).replies) {
					const text = explainReply(reply, {...(verb && {verb}), ...(mechanism && {mechanism})});
					expect(escapeUnsafe(text)).not.toMatch(UNPRINTABLE);
					for (const line of reply.raw) expect(escapeUnsafe(line)).not.toMatch(UNPRINTABLE);
				}
			}),
			{numRuns: 500},
		);
	});
});
