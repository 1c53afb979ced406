// Manual mode after 354: the lines of a message typed by hand go to the server one by one, as they are typed.
import {Buffer} from 'node:buffer';
import {BodyWithdrawn} from './body-stream.js';

/**
 * The lines of a message typed by hand, as the body's source: each is handed to the driver as it is typed (with its
 * CRLF; the DATA encoder dot-stuffs it), as telnet sends it, so a slow typist's server never sees an idle session.
 * end() lets the final dot go; withdraw() (the connection gone, Ctrl+X) throws instead, so it never does.
 */
export class TypedBodyLines implements AsyncIterable<Uint8Array> {
	readonly #queue: Buffer[] = [];
	#state: 'open' | 'ended' | 'withdrawn' = 'open';
	#wake: (() => void) | undefined;

	push(line: string): void {
		this.#queue.push(Buffer.from(`${line}\r\n`, 'utf8'));
		this.#wakeUp();
	}

	end(): void {
		if (this.#state === 'open') this.#state = 'ended';
		this.#wakeUp();
	}

	withdraw(): void {
		this.#state = 'withdrawn';
		this.#wakeUp();
	}

	async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
		for (;;) {
			if (this.#state === 'withdrawn') throw new BodyWithdrawn();
			const next = this.#queue.shift();
			if (next) yield next;
			else if (this.#state === 'ended') return;
			else await new Promise<void>(resolve => (this.#wake = resolve));
		}
	}

	#wakeUp(): void {
		const wake = this.#wake;
		this.#wake = undefined;
		wake?.();
	}
}
