// The presenter's "next:" line after failures that the same Ctrl+S would repeat, with the failure made for real: the
// driver runs against a server on loopback that fails that way, and the line is read from the snapshot it publishes.
// No message text is copied here, so rewording a failure cannot break its hint unnoticed.
import {generate} from 'selfsigned';
import {describe, expect, it} from 'vitest';
import type {DriverOptions} from '../../source/session/driver-options.js';
import type {Step} from '../../source/smtp/types.js';
import {nextLine} from '../../source/ui/components/next-step.js';
import {sendStatus} from '../../source/ui/result-status.js';
import {failedCaption} from '../../source/ui/components/step-rail.js';
import {caExtensions, leafExtensions, signed, testCerts} from '../helpers/certs.js';
import {greetAndEhlo, greetUpToData, type RawPeer} from '../helpers/raw-server.js';
import {driverHarness, shortMessage} from '../session/driver-harness.js';
import {tlsGreeter} from '../transport/probe-servers.js';
import {dashboardProps} from './dashboard-fixtures.js';
import {afterTest} from './wired-app.js';

const {smtp, raw, driverFor} = driverHarness();

/**
 * The presenter's line once a run of the driver against `port` has ended (the dashboard keeps the session open);
 * `closed`: once the connection the driver dropped has closed too.
 */
async function nextAfterRun(port: number, options: Partial<DriverOptions>, closed = false): Promise<string> {
	const driver = driverFor(port, options);
	await driver.run(shortMessage, {keepOpen: true});
	if (closed) {
		await new Promise<void>(resolve => {
			const check = () => driver.getSnapshot().connection === 'closed' && resolve();
			driver.subscribe(check);
			check();
		});
	}
	return nextLine(dashboardProps({presenter: true, snapshot: driver.getSnapshot()}));
}

/**
 * What a run against `port` ends with: the presenter's line, the footer, the caption of `step` (failed), the
 * failure's summary, and the log's reading of the refusal.
 */
async function afterRun(port: number, options: Partial<DriverOptions>, step: Step) {
	const driver = driverFor(port, options);
	const result = await driver.run(shortMessage, {keepOpen: true});
	const snapshot = driver.getSnapshot();
	const failed = snapshot.steps.find(state => state.step === step)!;
	return {
		next: nextLine(dashboardProps({presenter: true, snapshot})),
		footer: sendStatus(result, snapshot),
		caption: failedCaption(failed, snapshot.result?.kind),
		failure: snapshot.result?.message,
		explanation: snapshot.log.find(entry => entry.reply && entry.reply.code >= 400)?.explanation,
	};
}

/** A server that greets, answers EHLO with `extensions`, then answers the next command with `reply` (and QUIT with 221). */
const answering = (extensions: string[], reply?: string) =>
	raw(async (peer: RawPeer) => {
		await greetAndEhlo(peer, extensions);
		if (reply !== undefined) {
			await peer.readLine();
			peer.write(`${reply}\r\n`);
		}
		for (;;) if ((await peer.readLine()).startsWith('QUIT')) return peer.end('221 bye\r\n');
	});

/** A TLS-from-the-first-byte server with this certificate (and chain), for a refusal to connect to. */
const tlsServer = (identity: {key: string; cert: string}) => tlsGreeter(cleanup => afterTest(async () => void (await cleanup())), identity);

const login = {user: 'demo', password: 'demo'};

describe('the next line after a login that cannot succeed as set', () => {
	it('a refused password: User or Password in the panel', async () => {
		const server = await smtp({hideSTARTTLS: true});
		expect(await nextAfterRun(server.port, {auth: {user: 'demo', password: 'wrong'}})).toBe('next: the login was refused (see the log); fix User or Password in the connection panel, then Ctrl+S');
	});

	it('STARTTLS refused (454) and no login in clear: STARTTLS failed, and only --allow-plaintext-auth goes without it', async () => {
		const server = await answering(['STARTTLS', 'AUTH PLAIN'], '454 4.7.0 TLS not available');
		expect(await nextAfterRun(server.port, {tls: 'auto', auth: login, allowPlaintextAuth: false})).toBe(
			'next: STARTTLS failed (see the log): Ctrl+S tries again later; only --allow-plaintext-auth (at start) logs in without it',
		);
	});

	it('a login that would go in clear: TLS first', async () => {
		const server = await answering(['AUTH PLAIN']);
		expect(await nextAfterRun(server.port, {auth: login, allowPlaintextAuth: false})).toBe(
			'next: the login needs TLS: choose security STARTTLS or TLS in the connection panel, or start again with --allow-plaintext-auth',
		);
	});

	it('security none where AUTH comes only after STARTTLS: STARTTLS first', async () => {
		const server = await answering(['STARTTLS']);
		expect(await nextAfterRun(server.port, {auth: login})).toBe('next: the login needs STARTTLS first: choose security auto or STARTTLS in the connection panel (not none), then Ctrl+S');
	});

	it('no AUTH at all, or none smtp-tui knows: send without a login', async () => {
		const impossible = 'next: no login is possible here (see the log); clear User in the connection panel to send without one, then Ctrl+S';
		expect(await nextAfterRun((await answering(['8BITMIME'])).port, {auth: login})).toBe(impossible);
		expect(await nextAfterRun((await answering(['AUTH NTLM'])).port, {auth: login})).toBe(impossible);
	});

	it('the --auth mechanism is not offered: another --auth', async () => {
		const server = await answering(['AUTH PLAIN LOGIN']);
		expect(await nextAfterRun(server.port, {auth: {...login, mechanism: 'XOAUTH2'}})).toBe('next: the server does not offer the --auth mechanism; Ctrl+C quits, then start again with another --auth (or none)');
	});
});

