// The corpus of real servers' replies (test/fixtures/interop/), each session played from a raw server on 127.0.0.1
// against the built CLI, `send`, `check` and `talk`: the step that fails, the exit code, the explanation under the
// reply, the summary, and nothing read from the reply that it does not say.
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {testCerts, type TestCerts} from '../helpers/certs.js';
import {loadFixture, playFixture} from '../helpers/interop-fixture.js';
import {runCli} from '../helpers/run-cli.js';

const folder = path.resolve(import.meta.dirname, '../fixtures/interop');
const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-interop-'));
const caFile = path.join(dir, 'ca.pem');
let certs: TestCerts;
beforeAll(async () => {
	certs = await testCerts();
	writeFileSync(caFile, certs.ca);
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/**
 * `send` against one session: with the test CA where the session starts TLS, else --no-starttls; a login where the
 * server is asked for one (`flags` add to or override these).
 */
async function send(file: string, session: string, flags: string[] = []) {
	const steps = loadFixture(file).get(session)!;
	const server = await playFixture(file, session, certs.server);
	const tls = steps.some(step => 'starttls' in step) ? ['--ca', caFile] : ['--no-starttls'];
	const login = steps.some(step => 'client' in step && step.client.startsWith('AUTH')) ? ['--user', 'me', '--password', 'secret'] : [];
	try {
		const base = ['send', '--host', '127.0.0.1', '--port', String(server.port), '--from', 'me@example.test', '--to', 'you@example.org', '--helo', 'client.example.test', '--timeout', '10'];
		const result = await runCli([...base, ...tls, ...login, ...flags]);
		return {...result, out: result.stdout + result.stderr, played: server.played, scriptErrors: server.scriptErrors};
	} finally {
		await server.close();
	}
}

/** The `    # ` explanation lines of a transcript. */
const explanations = (out: string) => out.split('\n').filter(line => line.startsWith('    # ')).map(line => line.slice(6));

type Case = {file: string; session: string; exit: number; flags?: string[]; shows?: string[]; hides?: string[]};

const DELIVERED: Case[] = [
	['postfix.txt', 'delivered'],
	['exim.txt', 'delivered, with a multi-line banner'],
	['opensmtpd.txt', 'delivered'],
	['qmail.txt', 'delivered'],
	['sendmail.txt', 'delivered'],
	['exchange.txt', 'delivered, Exchange 2003'],
	['gmail.txt', 'delivered after login'],
	['mailgun.txt', 'delivered'],
	['haraka.txt', 'delivered'],
	['mailpit.txt', 'delivered'],
	['mailhog.txt', 'delivered after login'],
	['smtp4dev.txt', 'delivered after login'],
	['ses.txt', 'delivered'],
].map(([file, session]) => ({file: file!, session: session!, exit: 0, shows: ['# 250: accepted: the server took responsibility for the message']}));
// The mechanism picked from each server's AUTH list, in whichever syntax it wrote it.
const MECHANISMS: Record<string, string> = {'exchange.txt': 'LOGIN', 'gmail.txt': 'PLAIN', 'mailgun.txt': 'PLAIN', 'mailhog.txt': 'CRAM-MD5', 'smtp4dev.txt': 'CRAM-MD5', 'ses.txt': 'PLAIN'};
for (const entry of DELIVERED) {
	const mechanism = MECHANISMS[entry.file];
	if (mechanism) entry.shows!.push(`=== logging in as me (${mechanism})`);
}

const REFUSED: Case[] = [
	{
		file: 'postfix.txt',
		session: 'unknown user',
		exit: 24,
		shows: ['# 550: mailbox unavailable, or refused by policy; 5.1.1 permanent failure, address: bad destination mailbox address: no such user here'],
	},
	{
		file: 'postfix.txt',
		session: 'submission without TLS',
		exit: 23,
		shows: ['# 530: the server wants TLS first: connect with STARTTLS', '*** failed (mail): the server takes mail only over TLS: 530 5.7.0 Must issue a STARTTLS command first; connect with STARTTLS (drop --no-starttls;'],
	},
	{file: 'exim.txt', session: 'wrong password', exit: 28, shows: ['=== logging in as me (PLAIN)', '# 535: authentication failed: wrong user name or password', '*** failed (auth): authentication failed: 535 Incorrect authentication data']},
	{
		file: 'exim.txt',
		session: 'unknown user',
		exit: 24,
		shows: ['# 550: no such recipient here: the server finds no route for this address', '*** failed (rcpt): no recipient was accepted: you@example.org (550 Unrouteable address)'],
	},
	{file: 'opensmtpd.txt', session: 'invalid recipient', exit: 24, shows: ['(550 Invalid recipient: <nobody@example.org>)']},
	{
		file: 'qmail.txt',
		session: 'relay refused',
		exit: 24,
		// qmail's EHLO offers no AUTH: no "log in".
		shows: ['# 553: relaying is not allowed for you, and the server offers no login: use a server that relays for you, or send only to domains this server receives mail for (a retry changes nothing)'],
	},
	{file: 'sendmail.txt', session: 'relaying denied', exit: 24, shows: ['# 550: relaying is not allowed for you']},
	{file: 'haraka.txt', session: 'relay refused', exit: 24, shows: ['# 550: relaying is not allowed for you']},
	{
		file: 'exchange.txt',
		session: 'anonymous mail on the client connector',
		exit: 23,
		shows: ['# 530: the server takes mail only from a logged-in client: log in first (--user; in the dashboard, User and Password)', '*** failed (mail): the server takes mail only after a login: 530 5.7.57 Client not authenticated to send mail; give a user and password'],
		// Its enhanced code is in no registry: the words say what it is.
		hides: ['not a registered code', 'the sender was refused'],
	},
	{
		file: 'office365.txt',
		session: 'SMTP AUTH disabled for the tenant',
		exit: 28,
		shows: ['# 535: SMTP AUTH (logging in to send) is turned off for this mailbox or the whole tenant', 'https://aka.ms/smtp_auth_disabled for more information.', '*** failed (auth): login refused: SMTP AUTH is turned off'],
	},
	{
		file: 'office365.txt',
		session: 'basic authentication disabled',
		exit: 28,
		shows: [
			'# 535: logins with a password (basic authentication) are turned off here, whatever the password: log in with OAuth (XOAUTH2), or an administrator must allow basic authentication for SMTP',
			'*** failed (auth): login refused: logins with a password (basic authentication) are turned off here (not a wrong password): 535 5.7.139',
		],
		hides: ['wrong user name or password'],
	},
	{
		file: 'office365.txt',
		session: 'conditional access',
		exit: 28,
		shows: ["# 535: the server's sign-in policy refused this login, whatever the password (it did not meet the criteria, the reply says): ask its administrator", "*** failed (auth): login refused: the server's sign-in policy refused this login (not a wrong password)"],
		hides: ['wrong user name or password'],
	},
	{
		file: 'office365.txt',
		session: 'sender thread limit exceeded',
		exit: 26,
		flags: ['--json'],
		// A 432 that is no password transition (4.3.2, not 4.7.12): a limit that a wait clears.
		shows: ['"explanation":"a sending limit was reached (a rate, a quota or messages at once', '"temporary":true'],
		hides: ['password transition', '--auth PLAIN'],
	},
	{file: 'office365.txt', session: 'wrong password', exit: 28, shows: ['# 535: authentication failed: wrong user name or password', '*** failed (auth): authentication failed: 535 5.7.139 Authentication unsuccessful, the user credentials were incorrect.']},
	{
		file: 'gmail.txt',
		session: 'STARTTLS first',
		exit: 23,
		shows: [
			'<** 530-5.7.0 Must issue a STARTTLS command first. For more information, go to',
			'<** 530 5.7.0  https://support.google.com/a/answer/3221692 a1sm123456wrb.1 - gsmtp',
			'# 530: the server wants TLS first: connect with STARTTLS, or with TLS from the first byte (port 465)',
			'*** failed (mail): the server takes mail only over TLS: 530 5.7.0 Must issue a STARTTLS command first. For more information, go to  https://support.google.com/a/answer/3221692 a1sm123456wrb.1 - gsmtp; connect with STARTTLS (drop --no-starttls;',
		],
	},
	{
		file: 'gmail.txt',
		session: 'username and password not accepted',
		exit: 28,
		shows: [
			// AUTH's mechanisms from Gmail's list, after TLS: PLAIN, the first one smtp-tui prefers of them.
			'=== logging in as me (PLAIN)',
			'# 535: authentication failed: wrong user name or password; 5.7.8 permanent failure, security or policy: authentication credentials invalid',
			'https://support.google.com/mail/?p=BadCredentials t66sm6271302pjb.45 - gsmtp',
		],
		// No app password where the reply asks for none.
		hides: ['app password', '2-step'],
	},
	{
		file: 'gmail.txt',
		session: 'application-specific password required',
		exit: 28,
		// Here the reply asks for one: the app password, not another mechanism (5.7.9's registry words).
		shows: ["# 534: the account uses 2-step verification, so its normal password is refused here: log in with an app password", 'https://support.google.com/mail/?p=InvalidSecondFactor'],
		hides: ['mechanism too weak'],
	},
	{
		file: 'gmail.txt',
		session: 'unknown user at the MX',
		exit: 24,
		shows: [
			'# 550: mailbox unavailable, or refused by policy; 5.1.1 permanent failure, address: bad destination mailbox address: no such user here',
			"(550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to  https://support.google.com/mail/?p=NoSuchUser a1si123456wrb.12 - gsmtp)",
		],
	},
	{file: 'gmail.txt', session: 'try again later', exit: 22, shows: ['# 421: service not available: the server is closing the connection (can come at any time); temporary, try again later', '*** failed (ehlo): the server is closing the session: 421 4.7.0 Try again later, closing connection. (EHLO)  For more information, go to https://support.google.com/a/answer/3221692']},
	{
		file: 'ses.txt',
		session: 'identity not verified',
		exit: 26,
		shows: ["# 554: an address of this message is not verified with this sending service (its words say so): the sender or From address, or, while an Amazon SES account is in its sandbox, also a recipient (SES's reply names which, and the region); verify that address or its domain with the service, or use one that is"],
		hides: ['for its content'],
	},
	{
		// The sandbox's refusal of a recipient, in the same words: the advice must not send the user to verify the sender.
		file: 'ses.txt',
		session: 'recipient not verified, in the sandbox',
		exit: 26,
		shows: ['also a recipient', 'failed the check in region US-EAST-1: you@example.org'],
		hides: ['for its content'],
	},
	{
		file: 'ses.txt',
		session: 'throttling',
		exit: 23,
		shows: [
			'# 454: a sending limit was reached (a rate, a quota or messages at once, of the server or the account, as its words say), not a fault of this message: temporary; send again later, or more slowly',
			'*** failed (mail): the server did not take MAIL for now (a sending limit: a rate or a quota), not for the sender: try again later: 454 Throttling failure: Maximum sending rate exceeded.',
		],
		hides: ['TLS or authentication temporarily unavailable'],
	},
	{file: 'ses.txt', session: 'wrong credentials', exit: 28, shows: ['*** failed (auth): authentication failed: 535 Authentication Credentials Invalid']},
	{
		file: 'sendgrid.txt',
		session: 'from address not verified',
		exit: 26,
		// AUTH from both of its lines, "AUTH PLAIN LOGIN" and "AUTH=PLAIN LOGIN".
		shows: ['=== logging in as me (PLAIN)', '# 550: an address of this message is not verified with this sending service (its words say so): the sender or From address', 'Visit https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity requirements'],
	},
	{file: 'sendgrid.txt', session: 'bad username or password', exit: 28, shows: ['*** failed (auth): authentication failed: 535 Authentication failed: Bad username / password']},
	{file: 'mailgun.txt', session: 'authentication failed', exit: 28, shows: ['# 535: authentication failed: wrong user name or password']},
	{
		file: 'dovecot-lmtp.txt',
		session: 'one saved, one over quota',
		exit: 24,
		flags: ['--lmtp', '--to', 'you@example.org,full@example.org'],
		shows: ['5.2.2 permanent failure, mailbox: mailbox full', '1 recipient refused (full@example.org: 552 after the message)'],
	},
	{file: 'dovecot-lmtp.txt', session: 'unknown user', exit: 24, flags: ['--lmtp'], shows: ["(550 5.1.1 <nobody@example.org> User doesn't exist: nobody@example.org)"]},
	// Recorded live from the servers themselves (Debian 12's packages), each file's comment says how they were set up.
	{
		file: 'postfix.txt',
		session: "postscreen's first contact, recorded live",
		exit: 24,
		shows: [
			"# 450: Postfix's postscreen turns away a new client's first session after its protocol tests, not the recipient: connect again now and the next session goes through",
			"*** failed (rcpt): Postfix's postscreen turns away a new client's first session after its protocol tests, not the recipient: connect again now and the next session goes through: you@example.org (450 4.3.2 Service currently unavailable)",
		],
		hides: ['system not accepting network messages', 'busy, or greylisting'],
	},
	{
		file: 'exim.txt',
		session: 'one refused, one delivered, recorded live',
		exit: 0,
		flags: ['--to', 'someone@example.org', '--allow-partial'],
		shows: ['# 550: mailbox unavailable, or refused by policy', '=== sent to the accepted recipients only; 1 recipient refused (you@example.org: 550)'],
	},
	// The same 550 for a user it does not know and a domain it does not relay to: each quoted whole.
	{file: 'opensmtpd.txt', session: 'unknown user and relay, recorded live', exit: 24, flags: ['--to', 'someone@elsewhere.test'], shows: ['no recipient was accepted: you@example.org (550 Invalid recipient: <you@example.org>), someone@elsewhere.test (550 Invalid recipient: <someone@elsewhere.test>)']},
	{
		file: 'dovecot-lmtp.txt',
		session: 'one saved, one failing, one unknown, recorded live',
		exit: 24,
		flags: ['--lmtp', '--to', 'bob@example.org,nobody@example.org'],
		shows: ['# 451: LMTP, the reply for bob@example.org alone', '1 deferred (bob@example.org: 451 after the message)'],
	},
];

describe('send against the corpus', () => {
	it.each([...DELIVERED, ...REFUSED].map(entry => [`${entry.file}: ${entry.session}`, entry] as const))('%s', async (_name, entry) => {
		const {code, out, played, scriptErrors} = await send(entry.file, entry.session, entry.flags);
		// The whole session was played, command by command, as the server expects.
		expect(played.mismatch).toBeUndefined();
		expect(scriptErrors).toEqual([]);
		expect(played.finished).toBe(true);
		expect(code, out).toBe(entry.exit);
		for (const text of entry.shows ?? []) expect(out).toContain(text);
		for (const text of entry.hides ?? []) expect(out).not.toContain(text);
		// Every reply is explained, and never as a bare class where the code is known.
		expect(explanations(out).every(line => /^\d{3}: \S/.test(line))).toBe(true);
	});

	it("Exchange's AUTH list without LOGIN: --auth LOGIN is refused before it is sent, naming what the server offers", async () => {
		const {code, out, played} = await send('exchange.txt', 'AUTH LOGIN where only GSSAPI and NTLM are offered', ['--auth', 'LOGIN']);
		expect(code).toBe(28);
		expect(out).toContain('*** failed (auth): AUTH LOGIN is not usable here: the server offers GSSAPI, NTLM');
		expect(played.commands).toEqual(['EHLO client.example.test', 'QUIT']);
	});
});

describe('send --json: the queue id, where the reply names one in a known form', () => {
	it.each([
		['postfix.txt', 'delivered', '4Q1XyZ2abcz3'],
		['exim.txt', 'delivered, with a multi-line banner', '1t2AbC-000Xyz-4d'],
		['opensmtpd.txt', 'delivered', '5a1f3c2b'],
		['sendmail.txt', 'delivered', '4B6JpQ1x012345'],
		['haraka.txt', 'delivered', '4C7E1A2B-3D4E-4F50-8A6B-7C8D9E0F1A2B.1.1'],
		['qmail.txt', 'delivered', '12345'],
		['mailhog.txt', 'delivered after login', '5C7Xj1a2B3c4D5e6F7g8H9i0=@mailhog.example'],
		['ses.txt', 'delivered', '0100018c3f2a1b2c-4e5f6a7b-8c9d-0e1f-2a3b-4c5d6e7f8a9b-000000'],
		['gmail.txt', 'delivered after login', undefined],
		['mailgun.txt', 'delivered', undefined],
	])('%s: %s', async (file, session, queueId) => {
		const {code, stdout} = await send(file, session, ['--json']);
		expect(code).toBe(0);
		const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {queueId?: string};
		expect(result.queueId).toBe(queueId);
	});
});

/** `talk` against one session, typing `lines` (QUIT follows them): the output once the session was played whole. */
async function talk(file: string, session: string, lines: string[]) {
	const server = await playFixture(file, session);
	try {
		const result = await runCli(['talk', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls'], {input: [...lines, 'QUIT', ''].join('\n')});
		expect(server.played.finished).toBe(true);
		return result;
	} finally {
		await server.close();
	}
}

describe('talk: the same replies, typed', () => {
	it("Exchange's 504 5.7.4 to AUTH LOGIN is the mechanism, not the password", async () => {
		const {stdout} = await talk('exchange.txt', 'AUTH LOGIN where only GSSAPI and NTLM are offered', ['EHLO client.example.test', 'AUTH LOGIN']);
		expect(stdout).toContain('# 504: the server does not take this login mechanism (an unrecognized authentication type): use one its EHLO reply lists after AUTH\n');
		expect(stdout).toContain('*** login refused: the server does not take this login mechanism (not a wrong password): log in with another it offers: 504 5.7.4 Unrecognized authentication type');
		expect(stdout).not.toContain('wrong user name or password');
		expect(stdout).not.toContain('authentication failed');
	});

	it("Postfix's 421 \"too many errors\" after the third refused line is its error limit, not an idle timeout", async () => {
		const {code, stdout} = await talk('postfix.txt', 'too many errors, typed', ['EHLO client.example.test', 'FOO', 'BAR', 'RCPT TO:<a@example.org>']);
		expect(code).toBe(6);
		expect(stdout).toContain("# 421: the server ends the session after too many refused commands from this client (its error limit: Postfix's smtpd_hard_error_limit, Exim's smtp_max_synprot_errors or smtp_max_unknown_commands); fix what was refused above\n");
		expect(stdout).not.toContain('an idle timeout, or it is shutting down');
	});

	it("OpenSMTPD's 503 \"Already identified\" to EHLO after HELO: a second greeting refused, not one missing", async () => {
		const {code, stdout} = await talk('opensmtpd.txt', 'a second greeting, typed', ['HELO client.example.test', 'EHLO client.example.test', 'MAIL FROM:<me@example.test>']);
		expect(code).toBe(0);
		expect(stdout).toContain('# 503: bad sequence of commands: EHLO/HELO was given already, and this server takes no second one: go on with MAIL FROM, or connect again to greet anew;');
	});

	it("OpenSMTPD's 503 that names no cause is read by the session: a second MAIL in a transaction, a DATA with none open", async () => {
		const {stdout} = await talk('opensmtpd.txt', 'commands out of place, typed', ['EHLO client.example.test', 'MAIL FROM:<me@example.test>', 'MAIL FROM:<me@example.test>', 'RSET', 'DATA']);
		const readings = explanations(stdout).filter(line => line.startsWith('503: '));
		expect(readings).toEqual([
			'503: bad sequence of commands: a transaction is already open (finish it, or RSET); 5.5.1 permanent failure, mail delivery protocol: invalid command',
			'503: bad sequence of commands: MAIL FROM must come first; 5.5.1 permanent failure, mail delivery protocol: invalid command',
		]);
	});

	it("Exim's \"500 Too many unrecognized commands\" ends the session: said under the reply, before the connection closes", async () => {
		const {stdout} = await talk('exim.txt', 'too many unrecognized commands, typed', ['EHLO client.example.test', 'FOO', 'BAR', 'BAZ', 'QUX']);
		expect(stdout).toContain('<** 500 Too many unrecognized commands\n    # 500: the server ends the session after too many refused commands from this client (its error limit:');
	});

	// Recorded live: RFC 1985's ETRN codes and Exim's "Administrative prohibition" read as "try again later" or as a
	// mailbox by their class alone.
	it("Exim's \"Administrative prohibition\" to EXPN and ETRN: turned off by its configuration, no mailbox, no wait", async () => {
		const {stdout} = await talk('exim.txt', 'EXPN and ETRN turned off, typed, recorded live', ['EHLO client.example.test', 'EXPN staff', 'ETRN interop.test']);
		expect(stdout).toContain("<** 550 Administrative prohibition\n    # 550: the server's configuration does not allow EXPN (Exim's words when no ACL permits it); the command itself is right\n");
		expect(stdout).toContain("<** 458 Administrative prohibition\n    # 458: the server's configuration does not allow ETRN (Exim's words when no ACL permits it); the command itself is right\n");
		expect(stdout).not.toMatch(/mailbox unavailable|try again later/);
	});

	it("Postfix's 459 to ETRN: a domain it does not hold mail for, not a temporary failure", async () => {
		const {stdout} = await talk('postfix.txt', 'ETRN for a domain it does not flush, typed, recorded live', ['EHLO client.example.test', 'ETRN interop.test']);
		expect(stdout).toContain('<** 459 <interop.test>: service unavailable\n    # 459: ETRN refused: the server does not hold mail for this domain for you to flush (RFC 1985; Postfix: a domain outside fast_flush_domains)\n');
		expect(stdout).not.toContain('try again later');
	});
});

describe('check against the corpus', () => {
	async function check(file: string, session: string) {
		const server = await playFixture(file, session);
		try {
			const result = await runCli(['check', `127.0.0.1:${server.port}`, '--timeout', '10']);
			return {...result, played: server.played};
		} finally {
			await server.close();
		}
	}

	it("Exim's multi-line banner is shown on one line, and its EHLO reply read", async () => {
		const {code, stdout, played} = await check('exim.txt', 'greeting and EHLO');
		expect(code).toBe(0);
		expect(played.finished).toBe(true);
		expect(stdout).toContain('220 server.example.org ESMTP Exim 4.96 #2 Sun, 06 Dec 2026 19:51:26 +0000 We do not authorize the use of this system to transport unsolicited, and/or bulk e-mail.');
		expect(stdout).toContain('no STARTTLS');
	});

	it("Exchange 2003's EHLO reply (lower-case 8bitmime, AUTH=LOGIN, a last line 250 OK) is a good one", async () => {
		const {code, stdout, played} = await check('exchange.txt', 'greeting and EHLO, Exchange 2003');
		expect(code).toBe(0);
		expect(played.finished).toBe(true);
		expect(stdout).not.toContain('EHLO refused');
	});

	it("Gmail's 421 4.7.0 at EHLO: turned away for now, its enhanced code once, and no blame on the EHLO name", async () => {
		const {stdout} = await check('gmail.txt', 'try again later');
		expect(stdout).toContain('EHLO refused: 421 4.7.0 Try again later, closing connection. (EHLO)  For more information, go to https://support.google.com/a/answer/3221692');
		expect(stdout).not.toContain('(EHLO) 4.7.0');
		expect(stdout).toContain('the server closed the session at EHLO, turning it away for now (busy, or limiting connections from this address, as its words may say); try again later.');
		expect(stdout).not.toContain('EHLO name they dislike');
	});
});

describe('the corpus itself', () => {
	const files = readdirSync(folder).filter(file => file.endsWith('.txt'));

	it('holds at least 12 servers, each file naming its sources', () => {
		expect(files.length).toBeGreaterThanOrEqual(12);
		for (const file of files) expect(readFileSync(path.join(folder, file), 'utf8')).toMatch(/^# Sources?: /m);
	});

	it('every session is played by a test above', () => {
		const played = new Set([...DELIVERED, ...REFUSED].map(entry => `${entry.file}: ${entry.session}`));
		const others = ['exchange.txt: AUTH LOGIN where only GSSAPI and NTLM are offered', 'postfix.txt: too many errors, typed', 'exim.txt: too many unrecognized commands, typed', 'opensmtpd.txt: a second greeting, typed', 'opensmtpd.txt: commands out of place, typed', 'exim.txt: greeting and EHLO', 'exchange.txt: greeting and EHLO, Exchange 2003', 'exim.txt: EXPN and ETRN turned off, typed, recorded live', 'postfix.txt: ETRN for a domain it does not flush, typed, recorded live'];
		const sessions = files.flatMap(file => [...loadFixture(file).keys()].map(session => `${file}: ${session}`));
		expect(sessions.filter(session => !played.has(session) && !others.includes(session))).toEqual([]);
	});
});
