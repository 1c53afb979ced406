// What a tester found against servers smtp-tui had not met (aiosmtpd 1.4.3, Haraka 3.3.4, Dovecot 2.3 submission), in
// the pure engine: their replies, scripted as they send them, read as what they mean.
import {describe, expect, it} from 'vitest';
import {explainReply} from '../../source/smtp/codes.js';
import {parseCommandLine} from '../../source/smtp/command-line.js';
import {encodeCommand} from '../../source/smtp/commands.js';
import {SmtpSession} from '../../source/smtp/session.js';
import {SmtpInputError, type Reply} from '../../source/smtp/types.js';
import {basePlan, feed, ofType, rail, runPlan, wire} from './session-harness.js';

/** aiosmtpd's EHLO reply: with an authenticator and its default auth_require_tls, no TLS, it offers neither AUTH nor STARTTLS. */
const AIOSMTPD_EHLO = ['250-localhost', '250-SIZE 33554432', '250-8BITMIME', '250 HELP'];

function aiosmtpd(): SmtpSession {
	const session = new SmtpSession();
	session.connected();
	feed(session, wire('220 localhost Python SMTP 1.4.3'));
	session.command({verb: 'EHLO', domain: 'laptop.example.com'});
	feed(session, wire(...AIOSMTPD_EHLO));
	return session;
}

/** A line typed in manual mode and the server's answer: the warnings it got (it goes as typed all the same). */
function typeLine(session: SmtpSession, line: string, answer: string): string[] {
	const {encoded, events} = session.command(parseCommandLine(line), {typed: line});
	expect(encoded.bytes.toString()).toBe(`${line}\r\n`);
	feed(session, wire(answer));
	return ofType(events, 'warning').map(event => event.message);
}

const reply = (code: number, text: string, enhanced?: string): Reply => ({code, lines: [text], raw: [`${code} ${enhanced ? `${enhanced} ` : ''}${text}`], ...(enhanced && {enhanced})});

describe('MAIL FROM / RCPT TO typed without <>, as telnet tutorials type them', () => {
	it("are followed as the MAIL and RCPT they are: the server's 250 opens the transaction and adds the recipient", () => {
		const session = aiosmtpd();
		expect(typeLine(session, 'MAIL FROM:a@example.test', '250 OK')).toEqual([
			'try MAIL FROM:<a@example.test>: the address goes in angle brackets (RFC 5321); many servers take it without them, some answer 501',
		]);
		expect(session.state.transaction.from).toBe('a@example.test');
		expect(session.state.openTransaction).toBe(true);
		expect(typeLine(session, 'RCPT TO:you@example.test', '250 OK')).toHaveLength(1);
		expect(session.state.transaction.recipients).toEqual([expect.objectContaining({address: 'you@example.test', accepted: true})]);
		// No "DATA before MAIL": the server holds the transaction, and answers 354.
		expect(typeLine(session, 'DATA', '354 End data with <CR><LF>.<CR><LF>')).toEqual([]);
		expect(rail(session.state)).toContain('mail✔ rcpt✔ data✔ [message▶]');
	});

	it('the MAIL retyped with <> inside the open transaction is warned about, and its 503 fails no step', () => {
		const session = aiosmtpd();
		typeLine(session, 'MAIL FROM:a@example.test', '250 OK');
		expect(typeLine(session, 'MAIL FROM:<a@example.test>', '503 Error: nested MAIL command')).toEqual(['MAIL inside a mail transaction (RSET ends it): the server will likely answer 503']);
		expect(rail(session.state)).toContain('mail✔ [rcpt·]');
		expect(session.state.transaction.from).toBe('a@example.test');
	});

	it('nothing unsafe changes: a line break is still refused, and the engine itself still sends <>', () => {
		const session = aiosmtpd();
		const line = 'MAIL FROM:a@example.test\rRSET';
		expect(() => session.command(parseCommandLine(line), {typed: line})).toThrow(SmtpInputError);
		expect(encodeCommand({verb: 'MAIL', from: 'a@example.test'}).display).toBe('MAIL FROM:<a@example.test>');
		expect(encodeCommand({verb: 'RCPT', to: 'you@example.test'}).display).toBe('RCPT TO:<you@example.test>');
	});
});

