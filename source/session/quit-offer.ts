// QUIT offered at the step prompt like any other line (step mode's Ctrl+X, or its end of a message), so it can be
// explained before it goes.
import type {SmtpDriver} from './driver.js';
import type {StepDecisions} from './step-decisions.js';

/** How a QUIT offered at the step prompt ended: sent, declined with Esc, or withdrawn by another message's Ctrl+S. */
export type QuitOutcome = 'closed' | 'kept' | 'withdrawn' | 'gone';

export class QuitOffer {
	readonly #steps: StepDecisions;
	/**
	 * QUIT on offer at the step prompt, resolved once it went ('closed'), was declined ('kept'), gave way to another
	 * message ('withdrawn') or the server ended the connection first ('gone').
	 */
	#offer: Promise<QuitOutcome> | undefined;
	/** Ctrl+S answered the QUIT on offer: another message goes on this connection instead. */
	#withdrawn = false;

	constructor(steps: StepDecisions) {
		this.#steps = steps;
	}

	/** The QUIT on offer now, if one is. */
	get pending(): Promise<QuitOutcome> | undefined {
		return this.#offer;
	}

	/** QUIT offered on `driver`'s connection, which the caller found open and idle. */
	async offer(driver: SmtpDriver): Promise<QuitOutcome> {
		const offer = this.#ask(driver);
		this.#offer = offer;
		try {
			return await offer;
		} finally {
			this.#offer = undefined;
		}
	}

	/** Ctrl+S while QUIT is on offer: the offer goes, so the next message can start on this connection. False: none was. */
	async withdraw(): Promise<boolean> {
		const offer = this.#offer;
		if (!offer) return false;
		this.#withdrawn = true;
		this.#steps.stop();
		await offer;
		return true;
	}

	/** QUIT at the step prompt (fixed: nothing to edit in it); busy meanwhile, so no message starts under it. */
	async #ask(driver: SmtpDriver): Promise<QuitOutcome> {
		driver.setBusy(true);
		try {
			// Only the connection's end withdraws the offer (as after a failure): a refused message before it is no reason.
			const answer = await driver.ask({verb: 'QUIT'}, this.#steps.confirmation, {fixed: true, afterFailure: true});
			if (answer) {
				await driver.quit();
				return 'closed';
			}
			// The server's end (an idle timeout's 421) says itself: no "disconnected" as if the user had.
			if (driver.getSnapshot().connection !== 'connected') return 'gone';
			if (this.#withdrawn) {
				driver.info('QUIT not sent: another message goes on this connection');
				return 'withdrawn';
			}
			driver.info('stopped by the user before QUIT; the connection stays open');
			return 'kept';
		} finally {
			// Answered by the connection's end, the prompt's resolver is left behind: it answers nothing now.
			this.#steps.take();
			this.#withdrawn = false;
			driver.setBusy(false);
		}
	}
}