describe('the next line after the greeting did not come', () => {
	it('no byte at all: a TLS-only port, or a server that greets late', async () => {
		const server = await raw(async peer => peer.closed());
		expect(await nextAfterRun(server.port, {timeouts: {greeting: 200}}, true)).toBe(
			'next: no greeting: a TLS-only port (465)? choose TLS in the connection panel; a server that greets late (a tarpit)? start again with a longer --timeout',
		);
	});

	it('a greeting begun and paused: a longer wait', async () => {
		const server = await raw(async peer => {
			peer.write('220-raw.test first line of a slow greeting\r\n');
			await peer.closed();
		});
		expect(await nextAfterRun(server.port, {timeouts: {greeting: 200}}, true)).toBe('next: the greeting came too slowly (see the log); start again with a longer --timeout');
	});
});

describe('the next line after MAIL in clear was refused until STARTTLS', () => {
	it('with the connection still open: disconnect first, then a security with STARTTLS', async () => {
		const server = await answering(['STARTTLS'], '530 5.7.0 Must issue a STARTTLS command first');
		expect(await nextAfterRun(server.port, {})).toBe(
			'next: the server takes mail only over TLS: Ctrl+X disconnects; then choose security auto or STARTTLS in the connection panel (not none), and Ctrl+S',
		);
	});

	it('by a server that offers no STARTTLS (security auto already): stripped or set up wrong, not "not none"', async () => {
		const server = await answering(['8BITMIME'], '550 5.7.0 STARTTLS required on this server');
		const {next, caption, failure} = await afterRun(server.port, {tls: 'auto'}, 'mail');
		expect(next).toBe('next: the server wants TLS but offers no STARTTLS (stripped on the way, or set up wrong): try security TLS on port 465, or ask its admin');
		expect(caption).toBe('the server wants TLS but offers no STARTTLS (550)');
		expect(failure).toMatch(/does not offer STARTTLS: 550 .*try TLS from the first byte \(port 465\)/);
		expect(failure).not.toMatch(/--no-starttls/);
	});
});

describe('a greeting that refuses service: what can help, not "Ctrl+S sends the message"', () => {
	const greeting = async (banner: string) => afterRun((await raw(async (peer: RawPeer) => void peer.write(`${banner}\r\n`))).port, {}, 'greeting');

	it("RFC 7504's 521: the host takes no mail from anyone, so another host", async () => {
		const {next, explanation} = await greeting('521 5.3.2 mx.example.test does not accept mail');
		expect(next).toBe('next: this host accepts no mail at all, from anyone (521): send to another one; the MX records of the domain name where its mail goes');
		expect(explanation).toMatch(/^this host accepts no mail at all, from anyone \(RFC 7504\)/);
		expect(explanation).not.toMatch(/this client/);
	});

	it('a 554: this client is turned away, and will be again', async () => {
		const {next, explanation} = await greeting('554 5.7.1 Service unavailable; client [192.0.2.9] blocked using zen.example');
		expect(next).toBe("next: the server refuses service to this client (see the log), and will again: use another server, or your provider's submission server (587 or 465)");
		expect(explanation).toMatch(/your IP address/);
	});

	it('a 421: for now, so a later Ctrl+S', async () => {
		const {next} = await greeting('421 4.7.0 Too many connections');
		expect(next).toBe('next: the server turns sessions away for now (see the log); Ctrl+S tries again later');
	});
});

