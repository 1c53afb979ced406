// Cases found by mutation testing of session.ts: the engine's entry points only the driver calls (a refused line
// forgotten, TLS refused after the handshake, a close the client chose), the edges of the rail after a new start, and
// what a session that has no extensions or has ended does with what still comes.
import {describe, expect, it} from 'vitest';
import {parseCommandLine} from '../../source/smtp/command-line.js';
import {nextAction} from '../../source/smtp/plan.js';
import {SmtpSession} from '../../source/smtp/session.js';
import type {Command} from '../../source/smtp/types.js';
import {EHLO, basePlan, feed, greeted, inputError, ofType, rail, ready, wire} from './session-harness.js';

function answered(session: SmtpSession, command: Command, ...reply: string[]) {
	const {events} = session.command(command);
	return [...events, ...feed(session, wire(...reply))];
}

/** The events of a call that changes nothing a listener could see: none at all. */
const quiet = (events: unknown[]) => expect(events).toEqual([]);

describe('forgetRefused: a line typed over the planned one, refused, is the line\'s failure', () => {
	it('a refused MAIL is forgotten, and the planner offers its own MAIL again', () => {
		const session = ready();
		const typed = 'MAIL FROM:<a@@b>';
		answered(session, parseCommandLine(typed), '501 5.1.7 bad address');
		expect(session.state.last?.reply.code).toBe(501);
		session.forgetRefused('MAIL');
		expect(session.state.last).toBeUndefined();
		expect(nextAction(session.state, basePlan)).toMatchObject({type: 'command', command: {verb: 'MAIL'}});
	});

	it('a refused EHLO name is forgotten too; a reply that was no refusal, or another verb\'s, is kept', () => {
		const session = greeted();
		answered(session, {verb: 'EHLO', domain: 'localhost'}, '501 5.5.4 fully qualified name please');
		session.forgetRefused('HELO');
		expect(session.state.last?.reply.code).toBe(501);
		session.forgetRefused('EHLO');
		expect(session.state.last).toBeUndefined();

		const helo = greeted();
		answered(helo, {verb: 'HELO', domain: 'bad'}, '501 5.5.4 bad name');
		helo.forgetRefused('HELO');
		expect(helo.state.last).toBeUndefined();

		const accepted = ready();
		answered(accepted, {verb: 'MAIL', from: 'a@example.test'}, '250 ok');
		accepted.forgetRefused('MAIL');
		expect(accepted.state.last?.reply.code).toBe(250);
	});

	it('a refused RSET (no record to forget) is kept, and so is anything once the session ended', () => {
		const session = ready();
		answered(session, {verb: 'RSET'}, '502 5.5.1 no');
		session.forgetRefused('RSET');
		expect(session.state.last?.reply.code).toBe(502);

		const ended = ready();
		answered(ended, parseCommandLine('MAIL FROM:<a@@b>'), '501 5.1.7 bad address');
		ended.closed();
		ended.forgetRefused('MAIL');
		expect(ended.state.last?.reply.code).toBe(501);
	});
});

describe('tlsRefused: the server turns the TLS session down once our side of the handshake is done', () => {
	it('after STARTTLS: the STARTTLS step fails, as a TLS failure of the kind the transport found, and the session ends', () => {
		const session = ready('STARTTLS');
		answered(session, {verb: 'STARTTLS'}, '220 go ahead');
		session.tlsEstablished();
		const events = session.tlsRefused('the server demands a client certificate', 'client-certificate', 'certificate-missing');
		expect(ofType(events, 'failed')).toEqual([{type: 'failed', stage: 'tls', message: 'the server demands a client certificate', kind: 'client-certificate', cause: 'certificate-missing'}]);
		expect(rail(session.state)).toContain('starttls✖');
		expect(session.state).toMatchObject({ended: true, failure: {stage: 'tls', cause: 'certificate-missing'}});
	});

	it('with implicit TLS: the connection itself failed; once ended, nothing more is said', () => {
		const session = greeted({implicitTls: true});
		session.tlsRefused('refused', 'client-certificate');
		expect(rail(session.state)).toMatch(/^connect✖ /);
		quiet(session.tlsRefused('again', 'client-certificate'));
		expect(session.state.failure?.message).toBe('refused');
	});

	it('a 421 inside TLS naming the client certificate is TLS\'s refusal, in SMTP: not a temporary trouble', () => {
		const session = greeted({implicitTls: true});
		const events = feed(session, wire('421 4.7.1 mx.test Error: No client certificate presented'));
		expect(ofType(events, 'failed')).toMatchObject([{stage: 'tls', kind: 'client-certificate', cause: 'certificate-missing'}]);
		expect(ofType(events, 'effect')).toEqual([{type: 'effect', effect: {type: 'close', reason: 'the server closed the session (421)'}}]);
	});
});

