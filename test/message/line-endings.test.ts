import fc from 'fast-check';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {CrlfNormalizer, hasLineOver, LineLengthGuard, MessageLines} from '../../source/message/line-endings.js';
import {dataEnd, DataEncoder, encodeData} from '../../source/smtp/data-encoder.js';
import {SmtpInputError} from '../../source/smtp/types.js';
import {randomChunks} from '../helpers/chunks.js';

// Messages made of line breaks of every kind and runs of text, some near the 998-octet limit.
const piece = fc.oneof(
	fc.constantFrom('\r\n', '\r', '\n', '.', 'é'),
	fc.integer({min: 1, max: 1_100}).map(length => 'a'.repeat(length)),
);
const message = fc.array(piece, {maxLength: 12}).map(pieces => Buffer.from(pieces.join('')));

const reference = (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n'), 'latin1');

/** Both checks over the same chunks: the fast guard's verdict and the exact scanner's named line. */
function scan(chunks: Uint8Array[]): {ok: boolean; field?: string} {
	const guard = new LineLengthGuard();
	const scanner = new MessageLines('test');
	let field: string | undefined;
	for (const chunk of chunks) {
		guard.push(Buffer.from(chunk));
		try {
			if (field === undefined) scanner.push(Buffer.from(chunk));
		} catch (error) {
			if (!(error instanceof SmtpInputError)) throw error;
			field = error.field;
		}
	}
	return {ok: guard.ok, ...(field !== undefined && {field})};
}

function expected(bytes: Buffer): {ok: boolean; field?: string} {
	const lines = reference(bytes).toString('latin1').split('\r\n');
	const long = lines.findIndex(line => line.length > 998);
	return long >= 0 ? {ok: false, field: `message line ${long + 1}`} : {ok: true};
}

async function normalise(chunks: Uint8Array[]): Promise<Buffer> {
	const normalizer = new CrlfNormalizer();
	const output: Buffer[] = [];
	normalizer.on('data', (chunk: Buffer) => output.push(chunk));
	for (const chunk of chunks) normalizer.write(chunk);
	normalizer.end();
	await new Promise(resolve => normalizer.on('end', resolve));
	return Buffer.concat(output);
}

describe('LineLengthGuard and MessageLines', () => {
	it('matches a plain reference for any message and any chunking', () => {
		fc.assert(
			fc.property(message, fc.integer(), fc.constantFrom(3, 50, 700), (bytes, seed, maxPiece) => {
				expect(scan(randomChunks(bytes, seed, maxPiece))).toEqual(expected(bytes));
			}),
			{numRuns: 400},
		);
	});

	it('keeps a CRLF split across chunks as one line break', () => {
		const line = (length: number) => Buffer.from('x'.repeat(length));
		expect(scan([Buffer.from('a\r'), Buffer.from('\n'), line(998), Buffer.from('\r'), Buffer.from('\n')])).toEqual({ok: true});
		expect(scan([Buffer.from('a\r'), Buffer.from('\nb\r'), line(999)])).toEqual({ok: false, field: 'message line 3'});
	});

	it('carries a line across many small chunks', () => {
		const chunks = Array.from({length: 200}, () => Buffer.from('xxxxx'));
		expect(scan([Buffer.from('ok\n'), ...chunks])).toEqual({ok: false, field: 'message line 2'});
		expect(scan([Buffer.from('ok\n'), ...chunks.slice(0, 199), Buffer.from('\n')])).toEqual({ok: true});
	});

	it('names the first line that is too long', () => {
		expect(scan([Buffer.from(`ok\n\n${'x'.repeat(998)}\r\n${'y'.repeat(999)}`)])).toEqual({ok: false, field: 'message line 4'});
	});
});

describe('hasLineOver', () => {
	afterEach(() => {
		vi.restoreAllMocks();
	});

	it('agrees with a line-by-line reference for any text and any limit', () => {
		const text = fc.array(piece, {maxLength: 12}).map(pieces => pieces.join(''));
		fc.assert(
			fc.property(text, fc.integer({min: 0, max: 1_000}), (value, max) => {
				expect(hasLineOver(value, max)).toBe(value.split(/\r\n|\r|\n/).some(line => line.length > max));
			}),
		);
		expect(hasLineOver('a'.repeat(998), 998)).toBe(false);
		expect(hasLineOver('a'.repeat(999), 998)).toBe(true);
		expect(hasLineOver(`${'a'.repeat(998)}\r\n${'a'.repeat(998)}`, 998)).toBe(false);
		expect(hasLineOver(`x\r${'a'.repeat(999)}\ny`, 998)).toBe(true);
	});

	it('passes over each character at most twice, once looking for CR and once for LF: linear, whatever the lines', () => {
		const texts = [`${'y'.repeat(990)}\r\n`.repeat(500), `${'y'.repeat(990)}\n`.repeat(500), `${'y'.repeat(80)}\r`.repeat(5000), `${'y'.repeat(998)}\n`.repeat(400) + 'z'.repeat(999)];
		for (const text of texts) {
			let passed = 0;
			const indexOf = String.prototype.indexOf;
			vi.spyOn(String.prototype, 'indexOf').mockImplementation(function (this: string, search: string, from?: number) {
				const found = indexOf.call(this, search, from);
				passed += (found === -1 ? this.length : found + 1) - (from ?? 0);
				return found;
			});
			expect(hasLineOver(text, 998)).toBe(text.endsWith('z'));
			vi.restoreAllMocks();
			expect(passed).toBeLessThanOrEqual(2 * text.length);
		}
	});
});

describe('CrlfNormalizer', () => {
	it('turns every bare CR and LF into CRLF, whatever the chunking', async () => {
		await fc.assert(
			fc.asyncProperty(message, fc.integer(), async (bytes, seed) => {
				expect((await normalise(randomChunks(bytes, seed, 5))).equals(reference(bytes))).toBe(true);
			}),
			{numRuns: 200},
		);
	});

	it('keeps a CR that ends a chunk paired with the LF after an empty chunk', async () => {
		const chunks = ['a\r', '', '\nb\n', '\r', 'c'].map(text => Buffer.from(text));
		expect((await normalise(chunks)).toString()).toBe('a\r\nb\r\n\r\nc');
	});

	it('a bare CR inside a chunk is a line end of its own: an LF starting the next chunk is another', async () => {
		const chunks = ['a\rb', '\nc'].map(text => Buffer.from(text));
		expect((await normalise(chunks)).toString()).toBe('a\r\nb\r\nc');
	});

	it('passes a chunk already in CRLF through without copying it', async () => {
		const chunk = Buffer.from('one\r\ntwo\r\n');
		const normalizer = new CrlfNormalizer();
		const output = new Promise<Buffer>(resolve => normalizer.once('data', resolve));
		normalizer.write(chunk);
		expect((await output).buffer).toBe(chunk.buffer);
	});
});

/** What the DATA encoder says it sent, as the server stores it (no stuffed dots, no final "."). */
function encoderStored(bytes: Buffer): number {
	const encoder = new DataEncoder({maxLineLength: Number.POSITIVE_INFINITY});
	encoder.push(bytes);
	encoder.end();
	return encoder.stored;
}

function storedSize(chunks: Uint8Array[]): number {
	const size = new MessageLines('test');
	for (const chunk of chunks) size.push(Buffer.from(chunk));
	return size.octets;
}

describe('MessageLines size', () => {
	it('counts what the DATA encoder sends, less its stuffed dots and final ".", whatever the chunking', () => {
		fc.assert(
			// Messages it accepts: one with a line over 998 octets is refused (the test above).
			fc.property(message.filter(bytes => expected(bytes).ok), fc.integer(), (bytes, seed) => {
				expect(storedSize(randomChunks(bytes, seed, 5))).toBe(encoderStored(bytes));
			}),
			{numRuns: 400},
		);
	});

	it('counts the CRLF a last line without one gets, and no stuffed dot', () => {
		// 21 bytes in CRLF, ending in one: SIZE= said 23 here, the summary "21 bytes".
		expect(storedSize([Buffer.from('Subject: ab\r\n\r\nbody\r\n')])).toBe(21);
		expect(storedSize([Buffer.from('Subject: a\r\n\r\n.dot\r\nend')])).toBe(Buffer.byteLength('Subject: a\r\n\r\n.dot\r\nend\r\n'));
		// A CR that ends the message becomes CRLF; one that ends a chunk waits for the next one's LF.
		expect(storedSize([Buffer.from('a\r')])).toBe(3);
		expect(storedSize([Buffer.from('a\r'), Buffer.from('\nb\n')])).toBe(6);
		expect(storedSize([Buffer.from('a\r'), Buffer.from('b')])).toBe(6);
	});
});

/** What the check says of the message, chunked: wire-ready (and its counts) or not; undefined when it refused it. */
function wireReady(chunks: Uint8Array[]): {lines: number; octets: number} | false | undefined {
	const lines = new MessageLines('test');
	try {
		for (const chunk of chunks) lines.push(Buffer.from(chunk));
	} catch (error) {
		if (error instanceof SmtpInputError) return undefined;
		throw error;
	}
	return lines.wireReady ?? false;
}

/** Random bytes, line breaks, dots and runs of text (some near 998 octets), CRLF often, so wire-ready ones come too. */
const bytesMessage = fc
	.array(
		fc.oneof(
			{weight: 4, arbitrary: fc.constant(Buffer.from('\r\n'))},
			{weight: 2, arbitrary: fc.constantFrom(...['\r', '\n', '.', '\r\n.'].map(text => Buffer.from(text)))},
			{weight: 2, arbitrary: fc.uint8Array({minLength: 1, maxLength: 8}).map(bytes => Buffer.from(bytes))},
			{weight: 2, arbitrary: fc.integer({min: 1, max: 1_000}).map(length => Buffer.alloc(length, 'a'))},
		),
		{maxLength: 14},
	)
	.map(pieces => Buffer.concat(pieces));

describe('MessageLines wireReady', () => {
	it('says wire-ready exactly when the DATA encoder would send the bytes unchanged and add only the end, whatever the chunking', () => {
		fc.assert(
			fc.property(bytesMessage, fc.integer(), fc.constantFrom(1, 5, 300), (bytes, seed, maxPiece) => {
				const ready = wireReady(randomChunks(bytes, seed, maxPiece));
				// Refused (a line over 998 octets): the encoder refuses it too, and nothing goes.
				if (ready === undefined) return void expect(() => encodeData(bytes)).toThrow(SmtpInputError);
				const open = bytes.length > 0 && bytes.at(-1) !== 0x0a;
				const asIs = Buffer.concat([bytes, dataEnd(open)]);
				expect(ready !== false).toBe(encodeData(bytes).equals(asIs));
				if (ready === false) return;
				const encoder = new DataEncoder();
				encoder.push(bytes);
				encoder.end();
				expect(ready).toEqual({lines: encoder.lines, octets: encoder.stored});
			}),
			{numRuns: 2_000},
		);
	});

	it('CRLF only, no dot at a line start: wire-ready; one bare LF, bare CR or leading dot anywhere: not', () => {
		const ready = (...texts: string[]) => wireReady(texts.map(text => Buffer.from(text)));
		expect(ready('Subject: a\r\n\r\nbody\r\n')).toEqual({lines: 3, octets: 20});
		// A last line without a line break: the encoder adds CRLF, then the dot.
		expect(ready('Subject: a\r\n\r\nbody')).toEqual({lines: 3, octets: 20});
		// A CRLF split between chunks, and a dot at the start of the next chunk's first line.
		expect(ready('a\r', '\nb\r\n')).toEqual({lines: 2, octets: 6});
		expect(ready('a\r', '\n.b\r\n')).toBe(false);
		expect(ready('a\r\n', '.b\r\n')).toBe(false);
		expect(ready('.a\r\n')).toBe(false);
		expect(ready('a\r\n.\r\nb\r\n')).toBe(false);
		expect(ready('a\nb\r\n')).toBe(false);
		expect(ready('a\rb\r\n')).toBe(false);
		// A CR that ends the message is bare: the encoder makes it CRLF.
		expect(ready('a\r\nb\r')).toBe(false);
		expect(ready(`${'x'.repeat(998)}\r\n`)).toEqual({lines: 1, octets: 1000});
		expect(ready(`${'x'.repeat(999)}\r\n`)).toBeUndefined();
	});
});