describe('a demand for TLS from a server that offers no STARTTLS (aiosmtpd: 538 to AUTH, no TLS)', () => {
	const encryption = reply(538, 'Encryption required for requested authentication mechanism', '5.7.11');

	it('is not answered "type STARTTLS", which the server does not offer', () => {
		const notOffered = 'the server wants TLS first but offers no STARTTLS (stripped on the way, or set up wrong): connect with TLS from the first byte (port 465), or ask its administrator';
		expect(explainReply(encryption, {verb: 'AUTH', typed: true, starttlsOffered: false})).toBe(notOffered);
		expect(explainReply(encryption, {verb: 'AUTH', starttlsOffered: false})).toBe(notOffered);
		expect(explainReply(encryption, {verb: 'AUTH', typed: true, starttlsOffered: true})).toBe('the server wants TLS first: type STARTTLS (then EHLO again)');
		expect(explainReply(encryption, {verb: 'AUTH', starttlsOffered: true})).toBe('the server wants TLS first: connect with STARTTLS, or with TLS from the first byte (port 465)');
		// Over TLS no STARTTLS is offered: that is no advice to connect with TLS.
		expect(explainReply(encryption, {verb: 'AUTH', secure: true, starttlsOffered: false})).not.toBe(notOffered);
	});

	it('send --user: credentials for a server that offers neither AUTH nor STARTTLS say that TLS from the first byte may take them', () => {
		const run = runPlan({...basePlan, tls: 'auto', auth: {user: 'demo', password: 'demo'}, allowPlaintextAuth: true}, [
			{server: ['220 localhost Python SMTP 1.4.3']},
			{client: 'EHLO client.test', server: AIOSMTPD_EHLO},
		]);
		expect(run.action).toEqual({
			type: 'fail',
			stage: 'auth',
			message:
				'credentials were given but the server does not offer AUTH, nor STARTTLS, after which many servers offer it: try TLS from the first byte (--tls, port 465; in the dashboard, security TLS), or ask which port takes logins',
			kind: 'login-impossible',
		});
	});
});

describe("Haraka's relay refusal", () => {
	const relay = reply(550, 'I cannot deliver mail for <x@other.test>');

	it('reads as a relay refusal, not a bad mailbox; a 550 without those words (Exim\'s unknown user) does not', () => {
		expect(explainReply(relay, {verb: 'RCPT'})).toBe('relaying is not allowed for you: log in, or send only to domains this server receives mail for (a retry changes nothing)');
		expect(explainReply(reply(550, 'Unrouteable address'), {verb: 'RCPT'})).toBe(
			'no such recipient here: the server finds no route for this address (an unknown user, or a domain it does not take); check the address',
		);
		// Its sender verification lists the same words: the sender's, not the recipient's.
		const verify: Reply = {code: 550, lines: ['Verification failed for <me@nonexistent.example>', 'Unrouteable address', 'Sender verify failed'], raw: []};
		expect(explainReply(verify, {verb: 'RCPT'})).toMatch(/^this refuses the sender/);
	});

	it('send: the summary says that the server offers AUTH and may take it after a login', () => {
		const run = runPlan({...basePlan, recipients: ['x@other.test']}, [
			{server: ['220 haraka.test ESMTP Haraka 3.3.4 ready']},
			{client: 'EHLO client.test', server: ['250-haraka.test Hello client.test', '250-PIPELINING', '250-8BITMIME', '250 AUTH PLAIN LOGIN']},
			{client: 'MAIL FROM:<alice@example.test>', server: ['250 sender <alice@example.test> OK']},
			{client: 'RCPT TO:<x@other.test>', server: ['550 I cannot deliver mail for <x@other.test>']},
		]);
		expect(run.action).toMatchObject({
			type: 'fail',
			stage: 'rcpt',
			message: 'no recipient was accepted: x@other.test (550 I cannot deliver mail for <x@other.test>); DATA is not sent; the server offers AUTH and may accept this only after a login (give a user and password)',
		});
	});
});

describe('Dovecot submission: a reply that ends with a period, quoted mid-sentence', () => {
	it('loses its period before the advice that follows it', () => {
		const run = runPlan(basePlan, [
			{server: ['220 dovecot.test Dovecot ready.']},
			{client: 'EHLO client.test', server: ['250-dovecot.test', '250-8BITMIME', '250 AUTH PLAIN']},
			{client: 'MAIL FROM:<alice@example.test>', server: ['530 5.7.0 Authentication required.']},
		]);
		expect(run.action).toMatchObject({message: 'the server takes mail only after a login: 530 5.7.0 Authentication required; give a user and password'});
	});
});
