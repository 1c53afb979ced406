// The body hashes (RFC 6376 §3.4.3, §3.4.4) against independent ones, mailauth's, on random CRLF bodies (blanks and
// tabs anywhere, empty and blank lines, a last line without its line end; a bare LF, a lone CR) fed in random
// pieces: a CR and its LF parted, a line cut anywhere; whole, and cut at an l= anywhere.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {RelaxedBodyHash, SimpleBodyHash, type BodyHash} from '../../source/message/dkim-body-hash.js';
// @ts-expect-error: mailauth's body hashers ship no types.
import {RelaxedHash} from 'mailauth/lib/dkim/body/relaxed.js';
// @ts-expect-error: as above.
import {SimpleHash} from 'mailauth/lib/dkim/body/simple.js';

type Their = {update(chunk: Buffer): void; digest(encoding: string): string; canonicalizedLength: number};

const reference = (body: Buffer, Hash: new (algorithm: string, limit?: number) => Their = RelaxedHash as never, limit?: number) => {
	const hash = new Hash('sha256', limit);
	hash.update(body);
	return {digest: hash.digest('base64'), length: hash.canonicalizedLength};
};

const ours = (body: Buffer, cuts: number[], hash: BodyHash = new RelaxedBodyHash()) => {
	let start = 0;
	for (const cut of [...cuts.map(cut => cut % (body.length + 1)).sort((a, b) => a - b), body.length]) {
		hash.update(body.subarray(start, Math.max(start, cut)));
		start = Math.max(start, cut);
	}
	return {digest: hash.digest(), length: hash.length};
};

const line = fc.array(fc.constantFrom('a', 'b', ' ', '  ', '\t', '.', 'é', 'x y'), {maxLength: 12}).map(parts => parts.join(''));
const body = fc.tuple(fc.array(line, {maxLength: 30}), fc.boolean()).map(([lines, ended]) => Buffer.from(lines.join('\r\n') + (ended && lines.length > 0 ? '\r\n' : '')));
/** Lines ended in CRLF, a bare LF (a client's, stored as sent) or nothing, a lone CR among their characters. */
const looseBody = fc.array(fc.tuple(fc.array(fc.constantFrom('a', ' ', '\t', '\r', 'é'), {maxLength: 6}), fc.constantFrom('\r\n', '\r\n', '\n', '')), {maxLength: 20}).map(lines => Buffer.from(lines.map(([parts, end]) => parts.join('') + end).join('')));

describe('RelaxedBodyHash', () => {
	it('hashes as mailauth does, however the body is cut', () => {
		fc.assert(
			fc.property(body, fc.array(fc.nat(), {maxLength: 6}), (bytes, cuts) => {
				expect(ours(bytes, cuts)).toEqual(reference(bytes));
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
		expect(ours(Buffer.from(text), [1, 3])).toEqual(reference(Buffer.from(text)));
	});

	it('reads a bare LF as a line end and a lone CR as content, as mailauth does (the sandbox verifies what clients sent)', () => {
		fc.assert(
			fc.property(looseBody, fc.array(fc.nat(), {maxLength: 6}), (bytes, cuts) => {
				expect(ours(bytes, cuts)).toEqual(reference(bytes));
			}),
			{numRuns: 1000},
		);
	});
	it('a long line cut in many pieces, blanks and CRs where the pieces meet: as mailauth hashes it', () => {
		const longLine = fc.array(fc.constantFrom('a', ' ', '  ', '\t', '\r', 'é'), {maxLength: 200}).map(parts => parts.join(''));
		const longBody = fc.tuple(fc.array(longLine, {maxLength: 4}), fc.constantFrom('\r\n', '\n')).map(([lines, end]) => Buffer.from(lines.join(end)));
		fc.assert(
			fc.property(longBody, fc.array(fc.nat(), {maxLength: 40}), (bytes, cuts) => {
				expect(ours(bytes, cuts)).toEqual(reference(bytes));
			}),
			{numRuns: 2000},
		);
	});

	it('a line of 4 MiB without a line end, in 4 KiB pieces, is hashed as it comes, not gathered and copied again with each piece', () => {
		const piece = Buffer.from('ab \t'.repeat(1024));
		const hash = new RelaxedBodyHash();
		for (let count = 0; count < 1024; count++) hash.update(piece);
		// All but its blanks at the end ("ab ab … ab"): they wait for what follows them.
		expect(hash.length).toBe(1024 * 1024 * 3 - 1);
		expect({digest: hash.digest(), length: hash.length}).toEqual(reference(Buffer.alloc(4 * 1024 * 1024, piece)));
		// CRs alone too: each is content but the last, which an LF may follow.
		const crs = new RelaxedBodyHash();
		for (let count = 0; count < 1024; count++) crs.update(Buffer.alloc(4096, '\r'));
		expect(crs.length).toBe(4 * 1024 * 1024 - 1);
		crs.update(Buffer.from('\n'));
		expect({digest: crs.digest(), length: crs.length}).toEqual(reference(Buffer.concat([Buffer.alloc(4 * 1024 * 1024, '\r'), Buffer.from('\n')])));
	});
});

describe('SimpleBodyHash', () => {
	it('hashes as mailauth does, however the body is cut: a CR and its LF parted, CRLFs at the end held back', () => {
		fc.assert(
			fc.property(body, fc.array(fc.nat(), {maxLength: 6}), (bytes, cuts) => {
				expect(ours(bytes, cuts, new SimpleBodyHash())).toEqual(reference(bytes, SimpleHash as never));
			}),
			{numRuns: 2000},
		);
	});

	it.each([
		['the empty body', ''],
		['empty lines only', '\r\n\r\n\r\n'],
		['a line without its line end', 'a  b'],
		['a CR at the very end', 'a\r'],
		['a lone CR among empty lines', '\r\n\r\r\n\r\n'],
	])('%s', (_what, text) => {
		expect(ours(Buffer.from(text), [1, 2, 3], new SimpleBodyHash())).toEqual(reference(Buffer.from(text), SimpleHash as never));
	});
});

describe('an l= cut', () => {
	it("hashes the canonical body's first l= bytes and counts all of it, as mailauth does, in both canonicalizations", () => {
		fc.assert(
			fc.property(body, fc.array(fc.nat(), {maxLength: 4}), fc.nat({max: 400}), fc.boolean(), (bytes, cuts, limit, relaxed) => {
				const [mine, theirs] = relaxed ? [new RelaxedBodyHash(limit), RelaxedHash] : [new SimpleBodyHash(limit), SimpleHash];
				expect(ours(bytes, cuts, mine)).toEqual(reference(bytes, theirs as never, limit));
			}),
			{numRuns: 2000},
		);
	});
});
