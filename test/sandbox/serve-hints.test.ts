// `serve`'s log where serve's own settings are the cause: refusals by --max-size and --max-recipients name the flag,
// a client off loopback offered no AUTH is told why, and a serve that offers no TLS has no certificate to speak of.
import {existsSync} from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import {describe, expect, it} from 'vitest';
import {serveHelp} from '../../source/headless/serve-flags.js';
import {authNotOfferedHint} from '../../source/headless/serve-hints.js';
import {resolveSandboxSettings} from '../../source/sandbox/settings.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {RawClient} from './helpers/raw-client.js';
import {session, startServe} from './helpers/serve-in-process.js';
import {waitFor} from './helpers/wait.js';

const tempDir = useTempDirs('serve-hints');

/** The event lines of a text log, without their clocks. */
const events = (out: string) => out.split('\n').filter(line => /^\d\d:/.test(line)).map(line => line.slice(9));

/** A PROXY protocol v1 header claiming `address` as the client (serve --proxy takes it as the session's own). */
const from = (address: string) => `PROXY TCP4 ${address} 127.0.0.1 40000 2525`;

describe('the mail catcher', () => {
	it("--help's example takes an app's own credentials: without --any-login they get 535", () => {
		expect(serveHelp).toContain('    $ smtp-tui serve --no-starttls --any-login --save-dir ./mail\n        (a mail catcher: ');
	});
});

/** A TLS client on a port that speaks SMTP first (an app set to implicit TLS), until its handshake fails. */
function implicitTlsClient(port: number): Promise<void> {
	return new Promise(resolve => tls.connect({port, host: '127.0.0.1', rejectUnauthorized: false}).on('error', () => resolve()).on('close', () => resolve()));
}

/** The same, starting its handshake only once the greeting came (a client slower to begin than the server to greet). */
function lateImplicitTlsClient(port: number): Promise<void> {
	return new Promise(resolve => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('data', () => tls.connect({socket, rejectUnauthorized: false}).on('error', () => resolve()).on('close', () => resolve()));
	});
}

