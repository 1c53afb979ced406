// A server that does not expect a PROXY header reads it as a command line: Postfix answers "500 5.5.2 Error: command
// not recognized" (and to v2's binary bytes "bad syntax", then QUIT's "221 Bye"), Exim refuses talk before its banner
// ("554 SMTP synchronization error"). Said in words the user can act on, once per connection.
import type {Reply, Step} from '../smtp/types.js';

export const PROXY_REFUSED = 'the server does not take a PROXY header on this port: it read the header as a command and refused it; leave out --proxy (or use the port behind the load balancer that expects it)';

/**
 * A 421 in place of the greeting, right after the header: the server turned away the header, not this machine
 * for load (Postfix answers "421 4.3.0 Server local error" to one it does not accept, v1's PROXY UNKNOWN among
 * them). `header`: the header as the transcript shows it. A reason, then what to do.
 */
export function proxyTurnedAway(header: string): string {
	const advice =
		header === 'PROXY UNKNOWN'
			? "Postfix does not accept v1's PROXY UNKNOWN: try --proxy-version 2, which sends LOCAL (no addresses) for --proxy-family UNKNOWN"
			: "check what the header claims (--proxy-source, --proxy-dest, --proxy-family); the server's log says why";
	return `the server turned the session away right after the PROXY header, so most likely it did not accept the header (not a busy server): ${advice}`;
}

/** A reply that refuses what came before the first command: a syntax error, or a banner that saw talk before it. */
export const refusesProxyHeader = (reply: Reply, step: Step | undefined) =>
	(step !== 'greeting' && reply.code === 500) || (reply.code >= 500 && reply.lines.some(line => /synchroni[sz]ation/i.test(line)));

/** Watches the replies of one connection that began with a PROXY header, up to the first after the greeting. */
export class ProxyRefusal {
	#watching = false;
	#refused = false;

	/** A new connection: `sent`, whether it began with a header. */
	connected(sent: boolean): void {
		this.#watching = sent;
		this.#refused = false;
	}

	/** The connection's last attempt had its header refused. */
	get refused(): boolean {
		return this.#refused;
	}

	/** The note to log after this reply, once, when it refuses the header. */
	reply(reply: Reply, step: Step | undefined): string | undefined {
		if (!this.#watching) return undefined;
		if (refusesProxyHeader(reply, step)) {
			this.#watching = false;
			this.#refused = true;
			return PROXY_REFUSED;
		}
		// The greeting is no answer to the header; the first reply after it is.
		if (step !== 'greeting') this.#watching = false;
		return undefined;
	}
}
