import {randomBytes} from 'node:crypto';
import {closeSync, openSync, readSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {READ_CHUNK, readReusing} from '../../source/message/spool.js';
import {useTempDirs} from './temp-dirs.js';

const tempDir = useTempDirs('spool');

async function fileOf(bytes: Buffer): Promise<string> {
	const file = path.join(await tempDir(), 'message.eml');
	await writeFile(file, bytes);
	return file;
}

describe('readReusing', () => {
	it('reads a file of many chunks whole, through two buffers in turn', async () => {
		const content = randomBytes(READ_CHUNK * 3 + 12_345);
		const copies: Buffer[] = [];
		const buffers = new Set<ArrayBufferLike>();
		for await (const chunk of readReusing({file: await fileOf(content)})) {
			copies.push(Buffer.from(chunk));
			buffers.add(chunk.buffer);
		}
		expect(Buffer.concat(copies).equals(content)).toBe(true);
		expect(copies.length).toBe(4);
		expect(buffers.size).toBe(2);
	});

	it('reads an open descriptor from the start each time and leaves it open', async () => {
		const content = Buffer.from('Subject: again\r\n\r\nbody\r\n');
		const fd = openSync(await fileOf(content), 'r');
		try {
			for (let round = 0; round < 2; round++) {
				const copies: Buffer[] = [];
				for await (const chunk of readReusing({fd})) copies.push(Buffer.from(chunk));
				expect(Buffer.concat(copies).toString()).toBe(content.toString());
			}
			expect(readSync(fd, Buffer.alloc(7), 0, 7, 0)).toBe(7);
		} finally {
			closeSync(fd);
		}
	});

	it('stops cleanly when the reader stops early, and reports a missing file', async () => {
		const file = await fileOf(randomBytes(READ_CHUNK * 4));
		let chunks = 0;
		for await (const _chunk of readReusing({file})) {
			if (++chunks === 1) break;
		}
		expect(chunks).toBe(1);
		const missing = readReusing({file: path.join(path.dirname(file), 'gone.eml')});
		await expect(missing.next()).rejects.toMatchObject({code: 'ENOENT'});
	});
});
