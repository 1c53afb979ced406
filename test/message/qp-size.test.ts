// The quoted-printable size is counted, not encoded: it must never come short of nodemailer's real output (SIZE=
// would then promise too little) and stay close to it, for any text and any chunking.
import fc from 'fast-check';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {Encoder} from 'nodemailer/lib/qp';
import {describe, expect, it} from 'vitest';
import {QuotedPrintableSize} from '../../source/message/qp-size.js';
import {randomChunks} from '../helpers/chunks.js';

async function encodedLength(text: Buffer): Promise<number> {
	let length = 0;
	await pipeline(Readable.from([text]), new Encoder(), async (source: AsyncIterable<Buffer>) => {
		for await (const chunk of source) length += chunk.length;
	});
	return length;
}

const counted = (chunks: Uint8Array[]) => {
	const counter = new QuotedPrintableSize();
	for (const chunk of chunks) counter.push(chunk);
	return counter.size;
};

// CRLF text as the composer feeds it: words, punctuation, '=', UTF-8, tabs and spaces before line ends, long lines.
const piece = fc.oneof(
	fc.constantFrom('\r\n', ' ', '\t', '=', '.', ', ', 'Grüße ', '日本語', 'a '.repeat(60), 'x'.repeat(200), ' \r\n'),
	fc.string({unit: 'grapheme-ascii', maxLength: 40}).map(text => text.replace(/[\r\n]/g, '')),
);
const text = fc.array(piece, {maxLength: 40}).map(pieces => Buffer.from(pieces.join('')));

describe('QuotedPrintableSize', () => {
	it('is never below the encoded size, and within 5% (+16) of it, for any text and chunking', async () => {
		await fc.assert(
			fc.asyncProperty(text, fc.integer(), async (bytes, seed) => {
				const real = await encodedLength(bytes);
				const size = counted(randomChunks(bytes, seed, 50));
				expect(size).toBeGreaterThanOrEqual(real);
				expect(size).toBeLessThanOrEqual(real * 1.05 + 16);
			}),
			{numRuns: 300},
		);
	});

	it('counts a large plain text close to its encoded size', async () => {
		const prose = Buffer.from('The quick brown fox jumps over the lazy dog; 0123456789 = done.\r\n'.repeat(20_000));
		const real = await encodedLength(prose);
		expect(counted([prose])).toBeGreaterThanOrEqual(real);
		expect(counted([prose]) / real).toBeLessThan(1.01);
	});
});
