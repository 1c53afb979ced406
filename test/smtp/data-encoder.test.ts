import {Buffer} from 'node:buffer';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {DataEncoder, encodeData, maxEncodedLength, unstuffData, unstuffUnfinished} from '../../source/smtp/data-encoder.js';
import {SmtpInputError} from '../../source/smtp/types.js';
import {SEEDS, byteChunks, randomChunks} from '../helpers/chunks.js';
import {thrown} from '../helpers/thrown.js';

function encodePieces(pieces: Uint8Array[], encoder = new DataEncoder()): Buffer {
	return Buffer.concat([...pieces.map((piece) => encoder.push(piece)), encoder.end()]);
}

/** What a correct body looks like before stuffing: every line break CRLF, and a CRLF at the end. */
function normalise(bytes: Uint8Array): Buffer {
	const text = Buffer.from(bytes).toString('latin1').replace(/\r\n|\r|\n/g, '\r\n');
	return Buffer.from(text === '' || text.endsWith('\r\n') ? text : `${text}\r\n`, 'latin1');
}

const fixtures: Array<[string, string, string]> = [
	['empty body', '', '.\r\n'],
	['one line without a break', 'Hello', 'Hello\r\n.\r\n'],
	['one line with CRLF', 'Hello\r\n', 'Hello\r\n.\r\n'],
	['bare LF', 'a\nb\n', 'a\r\nb\r\n.\r\n'],
	['bare CR', 'a\rb\r', 'a\r\nb\r\n.\r\n'],
	['LF CR is two line breaks', 'a\n\rb', 'a\r\n\r\nb\r\n.\r\n'],
	['CR CR LF', 'a\r\r\nb', 'a\r\n\r\nb\r\n.\r\n'],
	['smuggling attempt with bare LF', 'Hi\n.\nMAIL FROM:<evil@x>\n', 'Hi\r\n..\r\nMAIL FROM:<evil@x>\r\n.\r\n'],
	['smuggling attempt with bare CR', 'Hi\r.\rQUIT\r', 'Hi\r\n..\r\nQUIT\r\n.\r\n'],
	['dot lines', '.\r\n..\r\n.hidden\r\nnot.first\r\n', '..\r\n...\r\n..hidden\r\nnot.first\r\n.\r\n'],
	['a lone dot as the whole body', '.', '..\r\n.\r\n'],
	['body starting with a dot after a bare LF', '\n.x', '\r\n..x\r\n.\r\n'],
	['empty lines', '\r\n\r\n', '\r\n\r\n.\r\n'],
	['8-bit bytes pass untouched', 'Gr\u00fc\u00dfe\n', 'Gr\u00fc\u00dfe\r\n.\r\n'],
];

