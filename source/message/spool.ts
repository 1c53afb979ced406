// Standard input can be read only once, but a message must be checked before connecting and may be sent more
// than once (the next MX after a failed one). So stdin is copied to a private temp file and read back, streamed,
// as often as needed; it is never held whole in memory.
import {closeSync, createReadStream, mkdtempSync, open, openSync, read, readSync, rmSync, writeSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Readable, Writable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {SmtpInputError} from '../smtp/types.js';
import {readDescriptor, readPath, type TakeChunk} from './descriptor-read.js';
import {tempFolderError} from './temp-folder-errors.js';

/** Opens a fresh stream over the same bytes (from `start`, default the first) each time it is called. */
export type Reopen = (start?: number) => Readable;

export const READ_CHUNK = 256 * 1024;

/**
 * readReusing's chunk: larger, as it holds just two. Each chunk is a read on the thread pool and, for a file by name,
 * a stat (pinnedRead), and each waits its turn for a CPU: with 256 KiB chunks a 100 MB message's body took 1.15-1.7x
 * the time of larger ones on a loaded machine (load 5-9 on 2 CPUs). Not 1 MiB: as fast as this, but a signed send
 * (two reads of the message) then peaked at 77 MiB of RSS, against 70-72.
 */
export const REUSED_CHUNK = 512 * 1024;

/**
 * The most read from a pipe: past it, a runaway command (`yes |`) would fill the disk. Above what any mail server
 * takes (Postfix's default is 10 MB, Gmail's 25 MB, Exchange Online's largest 150 MB), so no real message meets it.
 */
const SPOOL_LIMIT = 256 * 1024 * 1024;

/** A file by name (opened and closed here), or by a descriptor that stays open (stdin's spool). */
export type FileTarget = {file: string} | {fd: number};

/** Streams a file from the start, each call afresh. */
export const fileReader =
	(file: string): Reopen =>
	(start = 0) =>
		createReadStream(file, {start, highWaterMark: READ_CHUNK});

/**
 * A 0600 file in a fresh temp folder, both removed as soon as it is open: its bytes live as long as the descriptor,
 * so they vanish with the process however it ends (a signal, a crash, kill -9). Synchronous, so no signal handler
 * runs while the name exists. Where an open file cannot be removed (Windows), it goes at exit, and `discard` (for a
 * failed spool) removes it at once.
 */
function openUnnamed(): {fd: number; discard: () => void} {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-'));
	const remove = () => rmSync(dir, {recursive: true, force: true});
	let fd: number;
	try {
		fd = openSync(path.join(dir, 'stdin'), 'wx+', 0o600);
	} catch (error) {
		remove();
		throw error;
	}
	try {
		remove();
		return {fd, discard: () => closeSync(fd)};
	} catch {
		const atExit = () => {
			closeSync(fd);
			remove();
		};
		process.once('exit', atExit);
		return {
			fd,
			discard() {
				process.off('exit', atExit);
				atExit();
			},
		};
	}
}

/** What is spooled: a stream, or a pipe by name (`--data @<(cmd)`). */
type SpoolSource = NodeJS.ReadableStream | {path: string};

/**
 * Copies the input into a private temp file that no longer has a name (see openUnnamed), and stops with an error
 * past `limit` bytes. `label` names the input in that error. Standard input that no one has read yet, and a pipe by
 * name, are read from their descriptors through one reused buffer (descriptor-read.ts); other streams as streams.
 */
export async function spoolToTempFile(source: SpoolSource, label: string, limit = SPOOL_LIMIT): Promise<{size: number; open: Reopen; fd: number}> {
	const {fd, discard} = withinTempFolder(openUnnamed, label);
	let size = 0;
	// Synchronous writes: nothing else runs while the message is read.
	const take = (chunk: Buffer) => {
		if (size + chunk.length > limit) {
			throw new SmtpInputError(
				`${label} is over ${limit / 1024 / 1024} MiB, more than any mail server takes: reading stopped there and nothing was sent; check the command that writes it (a loop? \`yes\`?), or save the message to a file and give that as @FILE`,
				'message',
			);
		}
		withinTempFolder(() => {
			for (let at = 0; at < chunk.length; ) at += writeSync(fd, chunk, at);
		}, label);
		size += chunk.length;
	};
	try {
		await copyInto(source, take);
	} catch (error) {
		discard();
		throw error;
	}
	// Positional reads (start: 0) let any number of streams share the descriptor, which stays open: a stream destroyed
	// early (a reader that stops, an attempt cut short before the next MX) would close it, autoClose or not, but for
	// this `close` that does nothing.
	const shared = {read, close: (_fd: number, done: (error: null) => void) => done(null)};
	return {size, fd, open: (start = 0) => createReadStream('', {fd, start, autoClose: false, fs: shared, highWaterMark: READ_CHUNK})};
}

/** Runs `step` (making or writing the copy), its failures said as the temp folder's. */
function withinTempFolder<T>(step: () => T, label: string): T {
	try {
		return step();
	} catch (error) {
		throw tempFolderError(error, label);
	}
}

async function copyInto(source: SpoolSource, take: TakeChunk): Promise<void> {
	if ('path' in source) {
		if (await readPath(source.path, take)) return;
		source = createReadStream(source.path);
	} else if (unread(source) && (await readDescriptor(source.fd, take))) return;
	// Not a file write stream: a failed pipeline destroys that, which closes the descriptor under discard's own close.
	const output = new Writable({
		write(chunk: Buffer, _encoding, done) {
			try {
				take(chunk);
				done();
			} catch (error) {
				done(error as Error);
			}
		},
	});
	await pipeline(source, output);
}

/** A stream over a descriptor (process.stdin) that has read nothing yet, so the descriptor holds all of it. */
function unread(stream: NodeJS.ReadableStream): stream is Readable & {fd: number} {
	return stream instanceof Readable && typeof (stream as {fd?: unknown}).fd === 'number' && !stream.readableDidRead && stream.readableLength === 0;
}

/**
 * Streams a file from `start` (default its first byte) through two buffers used in turn: each chunk is valid only
 * until the next is asked for. For a consumer that copies as it goes (the DATA encoder does), it makes no garbage,
 * where a read stream allocates a fresh buffer per chunk.
 */
export async function* readReusing(target: FileTarget, start = 0): AsyncGenerator<Buffer> {
	const fd = 'fd' in target ? target.fd : await openFd(target.file);
	// Two buffers: the next chunk is read while the consumer works on this one.
	const buffers = [Buffer.allocUnsafeSlow(REUSED_CHUNK), Buffer.allocUnsafeSlow(REUSED_CHUNK)] as const;
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
