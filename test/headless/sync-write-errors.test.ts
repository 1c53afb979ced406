// Node 20.0 to 20.3 threw a failed write to stdout redirected to a file out of write(); reportThrownWrites gives
// them the 'error' event of later Nodes. CI has no Node 20.0, so its SyncWriteStream is rebuilt here as it was (the
// same _write, on a real /dev/full), and the real one of this Node is checked to be what the bin looks for.
import {spawnSync} from 'node:child_process';
import {closeSync, openSync, writeSync} from 'node:fs';
import {Writable} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {reportThrownWrites} from '../../source/sync-write-errors.js';

const fds: number[] = [];
afterEach(() => {
	for (const fd of fds.splice(0)) closeSync(fd);
});

/** Node 20.0's SyncWriteStream: writeSync, then the callback; a failure is thrown. */
class SyncWriteStream extends Writable {
	constructor(readonly fd: number) {
		super();
	}

	override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		writeSync(this.fd, chunk, 0, chunk.length);
		callback();
	}
}

function onFull(): SyncWriteStream {
	const fd = openSync('/dev/full', 'w');
	fds.push(fd);
	return new SyncWriteStream(fd);
}

describe('reportThrownWrites', () => {
	it("turns a write that throws (Node 20.0's full disk) into the stream's 'error' event", async () => {
		const old = onFull();
		expect(() => old.write('lost\n')).toThrow(expect.objectContaining({code: 'ENOSPC'}));

		const mended = onFull();
		reportThrownWrites(mended);
		const failed = new Promise<NodeJS.ErrnoException>(resolve => mended.once('error', resolve));
		expect(() => mended.write('lost\n')).not.toThrow();
		expect((await failed).code).toBe('ENOSPC');
	});

	it('passes a write that works through, its callback called once', async () => {
		const stream = new SyncWriteStream(openSync('/dev/null', 'w'));
		fds.push(stream.fd);
		reportThrownWrites(stream);
		let calls = 0;
		await new Promise<void>((resolve, reject) => stream.write('kept\n', error => (error ? reject(error) : resolve(void calls++))));
		expect(calls).toBe(1);
	});

	it('lets an exception from after the write (its callback) through, rather than calling the callback twice', () => {
		const stream = new Writable({
			write(_chunk, _encoding, callback) {
				callback();
				throw new Error('from the callback');
			},
		});
		reportThrownWrites(stream);
		const errors: Error[] = [];
		stream.on('error', error => errors.push(error));
		expect(() => stream.write('x')).toThrow('from the callback');
		expect(errors).toEqual([]);
	});
});

describe('the stream the bin mends', () => {
	it("is this Node's stdout when it is a file, by the name the bin looks for", () => {
		const fd = openSync('/dev/null', 'w');
		fds.push(fd);
		const child = spawnSync(process.execPath, ['-e', 'process.stderr.write(process.stdout.constructor.name)'], {stdio: ['ignore', fd, 'pipe'], encoding: 'utf8'});
		expect(child.stderr).toBe('SyncWriteStream');
	});
});
