// Manual mode against Postfix 3.7, in the pure engine: a command the server does not offer is warned about before it
// goes (it still goes), a 221 to anything but QUIT is the server ending the session, and replies to commands a server
// leaves out are not read as typos.
import {describe, expect, it} from 'vitest';
import {explainReply} from '../../source/smtp/codes.js';
import {parseCommandLine, typingHint} from '../../source/smtp/command-line.js';
import {SmtpSession} from '../../source/smtp/session.js';
import type {Reply} from '../../source/smtp/types.js';
import {feed, ofType, rail, wire} from './session-harness.js';

function greeted(): SmtpSession {
	const session = new SmtpSession();
	session.connected();
	feed(session, wire('220 vm ESMTP Postfix'));
	return session;
}

/** Greeted, and HELO answered: no extensions known. */
function afterHelo(): SmtpSession {
	const session = greeted();
	session.command({verb: 'HELO', domain: 'laptop.example.com'});
	feed(session, wire('250 vm'));
	return session;
}

/** Greeted, and EHLO answered with these extension lines. */
function ready(...extensions: string[]): SmtpSession {
	const session = greeted();
	session.command({verb: 'EHLO', domain: 'laptop.example.com'});
	const lines = ['vm', ...extensions];
	feed(session, wire(...lines.map((line, index) => `250${index === lines.length - 1 ? ' ' : '-'}${line}`)));
	return session;
}

/** The warnings a line typed in manual mode gets; it is sent all the same. */
function warned(session: SmtpSession, line: string): string[] {
	const {encoded, events} = session.command(parseCommandLine(line), {typed: line});
	expect(encoded.bytes.toString()).toBe(`${line}\r\n`);
	return ofType(events, 'warning').map(event => event.message);
}

const reply = (code: number, text: string, enhanced?: string): Reply => ({code, lines: [text], raw: [`${code} ${enhanced ? `${enhanced} ` : ''}${text}`], ...(enhanced && {enhanced})});

describe('typed commands the server does not offer are warned about', () => {
	it('AUTH when EHLO listed no AUTH (and after HELO); not when it did', () => {
		expect(warned(ready('PIPELINING'), 'AUTH PLAIN AGRlbW8AZGVtbw==')).toEqual(['the server does not advertise AUTH: it will likely answer 503 (Postfix: "authentication not enabled")']);
		expect(warned(ready('STARTTLS'), 'AUTH LOGIN')).toEqual(['the server does not advertise AUTH (many servers offer it only after STARTTLS): it will likely answer 503 (Postfix: "authentication not enabled")']);
		expect(warned(ready('AUTH PLAIN LOGIN'), 'AUTH LOGIN')).toEqual([]);
		const helo = afterHelo();
		expect(warned(helo, 'AUTH LOGIN')).toEqual(['AUTH after HELO: logins need EHLO (RFC 4954); the server will likely answer 503']);
	});

	it('VRFY without an argument, and an EHLO name that is not ASCII', () => {
		expect(typingHint('VRFY')).toBe('VRFY needs the user or mailbox to check, e.g. VRFY postmaster');
		expect(typingHint('VRFY postmaster')).toBeUndefined();
		expect(typingHint('EHLO läptop.example.com')).toBe('the EHLO name has non-ASCII characters: it goes in ASCII (RFC 6531 §3.7.1), e.g. EHLO xn--lptop-gra.example.com; the server will likely answer 501');
		expect(warned(greeted(), 'HELO läptop.example.com')).toEqual(['the HELO name has non-ASCII characters: it goes in ASCII (RFC 6531 §3.7.1), e.g. HELO xn--lptop-gra.example.com; the server will likely answer 501']);
	});

	it('a non-ASCII address without SMTPUTF8 declared on MAIL FROM, or with no EHLO to offer it', () => {
		const session = ready('PIPELINING', 'SMTPUTF8');
		expect(warned(session, 'MAIL FROM:<jörg@example.com>')).toEqual([
			'MAIL FROM address "jörg@example.com" has non-ASCII characters, but the line does not declare SMTPUTF8 (RFC 6531): the server will likely answer 501 or 553; add it, MAIL FROM:<jörg@example.com> SMTPUTF8',
		]);
		feed(session, wire('501 5.1.7 Bad sender address syntax'));
		expect(warned(session, 'MAIL FROM:<me@example.com>')).toEqual([]);
		feed(session, wire('250 2.1.0 Ok'));
		expect(warned(session, 'RCPT TO:<jörg@example.com>')).toEqual([
			'RCPT TO address "jörg@example.com" has non-ASCII characters, but this transaction\'s MAIL FROM did not declare SMTPUTF8 (RFC 6531): the server will likely answer 501 or 553; RSET, then MAIL FROM:<…> SMTPUTF8',
		]);
		feed(session, wire('553 5.6.7 no'));
		// A zero-width space pasted into an ASCII address: named, with no SMTPUTF8 advice, which would not help.
		expect(warned(session, 'RCPT TO:<b@exa\u200Bmple.test>')).toEqual(['the line holds an invisible character, U+200B, which the server gets too (pasted in?): delete it']);
		feed(session, wire('501 5.1.3 Bad recipient address syntax'));
		expect(warned(session, 'RSET')).toEqual([]);
		feed(session, wire('250 2.0.0 Ok'));
		expect(warned(session, 'MAIL FROM:<jörg@example.com> SMTPUTF8')).toEqual([]);
		feed(session, wire('250 2.1.0 Ok'));
		expect(warned(session, 'RCPT TO:<jörg@example.com>')).toEqual([]);

		const helo = afterHelo();
		expect(warned(helo, 'MAIL FROM:<jörg@example.com>')).toEqual([
			'MAIL FROM address "jörg@example.com" has non-ASCII characters, which need SMTPUTF8 (RFC 6531), and only an EHLO reply can offer it (HELO lists nothing): the server will likely answer 501 or 553',
		]);
	});
});

