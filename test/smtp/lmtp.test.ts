// LMTP (RFC 2033) as a mode of the engine: LHLO for EHLO with no HELO to fall back to, and after the final dot one
// reply per recipient accepted at RCPT, in RCPT order, each that recipient's outcome. Every fixture is fed whole,
// byte by byte and split at random points.
import {describe, expect, it} from 'vitest';
import {acceptedAtRcpt, deliveryCount} from '../../source/smtp/lmtp.js';
import {SmtpSession} from '../../source/smtp/session.js';
import {SPLITS, basePlan, exchange, feed, ofType, rail, runPlan, wire, type Turn} from './session-harness.js';

const GREETING: Turn = {server: ['220 mail.test Dovecot ready.']};
const LHLO: Turn = {client: 'LHLO client.test', server: ['250-mail.test', '250-8BITMIME', '250-ENHANCEDSTATUSCODES', '250 PIPELINING']};
const MAIL_OK: Turn = {client: 'MAIL FROM:<alice@example.test>', server: ['250 2.1.0 OK']};
const DATA_OK: Turn = {client: 'DATA', server: ['354 OK']};
const three = {...basePlan, recipients: ['a@example.test', 'b@example.test', 'c@example.test']};
const rcptOk = (address: string): Turn => ({client: `RCPT TO:<${address}>`, server: ['250 2.1.5 OK']});

describe.each(SPLITS)('LMTP, fed %s', (_name, split) => {
	it('greets with LHLO and takes one reply per recipient after the dot, each its own outcome', () => {
		const run = runPlan(
			three,
			[GREETING, LHLO, MAIL_OK, rcptOk('a@example.test'), rcptOk('b@example.test'), rcptOk('c@example.test'), DATA_OK, {client: '.', server: ['250 2.0.0 <a@example.test> Saved', '550 5.1.1 <b@example.test> User doesn\'t exist', '452 4.2.2 <c@example.test> Mailbox is full']}],
			{split, lmtp: true},
		);
		expect(run.transcript).toContain('C: LHLO client.test');
		expect(run.action).toEqual({type: 'done'});
		expect(run.state.lmtp).toBe(true);
		const outcomes = run.state.transaction.recipients.map(r => [r.address, r.accepted, r.reply?.code, r.rcptReply?.code]);
		expect(outcomes).toEqual([
			['a@example.test', true, 250, 250],
			['b@example.test', false, 550, 250],
			['c@example.test', false, 452, 250],
		]);
		// The message's reply is the first delivery; the rail shows it taken.
		expect(run.state.transaction.reply?.code).toBe(250);
		expect(rail(run.state)).toContain('queued✔');
		const replies = ofType(run.events, 'reply').filter(event => event.step === 'queued');
		expect(replies.map(event => event.recipient)).toEqual(['a@example.test', 'b@example.test', 'c@example.test']);		// What the dashboard's rail counts: all three accepted at RCPT, one of the three delivered.
		expect(run.state.transaction.recipients.filter(acceptedAtRcpt)).toHaveLength(3);
		expect(deliveryCount(run.state.transaction.recipients)).toEqual({delivered: 1, of: 3});
	});

	it('fails after the dot (final-dot) when every recipient refused it, naming each', () => {
		const run = runPlan(
			{...basePlan, recipients: ['a@example.test', 'b@example.test']},
			[GREETING, LHLO, MAIL_OK, rcptOk('a@example.test'), rcptOk('b@example.test'), DATA_OK, {client: '.', server: ['550 5.1.1 no such user', '452 4.2.2 Mailbox is full']}],
			{split, lmtp: true},
		);
		expect(run.action).toMatchObject({type: 'fail', stage: 'final-dot'});
		expect(run.action.type === 'fail' && run.action.message).toBe(
			'the message was delivered to no recipient: after the final dot each was refused or deferred (LMTP: one reply per recipient): a@example.test (550 5.1.1 no such user), b@example.test (452 4.2.2 Mailbox is full); for the deferred, a later try may pass',
		);
		expect(rail(run.state)).toContain('queued✖');
	});

	it('expects replies only for the recipients accepted at RCPT', () => {
		const run = runPlan(
			{...three, allowPartial: true},
			[GREETING, LHLO, MAIL_OK, rcptOk('a@example.test'), {client: 'RCPT TO:<b@example.test>', server: ['550 5.1.1 unknown']}, rcptOk('c@example.test'), DATA_OK, {client: '.', server: ['250 2.0.0 a saved', '250 2.0.0 c saved']}],
			{split, lmtp: true},
		);
		expect(run.action).toEqual({type: 'done'});
		expect(run.state.transaction.recipients.map(r => [r.address, r.accepted, r.reply?.lines.join(' ')])).toEqual([
			['a@example.test', true, 'a saved'],
			['b@example.test', false, 'unknown'],
			['c@example.test', true, 'c saved'],
		]);
	});
});

