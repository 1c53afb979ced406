// What a `serve` run did, counted from its events for the line it stops with.
import type {SandboxEvent} from '../sandbox/events.js';
import {countOf, groupDigits} from '../smtp/digits.js';

type ServeCounts = {
	/** Connections served (each a session, also one refused at once). */
	sessions: number;
	/** Messages accepted (250 after the final dot), and their bytes. */
	messages: number;
	bytes: number;
	/** Replies of 400 or more, not counting the server's own 421s to idle sessions and at shutdown. */
	refused: number;
};

export class ServeTotals {
	readonly counts: ServeCounts = {sessions: 0, messages: 0, bytes: 0, refused: 0};
	/** Sessions connected and not yet gone, by number: what stopping now would end with a 421. */
	readonly open = new Set<number>();

	count(event: SandboxEvent): void {
		if (event.type === 'connect') this.open.add(event.session);
		else if (event.type === 'disconnect') this.open.delete(event.session);
		if (event.type === 'connect') this.counts.sessions++;
		else if (event.type === 'accepted') {
			this.counts.messages++;
			this.counts.bytes += event.size;
		} else if (event.type === 'refused' && event.stage !== 'idle' && event.stage !== 'shutdown') this.counts.refused++;
	}

	/** "stopped after 99 sessions: 5,000 messages accepted (12,345,678 bytes), 3 refusals". */
	describe(): string {
		const {sessions, messages, bytes, refused} = this.counts;
		return `stopped after ${countOf(sessions, 'session')}: ${countOf(messages, 'message')} accepted (${groupDigits(bytes)} bytes), ${countOf(refused, 'refusal')}`;
	}
}
