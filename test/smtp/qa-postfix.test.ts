// What QA found in manual mode and on the rail against a real Postfix: ETRN and EXPN are SMTP, BDAT cannot be
// typed, a typed line is named as typed (never "RAW"), a greeting paused after its first line is kept, and the
// rail has one current step, with the optional steps a MAIL passes over marked at once.
import {describe, expect, it} from 'vitest';
import {carriesCredentials, parseCommandLine, typedVerb, typingHint} from '../../source/smtp/command-line.js';
import {ReplyParser} from '../../source/smtp/reply-parser.js';
import {SmtpSession} from '../../source/smtp/session.js';
import type {Command} from '../../source/smtp/types.js';
import {feed, ofType, rail, wire} from './session-harness.js';

function greeted(): SmtpSession {
	const session = new SmtpSession();
	session.connected();
	feed(session, wire('220 vm ESMTP Postfix'));
	return session;
}

/** Greeted and EHLO answered with these extension lines. */
function ready(...extensions: string[]): SmtpSession {
	const session = greeted();
	session.command({verb: 'EHLO', domain: 'client.test'});
	const lines = ['vm', ...extensions];
	feed(session, wire(...lines.map((line, index) => `250${index === lines.length - 1 ? ' ' : '-'}${line}`)));
	return session;
}

/** A line typed in manual mode, as the driver hands it to the engine. */
function typed(session: SmtpSession, line: string) {
	return session.command(parseCommandLine(line), {typed: line});
}

const warnings = (events: ReturnType<typeof typed>['events']) => ofType(events, 'warning').map(event => event.message);

/** The steps marked current (the rail's ▸), in order. */
const current = (session: SmtpSession) => session.state.steps.filter(step => step.status === 'active').map(step => step.step);

describe('ETRN and EXPN are SMTP commands (RFC 1985, RFC 5321)', () => {
	it('are known verbs: no "not an SMTP command" warning, and parsed as what they are', () => {
		for (const line of ['ETRN qa.example.test', 'etrn @example.test', 'EXPN staff', 'expn staff']) expect(typingHint(line)).toBeUndefined();
		// Postfix's XCLIENT and XFORWARD, with which an admin tests restrictions: not "not an SMTP command" either.
		for (const line of ['XCLIENT NAME=spike.porcupine.org ADDR=168.100.189.2', 'xforward ADDR=192.0.2.1']) expect(typingHint(line)).toBeUndefined();
		expect(typingHint('XFOO bar')).toMatch(/not an SMTP command/);
		expect(['ETRN qa.example.test', 'expn staff'].map(typedVerb)).toEqual(['ETRN', 'EXPN']);
		expect(parseCommandLine('ETRN qa.example.test')).toEqual({verb: 'ETRN', argument: 'qa.example.test'});
		expect(parseCommandLine('expn staff')).toEqual({verb: 'EXPN', argument: 'staff'});
		// Without an argument neither is a command the server can act on: said, and sent as typed.
		expect(typingHint('ETRN')).toBe('ETRN needs the domain whose queued mail the server should send (RFC 1985), e.g. ETRN example.test');
		expect(typingHint('EXPN')).toBe('EXPN needs the mailing list to expand, e.g. EXPN staff');
	});

	it('ETRN goes without a warning after EHLO to a server that advertises it, outside a transaction', () => {
		const session = ready('PIPELINING', 'ETRN');
		const {encoded, events} = typed(session, 'ETRN qa.example.test');
		expect(warnings(events)).toEqual([]);
		expect(encoded.bytes.toString()).toBe('ETRN qa.example.test\r\n');
		feed(session, wire('250 Queuing started'));
		expect(session.state.step).toBe('mail');
		// After a finished transaction too.
		expect(session.allowedVerbs()).toContain('ETRN');
	});

	it('ETRN out of order is warned about as any command is: before EHLO, inside a transaction, not advertised', () => {
		expect(warnings(typed(greeted(), 'ETRN qa.example.test').events)).toEqual(['ETRN before EHLO/HELO: the server will likely answer 503']);
		const inside = ready('ETRN');
		typed(inside, 'MAIL FROM:<a@example.test>');
		feed(inside, wire('250 2.1.0 Ok'));
		expect(warnings(typed(inside, 'ETRN qa.example.test').events)).toEqual(['ETRN inside a mail transaction (RSET ends it): the server will likely answer 503']);
		expect(inside.allowedVerbs()).not.toContain('ETRN');
		expect(warnings(typed(ready('PIPELINING'), 'ETRN qa.example.test').events)).toEqual(['the server does not advertise ETRN (RFC 1985): it will likely answer 502']);
	});

	it('EXPN may be sent at any time after the greeting, like VRFY', () => {
		const session = ready();
		expect(warnings(typed(session, 'EXPN staff').events)).toEqual([]);
		feed(session, wire('502 5.5.1 EXPN command disabled'));
		typed(session, 'MAIL FROM:<a@example.test>');
		feed(session, wire('250 2.1.0 Ok'));
		expect(warnings(typed(session, 'EXPN staff').events)).toEqual([]);
	});

	it('TURN and the other commands of RFC 821 that RFC 5321 deprecates are named as such, not as typos', () => {
		expect(typingHint('TURN')).toBe(
			'TURN is deprecated (RFC 5321 Appendix F.1: without strong authentication anyone could take the mail waiting for a domain): servers will likely answer 502; ETRN domain asks a relay to send its queue',
		);
		expect(typingHint('SAML FROM:<a@b>')).toBe("SAML (to a user's terminal and mailbox) is obsolete (RFC 5321 Appendix F.6): servers will likely answer 502");
		expect(typedVerb('TURN')).toBeUndefined();
	});
});

