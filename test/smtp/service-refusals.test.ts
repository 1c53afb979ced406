// Refusals of sending services and submission servers (Amazon SES, SendGrid, Exchange, Microsoft 365), read from
// their words in the pure engine: what the code alone would misread (454 as TLS, 554 as the content, 5.7.57 and
// 5.7.139 as no registered code), and what words that say nothing of the kind are not read as.
import {Buffer} from 'node:buffer';
import {describe, expect, it} from 'vitest';
import {explainReply, waitingHelps} from '../../source/smtp/codes.js';
import {loginRefusalKind} from '../../source/smtp/refusal-kind.js';
import {loginFailure, mailFailure, passwordTransition} from '../../source/smtp/refusal-texts.js';
import {parseReplies} from '../../source/smtp/reply-parser.js';
import type {Reply} from '../../source/smtp/types.js';

const real = (...lines: string[]): Reply => parseReplies(Buffer.from(lines.map(line => `${line}\r\n`).join('')))[0]!;
const secure = {secure: true, starttlsOffered: false};

describe('a sending limit (Amazon SES: "454 Throttling failure")', () => {
	const throttled = real('454 Throttling failure: Maximum sending rate exceeded.');

	it('is a limit reached, for now, at MAIL and after the message: not TLS or a login unavailable', () => {
		for (const verb of ['MAIL', '.']) {
			const text = explainReply(throttled, {verb});
			expect(text).toBe('a sending limit was reached (a rate, a quota or messages at once, of the server or the account, as its words say), not a fault of this message: temporary; send again later, or more slowly');
		}
		expect(mailFailure(throttled, 'mail-deferred')).toBe('the server did not take MAIL for now (a sending limit: a rate or a quota), not for the sender: try again later');
		expect(explainReply(real('454 Throttling failure: Daily message quota exceeded.'), {verb: 'MAIL'})).toMatch(/^a sending limit was reached/);
	});

	it('is not read into a 454 without such words, nor into a 5xx', () => {
		expect(explainReply(real('454 4.7.0 TLS not available due to local problem'), {verb: 'STARTTLS'})).not.toMatch(/sending limit/);
		expect(explainReply(real('554 5.7.1 Daily message quota exceeded, account suspended'), {verb: 'MAIL'})).not.toMatch(/sending limit/);
	});

	it("is not read into a recipient's full mailbox, which says \"quota exceeded\" too: that is the mailbox's, as its code says", () => {
		for (const reply of [real('452 4.2.2 Mailbox quota exceeded'), real('452 4.2.2 <bob@example.test> Quota exceeded (mailbox for user is full)'), real('452 Quota exceeded (mailbox for user is full)')]) {
			for (const verb of ['RCPT', '.']) {
				const text = explainReply(reply, {verb});
				expect(text).not.toMatch(/sending limit/);
			}
		}
		expect(explainReply(real('452 4.2.2 Mailbox quota exceeded'), {verb: 'RCPT'})).toMatch(/mailbox full/);
	});
});

describe('an address not verified with the service', () => {
	it("SES's 554 and SendGrid's 550 after the message name an address's verification, not the content; a recipient in SES's sandbox too", () => {
		const ses = real('554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: me@example.test');
		const sendgrid = real('550 The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved.');
		for (const reply of [ses, sendgrid]) {
			expect(explainReply(reply, {verb: '.'})).toBe("an address of this message is not verified with this sending service (its words say so): the sender or From address, or, while an Amazon SES account is in its sandbox, also a recipient (SES's reply names which, and the region); verify that address or its domain with the service, or use one that is");
		}
	});

	it("is not read into Exim's sender verification, nor a recipient that could not be verified for now", () => {
		expect(explainReply(real('550 Sender verify failed'), {verb: 'RCPT'})).not.toMatch(/verified with this sending service/);
		// Postfix's reject_unverified_recipient: the recipient, probed.
		for (const code of ['450 4.1.1', '550 5.1.1']) {
			expect(explainReply(real(`${code} <a@example.org>: Recipient address rejected: unverified address: connect timed out`), {verb: 'RCPT'})).not.toMatch(/verified with this sending service/);
		}
	});
});

