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

/** How the server refused the header: read it as a command, or turned the session away at it (a 421 greeting). */
export type HeaderRefusal = {kind: 'command' | 'turned-away'; note: string};

/** Watches the replies of one connection that began with a PROXY header, up to the first after the greeting. */
export class ProxyRefusal {
	#header: string | undefined;
	#refusal: HeaderRefusal | undefined;
	/** The header was read as a command, and no command's reply has come since: more replies answer its other lines. */
	#echoing = false;

	/** A new connection: `header`, the header it began with (as the transcript shows it), if any. */
	connected(header: string | undefined): void {
		this.#header = header;
		this.#refusal = undefined;
		this.#echoing = false;
	}

	/** How the connection's last attempt had its header refused, if it was. */
	get refusal(): HeaderRefusal | undefined {
		return this.#refusal;
	}

	/** The note to log after this reply, once, when it refuses the header. */
	reply(reply: Reply, step: Step | undefined): string | undefined {
		const header = this.#header;
		if (header === undefined) return undefined;
		// The greeting is no answer to the header, unless it is a 421 in its place; the first reply after it is.
		if (step !== 'greeting' || reply.code === 421) this.#header = undefined;
		if (step === 'greeting' && reply.code === 421) this.#refusal = {kind: 'turned-away', note: proxyTurnedAway(header)};
		else if (refusesProxyHeader(reply, step)) {
			this.#refusal = {kind: 'command', note: PROXY_REFUSED};
			this.#echoing = true;
		} else return undefined;
		this.#header = undefined;
		return this.#refusal.note;
	}

	/**
	 * The reply just logged answers the header read as commands: the refusal said, or another of its lines (v2's
	 * binary bytes read as three, Postfix answering each) before any command's reply. Such a reply answered
	 * something, so it is no "unsolicited reply". `answersCommand`: it is the reply to a command this side sent.
	 */
	answersHeader(answersCommand: boolean): boolean {
		if (answersCommand) this.#echoing = false;
		return this.#echoing;
	}
}