describe('BDAT typed by hand', () => {
	const HINT = 'BDAT needs its chunk of exactly 5 octets right after the command, and this command line sends whole lines: the server will wait for the chunk (use DATA)';

	it('is warned about: the command line cannot send a chunk of exact octets', () => {
		expect(typingHint('BDAT 5 LAST')).toBe(HINT);
		expect(typingHint('bdat 1')).toBe('BDAT needs its chunk of exactly 1 octet right after the command, and this command line sends whole lines: the server will wait for the chunk (use DATA)');
		expect(typingHint('BDAT')).toBe('BDAT needs its chunk of the octets it announces right after the command, and this command line sends whole lines: the server will wait for the chunk (use DATA)');
		const session = ready('CHUNKING');
		typed(session, 'MAIL FROM:<a@example.test>');
		feed(session, wire('250 2.1.0 Ok'));
		typed(session, 'RCPT TO:<b@example.test>');
		feed(session, wire('250 2.1.5 Ok'));
		expect(warnings(typed(session, 'BDAT 5 LAST').events)).toEqual([HINT]);
	});

	it('a typed line waiting for its reply is named as typed, never as RAW', () => {
		const session = ready();
		typed(session, 'BDAT 5 LAST');
		// Typed behind it (the chunk, as the user thinks of it): named as typed too.
		expect(warnings(typed(session, 'hello').events)).toContain('"hello" sent before the reply to "BDAT 5 LAST": the server does not advertise PIPELINING');
		expect(ofType(session.closed('ECONNRESET'), 'failed')[0]?.message).toBe('the connection closed while waiting for the reply to "BDAT 5 LAST": ECONNRESET');
	});

	it('an out-of-order warning names a typed line as typed too', () => {
		const session = new SmtpSession();
		session.connected();
		feed(session, wire('554 5.7.1 no service'));
		expect(warnings(typed(session, 'hello there').events)).toEqual([
			'HELLO is not an SMTP command: did you mean HELO?',
			'"hello there" after the server refused service or QUIT was answered: only QUIT makes sense now',
		]);
	});
});