describe('DataEncoder fixtures', () => {
	for (const [name, body, wire] of fixtures) {
		const input = Buffer.from(body, 'utf8');
		const expected = Buffer.from(wire, 'utf8');
		it(`${name}: whole, one byte at a time and in random chunks`, () => {
			expect(encodeData(body)).toEqual(expected);
			expect(encodePieces([input])).toEqual(expected);
			expect(encodePieces(byteChunks(input))).toEqual(expected);
			for (const seed of SEEDS) expect(encodePieces(randomChunks(input, seed, 4))).toEqual(expected);
		});
	}

	it('joins a CR at the end of one chunk with the LF starting the next into one CRLF', () => {
		expect(encodePieces([Buffer.from('a\r'), Buffer.from('\nb')]).toString()).toBe('a\r\nb\r\n.\r\n');
		expect(encodePieces([Buffer.from('a\r'), Buffer.alloc(0), Buffer.from('\n.b')]).toString()).toBe('a\r\n..b\r\n.\r\n');
		expect(encodePieces([Buffer.from('a\r'), Buffer.from('b')]).toString()).toBe('a\r\nb\r\n.\r\n');
	});

	it('forgets a CR that ended a chunk once the next chunk is read: a later chunk starting with LF is a line break of its own', () => {
		const encoder = new DataEncoder();
		const out = Buffer.concat([encoder.push(Buffer.from('a\r')), encoder.push(Buffer.from('b')), encoder.push(Buffer.from('\nc')), encoder.end()]);
		expect(out.toString('latin1')).toBe('a\r\nb\r\nc\r\n.\r\n');
	});

	it('stuffs a dot that starts a chunk right after a chunk-split CRLF', () => {
		expect(encodePieces([Buffer.from('a\r\n'), Buffer.from('.b')]).toString()).toBe('a\r\n..b\r\n.\r\n');
		expect(encodePieces([Buffer.from('a\n'), Buffer.from('.')]).toString()).toBe('a\r\n..\r\n.\r\n');
		expect(encodePieces([Buffer.from('a.'), Buffer.from('.b')]).toString()).toBe('a..b\r\n.\r\n');
	});

	it('handles a large mixed body in socket-sized chunks like the whole body', () => {
		const parts = ['plain line', '.dotted', '', 'x'.repeat(998), 'tail'];
		const breaks = ['\r\n', '\n', '\r'];
		const text = Array.from({length: 20_000}, (_, index) => parts[index % 5] + breaks[index % 7 % 3]).join('');
		const input = Buffer.from(text);
		const chunks = Array.from({length: Math.ceil(input.length / 65_536)}, (_, index) => input.subarray(index * 65_536, (index + 1) * 65_536));
		const wire = encodePieces(chunks);
		// Buffer.equals: deep equality over megabytes is far too slow in the test runner.
		expect(wire.equals(encodePieces([input]))).toBe(true);
		expect(unstuffData(wire).equals(normalise(input))).toBe(true);
	});

	it('accepts plain Uint8Arrays and views into larger buffers', () => {
		const backing = Buffer.from('XXa\nbYY');
		const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, 3);
		expect(encodePieces([view]).toString()).toBe('a\r\nb\r\n.\r\n');
	});
});

describe('DataEncoder counters', () => {
	it('counts lines and output bytes, stuffing dots and terminator included', () => {
		const encoder = new DataEncoder();
		const first = encoder.push(Buffer.from('one\n.two\nthr'));
		expect(encoder.lines).toBe(2);
		expect(encoder.bytesOut).toBe(first.length);
		const last = encoder.end();
		expect(encoder.lines).toBe(3);
		expect(encoder.bytesOut).toBe(first.length + last.length);
		expect(Buffer.concat([first, last]).toString()).toBe('one\r\n..two\r\nthr\r\n.\r\n');
		expect(encoder.bytesOut).toBe('one\r\n..two\r\nthr\r\n.\r\n'.length);
	});

	it('counts the dots it stuffed, and the size the server stores: without them and without the final "."', () => {
		const encoder = new DataEncoder();
		encoder.push(Buffer.from('.one\n..two\nthree.\n.'));
		expect(encoder.stuffed).toBe(3);
		encoder.end();
		expect(encoder.stored).toBe('.one\r\n..two\r\nthree.\r\n.\r\n'.length);
		// BDAT sends no final ".", so none is taken off.
		const bdat = new DataEncoder({dotStuffing: false});
		bdat.push(Buffer.from('.a\n'));
		bdat.end();
		expect([bdat.stuffed, bdat.stored]).toEqual([0, 4]);
	});

	it('grows its output for a body of bare line ends in one piece, losing none of what came before', () => {
		const encoder = new DataEncoder();
		const body = `start${'\n.'.repeat(4000)}\nend`;
		expect(encoder.push(Buffer.from(body)).toString()).toBe(`start${'\r\n..'.repeat(4000)}\r\nend`);
		expect(encoder.stuffed).toBe(4000);
	});

	it('hands back the chunk itself when nothing needs changing (no copy)', () => {
		const chunk = Buffer.from('plain\r\nlines\r\n');
		const encoded = new DataEncoder().push(chunk);
		// The same memory (small buffers share one pool, so comparing .buffer proves nothing): a change shows in both.
		chunk[0] = 0x50;
		expect(encoded.toString()).toBe('Plain\r\nlines\r\n');
	});

	it('refuses to be used after end()', () => {
		const encoder = new DataEncoder();
		encoder.end();
		expect(() => encoder.push(Buffer.from('x'))).toThrow(/after end/);
		expect(() => encoder.end()).toThrow(/twice/);
	});
});

