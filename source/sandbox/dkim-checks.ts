// A signed message's DKIM check, once it is kept and answered: the verifier is loaded on the first signed message
// (none at start), and the keys are asked of DNS once per run (--dns SERVER, or the system's servers).
import type {EventBody} from './connection.js';
import type {Mailbox} from './mailbox.js';
import type {DkimResult} from './mailbox-types.js';
import {dkimKeyLookup, type DkimKeyLookup} from '../transport/dkim-key-lookup.js';
import type {DnsServer} from '../transport/dns-resolver.js';

export class DkimChecks {
	#lookup: DkimKeyLookup | undefined;
	readonly #stop = new AbortController();

	constructor(
		private readonly mailbox: Mailbox,
		private readonly dns: DnsServer | undefined,
	) {}

	/**
	 * Checks message `id`'s signatures (`whole`: the message, else it is read from the mailbox, from its file a piece
	 * at a time) and sets them in the mailbox and its `.json`. Rejects when it cannot be read (too big to be held, and
	 * no save folder) or its `.json` cannot be rewritten; it is then left unmarked.
	 */
	async check(id: number, whole: Buffer | undefined): Promise<DkimResult[]> {
		try {
			const {verifyDkim} = await import('./dkim-verify.js');
			this.#lookup ??= dkimKeyLookup(this.dns, this.#stop.signal);
			const signatures = await verifyDkim(whole ? [whole] : this.mailbox.chunks(id), this.#lookup);
			await this.mailbox.setSignatures(id, signatures);
			return signatures;
		} catch (error) {
			await this.mailbox.setSignatures(id, []).catch(() => undefined);
			throw error;
		}
	}

	/** Checks message `id` (see check), and reports how it went: the `dkim` event, or an error saying why it could not. */
	checkAndReport(id: number, whole: Buffer | undefined, report: (event: EventBody) => void): void {
		this.check(id, whole).then(
			signatures => report({type: 'dkim', id, signatures}),
			(error: Error) => report({type: 'error', message: `could not check the DKIM signatures of message ${id}: ${error.message}`}),
		);
	}

	/** Cancels the key lookups under way: a sandbox closing does not wait for a DNS server that does not answer. */
	close(): void {
		this.#stop.abort();
	}
}