describe('mail only after a login (a 530 that asks for one)', () => {
	it("Exchange's 530 5.7.57 says to log in, not that 5.7.57 is no registered code", () => {
		const reply = real('530 5.7.57 Client not authenticated to send mail');
		expect(explainReply(reply, {verb: 'MAIL'})).toBe('the server takes mail only from a logged-in client: log in first (--user; in the dashboard, User and Password)');
		expect(explainReply(reply, {verb: 'MAIL', typed: true})).toBe('the server takes mail only from a logged-in client: type AUTH LOGIN (or AUTH PLAIN) first');
		expect(explainReply(real('530 5.7.0 Authentication Required'), {verb: 'MAIL'})).toMatch(/^the server takes mail only from a logged-in client/);
	});

	it('a 530 that names STARTTLS stays "TLS first"', () => {
		expect(explainReply(real('530 5.7.0 Must issue a STARTTLS command first'), {verb: 'MAIL', starttlsOffered: true})).toMatch(/^the server wants TLS first/);
	});
});

describe("Microsoft 365's 535 5.7.139 by its words", () => {
	const unsuccessful = (words: string) => real(`535 5.7.139 Authentication unsuccessful, ${words} [SN4PR0501CA0123.namprd05.prod.outlook.com 2026-12-06T19:51:26.000Z 08DD1234ABCD5678]`);

	it('basic authentication disabled: a password login is off here, OAuth or an administrator', () => {
		const reply = unsuccessful('basic authentication is disabled.');
		expect(explainReply(reply, {verb: 'AUTH-RESPONSE', mechanism: 'LOGIN', secure: true})).toBe(
			'logins with a password (basic authentication) are turned off here, whatever the password: log in with OAuth (XOAUTH2), or an administrator must allow basic authentication for SMTP',
		);
		expect(loginRefusalKind(reply, 'LOGIN', secure)).toBe('login-disabled');
		expect(loginFailure(reply, {mechanism: 'LOGIN', secure: true}, 'login-disabled')).toBe('login refused: logins with a password (basic authentication) are turned off here (not a wrong password)');
	});

	it('conditional access: a sign-in policy, for the administrator', () => {
		const reply = unsuccessful('the request did not meet the criteria to be authenticated successfully. Contact your administrator.');
		expect(explainReply(reply, {verb: 'AUTH-RESPONSE', mechanism: 'LOGIN', secure: true})).toBe("the server's sign-in policy refused this login, whatever the password (it did not meet the criteria, the reply says): ask its administrator");
		expect(loginRefusalKind(reply, 'LOGIN', secure)).toBe('login-disabled');
	});

	it('credentials incorrect: a wrong user name or password, as its words say', () => {
		const reply = unsuccessful('the user credentials were incorrect.');
		expect(explainReply(reply, {verb: 'AUTH-RESPONSE', mechanism: 'LOGIN', secure: true})).toMatch(/^authentication failed: wrong user name or password/);
		expect(loginRefusalKind(reply, 'LOGIN', secure)).toBe('login-refused');
	});
});

describe('a 504 to AUTH (RFC 4954: "Unrecognized authentication type")', () => {
	it('refuses the mechanism in the summary too, not the password', () => {
		const reply = real('504 5.7.4 Unrecognized authentication type');
		expect(loginFailure(reply, {mechanism: 'LOGIN', secure: false}, loginRefusalKind(reply, 'LOGIN', {secure: false, starttlsOffered: false}))).toBe(
			'login refused: the server does not take this login mechanism (not a wrong password): log in with another it offers',
		);
	});
});

describe("Microsoft 365's 432 4.3.2 (sender thread limit exceeded) is no password transition", () => {
	it('is a limit that a wait clears, after the message; RFC 4954\'s 432 4.7.12, or a bare 432, stays a transition', () => {
		const threads = real('432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname=BN0PR04MB1234.namprd04.prod.outlook.com]');
		expect(passwordTransition(threads)).toBe(false);
		expect(waitingHelps(threads)).toBe(true);
		expect(explainReply(threads, {verb: '.'})).toMatch(/^a sending limit was reached/);
		for (const transition of [real('432 4.7.12 A password transition is needed'), real('432 A password transition is needed')]) {
			expect(passwordTransition(transition)).toBe(true);
			expect(waitingHelps(transition)).toBe(false);
		}
	});
});
