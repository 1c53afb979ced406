// A stream over a pipe or a file allocates a fresh 64 KiB buffer for every read. Copying 100 MB that way leaves
// some 1,600 dead buffers that the GC frees in batches and malloc keeps: ~35 MiB more peak RSS than reading into one
// buffer over and over (a bare Node copy of stdin to a file: 75–82 against 46–49 MiB). So standard input and a pipe
// given by name are read here through one reused buffer.
import {closeSync, fstat, open, read} from 'node:fs';
import net from 'node:net';
import {promisify} from 'node:util';

/** Takes one chunk, synchronously; the chunk is valid only until it returns (the buffer is reused). Throws to stop. */
export type TakeChunk = (chunk: Buffer) => void;

const DESCRIPTOR_CHUNK = 64 * 1024;
/**
 * A file (`< message.eml`) is read on the thread pool, a trip per chunk, and each trip waits its turn for a CPU: so in
 * larger chunks (a pipe gives at most 64 KiB a read).
 */
const FILE_CHUNK = 512 * 1024;

/**
 * Reads `fd` to its end into `take`. For a file (`< message.eml`), from where its offset stands; for a pipe, through
 * a descriptor of its own (`/dev/fd/N`), as the stream over `fd` (process.stdin) holds `fd` and closes it. Resolves
 * false, having read nothing, for what is read otherwise: a terminal, a socket (Node's `stdio: 'pipe'`), a device,
 * a pipe on Windows; the caller streams those.
 */
export async function readDescriptor(fd: number, take: TakeChunk): Promise<boolean> {
	const info = await promisify(fstat)(fd);
	if (info.isFile() || info.isBlockDevice()) {
		await readFileDescriptor(fd, take);
		return true;
	}
	if (!info.isFIFO() || process.platform === 'win32') return false;
	const own = await promisify(open)(`/dev/fd/${fd}`, 'r').catch(() => undefined);
	if (own === undefined) return false;
	await readPipe(own, take);
	return true;
}

/** Opens `file` (a named pipe waits for its writer, as any reader does) and reads it if it is a pipe; false if not. */
export async function readPath(file: string, take: TakeChunk): Promise<boolean> {
	const fd = await promisify(open)(file, 'r');
	const info = await promisify(fstat)(fd).catch((error: unknown) => {
		closeSync(fd);
		throw error;
	});
	if (!info.isFIFO() || process.platform === 'win32') {
		closeSync(fd);
		return false;
	}
	await readPipe(fd, take);
	return true;
}

async function readFileDescriptor(fd: number, take: TakeChunk): Promise<void> {
	const buffer = Buffer.allocUnsafeSlow(FILE_CHUNK);
	for (;;) {
		const {bytesRead} = await promisify(read)(fd, buffer, 0, buffer.length, null);
		if (bytesRead === 0) return;
		take(buffer.subarray(0, bytesRead));
	}
}

/**
 * A pipe, read as the event loop says it is readable (a thread-pool read would block a thread, and the exit, on a
 * writer that never writes). Node's `onread` reads into the one buffer given; the socket owns `fd` and closes it.
 * No network: net.Socket is Node's reader for pipes.
 */
function readPipe(fd: number, take: TakeChunk): Promise<void> {
	return new Promise((resolve, reject) => {
		let failure: unknown;
		const buffer = Buffer.allocUnsafeSlow(DESCRIPTOR_CHUNK);
		// Node takes `onread` in the socket's options too, though its types name it only for connect().
		const options: net.SocketConstructorOpts & {onread: net.OnReadOpts} = {
			fd,
			readable: true,
			writable: false,
			onread: {
				buffer,
				callback(bytes) {
					try {
						take(buffer.subarray(0, bytes));
						return true;
					} catch (error) {
						failure = error;
						pipe.destroy();
						return false;
					}
				},
			},
		};
		const pipe = new net.Socket(options);
		pipe.once('error', error => (failure ??= error));
		pipe.once('end', () => pipe.destroy());
		pipe.once('close', () => (failure === undefined ? resolve() : reject(failure)));
	});
}