describe('LMTP', () => {
	it('does not fall back to HELO when LHLO gets 500: the server speaks SMTP', () => {
		const run = runPlan(basePlan, [GREETING, {client: 'LHLO client.test', server: ['500 5.5.2 Error: command not recognized']}], {lmtp: true});
		expect(run.transcript.some(line => line.startsWith('C: HELO'))).toBe(false);
		expect(run.action).toMatchObject({type: 'fail', stage: 'ehlo'});
		expect(run.action.type === 'fail' && run.action.message).toMatch(/^the server does not know LHLO \(500 5\.5\.2 Error: command not recognized\): it speaks SMTP, not LMTP/);
	});

	it('waits for the next recipient\'s reply while one is still to come', () => {
		const session = new SmtpSession({lmtp: true});
		session.connected();
		feed(session, wire('220 ready'));
		session.command({verb: 'EHLO', domain: 'client.test'});
		feed(session, wire('250 hi'));
		session.command({verb: 'MAIL', from: 'a@example.test'});
		feed(session, wire('250 ok'));
		for (const to of ['x@example.test', 'y@example.test']) {
			session.command({verb: 'RCPT', to});
			feed(session, wire('250 ok'));
		}
		session.command({verb: 'DATA'});
		feed(session, wire('354 go'));
		session.bodySent();
		feed(session, wire('250 x saved'));
		expect(session.state.awaiting).toBe('final-dot');
		expect(session.state.transaction.finished).toBe(false);
		feed(session, wire('250 y saved'));
		expect(session.state.awaiting).toBe('nothing');
		expect(session.state.transaction.finished).toBe(true);
		expect(session.state.messagesQueued).toBe(1);
	});

	/** A session with x@ and y@ accepted, its message sent: the replies after it are awaited. */
	function awaitingTwo(): SmtpSession {
		const session = new SmtpSession({lmtp: true});
		session.connected();
		feed(session, wire('220 ready'));
		exchange(session, [
			[{verb: 'EHLO', domain: 'client.test'}, '250 hi'],
			[{verb: 'MAIL', from: 'a@example.test'}, '250 ok'],
			[{verb: 'RCPT', to: 'x@example.test'}, '250 ok'],
			[{verb: 'RCPT', to: 'y@example.test'}, '250 ok'],
			[{verb: 'DATA'}, '354 go'],
		]);
		session.bodySent();
		return session;
	}

	it('closed between the replies: the one that came stands, the other is unanswered, and the failure names whom it waited for', () => {
		const session = awaitingTwo();
		feed(session, wire('250 x saved'));
		const events = session.closed();
		expect(ofType(events, 'failed')[0]?.message).toBe('the connection closed while waiting for the reply for y@example.test after the message (LMTP: one per recipient)');
		expect(session.state.transaction.recipients.map(r => [r.address, r.accepted, r.reply?.code, r.rcptReply?.code])).toEqual([
			['x@example.test', true, 250, 250],
			['y@example.test', undefined, undefined, 250],
		]);
	});

	it('timed out between the replies: final-dot, and the other recipient unanswered', () => {
		const session = awaitingTwo();
		feed(session, wire('250 x saved'));
		session.timedOut('no reply within 60 s');
		expect(session.state.failure?.stage).toBe('final-dot');
		expect(session.state.transaction.recipients.map(r => [r.address, r.accepted])).toEqual([
			['x@example.test', true],
			['y@example.test', undefined],
		]);
	});

	it('a 421 in a recipient\'s turn is that recipient\'s refusal, and ends the session', () => {
		const session = awaitingTwo();
		feed(session, wire('250 x saved', '421 4.3.2 shutting down'));
		expect(session.state.ended).toBe(true);
		expect(session.state.failure?.stage).toBe('final-dot');
		expect(session.state.transaction.recipients.map(r => [r.address, r.accepted, r.reply?.code])).toEqual([
			['x@example.test', true, 250],
			['y@example.test', false, 421],
		]);
	});

	it('SMTP is unchanged: EHLO, and one reply after the dot', () => {
		const run = runPlan(basePlan, [GREETING, {client: 'EHLO client.test', server: ['250 hi']}, MAIL_OK, rcptOk('bob@example.test'), DATA_OK, {client: '.', server: ['250 queued']}]);
		expect(run.state.lmtp).toBe(false);
		expect(run.state.transaction.recipients[0]?.rcptReply).toBeUndefined();
	});
});