describe('closed: who closed it, and what was awaited', () => {
	it('closed on purpose (the user stopped): no failure, and the step under way is passed over, not left current', () => {
		const session = greeted();
		session.command(EHLO);
		const events = session.closed(undefined, true);
		expect(ofType(events, 'failed')).toEqual([]);
		expect(session.state.failure).toBeUndefined();
		expect(rail(session.state)).toContain('ehlo-');
	});

	it('closed by the server between commands, or while a reply was awaited: two kinds the summary tells apart', () => {
		const idle = ready();
		expect(ofType(idle.closed(), 'failed')[0]?.kind).toBe('closed-between-commands');
		const waiting = ready();
		waiting.command({verb: 'NOOP'});
		expect(ofType(waiting.closed(), 'failed')[0]?.kind).toBe('connection-closed');
	});

	it('an unprompted 421 between commands is a close between commands too', () => {
		const session = ready();
		const events = feed(session, wire('421 4.4.2 idle too long'));
		expect(ofType(events, 'failed')[0]).toMatchObject({stage: 'closed', kind: 'closed-between-commands'});
	});

	it('an unprompted 221 with nothing awaited ends the session, charged to no step', () => {
		const session = ready();
		const events = feed(session, wire('221 bye'));
		expect(session.state.ended).toBe(true);
		expect(ofType(events, 'failed')[0]?.stage).toBe('closed');
		expect(rail(session.state)).not.toContain('✖');
	});
});

describe('a new start (a TLS handshake, XCLIENT\'s 220): what the server forgot', () => {
	it('says which one it was, for the rail', () => {
		const session = ready('STARTTLS');
		answered(session, {verb: 'STARTTLS'}, '220 go ahead');
		expect(session.state.startedOverBy).toBeUndefined();
		session.tlsEstablished();
		expect(session.state.startedOverBy).toBe('tls');

		const forwarded = ready('XCLIENT NAME ADDR');
		answered(forwarded, {verb: 'XCLIENT', attributes: [{name: 'ADDR', value: '192.0.2.1'}]}, '220 mx.test ESMTP');
		expect(forwarded.state).toMatchObject({startedOverBy: 'xclient', xclientAccepted: 1});
	});

	it('a HELO greeting is forgotten (EHLO may come next), and a login: AUTH is ahead again unless it was passed over', () => {
		const session = greeted();
		answered(session, {verb: 'HELO', domain: 'client.test'}, '250 mx.test');
		expect(session.state.usedHelo).toBe(true);
		answered(session, {verb: 'XCLIENT', attributes: [{name: 'ADDR', value: '192.0.2.1'}]}, '220 mx.test ESMTP');
		expect(session.state.usedHelo).toBe(false);

		const loggedIn = ready('AUTH PLAIN', 'XCLIENT ADDR');
		answered(loggedIn, {verb: 'AUTH', mechanism: 'PLAIN', initialResponse: 'AGEAYg=='}, '235 ok');
		expect(rail(loggedIn.state)).toContain('auth✔');
		answered(loggedIn, {verb: 'XCLIENT', attributes: [{name: 'ADDR', value: '192.0.2.1'}]}, '220 mx.test ESMTP');
		expect(rail(loggedIn.state)).toContain('auth·');

		const passedOver = ready('XCLIENT ADDR');
		answered(passedOver, {verb: 'MAIL', from: 'a@example.test'}, '250 ok');
		expect(rail(passedOver.state)).toContain('auth-');
		answered(passedOver, {verb: 'XCLIENT', attributes: [{name: 'ADDR', value: '192.0.2.1'}]}, '220 mx.test ESMTP');
		expect(rail(passedOver.state)).toContain('auth-');
	});

	it('a refused HELO keeps what the EHLO before it learned', () => {
		const session = ready('PIPELINING');
		answered(session, {verb: 'HELO', domain: 'client.test'}, '502 5.5.1 no');
		expect(session.state).toMatchObject({usedHelo: false, extensions: {pipelining: true}});
	});
});

