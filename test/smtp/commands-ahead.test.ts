// Manual mode's Ctrl+S names the commands a run would send before they go: asked of the planner itself, from where
// the session stands, so the question matches what goes (the EHLO and AUTH after a STARTTLS, RSET only where a
// transaction is open).
import {Buffer} from 'node:buffer';
import {describe, expect, it} from 'vitest';
import {commandsAhead} from '../../source/smtp/commands-ahead.js';
import type {SessionPlan} from '../../source/smtp/plan.js';
import {SmtpSession} from '../../source/smtp/session.js';
import type {Command} from '../../source/smtp/types.js';
import type {XclientAttribute} from '../../source/smtp/xclient.js';

const plan = (settings: Partial<SessionPlan> = {}): SessionPlan => ({ehloName: 'client.test', tls: 'auto', allowPlaintextAuth: true, from: 'a@example.test', recipients: ['b@example.test', 'c@example.test'], eightBit: false, allowPartial: false, ...settings});

/** A session typed by hand: each command and the server's reply to it, as the engine follows them. */
function typed(conversation: Array<[Command, string]>): SmtpSession {
	const session = new SmtpSession();
	session.connected();
	session.receive(Buffer.from('220 mx.test ESMTP\r\n'));
	for (const [command, reply] of conversation) {
		session.command(command);
		session.receive(Buffer.from(reply));
		if (command.verb === 'STARTTLS') session.tlsEstablished();
	}
	return session;
}

const standing = (session: SmtpSession) => ({...session.state, mailSent: session.state.transaction.from !== undefined});
const EHLO: [Command, string] = [{verb: 'EHLO', domain: 'me'}, '250-mx.test\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n'];
const LOGIN = {user: 'me', password: 'secret'};

describe('commandsAhead', () => {
	it('on a new connection: the whole run, with the EHLO again after STARTTLS; none of what the settings leave out', () => {
		expect(commandsAhead(plan({auth: LOGIN}), undefined)).toEqual(['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA']);
		expect(commandsAhead(plan({tls: 'none'}), undefined)).toEqual(['EHLO', 'MAIL', 'RCPT', 'DATA']);
	});

	it('after a message on a plain connection logged in by hand: STARTTLS, then EHLO and AUTH again, and no RSET', () => {
		const session = typed([
			EHLO,
			[{verb: 'AUTH', mechanism: 'PLAIN', initialResponse: 'AG1lAHNlY3JldA=='}, '235 2.7.0 ok\r\n'],
			[{verb: 'MAIL', from: 'a@example.test'}, '250 ok\r\n'],
			[{verb: 'RCPT', to: 'b@example.test'}, '250 ok\r\n'],
			[{verb: 'DATA'}, '354 go\r\n'],
		]);
		session.bodySent();
		session.receive(Buffer.from('250 queued\r\n'));
		expect(session.state.messagesQueued).toBe(1);
		expect(commandsAhead(plan({auth: LOGIN}), standing(session))).toEqual(['STARTTLS', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA']);
	});

	it('names RSET only while a transaction is open, and nothing already done', () => {
		const greeted = typed([EHLO]);
		expect(commandsAhead(plan({tls: 'none'}), standing(greeted))).toEqual(['MAIL', 'RCPT', 'DATA']);
		const inTransaction = typed([EHLO, [{verb: 'MAIL', from: 'a@example.test'}, '250 ok\r\n']]);
		expect(commandsAhead(plan({tls: 'none'}), standing(inTransaction))).toEqual(['RSET', 'MAIL', 'RCPT', 'DATA']);
		const secured = typed([EHLO, [{verb: 'STARTTLS'}, '220 go\r\n'], [{verb: 'EHLO', domain: 'me'}, '250-mx.test\r\n250 AUTH PLAIN\r\n']]);
		expect(commandsAhead(plan({auth: LOGIN}), standing(secured))).toEqual(['AUTH', 'MAIL', 'RCPT', 'DATA']);
	});
});

describe('commandsAhead with XCLIENT', () => {
	it('does not name again the XCLIENT the server took on this connection', () => {
		const xclient: XclientAttribute[][] = [[{name: 'ADDR', value: '192.0.2.7', flag: '--xclient-addr'}]];
		const offers: [Command, string] = [{verb: 'EHLO', domain: 'me'}, '250-mx.test\r\n250 XCLIENT ADDR NAME\r\n'];
		expect(commandsAhead(plan({tls: 'none', xclient}), undefined)).toEqual(['EHLO', 'XCLIENT', 'EHLO', 'MAIL', 'RCPT', 'DATA']);
		const forwarded = typed([offers, [{verb: 'XCLIENT', attributes: [{name: 'ADDR', value: '192.0.2.7'}]}, '220 mx.test ESMTP\r\n'], offers]);
		expect(forwarded.state.xclientAccepted).toBe(1);
		expect(commandsAhead(plan({tls: 'none', xclient}), standing(forwarded))).toEqual(['MAIL', 'RCPT', 'DATA']);
	});
});