describe('a MAIL refused for what it carries, not for its sender', () => {
	const refusedMail = async (reply: string) => afterRun((await answering(['SIZE', '8BITMIME'], reply)).port, {tls: 'auto'}, 'mail');

	it('the size (552 5.3.4, RFC 1870): a smaller message, not another sender', async () => {
		const {next, caption, failure} = await refusedMail('552 5.3.4 Message size exceeds fixed limit');
		expect(next).toBe('next: the message is too big for this server (see the log): make it smaller (fewer or smaller attachments), then Ctrl+S');
		expect(caption).toBe('the message is too big for this server, not the sender (552)');
		expect(failure).toMatch(/^the message is too big for this server \(not the sender\): send it smaller: 552/);
	});

	it("MAIL's parameters for good (555 5.5.4): sending again fails the same way", async () => {
		const {next, caption, failure} = await refusedMail('555 5.5.4 Unsupported option: BODY=8BITMIME');
		expect(next).toBe("next: the server refused MAIL FROM's parameters, not the sender (see the log): sending again fails the same way; ask its admin");
		expect(caption).toBe("MAIL FROM's parameters were refused, not the sender (555)");
		expect(failure).toMatch(/^the server refused MAIL FROM's parameters .*not the sender: sending again fails the same way/);
	});

	it("a 501 naming a parameter (a SIZE= not in digits) is MAIL's parameters; one naming the address stays the sender's", async () => {
		const size = await refusedMail('501 5.5.4 Error: Bad message size syntax');
		expect(size.caption).toBe("MAIL FROM's parameters were refused, not the sender (501)");
		const address = await refusedMail('501 5.1.7 Bad sender address syntax');
		expect(address.caption).toMatch(/the server refused the sender \(501\)/);
	});

	it("MAIL's parameters for now (455 4.5.4): a later try", async () => {
		const {next, failure} = await refusedMail('455 4.5.4 Unable to accommodate parameters');
		expect(next).toBe("next: the server refused MAIL FROM's parameters, not the sender (see the log); Ctrl+S tries again later");
		expect(failure).toMatch(/^the server cannot take MAIL FROM's parameters .*, for now: try again later: 455/);
	});

	it('a 4xx for the server\'s own reasons (RFC 5321\'s 452 storage, a rate limit): for now, not the sender', async () => {
		const storage = await refusedMail('452 4.3.1 Insufficient system storage');
		expect(storage.caption).toBe('not taken for now, not the sender: try again later (452)');
		expect(storage.next).toBe('next: the server did not take MAIL for now, not for the sender (see the log); Ctrl+S tries again later');
		expect(storage.failure).toMatch(/^the server did not take MAIL for now \(short of storage, or its system is\), not for the sender: try again later: 452/);
		expect(storage.explanation).toMatch(/^not accepted for now: the server is out of storage/);
		const rate = await refusedMail('451 4.7.1 Rate limit exceeded, try again later');
		// Its words name the limit: said as such (an X.7 code alone says "a check such as a rate limit").
		expect(rate.failure).toMatch(/^the server did not take MAIL for now \(a sending limit: a rate or a quota\), not for the sender/);
		expect((await refusedMail('451 4.7.1 Try again later')).failure).toMatch(/^the server did not take MAIL for now \(a check such as a rate limit\), not for the sender/);
		// A 4xx that names the sender's address is still the sender's.
		expect((await refusedMail('450 4.1.8 <me@nowhere.test>: Sender address rejected: Domain not found')).failure).toMatch(/^the sender was refused: 450/);
	});

	it('a refused sender (550 5.1.8) is still the sender', async () => {
		const {caption, failure} = await refusedMail("550 5.1.8 Sender address rejected: Domain not found");
		expect(caption).toBe('the server refused the sender (550)');
		expect(failure).toMatch(/^the sender was refused: 550/);
	});
});

describe('a 421 from a real server: its whole service closed, no recipient to fix', () => {
	const closingAtRcpt = (reply: string) =>
		raw(async (peer: RawPeer) => {
			await greetAndEhlo(peer, ['8BITMIME']);
			await peer.readLine();
			peer.write('250 ok\r\n');
			await peer.readLine();
			peer.end(`${reply}\r\n`);
		});

	it('Gmail\'s rate limit names your IP address: the IP, not the recipient', async () => {
		const {next, explanation} = await afterRun(
			(await closingAtRcpt('421 4.7.28 [192.0.2.5] Our system has detected an unusual rate of unsolicited mail originating from your IP address.')).port,
			{},
			'rcpt',
		);
		expect(next).toBe("next: the server turns this IP address away and closed the session (see the log): send through your provider's submission server (587 or 465)");
		expect(explanation).toMatch(/^this refuses your IP address or host, not the recipient/);
	});

	it('any other 421: a later try, not "fix To"', async () => {
		const {next, footer} = await afterRun((await closingAtRcpt('421 4.3.2 System shutting down')).port, {}, 'rcpt');
		expect(next).toBe('next: the server closed the session (421, see the log), not for a recipient or the sender: Ctrl+S tries again later');
		// The footer's head has the code beside the step, as the rail shows it: not said twice.
		expect(footer).toBe('✖ Not sent (RCPT 421): the server closed the session (see the log), not for a recipient or the sender: Ctrl+S tries again later');
	});
});

describe('a recipient refused for relaying, not logged in: a login, not another address', () => {
	it("Haraka's \"I cannot deliver mail for\" (no enhanced code), from a server that offers AUTH", async () => {
		const server = await raw(async (peer: RawPeer) => {
			await greetAndEhlo(peer, ['8BITMIME', 'AUTH PLAIN LOGIN']);
			for (const reply of ['250 sender <you@example.test> OK', '550 I cannot deliver mail for <friend@example.test>']) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			for (;;) if ((await peer.readLine()).startsWith('QUIT')) return peer.end('221 bye\r\n');
		});
		const {next, explanation, failure} = await afterRun(server.port, {}, 'rcpt');
		expect(next).toBe('next: the server does not relay for you (see the log): fill User and Password in the connection panel, then Ctrl+X and Ctrl+S (it applies to a new connection), or send only to its own domains');
		expect(explanation).toMatch(/^relaying is not allowed for you: log in/);
		expect(failure).toMatch(/the server offers AUTH and may accept this only after a login/);
	});

	/** Postfix 3.7's EHLO reply without AUTH (no SASL set up), with or without STARTTLS, then its relay refusal. */
	const postfixRelay = (extensions: string[]) =>
		raw(async (peer: RawPeer) => {
			await greetAndEhlo(peer, ['PIPELINING', 'SIZE 20000', 'VRFY', 'ETRN', ...extensions, 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING']);
			for (const reply of ['250 2.1.0 Ok', '554 5.7.1 <friend@example.test>: Relay access denied']) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			for (;;) if ((await peer.readLine()).startsWith('QUIT')) return peer.end('221 2.0.0 Bye\r\n');
		});

	it('Postfix offering no AUTH at all: no User and Password to fill, another server', async () => {
		const {next, footer, explanation} = await afterRun((await postfixRelay([])).port, {}, 'rcpt');
		expect(next).toBe('next: the server does not relay for you (see the log): it offers no login (no AUTH in its EHLO reply): use a server that relays for you, or send only to its own domains, then Ctrl+S');
		expect(footer).not.toContain('User and Password');
		// The log's reading agrees: no "log in" where no login is offered.
		expect(explanation).toBe('relaying is not allowed for you, and the server offers no login: use a server that relays for you, or send only to domains this server receives mail for (a retry changes nothing)');
	});

	it('Postfix offering STARTTLS but no AUTH in clear, with security none: TLS first, where AUTH may be offered', async () => {
		const {next, explanation} = await afterRun((await postfixRelay(['STARTTLS'])).port, {}, 'rcpt');
		expect(next).toBe('next: the server does not relay for you (see the log): choose security auto or STARTTLS in the connection panel (it may offer a login inside TLS only), then Ctrl+X and Ctrl+S (it applies to a new connection), or send only to its own domains');
		expect(explanation).toBe('relaying is not allowed for you, and the server offers no login outside TLS: STARTTLS first (it may offer one inside), or send only to domains this server receives mail for (a retry changes nothing)');
	});
});

describe('a refusal at RCPT that is not about the recipient (Postfix\'s smtpd_delay_reject): not "Fix To"', () => {
	/** Postfix 3.7 with smtpd_delay_reject = yes: MAIL accepted, the client, EHLO name or sender refused at RCPT. */
	const refusingAtRcpt = (refusal: string, extensions = ['PIPELINING', 'SIZE 20000', 'ENHANCEDSTATUSCODES', '8BITMIME']) =>
		raw(async (peer: RawPeer) => {
			await greetAndEhlo(peer, extensions);
			for (const reply of ['250 2.1.0 Ok', refusal]) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			for (;;) if ((await peer.readLine()).startsWith('QUIT')) return peer.end('221 2.0.0 Bye\r\n');
		});

	it('the EHLO name (reject_non_fqdn_helo_hostname): change it, not To', async () => {
		const {next, footer} = await afterRun((await refusingAtRcpt('504 5.5.2 <myhost>: Helo command rejected: need fully-qualified hostname')).port, {}, 'rcpt');
		expect(next).toBe('next: the server refused our EHLO name, not the recipient (see the log): change the EHLO name in the connection panel to a full one (mail.example.com), then Ctrl+S');
		expect(footer).toBe('✖ Not sent (RCPT): the server refused our EHLO name, not the recipient: change the EHLO name in the connection panel to a full one (mail.example.com), then Ctrl+S');
	});

	it('the sender (reject_non_fqdn_sender): fix From, not To', async () => {
		const {next} = await afterRun((await refusingAtRcpt('504 5.5.2 <me@localhost>: Sender address rejected: need fully-qualified address')).port, {}, 'rcpt');
		expect(next).toBe('next: the server refused the sender, not the recipient (see the log): fix From, then Ctrl+S');
	});

	it('the client (reject_unknown_client_hostname): this IP address, not To', async () => {
		const {next} = await afterRun((await refusingAtRcpt('450 4.7.25 Client host rejected: cannot find your hostname, [192.0.2.5]')).port, {}, 'rcpt');
		expect(next).toBe("next: the server refuses this IP address, not the recipient (see the log): send through your provider's submission server (587 or 465)");
	});

	it("Postfix's submission port (permit_sasl_authenticated, reject) to a client that did not log in: log in, not another server", async () => {
		// Postfix 3.7's exact lines on a port with smtpd_client_restrictions=permit_sasl_authenticated,reject.
		const submission = ['PIPELINING', 'SIZE 200000', 'VRFY', 'ETRN', 'AUTH PLAIN LOGIN', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING'];
		const {next, footer} = await afterRun((await refusingAtRcpt('554 5.7.1 <unknown[127.0.0.1]>: Client host rejected: Access denied', submission)).port, {}, 'rcpt');
		expect(next).toBe('next: the server refuses clients that have not logged in, not the recipient (see the log): fill User and Password in the connection panel (it offers AUTH), then Ctrl+X and Ctrl+S (it applies to a new connection)');
		expect(footer).toBe('✖ Not sent (RCPT): the server refuses clients that have not logged in, not the recipient: fill User and Password in the connection panel (it offers AUTH), then Ctrl+X and Ctrl+S (it applies to a new connection)');
		// A block list is this address's, whatever the login: the way round it stays another server.
		const listed = await afterRun((await refusingAtRcpt('554 5.7.1 Service unavailable; Client host [192.0.2.5] blocked using zen.spamhaus.org', submission)).port, {}, 'rcpt');
		expect(listed.next).toContain("send through your provider's submission server");
	});
});

describe('recipients over the server\'s limit per message (452 4.5.3): another message, at once', () => {
	it('the footer and the next line say so, as send does, not "Ctrl+S sends another" to all of them again', async () => {
		const server = await raw(async (peer: RawPeer) => {
			await greetAndEhlo(peer, ['8BITMIME']);
			for (const reply of ['250 ok', '250 ok', '452 4.5.3 Too many recipients', '452 4.5.3 Too many recipients', '354 go ahead']) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			await peer.readData();
			peer.write('250 2.0.0 queued as 42\r\n');
			for (;;) if ((await peer.readLine()).startsWith('QUIT')) return peer.end('221 bye\r\n');
		});
		const driver = driverFor(server.port, {});
		const result = await driver.run({...shortMessage, recipients: ['a@b.test', 'b@b.test', 'c@b.test']}, {keepOpen: true});
		const snapshot = driver.getSnapshot();
		expect(sendStatus(result, snapshot)).toMatch(/; too many recipients for one message: send to b@b\.test, c@b\.test in another, at once$/);
		expect(nextLine(dashboardProps({presenter: true, snapshot}))).toBe(
			"now: queued for the others; b@b.test, c@b.test were over the server's limit per message: leave only them in the recipients, then Ctrl+S",
		);
	});
});

describe('some recipients refused, the message queued for the others: change them before the next Ctrl+S', () => {
	it('the next line names the refused ones and warns of a second copy, not "Ctrl+S sends another"', async () => {
		const server = await raw(async (peer: RawPeer) => {
			await greetAndEhlo(peer, ['8BITMIME']);
			for (const reply of ['250 ok', '250 ok', '550 5.1.1 no such user', '450 4.7.1 greylisted, try again later', '354 go ahead']) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			await peer.readData();
			peer.write('250 2.0.0 queued as 43\r\n');
			for (;;) if ((await peer.readLine()).startsWith('QUIT')) return peer.end('221 bye\r\n');
		});
		const driver = driverFor(server.port, {});
		const result = await driver.run({...shortMessage, recipients: ['a@b.test', 'nobody@b.test', 'grey@b.test']}, {keepOpen: true});
		expect(result.ok).toBe(true);
		// A greylisting 450 is no refusal for good: it is deferred, and a later try may pass.
		expect(nextLine(dashboardProps({presenter: true, snapshot: driver.getSnapshot()}))).toBe(
			'now: queued for the others; nobody@ was refused, grey@ deferred (try again later): change the recipients before Ctrl+S, which would send the others a second copy',
		);
		// After QUIT, the session over: still said, not only "the message went".
		await driver.quit();
		expect(nextLine(dashboardProps({presenter: true, snapshot: driver.getSnapshot()}))).toBe(
			'next: the message went to the others; nobody@ was refused, grey@ deferred (try again later); Ctrl+S sends it again to all (a second copy for the others), Ctrl+C quits',
		);
	});
});

describe('a STARTTLS injection: the path may be hostile, not "Ctrl+S sends the message"', () => {
	it('bytes after the 220 to STARTTLS, before the handshake', async () => {
		const server = await raw(async (peer: RawPeer) => {
			await greetAndEhlo(peer, ['STARTTLS']);
			await peer.readLine();
			peer.write('220 go ahead\r\n250-injected\r\n');
			await peer.readLine().catch(() => undefined);
		});
		expect(await nextAfterRun(server.port, {tls: 'auto'}, true)).toBe(
			'next: the server sent more after its 220 to STARTTLS, as an attack on the path does (see the log): the path may be hostile; try TLS from the first byte (port 465) or another network, then Ctrl+S',
		);
	});
});

describe('replies out of step: a broken protocol, not a refusal', () => {
	/** Answers MAIL, RCPT and DATA with `replies`, in order, then waits for the client to go. */
	const replying = (...replies: string[]) =>
		raw(async (peer: RawPeer) => {
			await greetAndEhlo(peer, ['8BITMIME']);
			for (const reply of replies) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			await peer.readLine().catch(() => undefined);
		});

	it('MAIL answered 354: not "the server refused the sender", and not "Ctrl+S sends the message"', async () => {
		const {next, caption, failure} = await afterRun((await replying('354 go ahead')).port, {}, 'mail');
		expect(caption).toBe('the replies are out of step with the commands (354)');
		expect(next).toBe("next: the server's replies broke SMTP (see the log), and Ctrl+S meets them again: check the server, or a proxy or filter on the way");
		expect(failure).toMatch(/out of step/);
	});

	it('DATA answered 250: not "the server refused DATA"', async () => {
		const {next, caption} = await afterRun((await replying('250 ok', '250 ok', '250 ok')).port, {}, 'data');
		expect(caption).toBe('the replies are out of step with the commands (250)');
		expect(next).toMatch(/^next: the server's replies broke SMTP/);
	});
});

describe('a refused login: the advice, the caption and the summary tell one story', () => {
	const refusedLogin = async (extensions: string[], reply: string) => afterRun((await answering(extensions, reply)).port, {auth: login, allowPlaintextAuth: true}, 'auth');

	it('a wrong password (535 5.7.8): fix User or Password', async () => {
		const {next, caption, failure} = await refusedLogin(['AUTH PLAIN'], '535 5.7.8 Error: authentication failed');
		expect(next).toBe('next: the login was refused (see the log); fix User or Password in the connection panel, then Ctrl+S');
		expect(caption).toBe('the login was refused (535)');
		expect(failure).toMatch(/^authentication failed: 535/);
	});

	it("Microsoft 365's SMTP AUTH turned off (535 5.7.139): no password helps, an administrator must allow it", async () => {
		const {next, caption, failure} = await refusedLogin(['AUTH PLAIN'], '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.');
		expect(next).toBe('next: logins are turned off for this account, whatever the password (see the log): an administrator must allow SMTP AUTH');
		expect(caption).toBe('no password helps: logins are off here, or a policy refuses them (535)');
		expect(failure).toMatch(/^login refused: SMTP AUTH is turned off .*\(not a wrong password\)/);
	});

	// Microsoft 365 gives these the same 535 5.7.139: "an administrator must allow SMTP AUTH" fits only the first.
	it("Microsoft 365's basic authentication turned off: OAuth is the way, not SMTP AUTH turned on", async () => {
		const {next, caption} = await refusedLogin(['AUTH PLAIN'], '535 5.7.139 Authentication unsuccessful, basic authentication is disabled.');
		expect(next).toBe('next: password logins (basic auth) are off here, whatever the password (see the log): Ctrl+C quits, then start again with --auth XOAUTH2');
		expect(caption).toBe('no password helps: logins are off here, or a policy refuses them (535)');
	});

	it("Microsoft 365's conditional access: its sign-in policy refused the login; logins are not said to be off", async () => {
		const {next} = await refusedLogin(['AUTH PLAIN'], '535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.');
		expect(next).toBe("next: the server's sign-in policy refused this login, whatever the password (see the log): ask its administrator");
	});

	it("Gmail's 534 5.7.9 for an app password: the next step says an app password, not to fix User", async () => {
		const {next, failure} = await refusedLogin(['AUTH PLAIN'], '534 5.7.9 Application-specific password required.');
		expect(next).toBe('next: the account wants an app password, not its normal one (see the log): put one in Password, then Ctrl+S');
		expect(failure).toMatch(/^login refused: the account wants an app password/);
	});

	// Dovecot with passwords stored as crypt hashes offers SCRAM yet cannot check it: the right password is refused.
	it('SCRAM chosen without --auth and refused at AUTH: the password may be right, --auth PLAIN is the way', async () => {
		const {next, failure} = await refusedLogin(['AUTH SCRAM-SHA-256 PLAIN'], '535 5.7.8 Error: authentication failed: authentication failure');
		expect(next).toBe('next: the login was refused (see the log); if the password is right, the server may not check the mechanism chosen: Ctrl+C quits, then start again with --auth PLAIN');
		expect(failure).toMatch(/^authentication failed: 535 .*; SCRAM-SHA-256 was chosen as the strongest the server offers \(no --auth\), .*: if yours is right, try --auth PLAIN$/);
	});

	it('SCRAM asked for with --auth and refused: only User or Password to fix', async () => {
		const server = await answering(['AUTH SCRAM-SHA-256 PLAIN'], '535 5.7.8 Error: authentication failed: authentication failure');
		const {next, failure} = await afterRun(server.port, {auth: {...login, mechanism: 'SCRAM-SHA-256'}, allowPlaintextAuth: true}, 'auth');
		expect(next).toBe('next: the login was refused (see the log); fix User or Password in the connection panel, then Ctrl+S');
		expect(failure).not.toMatch(/--auth/);
	});

	it('a temporary refusal (454 4.7.0): try again later, nothing to fix', async () => {
		const {next, caption, failure} = await refusedLogin(['AUTH PLAIN'], '454 4.7.0 Temporary authentication failure');
		expect(next).toBe('next: the server refused the login for now (see the log); Ctrl+S tries again later');
		expect(caption).toBe('the login failed for now: try again later (454)');
		expect(failure).toMatch(/^the login failed for now .*try again later: 454/);
	});

	// RFC 4954 §6: a 4xx that waiting does not fix, and a 5xx that another password does not.
	it('a password transition (432 4.7.12): one login with PLAIN inside TLS, not "try again later"', async () => {
		const {next, caption, failure, explanation} = await refusedLogin(['AUTH CRAM-MD5'], '432 4.7.12 A password transition is needed');
		expect(next).toBe('next: a password transition: log in once with PLAIN inside TLS; Ctrl+C quits, then start again with --auth PLAIN');
		expect(caption).toBe('log in once with PLAIN inside TLS first (a password transition) (432)');
		expect(failure).toMatch(/^login refused: a password transition is needed: log in once with PLAIN inside TLS \(--auth PLAIN\), after which this mechanism works too: 432/);
		expect(explanation).toMatch(/^a password transition is needed: log in once with PLAIN inside TLS/);
		expect(`${next} ${caption} ${failure} ${explanation}`).not.toMatch(/try again later/);
	});

	// RFC 4954 §6's way through is one PLAIN login inside TLS: asked of PLAIN, what is missing is TLS, or nothing.
	it('a password transition asked of PLAIN in clear: TLS is what is missing, not PLAIN', async () => {
		const {next, caption, failure, explanation} = await refusedLogin(['STARTTLS', 'AUTH PLAIN'], '432 4.7.12 A password transition is needed');
		expect(next).toBe('next: the login needs STARTTLS first: choose security auto or STARTTLS in the connection panel (not none), then Ctrl+S');
		expect(caption).toBe('the server wants TLS before a login (432)');
		expect(failure).toMatch(/^the server wants TLS \(STARTTLS\) before a login: 432/);
		expect(explanation).toMatch(/^a password transition is needed: this PLAIN login went without TLS: log in inside TLS/);
	});

	it('a password transition asked of PLAIN inside TLS: the transition itself was refused, only an administrator helps', async () => {
		const server = await smtp({
			authMethods: ['PLAIN'],
			onAuth(_auth, _session, callback) {
				callback(Object.assign(new Error('4.7.12 A password transition is needed'), {responseCode: 432}));
			},
		});
		const {next, caption, failure, explanation} = await afterRun(server.port, {tls: 'auto', insecure: true, auth: login}, 'auth');
		expect(next).toBe("next: a password transition, though this login was PLAIN inside TLS already (see the log): ask the server's administrator");
		expect(caption).toBe('a password transition PLAIN inside TLS did not complete: ask the admin (432)');
		expect(failure).toMatch(/^login refused: a password transition is needed, yet this login was PLAIN inside TLS, the transition itself, and the server did not complete it: ask its administrator: 432/);
		expect(explanation).toMatch(/^a password transition is needed: this login was PLAIN inside TLS, the transition itself/);
		expect(`${next} ${caption} ${failure} ${explanation}`).not.toMatch(/--auth PLAIN|log in once/);
	});

	it('a mechanism too weak (534 5.7.9): another --auth, not User or Password', async () => {
		const {next, caption, failure, explanation} = await refusedLogin(['AUTH CRAM-MD5'], '534 5.7.9 Authentication mechanism is too weak');
		expect(next).toBe('next: the server finds the login mechanism too weak, not the password (see the log); Ctrl+C quits, then start again with another --auth');
		expect(caption).toBe('the login mechanism is too weak here, not the password (534)');
		expect(failure).toMatch(/^login refused: the mechanism is too weak for this account, not a wrong password: log in with another \(--auth\): 534/);
		expect(explanation).toMatch(/^the server finds this login mechanism too weak for the account \(not a wrong password\)/);
		expect(`${next} ${caption} ${failure}`).not.toMatch(/User or Password|authentication failed/);
	});

	it('encryption required for the mechanism (538 5.7.11), whatever its words: TLS, not the password', async () => {
		const {next, caption, failure} = await refusedLogin(['STARTTLS', 'AUTH CRAM-MD5'], '538 5.7.11 Not with this mechanism here');
		expect(next).toBe('next: the login needs STARTTLS first: choose security auto or STARTTLS in the connection panel (not none), then Ctrl+S');
		expect(caption).toBe('the server wants TLS before a login (538)');
		expect(failure).toMatch(/^the server wants TLS \(STARTTLS\) before a login: 538/);
	});

	it('STARTTLS first (530 5.7.0), STARTTLS offered and security none: STARTTLS, not a login, not the password', async () => {
		const {next, caption, failure, explanation} = await refusedLogin(['STARTTLS', 'AUTH PLAIN'], '530 5.7.0 Must issue a STARTTLS command first');
		expect(next).toBe('next: the login needs STARTTLS first: choose security auto or STARTTLS in the connection panel (not none), then Ctrl+S');
		expect(caption).toBe('the server wants TLS before a login (530)');
		expect(failure).toMatch(/^the server wants TLS \(STARTTLS\) before a login: 530/);
		expect(explanation).toMatch(/^the server wants TLS first/);
	});

	it('STARTTLS first (530 5.7.0) from a server that offers no STARTTLS: stripped or set up wrong', async () => {
		const {next, caption, failure} = await refusedLogin(['AUTH PLAIN'], '530 5.7.0 Must issue a STARTTLS command first');
		expect(next).toBe('next: the server wants TLS but offers no STARTTLS (stripped on the way, or set up wrong): try security TLS on port 465, or ask its admin');
		expect(caption).toBe('the server wants TLS but offers no STARTTLS (530)');
		expect(failure).toMatch(/does not offer STARTTLS/);
	});
});

describe('the next line after a TLS handshake that failed', () => {
	it('a STARTTLS handshake with a server that then sends no TLS: security none goes without it', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['STARTTLS']);
			await peer.readLine();
			peer.write('220 go ahead\r\n');
			// Its answer to the ClientHello: no TLS record at all.
			await new Promise(resolve => peer.socket.once('data', resolve));
			peer.end('this is not TLS at all\r\n');
		});
		expect(await nextAfterRun(server.port, {tls: 'auto'})).toBe('next: the STARTTLS handshake failed (see the log); security none in the connection panel sends without TLS instead, then Ctrl+S');
	});

	it('a server that demands a client certificate: --cert at start is the way', async () => {
		const {server, ca} = await testCerts();
		const port = await tlsGreeter(cleanup => afterTest(async () => void (await cleanup())), {...server, requestCert: true, rejectUnauthorized: true});
		expect(await nextAfterRun(port, {tls: 'tls', ca})).toBe('next: the server wants a client certificate: start smtp-tui with --cert FILE (and --key FILE), or use another port or server');
	});
});

describe('the next line after a refused certificate: what fixes it', () => {
	const refusal = async (identity: {key: string; cert: string}, ca?: string) => nextAfterRun(await tlsServer(identity), {tls: 'tls', ...(ca !== undefined && {ca})});

	it('no CA smtp-tui trusts: a CA file', async () => {
		expect(await refusal((await testCerts()).selfSigned)).toBe('next: the certificate is not trusted; set CA file in the connection panel to your CA (or Verify: off), then Ctrl+S');
	});

	it('sent without its issuer: a private CA, or an intermediate the server should send', async () => {
		expect(await refusal((await signed({})).leaf)).toBe(
			"next: no trusted CA issued it; set the panel's CA file to your CA (for an intermediate: it and its root), or Verify: off; or fix the server's chain",
		);
	});

	it('a CA file that did not issue it: the one that did', async () => {
		const {selfSigned, ca} = await testCerts();
		expect(await refusal(selfSigned, ca)).toBe("next: the CA file did not issue this certificate; set the panel's CA file to the one that did (or Verify: off)");
	});

	it("a CA file holding the server's own certificate: its CA's instead", async () => {
		const {leaf} = await signed({});
		expect(await refusal(leaf, leaf.cert)).toBe("next: the CA file holds the server's own certificate; set the panel's CA file to the CA that issued it (or Verify: off)");
	});

	it('a CA file holding the intermediate only: its root too', async () => {
		const keys = {keyType: 'ec', algorithm: 'sha256'} as const;
		const root = await generate([{name: 'commonName', value: 'QA Root CA'}], {...keys, extensions: caExtensions});
		const intermediate = await generate([{name: 'commonName', value: 'QA Intermediate CA'}], {...keys, extensions: caExtensions, ca: {key: root.private, cert: root.cert}});
		const leaf = await generate([{name: 'commonName', value: 'localhost'}], {...keys, extensions: leafExtensions, ca: {key: intermediate.private, cert: intermediate.cert}});
		expect(await refusal({key: leaf.private, cert: `${leaf.cert}\n${intermediate.cert}`}, intermediate.cert)).toBe(
			"next: the CA file holds the issuing CA but not its root; set the panel's CA file to one that also holds the root (or Verify: off)",
		);
	});

	it('not valid yet: the clocks', async () => {
		const start = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000);
		const {ca, leaf} = await signed({notBeforeDate: start, notAfterDate: new Date(start.getTime() + 365 * 24 * 3600 * 1000)});
		expect(await refusal(leaf, ca)).toBe('next: the certificate is not valid yet (see the log for from when); check the clock of this machine and of the server, or set Verify: off in the connection panel');
	});

	it('for another name: a name it lists', async () => {
		const {ca, leaf} = await signed({extensions: [{name: 'basicConstraints', cA: false}, {name: 'subjectAltName', altNames: [{type: 2, value: 'mail.other.test'}]}]});
		expect(await refusal(leaf, ca)).toBe('next: the certificate is for another name (see the log); connect by a name it lists (e.g. mail.other.test) (or Verify: off in the connection panel)');
	});

	it('expired: the server must fix it', async () => {
		const end = new Date(Date.now() - 24 * 3600 * 1000);
		const {ca, leaf} = await signed({notBeforeDate: new Date(end.getTime() - 365 * 24 * 3600 * 1000), notAfterDate: end});
		expect(await refusal(leaf, ca)).toBe('next: the certificate is not trusted (see the log for why); it must be fixed on the server, or set Verify: off in the connection panel to test anyway');
	});
});

describe('the message refused while it is still going out (552 after the first 100 KB of 20 MB)', () => {
	it('the log says how much went and that the rest and the "." did not; the footer that it was too big, and what to do; the rail fails the message only', async () => {
		const server = await raw(async (peer: RawPeer) => {
			await greetUpToData(peer);
			await peer.readBytes(100_000);
			peer.write('552 5.3.4 message too big\r\n');
			await peer.closed();
		});
		const line = Buffer.from(`${'x'.repeat(76)}\r\n`);
		const big = {
			...shortMessage,
			size: line.length * 270_000,
			body: async function* () {
				for (let at = 0; at < 270; at++) yield Buffer.concat(Array.from({length: 1000}, () => line));
			},
		};
		const driver = driverFor(server.port, {});
		const result = await driver.run(big);
		const snapshot = driver.getSnapshot();
		expect(sendStatus(result, snapshot)).toBe('✖ Not sent (message 552): the message is too big for this server (see the log): make it smaller (fewer or smaller attachments), then Ctrl+S');
		// The final dot never went, so its reply's step (queued) was not reached: one failure on the rail, not two.
		expect(snapshot.steps.filter(state => state.status === 'failed').map(state => `${state.step} ${state.code}`)).toEqual(['message 552']);
		expect(snapshot.steps.find(state => state.step === 'queued')?.status).toBe('pending');
		expect(snapshot.log.map(entry => entry.text)).toContainEqual(expect.stringMatching(/^the server answered before the message was complete: [\d,]+ of about 21,060,000 bytes had been handed to the network; the rest and the final "\." were not sent/));
		expect(snapshot.log.some(entry => entry.kind === 'sent' && entry.text === 'QUIT')).toBe(false);
	});
});