describe('a typed address pasted decomposed (NFD, as macOS pastes é: e and an accent)', () => {
	const retype = 'retype the address rather than paste it: pasted from macOS, its letters are decomposed (NFD: é as e and an accent), and a server comparing bytes knows the mailbox by their composed form (NFC, RFC 6532 §3.1)';

	it('is warned about on MAIL and RCPT, after what the line gets wrong first, and still goes as typed', () => {
		const session = ready('SMTPUTF8');
		expect(warned(session, 'MAIL FROM:<jose\u0301@example.test> SMTPUTF8')).toEqual([retype]);
		feed(session, wire('250 2.1.0 Ok'));
		expect(warned(session, 'RCPT TO:<\u1112\u1161\u11ab@bu\u0308cher.example>')).toEqual([retype]);
		// Before EHLO, the order is what the server will answer to: said first.
		expect(warned(greeted(), 'RCPT TO:<zoe\u0308@example.test>')).toEqual(['RCPT before EHLO/HELO: the server will likely answer 503', 'RCPT TO address "zoe\u0308@example.test" has non-ASCII characters, which need SMTPUTF8 (RFC 6531), and only an EHLO reply can offer it (HELO lists nothing): the server will likely answer 501 or 553', retype]);
	});

	it('is not, composed (NFC), nor for a parameter, nor for a character that stands alone', () => {
		const session = ready('SMTPUTF8', 'DSN');
		expect(warned(session, 'MAIL FROM:<josé@example.test> SMTPUTF8 ENVID=e\u0301')).toEqual([]);
		feed(session, wire('250 2.1.0 Ok'));
		expect(warned(session, 'RCPT TO:<한@example.test>')).toEqual([]);
		feed(session, wire('250 2.1.5 Ok'));
		// A CJK compatibility ideograph is no decomposed letter, though NFC would change it.
		expect(warned(session, 'RCPT TO:<\uF900@example.test>')).toEqual([]);
	});
});

