// `send`'s SPF line: connected from a public address, what receivers' SPF makes of this address sending as the MAIL
// FROM domain (the HELO name for the null sender), said as soon as it is known, never holding the session up.
import {clientAddress} from '../spf/address.js';
import {connectionSpf, isPublicAddress, SPF_MEANING, type ClientSpf} from '../spf/client.js';
import type {SpfDns} from '../spf/evaluate.js';
import {escapeUnsafe} from '../text/escape.js';

/** The info line: result, deciding term, meaning, and for the errors and none, why. */
export function spfLine(spf: ClientSpf): string {
	const why = spf.result === 'permerror' || spf.result === 'temperror' ? `: ${spf.reason}` : '';
	return escapeUnsafe(`SPF of ${spf.domain} for ${spf.ip} (this connection's address): ${spf.result}${spf.matched ? ` (${spf.matched})` : ''} — ${SPF_MEANING[spf.result]}${why}`);
}

/** What the check needs of a session: its local address once connected, its EHLO name, and its log. */
type Session = {getSnapshot(): {connection: string; endpoints?: {local: {address: string}}}; ehloName(): string; info(text: string): void};

/**
 * One send's SPF check: started once a session is connected from a public address, its line put in that session's
 * log if it comes while connected, else (`finish`) after the session.
 */
export class SendSpfCheck {
	#found: Promise<ClientSpf | undefined> | undefined;
	#told = false;

	constructor(
		readonly sender: string,
		readonly dns: SpfDns,
		readonly timeoutMs: number,
	) {}

	/** Called as the session changes: starts the check at the first connection from a public address. */
	watch(session: Session): void {
		const local = session.getSnapshot().endpoints?.local.address;
		if (this.#found || local === undefined || !isPublicAddress(local)) return;
		this.#found = connectionSpf(this.sender, session.ehloName(), clientAddress(local), this.dns, this.timeoutMs).then(found => {
			if (found && session.getSnapshot().connection === 'connected') {
				session.info(spfLine(found));
				this.#told = true;
			}
			return found;
		});
	}

	/** The result (waiting at most the check's time limit), its line given to `note` when the session ended first. */
	async finish(note: (text: string) => void): Promise<ClientSpf | undefined> {
		const found = await this.#found;
		if (found && !this.#told) note(spfLine(found));
		return found;
	}
}
