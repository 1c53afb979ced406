// The greeting a session's texts name: EHLO (or HELO) in SMTP, LHLO in LMTP (RFC 2033), in the step notes, the
// warnings for typed lines, and the readings of replies; and a greeting of the other protocol, typed by hand, told and
// explained by what went (a typed EHLO and a planned LHLO are both followed as EHLO).
import {describe, expect, it} from 'vitest';
import {explainReply} from '../../source/smtp/codes.js';
import {typingHint} from '../../source/smtp/command-line.js';
import {helloUnknown, sentVerb} from '../../source/smtp/lmtp.js';
import {outOfSequence} from '../../source/smtp/out-of-sequence.js';
import {parseReplies} from '../../source/smtp/reply-parser.js';
import {SmtpSession} from '../../source/smtp/session.js';
import {helloVerb, helloVerbs, stepNote, TRANSITIONS} from '../../source/smtp/transitions.js';
import type {Reply} from '../../source/smtp/types.js';

const real = (...lines: string[]): Reply => parseReplies(Buffer.from(lines.map(line => `${line}\r\n`).join('')))[0]!;

describe('the greeting verb of a session', () => {
	it('is EHLO (or HELO) in SMTP, LHLO alone in LMTP', () => {
		expect([helloVerb(), helloVerb(false), helloVerb(true)]).toEqual(['EHLO', 'EHLO', 'LHLO']);
		expect([helloVerbs(), helloVerbs(true)]).toEqual(['EHLO/HELO', 'LHLO']);
	});

	it('names LHLO in the step notes of an LMTP session, and leaves SMTP\'s as they are', () => {
		expect(stepNote('ehlo', true)).toBe('greeted: introduce yourself with LHLO (LMTP has no HELO)');
		expect(stepNote('starttls', true)).toBe('STARTTLS accepted: TLS handshake in progress, then LHLO again');
		expect(stepNote('ehlo')).toBe(TRANSITIONS.ehlo.note);
		expect(stepNote('starttls', false)).toBe(TRANSITIONS.starttls.note);
		expect(stepNote('mail', true)).toBe(TRANSITIONS.mail.note);
	});
});

describe('typed greetings: the other protocol\'s is told, and examples name the session\'s', () => {
	it('EHLO or HELO typed in LMTP: type LHLO, with the name typed', () => {
		expect(typingHint('ehlo me', true)).toBe('type LHLO me: this session speaks LMTP (--lmtp), whose greeting is LHLO; an LMTP server refuses EHLO (500)');
		expect(typingHint('HELO client.test', true)).toBe('type LHLO client.test: this session speaks LMTP (--lmtp), whose greeting is LHLO; an LMTP server refuses HELO (500)');
		expect(typingHint('EHLO', true)).toMatch(/^type LHLO client\.example\.test: this session speaks LMTP/);
	});

	it('LHLO typed in SMTP: type EHLO', () => {
		expect(typingHint('LHLO laptop.example.com')).toBe("type EHLO laptop.example.com: LHLO is LMTP's greeting, and this session speaks SMTP; an SMTP server refuses LHLO (500)");
	});

	it('LHLO in LMTP gets the hello\'s own hints, naming LHLO', () => {
		expect(typingHint('LHLO me', true)).toBe('"me" is not a full host name: a real server may refuse it; e.g. LHLO laptop.example.com (Postfix: reject_non_fqdn_helo_hostname; the sandbox takes any)');
		expect(typingHint('LHLO', true)).toBe('LHLO needs a name for this machine, e.g. LHLO client.example.test');
		expect(typingHint('LHLO laptop.example.com', true)).toBeUndefined();
		expect(typingHint('EHLO laptop.example.com')).toBeUndefined();
	});

	it('the session warns of a typed EHLO in LMTP, and of MAIL before LHLO again after STARTTLS', () => {
		const session = new SmtpSession({lmtp: true});
		session.connected();
		session.receive(Buffer.from('220 lmtp.test ready\r\n'));
		const ehlo = session.command({verb: 'EHLO', domain: 'me'}, {typed: 'ehlo me'});
		expect(ehlo.encoded.display).toBe('ehlo me');
		expect(ehlo.events).toContainEqual({type: 'warning', message: expect.stringMatching(/^type LHLO me: this session speaks LMTP/)});
		session.receive(Buffer.from('500 5.5.2 Error: EHLO not allowed in LMTP server\r\n'));
		session.command({verb: 'EHLO', domain: 'client.test'}, {typed: 'LHLO client.test'});
		session.receive(Buffer.from('250-lmtp.test\r\n250 STARTTLS\r\n'));
		session.command({verb: 'STARTTLS'}, {typed: 'STARTTLS'});
		session.receive(Buffer.from('220 2.0.0 Ready to start TLS\r\n'));
		session.tlsEstablished();
		const mail = session.command({verb: 'MAIL', from: 'a@example.test'}, {typed: 'MAIL FROM:<a@example.test>'});
		expect(mail.events).toContainEqual({type: 'warning', message: 'MAIL before LHLO again: TLS started a fresh session, in which the server forgot your LHLO; send LHLO again first (it will likely answer 503)'});
	});
});