describe('DataEncoder line length', () => {
	const line = (length: number) => 'x'.repeat(length);

	it('accepts 998 octets and refuses 999, naming the line, its length and the limit', () => {
		expect(encodeData(`ok\r\n${line(998)}\r\n`).length).toBe(4 + 1000 + 3);
		const error = thrown(SmtpInputError, () => encodeData(`ok\r\n.ok\n${line(999)}\r\nafter\r\n`));
		expect(error.field).toBe('body line 3');
		expect(error.message).toContain('Line 3');
		expect(error.message).toContain('999 octets');
		expect(error.message).toContain('998');
		// A line that has ended has a known length: not "at least".
		expect(error.message).toMatch(/^Line 3 of the message is 999 octets long/);
	});

	it('does not count the stuffing dot (RFC 5321 §4.5.3.1.6)', () => {
		expect(encodeData(`.${line(997)}`).toString()).toBe(`..${line(997)}\r\n.\r\n`);
	});

	it('finds a long line split over many chunks, and one with no line break at all', () => {
		const body = Buffer.from(`a\n${line(1200)}\nb`);
		for (const seed of SEEDS) {
			const error = thrown(SmtpInputError, () => encodePieces(randomChunks(body, seed, 64)));
			expect(error.field).toBe('body line 2');
		}
		const endless = new DataEncoder();
		const error = thrown(SmtpInputError, () => {
			for (let index = 0; index < 100; index++) endless.push(Buffer.from(line(100)));
		});
		expect(error.message).toMatch(/Line 1 of the message is at least \d+ octets/);
	});

	it('honours a configured limit', () => {
		expect(encodeData('').length).toBe(3);
		expect(encodePieces([Buffer.from('abcd\r\nabc')], new DataEncoder({maxLineLength: 4})).toString()).toBe('abcd\r\nabc\r\n.\r\n');
		expect(thrown(SmtpInputError, () => encodePieces([Buffer.from('abcde')], new DataEncoder({maxLineLength: 4}))).field).toBe('body line 1');
	});
});

describe('unstuffData', () => {
	it('removes the terminator and one leading dot per line', () => {
		expect(unstuffData(Buffer.from('..\r\n...x\r\na.b\r\n.\r\n')).toString()).toBe('.\r\n..x\r\na.b\r\n');
		expect(unstuffData(Buffer.from('.\r\n'))).toEqual(Buffer.alloc(0));
	});

	it('refuses a stream without the terminator', () => {
		expect(() => unstuffData(Buffer.from('abc\r\n'))).toThrow(/CRLF\.CRLF/);
		expect(() => unstuffData(Buffer.from('abc.\r\n'))).toThrow(/CRLF\.CRLF/);
	});

	it('un-stuffs the start of a stream that was cut off, as far as it goes (a line cut in two included)', () => {
		expect(unstuffUnfinished(Buffer.from('..a\r\nb\r\n..c')).toString()).toBe('.a\r\nb\r\n.c');
	});
});

