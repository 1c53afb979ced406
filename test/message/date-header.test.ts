// A Date header typed by hand: an RFC 5322 date goes without a word; another is warned of, with the date written right.
import {describe, expect, it} from 'vitest';
import {composeMessage} from '../../source/message/compose.js';
import {dateProblem} from '../../source/message/date-header.js';
import {baseMessage} from './message-input.js';

describe('dateProblem', () => {
	it.each(['Tue, 01 Dec 2026 10:00:00 +0000', '1 Dec 2026 10:00 GMT', 'tue,1 dec 2026 10:00:00 -0500 (EST)', 'Tue, 01 Dec 2026 10:00:00 PST', ' Tue, 01 Dec 2026 10:00:00 +0100 '])('takes %j', value => {
		expect(dateProblem(value)).toBeUndefined();
	});

	it('warns of an ISO 8601 timestamp with the date as RFC 5322 writes it, and of words that are no date', () => {
		expect(dateProblem('2026-12-01T10:00:00Z')).toBe(
			'warning: Date: 2026-12-01T10:00:00Z is not an RFC 5322 date: mail programs may show it wrong and spam filters score it; write it as RFC 5322 does: Tue, 01 Dec 2026 10:00:00 +0000',
		);
		expect(dateProblem('tomorrow')).toMatch(/^warning: Date: tomorrow is not an RFC 5322 date: .*, e\.g\. Tue, 01 Dec 2026 10:00:00 \+0000$/);
		expect(dateProblem('Tue, 01 Dec 2026 10:00:00')).toMatch(/^warning: Date: Tue, 01 Dec 2026 10:00:00 is not/);
	});

	it('warns of a day of the week that is not the date\'s (a template\'s fixed one), and of a day the month has not', () => {
		expect(dateProblem('Mon, 06 Dec 2026 10:00:00 +0100')).toBe(
			"warning: Date: Mon, 06 Dec 2026 10:00:00 +0100 says Mon, but 06 Dec 2026 is a Sun: mail programs may show either (RFC 5322 has the day be the date's); write Sun, or leave the day out",
		);
		expect(dateProblem('sun, 6 dec 26 10:00 GMT')).toBeUndefined();
		expect(dateProblem('Tue, 31 Feb 2026 10:00:00 +0000')).toBe('warning: Date: Tue, 31 Feb 2026 10:00:00 +0000 is no date: Feb 2026 has no day 31; mail programs may show it wrong');
		expect(dateProblem('29 Feb 2028 10:00:00 +0000')).toBeUndefined();
	});

	it('reaches the composed message as a note, the Date sent as typed', async () => {
		const message = await composeMessage(baseMessage({headers: [{name: 'date', value: '2026-12-01'}]}));
		expect(message.notes).toEqual([expect.stringMatching(/^warning: Date: 2026-12-01 is not an RFC 5322 date/)]);
	});
});