describe('typed MAIL and RCPT parameters the server does not offer are warned about', () => {
	it('SMTPUTF8 to a server without it: said once, by the address when it is non-ASCII, else by the parameter', () => {
		// The address's own warning already says the server does not offer SMTPUTF8: not said twice.
		expect(warned(ready('PIPELINING', '8BITMIME'), 'MAIL FROM:<jürgen@bücher.de> SMTPUTF8')).toEqual([expect.stringMatching(/^MAIL FROM address "jürgen@bücher\.de" has non-ASCII characters/)]);
		expect(warned(afterHelo(), 'MAIL FROM:<jörg@example.com> SMTPUTF8')).toEqual([expect.stringMatching(/^MAIL FROM address "jörg@example\.com" has non-ASCII characters/)]);
		expect(warned(ready('PIPELINING'), 'MAIL FROM:<me@example.com> SMTPUTF8')).toEqual(['this server does not offer SMTPUTF8 (its EHLO reply does not list it), so the SMTPUTF8 parameter will likely get 555 (a parameter the server does not recognise)']);
	});

	it('BODY=8BITMIME, SIZE= and the DSN ones likewise, one warning each; none for what the server lists', () => {
		expect(warned(ready('PIPELINING'), 'MAIL FROM:<me@example.com> BODY=8BITMIME SIZE=100')).toEqual([
			'this server does not offer 8BITMIME (its EHLO reply does not list it), so the BODY=8BITMIME parameter will likely get 555 (a parameter the server does not recognise)',
			'this server does not offer SIZE (its EHLO reply does not list it), so the SIZE=100 parameter will likely get 555 (a parameter the server does not recognise)',
		]);
		expect(warned(ready('PIPELINING', '8BITMIME', 'SIZE 1000', 'SMTPUTF8'), 'MAIL FROM:<me@example.com> BODY=8BITMIME SIZE=100 SMTPUTF8')).toEqual([]);
		const session = ready('PIPELINING');
		warned(session, 'MAIL FROM:<me@example.com>');
		feed(session, wire('250 2.1.0 Ok'));
		expect(warned(session, 'RCPT TO:<you@example.com> NOTIFY=NEVER')).toEqual(['this server does not offer DSN (its EHLO reply does not list it), so the NOTIFY=NEVER parameter will likely get 555 (a parameter the server does not recognise)']);
		expect(warned(afterHelo(), 'MAIL FROM:<me@example.com> SIZE=100')).toEqual(['only an EHLO reply can offer SIZE, and none came (HELO lists no extensions), so the SIZE=100 parameter will likely get 555 (a parameter the server does not recognise)']);
	});
});

describe('a typed SIZE= the server offers SIZE for is judged against RFC 1870', () => {
	it('over the limit its EHLO reply declares: 552 ahead; at or under it, or with no fixed limit: nothing', () => {
		expect(warned(ready('SIZE 10485760'), 'MAIL FROM:<me@example.com> SIZE=10485761')).toEqual([
			"SIZE=10485761 is over this server's limit of 10,485,760 octets (its EHLO reply says SIZE 10485760), so this MAIL will likely get 552 (the message is too big for the server)",
		]);
		expect(warned(ready('SIZE 10485760'), 'MAIL FROM:<me@example.com> SIZE=10485760')).toEqual([]);
		expect(warned(ready('SIZE'), 'MAIL FROM:<me@example.com> SIZE=99999999999')).toEqual([]);
		expect(warned(ready('SIZE 0'), 'MAIL FROM:<me@example.com> SIZE=99999999999')).toEqual([]);
	});

	it('a size that is not octets in digits: 501 ahead', () => {
		for (const [line, parameter] of [
			['MAIL FROM:<me@example.com> SIZE=10MB', 'SIZE=10MB'],
			['MAIL FROM:<me@example.com> SIZE=-1', 'SIZE=-1'],
			['MAIL FROM:<me@example.com> SIZE', 'SIZE'],
		]) {
			expect(warned(ready('SIZE 1000'), line!)).toEqual([`SIZE= takes the message's size in octets, in at most 20 digits (RFC 1870), so ${parameter} will likely get 501 (a syntax error in the parameters)`]);
		}
	});
});

