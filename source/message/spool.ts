// Standard input can be read only once, but a message must be checked before connecting and may be sent more
// than once (the next MX after a failed one). So stdin is copied to a private temp file and read back, streamed,
// as often as needed; it is never held whole in memory.
import {closeSync, createReadStream, createWriteStream, open, openSync, read, readSync, rmSync, type ReadStream} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';

/** Opens a fresh stream over the same bytes (from `start`, default the first) each time it is called. */
export type Reopen = (start?: number) => ReadStream;

export const READ_CHUNK = 256 * 1024;

/** A file by name (opened and closed here), or by a descriptor that stays open (stdin's spool). */
export type FileTarget = {file: string} | {fd: number};

/** Streams a file from the start, each call afresh. */
export const fileReader =
	(file: string): Reopen =>
	(start = 0) =>
		createReadStream(file, {start, highWaterMark: READ_CHUNK});

/**
 * Copies the stream into a 0600 file in a fresh temp folder. The folder is removed at once, keeping the file
 * open: the data then vanishes with the process however it ends. (Windows cannot remove an open file: there
 * the folder goes when the process exits normally.)
 */
export async function spoolToTempFile(stream: NodeJS.ReadableStream): Promise<{size: number; open: Reopen; fd: number}> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-tui-'));
	const file = path.join(dir, 'stdin');
	let fd: number;
	let size = 0;
	try {
		const output = createWriteStream(file, {mode: 0o600});
		await pipeline(stream, output);
		size = output.bytesWritten;
		fd = openSync(file, 'r');
	} catch (error) {
		await rm(dir, {recursive: true, force: true});
		throw error;
	}
	try {
		rmSync(dir, {recursive: true, force: true});
	} catch {
		process.once('exit', () => {
			closeSync(fd);
			rmSync(dir, {recursive: true, force: true});
		});
	}
	// Positional reads (start: 0) let any number of streams share the descriptor, which stays open.
	return {size, fd, open: (start = 0) => createReadStream(file, {fd, start, autoClose: false, highWaterMark: READ_CHUNK})};
}

/**
 * Streams a file from `start` (default its first byte) through two buffers used in turn: each chunk is valid only
 * until the next is asked for. For a consumer that copies as it goes (the DATA encoder does), it makes no garbage,
 * where a read stream allocates a fresh buffer per chunk.
 */
export async function* readReusing(target: FileTarget, start = 0): AsyncGenerator<Buffer> {
	const fd = 'fd' in target ? target.fd : await openFd(target.file);
	// Two buffers: the next chunk is read while the consumer works on this one.
	const buffers = [Buffer.allocUnsafeSlow(READ_CHUNK), Buffer.allocUnsafeSlow(READ_CHUNK)] as const;
	let next = readAt(fd, buffers[0], start);
	try {
		for (let position = start, turn = 0; ; turn ^= 1) {
			const bytes = await next;
			if (bytes === 0) return;
			position += bytes;
			next = readAt(fd, buffers[turn ^ 1], position);
			yield buffers[turn].subarray(0, bytes);
		}
	} finally {
		// A read still running must finish before its descriptor closes.
		await next.catch(() => undefined);
		if (!('fd' in target)) closeSync(fd);
	}
}

const openFd = (file: string) => new Promise<number>((resolve, reject) => open(file, 'r', (error, fd) => (error ? reject(error) : resolve(fd))));
/** A read ahead may fail before anyone awaits it: marked handled here, it still rejects where it is awaited. */
function readAt(fd: number, buffer: Buffer, position: number): Promise<number> {
	const reading = new Promise<number>((resolve, reject) => read(fd, buffer, 0, buffer.length, position, (error, bytes) => (error ? reject(error) : resolve(bytes))));
	reading.catch(() => undefined);
	return reading;
}

/** The first `length` bytes of a file (fewer when it is shorter). */
export function readStart(target: FileTarget, length: number): Buffer {
	const fd = 'fd' in target ? target.fd : openSync(target.file, 'r');
	try {
		const buffer = Buffer.alloc(length);
		return buffer.subarray(0, readSync(fd, buffer, 0, length, 0));
	} finally {
		if (!('fd' in target)) closeSync(fd);
	}
}

const SCAN_CHUNK = 1024 * 1024;

/**
 * Reads a whole file (from `start`) synchronously through one reused buffer, for the check before connecting:
 * nothing else runs then, and a thread-pool round trip per chunk would only add waiting. `visit` returns false to
 * stop early; it must not keep the chunk (the buffer is reused).
 */
export function scanSync(target: FileTarget, visit: (chunk: Buffer) => boolean, start = 0): void {
	const fd = 'fd' in target ? target.fd : openSync(target.file, 'r');
	const buffer = Buffer.allocUnsafe(SCAN_CHUNK);
	try {
		for (let position = start; ; ) {
			const read = readSync(fd, buffer, 0, SCAN_CHUNK, position);
			if (read === 0 || !visit(buffer.subarray(0, read))) return;
			position += read;
		}
	} finally {
		if (!('fd' in target)) closeSync(fd);
	}
}
