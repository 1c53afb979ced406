// Node 20.0 to 20.3 threw a failed write to process.stdout or stderr redirected to a file (`> /dev/full`, a full
// disk) out of write() itself, an uncaught exception with a stack trace, where every later Node hands it to the
// stream's 'error' event, which cli.tsx turns into one line (nodejs/node#47949, in 20.4). This gives those the
// later behaviour; on the others the catch is never reached.
import process from 'node:process';
import type {Writable} from 'node:stream';

type WriteCallback = (error?: Error | null) => void;
type RawWrite = (this: Writable, chunk: unknown, encoding: BufferEncoding, callback: WriteCallback) => void;

/** Stdio redirected to a file is Node's internal SyncWriteStream (a terminal or a pipe is not). */
function isSyncWriteStream(stream: Writable): boolean {
	return stream.constructor.name === 'SyncWriteStream';
}

/** Process stdout and stderr: where they are files, a write that fails ends in their 'error' event. */
export function reportThrownStdioWrites(): void {
	for (const stream of [process.stdout, process.stderr]) if (isSyncWriteStream(stream)) reportThrownWrites(stream);
}

/** Makes a write that throws end in the stream's 'error' event, as Node 20.4 onwards does. */
export function reportThrownWrites(stream: Writable): void {
	const raw = stream as unknown as {_write: RawWrite};
	const write = raw._write;
	raw._write = function (chunk, encoding, callback) {
		let called = false;
		try {
			write.call(this, chunk, encoding, error => {
				called = true;
				callback(error);
			});
		} catch (error) {
			// Thrown by the callback itself (by what the stream does after a write): not the write's failure.
			if (called) throw error;
			callback(error as Error);
		}
	};
}
