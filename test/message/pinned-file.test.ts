// A file read again to send it is held to what it was when checked: the bytes go as they were, and a file changed
// since (appended to, written over) fails the read, before its end, in words that say how.
import {once} from 'node:events';
import {appendFileSync, createReadStream, statSync, unlinkSync, utimesSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {FileChangedError, pinnedRead, stampNow} from '../../source/message/pinned-file.js';
import {useTempDirs} from './temp-dirs.js';

const tempDir = useTempDirs('pinned-file');

async function fileOf(content: string): Promise<string> {
	const file = path.join(await tempDir(), 'body.txt');
	writeFileSync(file, content);
	return file;
}

/** Reads `file` from `start` through pinnedRead: the bytes that went, and the error it ended with. */
async function read(file: string, stamp = stampNow(file)!, start = 0): Promise<{bytes: string; error?: unknown}> {
	const pieces: Uint8Array[] = [];
	try {
		for await (const piece of pinnedRead(createReadStream(file, {start, highWaterMark: 4}), file, stamp, 'body file body.txt')) pieces.push(piece);
		return {bytes: Buffer.concat(pieces).toString()};
	} catch (error) {
		return {bytes: Buffer.concat(pieces).toString(), error};
	}
}

describe('pinnedRead', () => {
	it('an unchanged file goes whole, from `start`', async () => {
		const file = await fileOf('hello world\n');
		expect(await read(file)).toEqual({bytes: 'hello world\n'});
		expect(await read(file, undefined, 6)).toEqual({bytes: 'world\n'});
	});

	it('appended to since its check: fails at the first chunk, nothing of it went, the sizes said', async () => {
		const file = await fileOf('hello world\n');
		const stamp = stampNow(file)!;
		appendFileSync(file, 'more\n');
		const {bytes, error} = await read(file, stamp);
		expect(bytes).toBe('');
		expect(error).toBeInstanceOf(FileChangedError);
		expect((error as FileChangedError).whileSending).toBe(
			'body file body.txt changed while it was being sent (its size went from 12 to 17 bytes): the message was stopped before its end, and the connection was dropped, so the server delivers none of it; send it once nothing writes to it any more, or send a copy of it (cp FILE COPY)',
		);
	});

	it('written over at the same size: said so', async () => {
		const file = await fileOf('hello world\n');
		const stamp = stampNow(file)!;
		writeFileSync(file, 'HELLO WORLD\n');
		const later = new Date(statSync(file).mtimeMs + 5000);
		utimesSync(file, later, later);
		expect(((await read(file, stamp)).error as Error).message).toBe(
			'body file body.txt changed while it was being checked (it was written to: same size, a new modification time); send it once nothing writes to it any more, or send a copy of it (cp FILE COPY)',
		);
	});

	it('written over at the same size and its times set back (utimes): the change time still tells', async () => {
		const file = await fileOf('hello world\n');
		// Whole seconds, which utimes sets exactly (as an unpacker keeping a file's times does).
		const time = Math.floor(Date.now() / 1000) - 60;
		utimesSync(file, time, time);
		const stamp = stampNow(file)!;
		const checked = statSync(file).ctimeMs;
		// The file system's clock moves in ticks (a few ms): a write within the tick of the check keeps its change time.
		const probe = `${file}.tick`;
		await vi.waitFor(() => {
			writeFileSync(probe, '');
			expect(statSync(probe).ctimeMs).toBeGreaterThan(checked);
		});
		writeFileSync(file, 'HELLO WORLD\n');
		utimesSync(file, time, time);
		expect(statSync(file).mtimeMs).toBe(stamp.mtimeMs);
		const {bytes, error} = await read(file, stamp);
		expect(bytes).toBe('');
		expect((error as Error).message).toBe(
			'body file body.txt changed while it was being checked (same size and modification time, but a new change time: written to with its time set back, or its permissions or owner changed); send it once nothing writes to it any more, or send a copy of it (cp FILE COPY)',
		);
	});
});

describe('pinnedRead: changes the modification time does not show', () => {
	it('removed since its check: fails, saying it is gone', async () => {
		const file = await fileOf('hello world\n');
		const stamp = stampNow(file)!;
		const chunks = createReadStream(file, {highWaterMark: 4});
		// Open before the removal, so the bytes are still there to read: only the check can tell.
		await once(chunks, 'open');
		unlinkSync(file);
		const pieces: Uint8Array[] = [];
		const error = await (async () => {
			for await (const piece of pinnedRead(chunks, file, stamp, 'body file body.txt')) pieces.push(piece);
		})().catch((caught: unknown) => caught);
		expect(pieces).toEqual([]);
		expect((error as Error).message).toBe(
			'body file body.txt changed while it was being checked (it is gone); send it once nothing writes to it any more, or send a copy of it (cp FILE COPY)',
		);
	});

	it('grown or cut with its modification time put back (touch -r, cp -p): the size still tells', async () => {
		for (const content of ['hello world, and more\n', 'hello\n']) {
			const file = await fileOf('hello world\n');
			// A whole second: a time put back through utimes keeps no finer part.
			const when = new Date('2026-01-02T03:04:05Z');
			utimesSync(file, when, when);
			const stamp = stampNow(file)!;
			writeFileSync(file, content);
			utimesSync(file, when, when);
			expect(stampNow(file)!.mtimeMs).toBe(stamp.mtimeMs);
			const {error} = await read(file, stamp);
			expect((error as Error).message).toBe(
				`body file body.txt changed while it was being checked (its size went from 12 to ${content.length} bytes); send it once nothing writes to it any more, or send a copy of it (cp FILE COPY)`,
			);
		}
	});
});