describe('which typed lines carry credentials', () => {
	it('an AUTH with an initial response, and an answer to a 334; not any other line', () => {
		expect(carriesCredentials('AUTH PLAIN AGEAYg==', false)).toBe(true);
		expect(carriesCredentials(' auth  login  dXNlcg==', false)).toBe(true);
		expect(carriesCredentials('ZGVtbw==', true)).toBe(true);
		for (const line of ['hello', 'BDAT 5 LAST', 'AUTH PLAIN', 'ETRN qa.example.test', 'ZGVtbw==']) expect(carriesCredentials(line, false)).toBe(false);
	});
});

describe('a reply cut off mid-way (Postfix postscreen pauses its greeting after the first line)', () => {
	it('the parser keeps the lines of a multi-line reply that has not ended, read-only', () => {
		const parser = new ReplyParser();
		expect(parser.pendingLines).toEqual([]);
		expect(parser.push(Buffer.from('220-vm ESMTP Postfix (Debian/GNU)\r\n220-second'))).toEqual([]);
		expect(parser.pendingLines).toEqual(['220-vm ESMTP Postfix (Debian/GNU)']);
		(parser.pendingLines as string[]).push('changed');
		expect(parser.pendingLines).toEqual(['220-vm ESMTP Postfix (Debian/GNU)']);
		expect(parser.push(Buffer.from('\r\n220 vm ESMTP Postfix\r\n'))).toHaveLength(1);
		expect(parser.pendingLines).toEqual([]);
	});

	it('the session state shows the reply so far, and drops it once the reply ends', () => {
		const session = new SmtpSession();
		session.connected();
		expect(session.state.replySoFar).toBeUndefined();
		feed(session, Buffer.from('220-vm ESMTP Postfix (Debian/GNU)\r\n'));
		expect(session.state).toMatchObject({awaiting: 'greeting', replySoFar: ['220-vm ESMTP Postfix (Debian/GNU)']});
		feed(session, wire('220 vm ESMTP Postfix'));
		expect(session.state.replySoFar).toBeUndefined();
		expect(session.state.greeting?.raw).toEqual(['220-vm ESMTP Postfix (Debian/GNU)', '220 vm ESMTP Postfix']);
	});
});

describe('the rail: STARTTLS and AUTH passed over by MAIL', () => {
	it('are marked skipped as soon as MAIL is proposed, before it is sent', () => {
		const session = ready('PIPELINING');
		expect(rail(session.state)).toContain('starttls· auth·');
		const mail: Command = {verb: 'MAIL', from: 'a@example.test'};
		const events = session.propose(mail);
		expect(rail(session.state)).toContain('starttls- auth-');
		expect(ofType(events, 'steps')).toHaveLength(1);
		// Nothing was sent: the proposal changes only the rail.
		expect(session.state.pending).toEqual([]);
		expect(session.state.steps.find(step => step.step === 'mail')?.status).toBe('pending');
	});

	it('a proposal other than MAIL passes nothing over; nor does a MAIL inside an open transaction', () => {
		const session = ready('STARTTLS', 'AUTH PLAIN');
		session.propose({verb: 'STARTTLS'});
		session.propose({verb: 'AUTH', mechanism: 'PLAIN'});
		expect(rail(session.state)).toContain('starttls· auth·');
		const open = greeted();
		open.command({verb: 'HELO', domain: 'client.test'});
		feed(open, wire('250 vm'));
		open.command({verb: 'MAIL', from: 'a@example.test'}, {typed: 'MAIL FROM:<a@example.test>'});
		expect(rail(open.state)).toContain('starttls- auth-');
	});
});