describe('calls that change nothing a listener sees, and calls out of turn', () => {
	it('each returns no event when the rail did not move', () => {
		const session = greeted();
		quiet(session.propose(EHLO));
		quiet(session.beginTransaction());
		const queued = ready();
		quiet(queued.stoppedAt('closed'));
	});

	it('a second connected(), a tlsEstablished() with no handshake, a bodySent() before 354: the caller\'s mistakes, thrown', () => {
		const session = greeted();
		expect(() => session.connected()).toThrow('connected() called twice');
		expect(() => session.tlsEstablished()).toThrow('tlsEstablished() without a STARTTLS handshake in progress');
		expect(() => session.bodySent()).toThrow('bodySent() before DATA was answered with 354');
		const ended = greeted();
		ended.closed();
		expect(() => ended.connected()).toThrow('connected() called twice');
	});

	it('an ended session takes no command and no BDAT chunk, each refused as the command\'s fault', () => {
		const session = ready('CHUNKING');
		session.closed();
		expect(inputError(() => session.command({verb: 'NOOP'}))).toMatchObject({field: 'command', message: 'the session has ended: connect again'});
		expect(inputError(() => session.bdat(10, true))).toMatchObject({field: 'command', message: 'the session has ended: connect again'});
	});

	it('bytes after the end are not read, and a timeout after it says nothing', () => {
		const session = ready();
		session.closed();
		const failure = session.state.failure;
		quiet(session.receive(Buffer.from('250 late\r\n')));
		quiet(session.timedOut('waited 30 s'));
		expect(session.state.failure).toBe(failure);
		quiet(greeted().receive(new Uint8Array()));
	});

	it('a fresh session has greeted nobody; an ended one awaits nothing (not a connection)', () => {
		expect(new SmtpSession().state).toMatchObject({usedHelo: false, awaiting: 'connect'});
		const session = ready();
		session.closed();
		expect(session.state).toMatchObject({connected: false, awaiting: 'nothing', timeout: 'none'});
	});

	it('a failure survives beginTransaction once the session ended: it is what ended it', () => {
		const session = ready();
		session.closed();
		session.beginTransaction();
		expect(session.state.failure?.stage).toBe('closed');
	});
});

describe('BDAT chunks on the rail', () => {
	it('a chunk shows the message going, the last one the reply awaited; neither is a secret', () => {
		const session = ready('CHUNKING');
		answered(session, {verb: 'MAIL', from: 'a@example.test'}, '250 ok');
		answered(session, {verb: 'RCPT', to: 'b@example.test'}, '250 ok');
		const chunk = session.bdat(10, false);
		expect(chunk.encoded).toMatchObject({display: 'BDAT 10', redacted: false});
		expect(rail(session.state)).toContain('[message▶]');
		feed(session, wire('250 10 octets'));
		session.bdat(5, true);
		expect(rail(session.state)).toContain('[queued▶]');
	});
});

