// A stream of chunks (a whole message body) written to a socket a piece at a time, so that each piece's write
// callback says how far the network got. Node gathers writes queued behind one in flight into a single writev
// whose callbacks all fire once the last byte of it is out: with a megabyte queued, a slow link reported nothing
// for the minute that megabyte took (and a stall clock fed by it fired while bytes were moving).
import type {Socket} from 'node:net';
import {performance} from 'node:perf_hooks';

/** Bytes read ahead of the socket: the kernel always has the next bytes while the disk reads on. */
const WRITE_AHEAD = 1024 * 1024;

/**
 * The size of a piece. Each piece's callback is a sign of progress, so a small one shows it often (16 KiB leave in
 * under a second at 200 kbit/s) and the count of bytes sent is never far behind; but each costs a system call:
 * 16 KiB pieces took ~15% more CPU on a 100 MB send to loopback. So a piece is what the link sent in the last
 * PIECE_MS: 16 KiB up to ~16 MB/s, growing to 256 KiB at loopback speeds.
 */
const PIECE_MIN = 16 * 1024;
export const PIECE_MAX = 256 * 1024;
const PIECE_MS = 1;
/** The rate is measured over windows this long: a link that slows down gets small pieces again within one. */
const WINDOW_MS = 250;
/**
 * A window younger than this is judged as if it were this old: a burst the kernel takes at once, when its buffers
 * have room, is no fast link (a slow one's first 200 KB still make 16 KiB pieces).
 */
const WINDOW_MIN_MS = 50;

/**
 * Pieces handed to the socket at once: one being written, and one queued behind it, written on its own (Node
 * would merge more into one batch) as soon as the first is done, so the kernel never waits on us.
 */
const PIECES_IN_SOCKET = 2;

type WritePiecesOptions = {
	/** The socket is done with this chunk (sent, or failed): it may be reused. */
	written?: (chunk: Uint8Array) => void;
	/** `bytes` more were taken by the operating system to send: the network moved. */
	sent?: (bytes: number) => void;
	/** The error to throw when the socket can no longer be written. */
	closed: () => Error;
};

type Part = {bytes: Uint8Array; ends?: Uint8Array};

/** Chunks read and not yet handed to the socket, and where the next piece starts in the first. */
class Pending {
	readonly #chunks: Uint8Array[] = [];
	#offset = 0;
	/** Bytes read and not yet taken by the socket (handed to it or not). */
	unsent = 0;

	add(chunk: Uint8Array): void {
		this.#chunks.push(chunk);
		this.unsent += chunk.length;
	}

	get empty(): boolean {
		return this.#chunks.length === 0;
	}

	/**
	 * The next piece: up to `size` bytes, whole small chunks gathered (a body line by line goes in one writev, not a
	 * syscall per line), a long one cut. Each part says which chunk it ends, if any.
	 */
	next(size: number): Part[] {
		const parts: Part[] = [];
		let room = size;
		while (room > 0 && this.#chunks.length > 0) {
			const chunk = this.#chunks[0]!;
			const bytes = chunk.subarray(this.#offset, this.#offset + room);
			room -= bytes.length;
			this.#offset += bytes.length;
			if (this.#offset < chunk.length) {
				parts.push({bytes});
				break;
			}
			this.#chunks.shift();
			this.#offset = 0;
			parts.push({bytes, ends: chunk});
		}
		return parts;
	}
}

/** The size of the next piece, from the rate at which the last ones went. */
class PieceSize {
	size = PIECE_MIN;
	#windowStart = performance.now();
	#windowBytes = 0;
	/** Bytes a ms in the last whole window. */
	#lastRate = 0;

	/** `bytes` more went. */
	done(bytes: number): void {
		const now = performance.now();
		this.#windowBytes += bytes;
		const elapsed = now - this.#windowStart;
		const rate = Math.max(this.#lastRate, this.#windowBytes / Math.max(elapsed, WINDOW_MIN_MS));
		if (elapsed >= WINDOW_MS) {
			this.#lastRate = this.#windowBytes / elapsed;
			this.#windowStart = now;
			this.#windowBytes = 0;
		}
		this.size = Math.min(PIECE_MAX, Math.max(PIECE_MIN, Math.round(rate * PIECE_MS)));
	}
}

/** Writes every chunk in order, at most WRITE_AHEAD bytes ahead of the socket; does not end the socket. */
export async function writePieces(socket: Socket, source: AsyncIterable<Uint8Array>, options: WritePiecesOptions): Promise<void> {
	const pending = new Pending();
	const piece = new PieceSize();
	let inSocket = 0;
	let failed: Error | undefined;
	/** The reader, waiting until `until` holds (or the socket fails): woken no sooner, not once per piece. */
	let waiting: {until: () => boolean; wake: () => void} | undefined;
	const woken = () => {
		if (!waiting || !(failed || waiting.until())) return;
		const {wake} = waiting;
		waiting = undefined;
		wake();
	};
	const onClose = () => {
		failed ??= options.closed();
		woken();
	};
	socket.on('close', onClose);

	const done = (size: number, error: Error | null | undefined) => {
		inSocket--;
		if (error) failed ??= options.closed();
		else {
			piece.done(size);
			pending.unsent -= size;
			options.sent?.(size);
		}
		pump();
		woken();
	};
	const pump = () => {
		while (inSocket < PIECES_IN_SOCKET && !pending.empty && !failed) {
			if (!socket.writable) {
				failed = options.closed();
				break;
			}
			const parts = pending.next(piece.size);
			const size = parts.reduce((sum, part) => sum + part.bytes.length, 0);
			inSocket++;
			socket.cork();
			parts.forEach((part, index) => {
				// Gathered parts are one writev, done together: the last one's callback tells for the piece.
				const last = index === parts.length - 1;
				socket.write(part.bytes, (error?: Error | null) => {
					if (part.ends) options.written?.(part.ends);
					if (last) done(size, error);
				});
			});
			socket.uncork();
		}
	};
	/** Resolves once `until` holds; throws once the socket cannot be written. */
	const wait = async (until: () => boolean) => {
		if (!failed && !until()) await new Promise<void>(wake => (waiting = {until, wake}));
		if (failed) throw failed;
	};

	try {
		for await (const chunk of source) {
			if (failed) throw failed;
			if (chunk.length === 0) {
				options.written?.(chunk);
				continue;
			}
			pending.add(chunk);
			pump();
			await wait(() => pending.unsent < WRITE_AHEAD);
		}
		await wait(() => pending.unsent === 0);
	} finally {
		socket.off('close', onClose);
	}
}
