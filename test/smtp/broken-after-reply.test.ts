// A broken line right behind a good reply, in the same read: the reply still counts, as it does when the two come in
// separate reads. The message's "250 queued" followed by junk in one packet was lost, and the user told that the
// message failed (exit 26, "it may have been accepted") though the server had queued it.
import {Buffer} from 'node:buffer';
import {describe, expect, it} from 'vitest';
import type {SmtpSession} from '../../source/smtp/session.js';
import {SPLITS, exchange, feed, ofType, rail, ready, wire} from './session-harness.js';

/** Ready, with MAIL, RCPT and DATA answered and the message sent: the final reply awaited. */
function messageSent(): SmtpSession {
	const session = ready('PIPELINING');
	exchange(session, [
		[{verb: 'MAIL', from: 'alice@example.test'}, '250 ok'],
		[{verb: 'RCPT', to: 'bob@example.test'}, '250 ok'],
		[{verb: 'DATA'}, '354 go'],
	]);
	session.bodySent();
	return session;
}

const JUNK = '\u0016\u0003\u0001junk\r\n';
const QUEUED_THEN_JUNK = Buffer.concat([wire('250 2.0.0 queued as ABC'), Buffer.from(JUNK, 'latin1')]);

describe('a reply followed by a broken line in the same read', () => {
	it.each(SPLITS)('the message is queued, then the protocol error ends the session, blaming no step (%s)', (_name, split) => {
		const session = messageSent();
		const events = feed(session, QUEUED_THEN_JUNK, split);
		expect(ofType(events, 'reply').map(({reply}) => reply.raw)).toEqual([['250 2.0.0 queued as ABC']]);
		expect(ofType(events, 'protocol-error').map(({error}) => error.kind)).toEqual(['bad-code']);
		expect(session.state.failure).toMatchObject({stage: 'closed', kind: 'protocol-error'});
		expect(rail(session.state)).toContain('queued✔');
	});

	it('gives the same events in one read as byte by byte', () => {
		const [whole, bytes] = [SPLITS[0]![1], SPLITS[1]![1]].map(split => feed(messageSent(), QUEUED_THEN_JUNK, split));
		expect(whole).toEqual(bytes);
	});

	it.each(SPLITS)('after STARTTLS\'s 220, a broken line behind it is the injection it is, shown as evidence (%s)', (_name, split) => {
		const session = ready('STARTTLS');
		session.command({verb: 'STARTTLS'});
		const events = feed(session, Buffer.concat([wire('220 go ahead'), Buffer.from(JUNK, 'latin1')]), split);
		expect(session.state.failure).toMatchObject({stage: 'tls', kind: 'starttls-injection'});
		// In one read the broken line is the evidence; split, the handshake had begun, and each later read is.
		if (split === SPLITS[0]![1]) expect(ofType(events, 'protocol-error')[0]?.error.lines).toEqual([JUNK.slice(0, -2)]);
	});
});