describe('replies and what they carry', () => {
	it('a command sent before the reply to the one before, to a server whose extensions are not known yet, is warned of', () => {
		const session = greeted();
		session.command(EHLO);
		const {events} = session.command({verb: 'NOOP'});
		expect(ofType(events, 'warning').map(event => event.message)).toContain('NOOP sent before the reply to EHLO: the server does not advertise PIPELINING');
	});

	it('a login\'s replies name its mechanism; other replies name none', () => {
		const session = ready('AUTH PLAIN LOGIN');
		const events = answered(session, {verb: 'AUTH', mechanism: 'LOGIN'}, '334 VXNlcm5hbWU6');
		expect(ofType(events, 'reply')[0]?.mechanism).toBe('LOGIN');
		expect(ofType(answered(ready(), {verb: 'NOOP'}, '250 ok'), 'reply')[0]).not.toHaveProperty('mechanism');
	});

	it('a positive greeting that is no 220 fails the greeting step with its code', () => {
		const session = new SmtpSession();
		session.connected();
		feed(session, wire('250 hello'));
		expect(rail(session.state)).toContain('greeting✖250');
	});

	it('a reply 400 is a refusal, not a reply out of step', () => {
		const session = ready();
		const events = answered(session, {verb: 'MAIL', from: 'a@example.test'}, '400 try later');
		expect(ofType(events, 'failed')).toEqual([]);
		expect(session.state.ended).toBe(false);
		const greeting = new SmtpSession();
		greeting.connected();
		expect(ofType(feed(greeting, wire('400 busy')), 'failed')[0]?.message).toBe('the server refused service: 400 busy; after it a client may send only QUIT');
	});

	it('a reply out of step and a broken reply each close the connection with their reason', () => {
		const session = ready();
		const events = answered(session, {verb: 'DATA'}, '250 ok');
		expect(ofType(events, 'effect')).toEqual([{type: 'effect', effect: {type: 'close', reason: 'replies out of step'}}]);
		const broken = ready();
		broken.command({verb: 'NOOP'});
		expect(ofType(feed(broken, Buffer.from('25x nonsense\r\n')), 'effect')).toEqual([{type: 'effect', effect: {type: 'close', reason: 'protocol error'}}]);
	});

	it('a refused RSET keeps the transaction the server still holds', () => {
		const session = ready();
		answered(session, {verb: 'MAIL', from: 'a@example.test'}, '250 ok');
		answered(session, {verb: 'RSET'}, '451 not now');
		expect(session.state.transaction.from).toBe('a@example.test');
	});

	it('a refused typed line with no verb the engine reads fails no step; one answered 2xx fails none either', () => {
		const session = ready();
		answered(session, parseCommandLine('MAIL FROM <a@example.test>'), '250 fine');
		expect(rail(session.state)).not.toContain('✖');
		answered(session, parseCommandLine('QUIT now please'), '501 no arguments');
		expect(rail(session.state)).not.toContain('quit✖');
	});
});

describe('a message answered while its body is still going', () => {
	it('the reply is the message step\'s, and in LMTP it is the whole message\'s: no recipient\'s reply is awaited after it', () => {
		const session = greeted({lmtp: true});
		answered(session, EHLO, '250 mx.test');
		answered(session, {verb: 'MAIL', from: 'a@example.test'}, '250 ok');
		answered(session, {verb: 'RCPT', to: 'b@example.test'}, '250 ok');
		answered(session, {verb: 'RCPT', to: 'c@example.test'}, '250 ok');
		answered(session, {verb: 'DATA'}, '354 go');
		const events = feed(session, wire('554 5.6.0 no thanks'));
		expect(ofType(events, 'reply')[0]?.step).toBe('message');
		expect(session.state.transaction.recipients.map(recipient => recipient.accepted)).toEqual([true, true]);
	});
});

describe('QUIT unanswered', () => {
	it('a timeout after QUIT with nothing else awaited is a warning only, with the QUIT step passed over', () => {
		const session = ready();
		session.command({verb: 'QUIT'});
		const events = session.timedOut('no reply to QUIT in 5 s');
		expect(ofType(events, 'warning').map(event => event.message)).toEqual(['no reply to QUIT in 5 s; closed the connection']);
		expect(rail(session.state)).toContain('quit-');
	});
});
