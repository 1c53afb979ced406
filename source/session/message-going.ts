// The message on its way, while it is: the stream it goes from (how much went, should the connection close mid-way;
// DATA's can be abandoned) and how much has left, which the snapshot shows.
import type {BdatStream} from './bdat-stream.js';
import type {BodyStream} from './body-stream.js';
import {Throttle} from './throttle.js';
import type {SessionSnapshot} from './types.js';

/** How often a message's progress is published, at most: a redraw each time. */
const PROGRESS_MS = 250;

export class MessageGoing {
	#stream: BodyStream | BdatStream | undefined;
	/** How much has left, of about how much, while the body writer keeps its own clock. */
	#sending: SessionSnapshot['sending'];
	/** The progress published a few times a second: each publish redraws the dashboard. */
	readonly #progress: Throttle;

	/** `publish`: the snapshot is new. */
	constructor(publish: () => void) {
		this.#progress = new Throttle(PROGRESS_MS, publish);
	}

	get stream(): BodyStream | BdatStream | undefined {
		return this.#stream;
	}

	get sending(): SessionSnapshot['sending'] {
		return this.#sending;
	}

	/** `progress`: given when the snapshot shows how much has left (a body the driver times), with its size if known. */
	start(stream: BodyStream | BdatStream, progress?: {size: number | undefined}): void {
		this.#stream = stream;
		if (progress) this.#sending = sending(0, progress.size);
	}

	/** `sent` octets of a message of about `size` have gone: published soon. */
	went(sent: number, size: number | undefined): void {
		this.#sending = sending(sent, size);
		this.#progress.poke();
	}

	/** The message went, or stopped going: the caller publishes. */
	end(): void {
		this.#progress.cancel();
		this.#sending = undefined;
		this.#stream = undefined;
	}
}

const sending = (sent: number, size: number | undefined): SessionSnapshot['sending'] => ({sent, ...(size !== undefined && {size})});
