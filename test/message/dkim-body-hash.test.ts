// The relaxed body hash (RFC 6376 §3.4.4) against an independent one, mailauth's, on random CRLF bodies (blanks and
// tabs anywhere, empty and blank lines, a last line without its line end) fed in random pieces: a CR and its LF
// parted, a line cut anywhere.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {RelaxedBodyHash} from '../../source/message/dkim-sign.js';
// @ts-expect-error: mailauth's body hashers ship no types.
import {RelaxedHash} from 'mailauth/lib/dkim/body/relaxed.js';

const reference = (body: Buffer) => {
	const hash = new RelaxedHash('sha256') as {update(chunk: Buffer): void; digest(encoding: string): string};
	hash.update(body);
	return hash.digest('base64');
};

const ours = (body: Buffer, cuts: number[]) => {
	const hash = new RelaxedBodyHash();
	let start = 0;
	for (const cut of [...cuts.map(cut => cut % (body.length + 1)).sort((a, b) => a - b), body.length]) {
		hash.update(body.subarray(start, Math.max(start, cut)));
		start = Math.max(start, cut);
	}
	return hash.digest();
};

const line = fc.array(fc.constantFrom('a', 'b', ' ', '  ', '\t', '.', 'é', 'x y'), {maxLength: 12}).map(parts => parts.join(''));
const body = fc.tuple(fc.array(line, {maxLength: 30}), fc.boolean()).map(([lines, ended]) => Buffer.from(lines.join('\r\n') + (ended && lines.length > 0 ? '\r\n' : '')));

describe('RelaxedBodyHash', () => {
	it('hashes as mailauth does, however the body is cut', () => {
		fc.assert(
			fc.property(body, fc.array(fc.nat(), {maxLength: 6}), (bytes, cuts) => {
				expect(ours(bytes, cuts)).toBe(reference(bytes));
			}),
			{numRuns: 2000},
		);
	});

	it.each([
		['the empty body', ''],
		['blank lines only', ' \r\n\t\r\n\r\n'],
		['empty lines between lines', 'a\r\n\r\n \r\nb\r\n\r\n'],
		['runs of blanks and a tab', ' a \t b  c\t\r\n'],
	])('%s', (_what, text) => {
		expect(ours(Buffer.from(text), [1, 3])).toBe(reference(Buffer.from(text)));
	});
});
