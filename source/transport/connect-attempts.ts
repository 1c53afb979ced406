// A name with several addresses (IPv6 and IPv4, or a few of either) is connected to one address at a time: Node's
// autoSelectFamily tries each in turn and abandons it when its attempt time is up, the last one excepted. How long
// each gets, and what became of those that failed, for when the whole connect runs out of time.
import type {Socket} from 'node:net';
import type {SystemError} from './connect-error.js';

/**
 * Time for each address but the last: RFC 8305's longest Connection Attempt Delay (§5 and §8: 2 s), not Node's 250 ms,
 * which on a link with a 1 s round trip abandons every address before its SYN-ACK can come (Node, unlike RFC 8305,
 * drops an attempt when it moves on). A third of the connect's own limit when that is shorter, so a short --timeout
 * still gets to the next address; never under Node's 250 ms.
 */
export function attemptTimeout(connectMs: number): number {
	return Math.round(Math.min(2000, Math.max(250, connectMs / 3)));
}

/** The addresses a connect has tried and how each failed (refused, unreachable, or its attempt time up). */
export class ConnectAttempts {
	readonly #failed: SystemError[] = [];
	#current: string | undefined;

	constructor(socket: Socket) {
		socket.on('connectionAttempt', (address: string) => {
			this.#current = address;
		});
		socket.on('connectionAttemptFailed', (_address: string, _port: number, _family: number, error: SystemError) => {
			this.#failed.push(error);
		});
		socket.on('connectionAttemptTimeout', (address: string) => {
			this.#failed.push(Object.assign(new Error(`no answer from ${address}`), {code: 'ETIMEDOUT', address}));
		});
	}

	/** Every address tried, the one still being tried counted as timed out; empty for a name with one address. */
	timedOut(): SystemError[] {
		if (this.#current === undefined) return [];
		const failed = this.#failed.filter(error => error.address !== this.#current);
		return [...failed, Object.assign(new Error(`no answer from ${this.#current}`), {code: 'ETIMEDOUT', address: this.#current})];
	}
}