describe('DataEncoder properties', () => {
	// Bodies rich in the bytes that matter: CR, LF, dots, plus some text and 8-bit bytes.
	const body = fc
		.array(fc.oneof(fc.constantFrom(0x0d, 0x0a, 0x2e), fc.integer({min: 0, max: 255})), {maxLength: 400})
		.map((bytes) => Uint8Array.from(bytes));
	const chunked = fc.tuple(body, fc.integer());

	const encodeChunked = ([bytes, seed]: [Uint8Array, number]) => encodePieces(randomChunks(bytes, seed, 9));

	it('never emits a bare CR or a bare LF', () => {
		fc.assert(
			fc.property(chunked, (input) => {
				const wire = encodeChunked(input);
				for (let index = 0; index < wire.length; index++) {
					if (wire[index] === 0x0d) expect(wire[index + 1]).toBe(0x0a);
					if (wire[index] === 0x0a) expect(wire[index - 1]).toBe(0x0d);
				}
			}),
		);
	});

	it('stuffs every line that starts with a dot, and ends with exactly one CRLF.CRLF', () => {
		fc.assert(
			fc.property(chunked, (input) => {
				const lines = encodeChunked(input).toString('latin1').split('\r\n');
				// The split leaves '' after the final CRLF; before it comes the lone terminating dot.
				expect(lines.pop()).toBe('');
				expect(lines.pop()).toBe('.');
				for (const line of lines) {
					if (line.startsWith('.')) expect(line.startsWith('..')).toBe(true);
				}
				expect(lines.includes('.')).toBe(false);
			}),
		);
	});

	it('un-stuffing gives back the CRLF-normalised input, whatever the chunking', () => {
		fc.assert(
			fc.property(chunked, (input) => {
				const wire = encodeChunked(input);
				expect(unstuffData(wire)).toEqual(normalise(input[0]));
				expect(wire).toEqual(encodeData(input[0]));
			}),
		);
	});

	it('encodes into a given buffer exactly as into its own, reusing that buffer for every chunk', () => {
		fc.assert(
			fc.property(chunked, ([bytes, seed]) => {
				const pieces = randomChunks(bytes, seed, 9);
				const into = Buffer.alloc(maxEncodedLength(Math.max(0, ...pieces.map((piece) => piece.length))));
				const encoder = new DataEncoder();
				const copies = pieces.map((piece) => {
					const out = encoder.push(piece, into);
					expect(out.buffer).toBe(into.buffer);
					return Buffer.from(out);
				});
				expect(Buffer.concat([...copies, encoder.end()])).toEqual(encodeData(bytes));
			}),
		);
	});

	it('counts the lines and the stuffed dots, and refuses the first line over the limit, as a line-by-line reference does, whatever the chunking', () => {
		// Short enough that random bodies often have a line just over it.
		const max = 2;
		// The reference: the body's lines after CRLF normalisation, the first one over `max` octets refused.
		const reference = (bytes: Uint8Array) => {
			const lines = normalise(bytes).toString('latin1').split('\r\n').slice(0, -1);
			const long = lines.findIndex((line) => line.length > max);
			return long === -1 ? {lines: lines.length, stuffed: lines.filter((line) => line.startsWith('.')).length} : {refused: long + 1};
		};
		fc.assert(
			fc.property(chunked, ([bytes, seed]) => {
				const encoder = new DataEncoder({maxLineLength: max});
				let got;
				try {
					// Pieces long enough to hold whole lines, and short ones that split them.
					encodePieces(randomChunks(bytes, seed, seed % 2 === 0 ? 9 : 60), encoder);
					got = {lines: encoder.lines, stuffed: encoder.stuffed};
				} catch (error) {
					expect(error).toBeInstanceOf(SmtpInputError);
					got = {refused: Number(/^Line (\d+) /.exec((error as Error).message)?.[1])};
				}
				expect(got).toEqual(reference(bytes));
			}),
		);
	});

	it('refuses a buffer that may be too small, before encoding anything', () => {
		const encoder = new DataEncoder();
		expect(() => encoder.push(Buffer.from('abc'), Buffer.alloc(6))).toThrow(/into holds 6 bytes, needs 7/);
		expect(encoder.bytesOut).toBe(0);
		expect(encoder.push(Buffer.from('\n\n\n'), Buffer.alloc(7)).toString()).toBe('\r\n\r\n\r\n');
	});
});