describe('the rail has one current step', () => {
	it('QUIT sent while RCPT waits leaves RCPT current until its reply comes, then QUIT', () => {
		const session = ready();
		session.command({verb: 'MAIL', from: 'a@example.test'});
		feed(session, wire('250 2.1.0 Ok'));
		session.command({verb: 'RCPT', to: 'b@example.test'});
		session.command({verb: 'QUIT'});
		expect(current(session)).toEqual(['rcpt']);
		expect(session.state.step).toBe('rcpt');
		feed(session, wire('250 2.1.5 Ok'));
		expect(current(session)).toEqual(['quit']);
		expect(session.state.step).toBe('quit');
		feed(session, wire('221 2.0.0 Bye'));
		expect(current(session)).toEqual([]);
		expect(rail(session.state)).toMatch(/rcpt✔ .*quit✔/);
	});

	it('given up on (Ctrl+C: the wait for QUIT runs out), neither is current; RCPT did not happen', () => {
		const session = ready();
		session.command({verb: 'MAIL', from: 'a@example.test'});
		feed(session, wire('250 2.1.0 Ok'));
		session.command({verb: 'RCPT', to: 'b@example.test'});
		session.command({verb: 'QUIT'});
		session.timedOut('no answer within 5 s while waiting for the reply to RCPT');
		expect(current(session)).toEqual([]);
		expect(rail(session.state)).toMatch(/rcpt-\]? .*quit-/);
	});

	it('pipelined commands make their steps current one after another; a timeout skips those never reached', () => {
		const session = ready('PIPELINING');
		session.command({verb: 'MAIL', from: 'a@example.test'});
		session.command({verb: 'RCPT', to: 'b@example.test'});
		session.command({verb: 'DATA'});
		expect(current(session)).toEqual(['mail']);
		feed(session, wire('250 ok'));
		expect(current(session)).toEqual(['rcpt']);
		session.timedOut('no answer within 30 s while waiting for the reply to RCPT');
		expect(rail(session.state)).toMatch(/mail✔ \[?rcpt✖\]? data- message·/);
	});

	it('a command behind one with no step of its own (NOOP) is current at once', () => {
		const session = ready();
		session.command({verb: 'NOOP'});
		session.command({verb: 'QUIT'}, {strict: false});
		expect(current(session)).toEqual(['quit']);
		expect(session.state.step).toBe('quit');
	});
});

describe('AUTH refused with 503 (already logged in, or not offered)', () => {
	it('is said as out of sequence, not as failed credentials, and a login that held stays done on the rail', () => {
		const session = ready('AUTH PLAIN');
		typed(session, 'AUTH PLAIN AGRlbW8AZGVtbw==');
		feed(session, wire('235 2.7.0 Authentication successful'));
		typed(session, 'AUTH PLAIN AGRlbW8AZGVtbw==');
		const events = feed(session, wire('503 5.5.1 Error: already authenticated'));
		expect(ofType(events, 'failed').map(event => event.message)).toEqual(['AUTH refused out of sequence: already logged in (one AUTH per session): 503 5.5.1 Error: already authenticated']);
		// smtp-server's words (the sandbox's) for the same; a text that names no cause lists them all.
		typed(session, 'AUTH PLAIN AGRlbW8AZGVtbw==');
		const sandbox = feed(session, wire('503 5.5.1 Error: No identity changes permitted'));
		expect(ofType(sandbox, 'failed').map(event => event.message)).toEqual(['AUTH refused out of sequence: already logged in (one AUTH per session): 503 5.5.1 Error: No identity changes permitted']);
		typed(session, 'AUTH PLAIN AGRlbW8AZGVtbw==');
		const silent = feed(session, wire('503 5.5.1 Bad sequence'));
		expect(ofType(silent, 'failed').map(event => event.message)[0]).toMatch(/^AUTH refused out of sequence \(the reply says why: before EHLO, already logged in/);
		expect(session.state.steps.find(step => step.step === 'auth')?.status).toBe('done');
		// Wrong credentials are still "authentication failed".
		const other = ready('AUTH PLAIN');
		typed(other, 'AUTH PLAIN AGRlbW8Abm8=');
		const refused = feed(other, wire('535 5.7.8 Authentication credentials invalid'));
		expect(ofType(refused, 'failed').map(event => event.message)[0]).toMatch(/^authentication failed: 535/);
	});
});
