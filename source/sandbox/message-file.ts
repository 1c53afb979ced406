// A message on its way into the save folder: written to a temporary file as its bytes arrive, flushed and
// closed at the end; the store then links it into place, or it is removed (a refused message, a client that
// left). The whole message is never in memory on the way.
import type {FileHandle} from 'node:fs/promises';
import {unlink} from 'node:fs/promises';
import {Writable} from 'node:stream';
import {finished} from 'node:stream/promises';

/** Bytes waiting for the disk before the sender is held back: a slow disk slows the client, it does not fill the memory. */
const highWaterMark = 1024 * 1024;

export type CreatedFile = {path: string; handle: FileHandle};

export class MessageFile extends Writable {
	/** The temporary file, once created. */
	path: string | undefined;
	private handle: FileHandle | undefined;

	/** `create` makes the temporary file (mode, name and folder are the store's business). */
	constructor(private readonly create: () => Promise<CreatedFile>) {
		super({highWaterMark});
		// A failed write (a full disk) stops the file and comes back from done(): it must not crash the server.
		this.on('error', () => undefined);
	}

	override _construct(callback: (error?: Error | null) => void): void {
		this.create().then(({path, handle}) => {
			this.path = path;
			this.handle = handle;
			callback();
		}, callback);
	}

	override _writev(chunks: Array<{chunk: Buffer}>, callback: (error?: Error | null) => void): void {
		const data = chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map(({chunk}) => chunk));
		// writeFile goes on after a short write (which a filling disk gives before ENOSPC).
		this.handle!.writeFile(data).then(() => callback(), callback);
	}

	override _final(callback: (error?: Error | null) => void): void {
		const handle = this.handle!;
		this.handle = undefined;
		syncAndClose(handle).then(() => callback(), callback);
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		const handle = this.handle;
		this.handle = undefined;
		if (!handle) callback(error);
		else void handle.close().then(() => callback(error), () => callback(error));
	}

	/** Resolves once all that was written is on disk and the file closed (after end()); rejects with what stopped it. */
	done(): Promise<void> {
		return finished(this);
	}

	/** Stops the writing and removes the temporary file (after the store linked it into place, or instead). */
	async discard(): Promise<void> {
		this.destroy();
		await finished(this).catch(() => undefined);
		if (this.path !== undefined) await unlink(this.path).catch(() => undefined);
	}
}

async function syncAndClose(handle: FileHandle): Promise<void> {
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}