describe('a client set to implicit TLS (port 465) on the SMTP port', () => {
	const plain = 'set it to plain SMTP here, with STARTTLS or without (nodemailer: secure: false; Python: smtplib.SMTP, not SMTP_SSL; Django: EMAIL_USE_SSL = False)';
	const cause = 'the client began a TLS handshake, as on an implicit-TLS port (465), but this port speaks SMTP first';

	it('refused for speaking before the greeting, the cause comes first, then the 421, then what to set (its own error says "wrong version number")', async () => {
		// The greeting held: the handshake always comes too soon.
		const served = await startServe({bannerDelay: '0.5'});
		await implicitTlsClient(served.port);
		await waitFor(() => served.out().includes('disconnect'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		expect(events(served.out()).filter(line => line.startsWith('#1 ') && !line.startsWith('#1 connect'))).toEqual([
			`#1 ${cause}: refused with 421 4.4.2 smtp-tui.localhost You talk too soon`,
			`#1 disconnect: ${plain}, or start serve with --tls-port N and point it there`,
		]);
	});

	it('begun after the greeting, its disconnect says why and what to set; a --tls-port is named', async () => {
		const served = await startServe({});
		await lateImplicitTlsClient(served.port);
		await waitFor(() => served.out().includes('disconnect'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		expect(events(served.out()).at(-1)).toBe(`#1 disconnect: ${cause}: ${plain}, or start serve with --tls-port N and point it there`);
		const withPort = await startServe({tlsPort: '0'});
		const smtps = /listening on [\d.]+:(\d+) \(SMTPS/.exec(withPort.out())![1];
		await lateImplicitTlsClient(withPort.port);
		await waitFor(() => withPort.out().includes('disconnect'), 'the disconnect line');
		expect(await withPort.stop()).toBe(0);
		expect(events(withPort.out()).at(-1)).toBe(`#1 disconnect: ${cause}: point it at the --tls-port ${smtps}, or ${plain}`);
	});

	it('--json: the disconnect has implicitTls, and so has the refusal of a handshake begun before the greeting', async () => {
		const served = await startServe({json: true, bannerDelay: '0.5'});
		await implicitTlsClient(served.port);
		await waitFor(() => served.out().includes('"disconnect"'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		const event = (type: string) => JSON.parse(served.out().split('\n').find(line => line.includes(`"type":"${type}"`))!);
		expect(event('refused')).toMatchObject({type: 'refused', stage: 'early', code: 421, implicitTls: true});
		expect(event('disconnect')).toMatchObject({type: 'disconnect', implicitTls: true});
	});
});

describe('a client requiring STARTTLS, at a --no-starttls serve', () => {
	it('leaving at the EHLO reply, its disconnect says what to set; one that QUITs, or at a serve offering STARTTLS, is not told', async () => {
		const served = await startServe({starttls: false});
		await session(served.port, ['EHLO app.example']);
		await session(served.port, ['EHLO check.example', 'QUIT']);
		await waitFor(() => served.out().includes('#2 disconnect'), 'the second disconnect line');
		expect(await served.stop()).toBe(0);
		expect(events(served.out()).filter(line => line.includes('disconnect'))).toEqual([
			'#1 disconnect: the client left after EHLO, whose reply offered no STARTTLS (--no-starttls): an app set to require it gives up here (Python: "STARTTLS extension not supported by server"); set it to use no TLS (Django: EMAIL_USE_TLS = False; Rails: enable_starttls: false), or start serve without --no-starttls and give the app its certificate as CA',
			'#2 disconnect',
		]);
		const offering = await startServe({json: true});
		await session(offering.port, ['EHLO app.example']);
		await waitFor(() => offering.out().includes('"disconnect"'), 'the disconnect line');
		expect(await offering.stop()).toBe(0);
		expect(JSON.parse(offering.out().split('\n').find(line => line.includes('"type":"disconnect"'))!)).not.toHaveProperty('noStarttls');
	});

	it('a client the serve closed after EHLO (its shutdown, its idle timeout) is not told it left for STARTTLS', async () => {
		const served = await startServe({starttls: false});
		const client = await RawClient.connect(served.port);
		await client.reply();
		await client.command('EHLO app.example');
		expect(await served.stop()).toBe(0);
		expect(events(served.out()).filter(line => line.includes('disconnect'))).toEqual(['#1 disconnect']);
	});

	it('--json: the disconnect has noStarttls', async () => {
		const served = await startServe({starttls: false, json: true});
		await session(served.port, ['EHLO app.example']);
		await waitFor(() => served.out().includes('"disconnect"'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		expect(JSON.parse(served.out().split('\n').find(line => line.includes('"type":"disconnect"'))!)).toMatchObject({type: 'disconnect', noStarttls: true});
	});
});

describe('address recipes', () => {
	it("a recipient refused by a recipe whose reply does not say so is named one: an app's own nobody@ gets it too", async () => {
		const served = await startServe({});
		const rcpts = ['NOBODY+7@app.example', 'full@example.com', 'grey@example.com', 'bye@example.com'].map(address => `rcpt TO:<${address}>`);
		await session(served.port, ['EHLO me.example', 'MAIL FROM:<a@example.com>', ...rcpts]);
		await waitFor(() => served.out().includes('disconnect'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		const recipe = (name: string) => `(${name}@ is an address recipe: every sandbox answers it so, on any domain; smtp-tui serve --help lists them)`;
		expect(events(served.out()).filter(line => line.includes(' refused '))).toEqual([
			`#1 refused rcpt TO:<NOBODY+7@app.example>: 550 5.1.1 <NOBODY+7@app.example>: user unknown ${recipe('nobody')}`,
			`#1 refused rcpt TO:<full@example.com>: 452 4.2.2 <full@example.com>: mailbox full ${recipe('full')}`,
			`#1 refused rcpt TO:<grey@example.com>: 450 4.7.1 <grey@example.com>: greylisted, try again in 5 s ${recipe('grey')}`,
			// Its reply names the recipe already.
			expect.stringMatching(/^#1 refused rcpt TO:<bye@example\.com>: 421 4\.3\.2 \S+ closing the connection \(bye@ recipe\)$/),
		]);
	});

	it("a recipe's address refused for another reason (no MAIL yet, a bad parameter) is not said to be the recipe's doing", async () => {
		const served = await startServe({});
		await session(served.port, ['EHLO me.example', 'RCPT TO:<nobody@example.com>', 'MAIL FROM:<a@example.com>', 'RCPT TO:<full@example.com> NOTIFY=BOGUS', 'QUIT']);
		await waitFor(() => served.out().includes('disconnect'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		expect(events(served.out()).filter(line => line.includes(' refused '))).toEqual([
			'#1 refused RCPT TO:<nobody@example.com>: 503 5.5.1 Error: need MAIL command',
			'#1 refused RCPT TO:<full@example.com> NOTIFY=BOGUS: 501 5.5.4 Error: NOTIFY parameter must be NEVER, SUCCESS, FAILURE, or DELAY',
		]);
	});
});

describe("serve's limits", () => {
	it('a refusal by --max-size or --max-recipients names the flag and how to raise it (the recipients once a session)', async () => {
		const served = await startServe({maxSize: '100', maxRecipients: '1'});
		const message = `Subject: big\r\n\r\n${'x'.repeat(200)}\r\n.`;
		await session(served.port, ['EHLO me.example', 'MAIL FROM:<a@example.com> SIZE=5000', 'MAIL FROM:<a@example.com>', 'RCPT TO:<b@example.com>', 'RCPT TO:<c@example.com>', 'RCPT TO:<d@example.com>', 'DATA', message, 'QUIT']);
		await waitFor(() => served.out().includes('disconnect'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		const size = "(serve's --max-size of 100 bytes: start serve with a larger --max-size to take it)";
		expect(events(served.out()).filter(line => line.includes(' refused '))).toEqual([
			`#1 refused MAIL FROM:<a@example.com> SIZE=5000: 552 5.3.4 Error: message exceeds fixed maximum message size 100 ${size}`,
			"#1 refused RCPT TO:<c@example.com>: 452 4.5.3 Error: too many recipients (serve's --max-recipients of 1: a client may report the message sent without these recipients; start serve with a larger --max-recipients)",
			'#1 refused RCPT TO:<d@example.com>: 452 4.5.3 Error: too many recipients',
			`#1 refused the message: 552 5.3.4 Error: message exceeds fixed maximum message size 100 ${size}`,
		]);
	});

	it('a flood of one refusal (a student sending 60 recipients past the limit): three shown, the rest counted in one line', async () => {
		const served = await startServe({maxRecipients: '1'});
		const flood = Array.from({length: 60}, (_, index) => `RCPT TO:<r${index}@example.com>`);
		await session(served.port, ['EHLO me.example', 'MAIL FROM:<a@example.com>', ...flood, 'RSET', 'RCPT TO:<late@example.com>', 'QUIT']);
		await waitFor(() => served.out().includes('disconnect'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		const lines = events(served.out()).map(line => line.replace(/ \(serve's --max-recipients.*\)$/, ''));
		expect(lines.slice(lines.indexOf('#1 RCPT TO:<r0@example.com>'))).toEqual([
			'#1 RCPT TO:<r0@example.com>',
			'#1 refused RCPT TO:<r1@example.com>: 452 4.5.3 Error: too many recipients',
			'#1 refused RCPT TO:<r2@example.com>: 452 4.5.3 Error: too many recipients',
			'#1 refused RCPT TO:<r3@example.com>: 452 4.5.3 Error: too many recipients',
			'#1 refused 56 more alike: 452 4.5.3 Error: too many recipients',
			'#1 refused RCPT TO:<late@example.com>: 503 5.5.1 Error: need MAIL command',
			'#1 disconnect',
		]);
	});

	it('--json: the refusal names the limit, and a refusal of a recipe does not', async () => {
		const served = await startServe({maxRecipients: '1', json: true});
		await session(served.port, ['EHLO me.example', 'MAIL FROM:<a@example.com>', 'RCPT TO:<full@example.com>', 'RCPT TO:<b@example.com>', 'RCPT TO:<c@example.com>', 'QUIT']);
		await waitFor(() => served.out().includes('"disconnect"'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		const refused = served.out().split('\n').filter(line => line.includes('"type":"refused"')).map(line => JSON.parse(line) as Record<string, unknown>);
		expect(refused.map(({code, limit}) => ({code, limit}))).toEqual([{code: 452, limit: undefined}, {code: 452, limit: 'max-recipients'}]);
	});
});

describe('a client off loopback, offered no AUTH in clear', () => {
	it('is told once per address why, and what to do; a client that sent mail, or one on loopback, is not', async () => {
		const served = await startServe({proxy: true, starttls: false, anyLogin: true});
		// As Python's login() does: it sees no AUTH in the EHLO reply and gives up.
		await session(served.port, ['EHLO app.example', 'QUIT'], from('203.0.113.5'));
		await session(served.port, ['EHLO app.example', 'QUIT'], from('203.0.113.5'));
		await session(served.port, ['EHLO other.example', 'MAIL FROM:<a@example.com>', 'RCPT TO:<b@example.com>', 'DATA', 'Subject: hi\r\n\r\nhi\r\n.', 'QUIT'], from('203.0.113.6'));
		await session(served.port, ['EHLO local.example', 'QUIT'], from('127.0.0.1'));
		await waitFor(() => served.out().includes('#4 disconnect'), 'the fourth disconnect line');
		expect(await served.stop()).toBe(0);
		expect(events(served.out()).filter(line => line.includes('disconnect'))).toEqual([
			'#1 disconnect: AUTH was not offered to 203.0.113.5: it is not on loopback and the session was not in TLS, so an app set to log in could not (Python: "SMTP AUTH extension not supported"); start serve without --no-starttls (or with --tls-port) and have the app use TLS, trusting the certificate serve then names, or set no user name and password in the app',
			'#2 disconnect',
			'#3 disconnect',
			'#4 disconnect',
		]);
	});

	it('an AUTH refused for want of TLS (530) is not blamed on the account: no "the account is demo/demo" beside it', async () => {
		const served = await startServe({proxy: true});
		await session(served.port, ['EHLO student.example', 'AUTH PLAIN AGRlbW8AZGVtbw==', 'QUIT'], from('203.0.113.5'));
		await waitFor(() => served.out().includes('#1 disconnect'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		expect(events(served.out()).filter(line => line.includes('refused'))).toEqual(['#1 refused AUTH: 530 5.7.0 Must issue a STARTTLS command first']);
	});

	it('--json: the disconnect says AUTH was not offered', async () => {
		const served = await startServe({proxy: true, json: true});
		await session(served.port, ['EHLO app.example', 'QUIT'], from('203.0.113.5'));
		await waitFor(() => served.out().includes('"disconnect"'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		const disconnect = served.out().split('\n').find(line => line.includes('"type":"disconnect"'))!;
		expect(JSON.parse(disconnect)).toMatchObject({type: 'disconnect', remote: '203.0.113.5:40000', authNotOffered: true});
	});

	it('what to do follows the TLS serve offers', () => {
		const settings = resolveSandboxSettings();
		const trust = 'give the client /x/certificate.pem as its CA file';
		const hint = (overrides: Parameters<typeof resolveSandboxSettings>[0], tlsPort?: number) => authNotOfferedHint('192.0.2.9', {...settings, ...overrides}, trust, tlsPort).replace(/^.*?\); /, '');
		expect(hint({})).toBe(`have it use STARTTLS (${trust}), or set no user name and password in the app`);
		expect(hint({starttls: false}, 2465)).toBe(`have it log in with TLS on the --tls-port 2465 (${trust}), or set no user name and password in the app`);
		// In `smtp-tui inbox` the command to start again is inbox.
		expect(authNotOfferedHint('192.0.2.9', {...settings, starttls: false}, trust, undefined, 'inbox')).toContain('start inbox without --no-starttls (or with --tls-port) and have the app use TLS, trusting the certificate inbox then names');
	});
});

describe('serve without any TLS', () => {
	it('--no-starttls without --tls-port neither reads nor makes a certificate, nor prints one', async () => {
		const certificates = path.join(await tempDir(), 'sandbox');
		const served = await startServe({starttls: false}, certificates);
		await waitFor(() => served.out().includes('ready: pid'), 'the ready line');
		expect(await served.stop()).toBe(0);
		expect(served.out()).not.toContain('certificate');
		expect(served.out()).toMatch(/^listening on [^\n]+\nAUTH PLAIN LOGIN CRAM-MD5 with demo\/demo\n/);
		expect(existsSync(certificates)).toBe(false);
		const json = await startServe({starttls: false, json: true}, certificates);
		await waitFor(() => json.out().includes('"ready"'), 'the ready line');
		expect(await json.stop()).toBe(0);
		expect(json.out()).not.toContain('"certificate"');
	});

	it('--no-starttls with --tls-port still has its certificate, and says so', async () => {
		const certificates = path.join(await tempDir(), 'sandbox');
		const served = await startServe({starttls: false, tlsPort: '0'}, certificates);
		await waitFor(() => served.out().includes('ready: pid'), 'the ready line');
		expect(await served.stop()).toBe(0);
		expect(served.out()).toContain(`(${path.join(certificates, 'certificate.pem')})\n`);
	});
});