describe('a 221 to anything but QUIT: the server ends the session on its own', () => {
	it('fails no step for a line of no step, and ends the session', () => {
		const session = ready('PIPELINING');
		warned(session, '.');
		const events = feed(session, wire('221 2.7.0 Error: I can break rules, too. Goodbye.'));
		expect(ofType(events, 'failed')).toEqual([
			expect.objectContaining({stage: 'closed', message: 'the server ended the session on its own, in answer to "." (no QUIT was sent): 221 2.7.0 Error: I can break rules, too. Goodbye.'}),
		]);
		expect(ofType(events, 'effect').map(event => event.effect.type)).toEqual(['close']);
		expect(session.state.ended).toBe(true);
		expect(rail(session.state)).not.toContain('✖');
		// The close that follows is no news.
		expect(ofType(session.closed(), 'failed')).toEqual([]);
	});

	it('answering a command with a step, fails that step with its code', () => {
		const session = ready('PIPELINING');
		session.command({verb: 'MAIL', from: 'me@example.com'});
		feed(session, wire('221 2.7.0 Goodbye'));
		expect(session.state.steps.find(step => step.step === 'mail')).toMatchObject({status: 'failed', code: 221});
	});

	it('a close while nothing is awaited blames no step either', () => {
		const session = ready('PIPELINING');
		const events = session.closed();
		expect(ofType(events, 'failed').map(event => event.message)).toEqual(['the connection closed between commands, with no 421 first: the server hung up, or the network dropped it']);
		expect(rail(session.state)).not.toContain('✖');
	});
});

describe('explanations for the typist', () => {
	it('a 500 or 502 to a command the server leaves out is no typo', () => {
		expect(explainReply(reply(502, 'Error: command not implemented', '5.5.1'), {verb: 'EXPN'})).toBe(
			'the server does not implement EXPN, or has it turned off (the command itself is right); 5.5.1 permanent failure, mail delivery protocol: invalid command',
		);
		expect(explainReply(reply(500, 'Error: command not recognized', '5.5.2'), {verb: 'HELP'})).toMatch(/^the server does not implement HELP, or has it turned off/);
		// An unknown command keeps the code's reading; so does a 500 whose text says the line is wrong, not the command.
		expect(explainReply(reply(500, 'Error: command not recognized', '5.5.2'), {verb: 'RAW'})).toMatch(/^syntax error: command not recognized/);
		expect(explainReply(reply(500, 'Error: line too long', '5.5.0'), {verb: 'VRFY'})).toMatch(/^syntax error: command not recognized, or the line is too long/);
	});

	it("Postfix's 503 to AUTH says AUTH is not offered here, or which sequence it broke", () => {
		expect(explainReply(reply(503, 'Error: authentication not enabled', '5.5.1'), {verb: 'AUTH'})).toBe(
			'AUTH is not offered here: its EHLO reply lists no AUTH (some servers offer it only after STARTTLS, or on another port); 5.5.1 permanent failure, mail delivery protocol: invalid command',
		);
		// The sandbox (and Postfix) before EHLO, and Postfix during a transaction: not "not offered".
		expect(explainReply(reply(503, 'Error: send HELO/EHLO first', '5.5.1'), {verb: 'AUTH'})).toMatch(/^bad sequence of commands: EHLO must come first/);
		expect(explainReply(reply(503, 'Error: MAIL transaction in progress', '5.5.1'), {verb: 'AUTH'})).toMatch(/^bad sequence of commands: not during a mail transaction \(RSET first\)/);
		expect(explainReply(reply(503, 'Error: already authenticated', '5.5.1'), {verb: 'AUTH'})).toMatch(/^bad sequence of commands: already logged in/);
		expect(explainReply(reply(503, 'No', '5.5.1'), {verb: 'AUTH'})).toMatch(/^bad sequence of commands: AUTH is out of place here/);
	});

	it('a refused EHLO name: a typed EHLO is typed again; one from the flag or the field is given there', () => {
		const helo = reply(504, '<me>: Helo command rejected: need fully-qualified hostname', '5.5.2');
		expect(explainReply(helo, {verb: 'EHLO', typed: true})).toMatch(/^the EHLO name must be a full domain name \(mail\.example\.com\): type EHLO again with a full name, e\.g\. EHLO laptop\.example\.com;/);
		expect(explainReply(helo, {verb: 'EHLO'})).toMatch(/: give one with --helo, or in the EHLO name field;/);
	});

	it('a 221 answering QUIT is a goodbye; answering anything else, the server hanging up on its own', () => {
		expect(explainReply(reply(221, 'Bye', '2.0.0'), {verb: 'QUIT'})).toMatch(/^goodbye: the server is closing the connection/);
		expect(explainReply(reply(221, 'Error: I can break rules, too. Goodbye.', '2.7.0'), {verb: 'RAW'})).toBe(
			'goodbye, though no QUIT was sent: the server ends the session on its own, in answer to the line before, and closes the connection',
		);
	});
});
