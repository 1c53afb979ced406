import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {CrlfNormalizer, LineScanner} from '../../source/message/line-endings.js';
import {SmtpInputError} from '../../source/smtp/types.js';
import {randomChunks} from '../helpers/chunks.js';

// Messages made of line breaks of every kind and runs of text, some near the 998-octet limit.
const piece = fc.oneof(
	fc.constantFrom('\r\n', '\r', '\n', '.', 'é'),
	fc.integer({min: 1, max: 1_100}).map(length => 'a'.repeat(length)),
);
const message = fc.array(piece, {maxLength: 12}).map(pieces => Buffer.from(pieces.join('')));

const reference = (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n'), 'latin1');

function scan(chunks: Uint8Array[]): {size: number; eightBit: boolean} | {field: string} {
	const scanner = new LineScanner('test');
	try {
		for (const chunk of chunks) scanner.push(Buffer.from(chunk));
	} catch (error) {
		if (error instanceof SmtpInputError) return {field: error.field};
		throw error;
	}
	return {size: scanner.normalisedSize, eightBit: scanner.eightBit};
}

function expected(bytes: Buffer): {size: number; eightBit: boolean} | {field: string} {
	const normalised = reference(bytes);
	const lines = normalised.toString('latin1').split('\r\n');
	const long = lines.findIndex(line => line.length > 998);
	if (long >= 0) return {field: `message line ${long + 1}`};
	const ending = normalised.length === 0 || normalised.toString('latin1').endsWith('\r\n') ? 0 : 2;
	return {size: normalised.length + ending, eightBit: bytes.some(byte => byte >= 0x80)};
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

describe('LineScanner', () => {
	it('matches a plain reference for any message and any chunking', () => {
		fc.assert(
			fc.property(message, fc.integer(), fc.constantFrom(3, 50, 700), (bytes, seed, maxPiece) => {
				expect(scan(randomChunks(bytes, seed, maxPiece))).toEqual(expected(bytes));
			}),
			{numRuns: 400},
		);
	});

	it('keeps a CRLF split across chunks as one line break', () => {
		expect(scan([Buffer.from('a\r'), Buffer.from('\nb\r\n')])).toEqual({size: 6, eightBit: false});
		expect(scan([Buffer.from('a\r'), Buffer.from('b')])).toEqual({size: 6, eightBit: false});
	});

	it('names the first line that is too long', () => {
		expect(scan([Buffer.from(`ok\n\n${'x'.repeat(998)}\r\n${'y'.repeat(999)}`)])).toEqual({field: 'message line 4'});
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
});