describe('replies read in the session\'s protocol', () => {
	const refused = real('500 5.5.2 Error: EHLO not allowed in LMTP server');

	it('the verb that went is the line\'s first word, not the command followed', () => {
		expect(sentVerb({display: 'ehlo me'})).toBe('EHLO');
		expect(sentVerb({display: 'LHLO client.test'})).toBe('LHLO');
	});

	it('a 500 to a typed EHLO in LMTP: greet with LHLO; to LHLO: the server speaks SMTP', () => {
		expect(helloUnknown('EHLO', refused, true)).toBe('this server speaks LMTP, which has no EHLO: greet it with LHLO (type LHLO and a name)');
		expect(helloUnknown('LHLO', real('500 5.5.1 Command unrecognized: "LHLO x"'), true)).toBe('the server does not understand LHLO: it speaks SMTP, not LMTP (LMTP has no HELO to fall back to)');
		expect(helloUnknown('LHLO', real('250 ok'), true)).toBeUndefined();
	});

	it('a 500 to LHLO typed in SMTP: the server speaks SMTP, type EHLO (no "fall back to HELO")', () => {
		expect(helloUnknown('LHLO', real('502 5.5.2 Error: command not recognized'), false)).toBe("the server does not know LHLO, LMTP's greeting: it speaks SMTP, as this session does: type EHLO and a name");
		expect(helloUnknown('EHLO', refused, false)).toBeUndefined();
	});

	it('STARTTLS\'s 220 and the idle close name LHLO in LMTP', () => {
		expect(explainReply(real('220 2.0.0 Ready to start TLS'), {verb: 'STARTTLS', lmtp: true})).toMatch(/^go ahead with TLS: the handshake starts now, then LHLO again;/);
		expect(explainReply(real('220 2.0.0 Ready to start TLS'), {verb: 'STARTTLS'})).toMatch(/then EHLO again;/);
		expect(explainReply(real('421 4.4.2 Error: timeout exceeded'), {verb: 'NOOP', typed: true, lmtp: true})).toMatch(/type LHLO to connect again now/);
	});

	it('what to type after a refusal names LHLO in LMTP', () => {
		const fqdn = real('504 5.5.2 <vm>: Helo command rejected: need fully-qualified hostname');
		expect(explainReply(fqdn, {verb: 'EHLO', typed: true, lmtp: true})).toMatch(/: type LHLO again with a full name, e\.g\. LHLO laptop\.example\.com/);
		expect(explainReply(fqdn, {verb: 'EHLO', typed: true})).toMatch(/: type EHLO again with a full name, e\.g\. EHLO laptop\.example\.com/);
		expect(explainReply(real('530 5.7.0 Must issue a STARTTLS command first'), {verb: 'MAIL', typed: true, lmtp: true})).toMatch(/^the server wants TLS first: type STARTTLS \(then LHLO again\)/);
	});

	it('a 503 asks for LHLO when the session speaks LMTP or the server names LHLO', () => {
		expect(outOfSequence('Error: send LHLO first', 'MAIL')).toBe('bad sequence of commands: LHLO must come first');
		expect(outOfSequence('Error: send HELO/EHLO first', 'MAIL', true)).toBe('bad sequence of commands: LHLO must come first');
		expect(outOfSequence('Error: send HELO/EHLO first', 'MAIL')).toBe('bad sequence of commands: EHLO/HELO must come first');
		expect(outOfSequence('bad sequence', 'MAIL', true)).toBe('bad sequence of commands: LHLO must come first, or a transaction is already open (RSET)');
		// Where the session's transaction is known, a text that names no cause is read by it.
		expect(outOfSequence('Command not allowed at this point.', 'MAIL', false, true)).toBe('bad sequence of commands: a transaction is already open (finish it, or RSET)');
		expect(outOfSequence('Command not allowed at this point.', 'MAIL', true, false)).toBe('bad sequence of commands: LHLO must come first');
		expect(outOfSequence('Command not allowed at this point.', 'DATA', false, false)).toBe('bad sequence of commands: MAIL FROM must come first');
		expect(outOfSequence('Command not allowed at this point.', 'DATA', false, true)).toBe('bad sequence of commands: RCPT TO (an accepted recipient) must come first');
		expect(explainReply(real('503 5.5.1 Error: send LHLO first'), {verb: 'AUTH'})).toMatch(/^bad sequence of commands: LHLO must come first \(AUTH is offered/);
	});
});
