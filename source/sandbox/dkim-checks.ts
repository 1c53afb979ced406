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
	/** The checks under way: a closing sandbox waits for them, so that none writes a record after it closed. */
	readonly #running = new Set<Promise<unknown>>();

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
		let signatures: DkimResult[];
		try {
			const {verifyDkim} = await import('./dkim-verify.js');
			this.#lookup ??= dkimKeyLookup(this.dns, this.#stop.signal);
			signatures = await verifyDkim(whole ? [whole] : this.mailbox.chunks(id), this.#lookup);
		} catch (error) {
			await this.mailbox.setSignatures(id, []).catch(() => undefined);
			throw error;
		}
		// Closed meanwhile, its lookups cut short: the record keeps `checking`, and the next start checks it again.
		if (!this.#stop.signal.aborted) await this.mailbox.setSignatures(id, signatures);
		return signatures;
	}

	/**
	 * Checks message `id` (see check), and reports how it went: the `dkim` event, or an error saying why it could not;
	 * nothing when the sandbox closed meanwhile (its lookups were cut short, which says nothing of the message).
	 * Resolves with the signatures, for DMARC (none when they could not be checked).
	 */
	checkAndReport(id: number, whole: Buffer | undefined, report: (event: EventBody) => void): Promise<DkimResult[]> {
		const running = this.check(id, whole).then(
			signatures => {
				if (!this.#stop.signal.aborted) report({type: 'dkim', id, signatures});
				return signatures;
			},
			(error: Error) => {
				report({type: 'error', message: `could not check the DKIM signatures of message ${id}: ${error.message}`});
				return [];
			},
		);
		this.#running.add(running);
		void running.finally(() => this.#running.delete(running));
		return running;
	}

	/** Cancels the key lookups under way (a sandbox closing does not wait for a DNS server that does not answer); resolves once the checks have ended. */
	async close(): Promise<void> {
		this.#stop.abort();
		await Promise.all(this.#running);
	}
}
