// `smtp-tui serve` in-process: flag checking, the printed lines (text and JSON), start errors, clean stop.
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {describe, expect, it} from 'vitest';
import {UsageError} from '../../source/headless/command.js';
import {describeStartError, serve} from '../../source/headless/serve.js';
import {startCatcher} from '../../source/headless/catcher.js';
import {describeEvent} from '../../source/headless/serve-output.js';
import {serveHelp} from '../../source/headless/serve-flags.js';
import {parseServeFlags} from '../../source/headless/serve-options.js';
import {RawClient} from './helpers/raw-client.js';
import {session, startServe} from './helpers/serve-in-process.js';
import {certificateDir} from './helpers/sandbox.js';
import {waitFor} from './helpers/wait.js';
import {captureIO} from './helpers/capture-io.js';

describe('serve flags', () => {
	it.each([
		[{port: 'abc'}, '--port must be a whole number from 0 to 65535 (0 picks a free port), not "abc"'],
		[{port: '70000'}, '--port must be a whole number from 0 to 65535 (0 picks a free port), not "70000"'],
		[{tlsPort: '-1'}, '--tls-port must be a whole number from 0 to 65535 (0 picks a free port), not "-1"'],
		[{port: '2600', tlsPort: '2600'}, '--tls-port and --port are both 2600'],
		[{chaos: 'rcpt:9xx:30'}, '--chaos: "9xx" in "rcpt:9xx:30" is not a reply code: use 400-599, or drop for a silent disconnect'],
		[{chaos: 'quit:451:3'}, '--chaos: unknown stage "quit" in "quit:451:3": stages are connect, ehlo, auth, mail, rcpt, data'],
		[{maxSize: '10 MB'}, '--max-size must be a number of bytes, at least 1, not "10 MB"'],
		[{maxSize: '0k'}, '--max-size must be a number of bytes, at least 1, not "0k"'],
		[{maxRecipients: '0'}, '--max-recipients must be a whole number, at least 1, not "0"'],
		[{keep: '1.5'}, '--keep must be a whole number, at least 1, not "1.5"'],
		[{bannerDelay: 'soon'}, '--banner-delay must be a number of seconds from 0 to 3600 (an hour), not "soon"'],
		[{greylistDelay: '4000'}, '--greylist-delay must be a number of seconds from 0 to 3600 (an hour), not "4000"'],
		[{greylistDelay: '61m'}, '--greylist-delay must be a number of seconds from 0 to 3600 (an hour), not "61m"'],
		[{slowDelay: ''}, '--slow-delay must be a number of seconds from 0 to 3600 (an hour), not ""'],
		[{hostname: 'bad name\r\nMAIL'}, '--hostname must be a host name (letters, digits, dots, hyphens), not "bad name\r\nMAIL"'],
		[{listen: 'a b'}, '--listen must be an IP address or a host name, not "a b"'],
		[{password: 'x\r\ny'}, '--password must not contain control characters (CR, LF, NUL, ...)'],
		[{saveDir: ''}, '--save-dir is empty'],
	])('%o is refused: %s', (flags, message) => {
		let thrown: unknown;
		try {
			parseServeFlags(flags, []);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(UsageError);
		expect((thrown as UsageError).message).toBe(message);
	});

	// As send, talk and the dashboard say it: what the value must be, and an example; not a bare "needs a value".
	it.each([
		[{port: ''}, '--port must be a whole number from 0 to 65535 (0 picks a free port), not ""', 'e.g. --port 2525, or --port 0 for a free port'],
		[{hostname: ''}, '--hostname must be a host name (letters, digits, dots, hyphens), not ""', 'e.g. --hostname lab.example.org'],
		[{user: ''}, '--user is empty', 'give the account name, or leave --user out for the default (demo)'],
		[{password: ' '}, '--password is empty', 'give the password, or leave --password out for the default (demo)'],
		[{maxSize: ''}, '--max-size must be a number of bytes, at least 1, not ""', 'give bytes as a whole number, or with k or m (100k is 102,400 bytes; 10m, the default, is 10,485,760)'],
		[{bannerDelay: ''}, '--banner-delay must be a number of seconds from 0 to 3600 (an hour), not ""', 'e.g. --banner-delay 1.5, --banner-delay 5s or --banner-delay 1m'],
	])('an empty %o is refused with an example', (flags, message, hint) => {
		expect(() => parseServeFlags(flags, [])).toThrow(expect.objectContaining({message, hint}));
	});

	it('takes sizes and seconds with units, as send --chunk-size and --timeout take them', () => {
		const {settings} = parseServeFlags({maxSize: '10MB', bannerDelay: '5s', greylistDelay: '1m', slowDelay: '0.5s'}, []);
		expect(settings).toMatchObject({maxSize: 10 * 1024 * 1024, bannerDelayMs: 5000, greylistDelayMs: 60_000, slowDelayMs: 500});
		expect(parseServeFlags({maxSize: '1k', bannerDelay: '1h'}, []).settings).toMatchObject({maxSize: 1024, bannerDelayMs: 3_600_000});
	});

	it('refuses arguments', () => {
		expect(() => parseServeFlags({}, ['now'])).toThrow('serve takes no arguments, got "now"');
	});

	it('turns flags into settings (seconds into milliseconds, chaos parsed)', () => {
		const {settings, json, customPassword} = parseServeFlags(
			{port: '2626', tlsPort: '2465', listen: '::1', hostname: 'lab.example.org', user: 'alice', password: 'pw', requireTls: true, requireAuth: true, maxSize: '5000', maxRecipients: '3', bannerDelay: '1.5', greylist: true, greylistDelay: '0', slowDelay: '2', rejectAll: true, chaos: 'rcpt:451:30', saveDir: 'mail', keep: '10', json: true},
			[],
		);
		expect(settings).toEqual({
			port: 2626,
			tlsPort: 2465,
			listen: '::1',
			hostname: 'lab.example.org',
			starttls: true,
			user: 'alice',
			password: 'pw',
			requireTls: true,
			requireAuth: true,
			anyLogin: false,
			maxSize: 5000,
			maxRecipients: 3,
			bannerDelayMs: 1500,
			greylist: true,
			greylistDelayMs: 0,
			slowDelayMs: 2000,
			rejectAll: true,
			proxy: false,
			chaos: [{stage: 'rcpt', code: 451, percent: 30}],
			saveDir: 'mail',
			keep: 10,
			keepBytes: 0,
		});
		expect([json, customPassword]).toEqual([true, true]);
	});

	it('--help lists every flag and every recipe with the default delays', () => {
		for (const flag of ['--port', '--listen', '--tls-port', '--hostname', '--user', '--password', '--require-tls', '--require-auth', '--any-login', '--max-size', '--max-recipients', '--banner-delay', '--greylist', '--greylist-delay', '--slow-delay', '--reject-all', '--chaos', '--save-dir', '--keep', '--json']) {
			expect(serveHelp).toMatch(new RegExp(`^    ${flag}[ ,]`, 'm'));
		}
		for (const recipe of ['nobody@', 'grey@', 'full@', 'slow@', 'bye@', 'drop@', 'big@']) expect(serveHelp).toMatch(new RegExp(`^    ${recipe} +\\S`, 'm'));
		expect(serveHelp).toContain('accepted on a retry after 5 s (--greylist-delay)');
		expect(serveHelp).toContain('RCPT reply delayed 5 s (--slow-delay)');
	});
});

describe('serve output', () => {
	it('prints the listener, the certificate, AUTH, then one line per event, and exits 0 when stopped', async () => {
		const served = await startServe({});
		await session(served.port, ['EHLO me.example', 'MAIL FROM:<a@example.com>', 'RCPT TO:<nobody@example.com>', 'RCPT TO:<b@example.com>', 'DATA', 'Subject: =?UTF-8?Q?hi_=1B[31mred?=\r\n\r\nx\r\n.', 'QUIT']);
		await waitFor(() => served.out().includes('disconnect'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		const lines = served.out().trimEnd().split('\n');
		expect(lines.slice(0, 3)).toEqual([
			`listening on 127.0.0.1:${served.port} (SMTP, STARTTLS)`,
			expect.stringMatching(/^certificate SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2} \(.+certificate\.pem\)$/),
			'AUTH PLAIN LOGIN CRAM-MD5 with demo/demo',
		]);
		// Without --save-dir nothing of a message outlives its log line: said before any comes.
		expect(lines[3]).toBe('messages are not saved: add --save-dir DIR to keep them');
		// The last start-up line gives scripts the server's own pid (npx's $! is npm's).
		expect(lines[4]).toBe(`ready: pid ${process.pid} (kill ${process.pid} stops it)`);
		const events = lines.slice(5, -2).map(line => line.replace(/^\d\d:\d\d:\d\d #1 /, ''));
		expect(events).toEqual([
			expect.stringMatching(/^connect from 127\.0\.0\.1:\d+$/),
			'EHLO me.example',
			'MAIL FROM:<a@example.com>',
			'refused RCPT TO:<nobody@example.com>: 550 5.1.1 <nobody@example.com>: user unknown (nobody@ is an address recipe: every sandbox answers it so, on any domain; smtp-tui serve --help lists them)',
			'RCPT TO:<b@example.com>',
			// The escape character of the subject is shown, not sent to the terminal.
			'accepted message 1 (41 bytes) "hi \\x1b[31mred"',
			'disconnect',
		]);
		// What the run did, counted: the refused RCPT is a refusal.
		expect(lines.slice(-2)).toEqual(['stopping: open sessions get 421 4.3.2', 'stopped after 1 session: 1 message accepted (41 bytes), 1 refusal']);
		expect(served.err()).toBe('');
	});

	it('says when a message still carries its Bcc header, as Python sendmail() with a message\'s bytes sends it; an empty one hides nobody', async () => {
		const served = await startServe({json: true});
		const message = (bcc: string) => `From: a@example.test\r\nTo: b@example.test\r\n${bcc}Subject: s\r\n\r\nx\r\n.`;
		for (const bcc of ['Bcc: secret@example.test,\r\n other@example.test\r\n', 'Bcc:\r\n', '']) {
			await session(served.port, ['EHLO me.example', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'RCPT TO:<secret@example.test>', 'DATA', message(bcc), 'QUIT']);
		}
		await waitFor(() => served.out().split('"type":"accepted"').length === 4, 'three accepted lines');
		await served.stop();
		const accepted = served.out().split('\n').filter(line => line.includes('"type":"accepted"')).map(line => JSON.parse(line) as {bcc?: string});
		expect(accepted.map(event => event.bcc)).toEqual(['secret@example.test, other@example.test', undefined, undefined]);
		expect(describeEvent({type: 'accepted', session: 1, time: 0, remote: '127.0.0.1:5000', id: 1, size: 99, subject: 's', from: 'a@example.test', to: ['b@example.test'], bcc: 'secret@example.test'})).toBe(
			'accepted message 1 (99 bytes) "s"; its Bcc header is still in it ("secret@example.test"): every recipient can read who was copied (a mail library takes it out before sending: Python\'s send_message() does, sendmail() does not)',
		);
	});

	it('says which client a failed TLS handshake was with, and names each session once by its EHLO name', async () => {
		const served = await startServe({tlsPort: '0'});
		const smtps = Number(/listening on [\d.]+:(\d+) \(SMTPS/.exec(served.out())![1]);
		// A client that does not trust the certificate closes the connection during the handshake.
		const rejecting = tls.connect({port: smtps, host: '127.0.0.1'});
		await new Promise(resolve => rejecting.on('error', () => undefined).on('close', resolve));
		await waitFor(() => served.out().includes('TLS handshake with'), 'the handshake line');
		const client = await RawClient.connect(served.port);
		await client.reply();
		await client.command('EHLO Laptop-Anna');
		await client.command('STARTTLS');
		await client.startTls('not a CA').catch(() => undefined);
		await waitFor(() => served.out().includes('#1 disconnect'), 'the disconnect line');
		const again = await RawClient.connect(served.port);
		await again.reply();
		await again.command('HELO laptop-ben');
		await again.command('HELO laptop-ben');
		again.end();
		await waitFor(() => served.out().includes('#2 disconnect'), 'the second disconnect line');
		expect(await served.stop()).toBe(0);
		const events = served.out().split('\n').filter(line => /^\d\d:/.test(line)).map(line => line.slice(9));
		expect(events).toEqual([
			'server TLS handshake with 127.0.0.1 failed: the client closed the connection (it may not trust the certificate)',
			expect.stringMatching(/^#1 connect from 127\.0\.0\.1:\d+$/),
			'#1 EHLO laptop-anna',
			// What to do, with the certificate's path: a mail library checks certificates by default.
			`#1 disconnect during the TLS handshake (the client may not trust the certificate: give the client ${path.join(certificateDir, 'certificate.pem')} as its CA file, or start serve with --no-starttls)`,
			expect.stringMatching(/^#2 connect from/),
			'#2 HELO laptop-ben',
			'#2 disconnect',
		]);
	});

	it('tells a plain-text client on the --tls-port from one that does not trust the certificate', async () => {
		const served = await startServe({tlsPort: '0'});
		const smtps = Number(/listening on [\d.]+:(\d+) \(SMTPS/.exec(served.out())![1]);
		const failures = () => served.out().split('\n').filter(line => line.includes('TLS handshake with'));
		// A probe that waits for a plain SMTP banner, sends nothing and gives up (smtp-tui check does this).
		const silent = await RawClient.connect(smtps);
		silent.end();
		await waitFor(() => failures().length === 1, 'the first handshake line');
		// A client that speaks plain SMTP first.
		const talker = await RawClient.connect(smtps);
		talker.send('EHLO plain.example');
		await talker.closedBy();
		await waitFor(() => failures().length === 2, 'the second handshake line');
		expect(await served.stop()).toBe(0);
		expect(failures().map(line => line.slice(9))).toEqual([
			'server TLS handshake with 127.0.0.1 failed: the client closed the connection without starting TLS (it may have expected plain SMTP: this port speaks TLS from the first byte)',
			'server TLS handshake with 127.0.0.1 failed: the client spoke plain text on the TLS port (it may have expected plain SMTP: this port speaks TLS from the first byte)',
		]);
	});

	it('logs the big@ refusal as one of the message, not of DATA (it comes after the message)', async () => {
		const served = await startServe({});
		await session(served.port, ['EHLO me.example', 'MAIL FROM:<a@example.com>', 'RCPT TO:<big@example.com>', 'DATA', 'Subject: big\r\n\nx\r\n.', 'QUIT']);
		await waitFor(() => served.out().includes('disconnect'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		expect(served.out()).toMatch(/#1 refused the message: 552 5\.3\.4 Message too big for <big@example\.com> \(big@ recipe\)\n/);
		expect(served.out()).not.toContain('refused DATA');
	});

	it('cuts a long refused MAIL FROM in the log with a mark, so the cut address does not read as the one sent', async () => {
		const served = await startServe({});
		const long = `MAIL FROM:<${'a'.repeat(5000)}@b.c>`;
		await session(served.port, ['EHLO me.example', long, 'QUIT']);
		await waitFor(() => served.out().includes('disconnect'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		const refused = served.out().split('\n').find(line => line.includes('refused MAIL'))!;
		expect(refused).toContain(`refused ${long.slice(0, 200)}… (${long.length} characters): 501`);
	});

	it('names in words what was refused when it never became a command: an early line, an overlong one, garbage', async () => {
		const served = await startServe({bannerDelay: '0.3'});
		const early = await RawClient.connect(served.port);
		early.send('EHLO early.example');
		expect((await early.reply()).code).toBe(421);
		await early.closedBy();
		const client = await RawClient.connect(served.port);
		await client.reply();
		expect((await client.command('123 not a command')).code).toBe(500);
		// A word of the client's own is no command either: not "refused HELLO".
		expect((await client.command('hello world')).code).toBe(500);
		client.write(`EHLO ${'x'.repeat(100_000)}\r\n`);
		expect((await client.reply()).code).toBe(421);
		await client.closedBy();
		await waitFor(() => served.out().includes('#2 disconnect'), 'the second disconnect line');
		expect(await served.stop()).toBe(0);
		const refusals = served.out().split('\n').filter(line => line.includes(' refused '));
		expect(refusals.map(line => line.slice(9))).toEqual([
			'#1 refused (the client spoke before the greeting): 421 4.4.2 smtp-tui.localhost You talk too soon',
			'#2 refused a line that is not a command: 500 5.5.2 Error: command not recognized',
			'#2 refused a line that is not a command: 500 5.5.2 Error: command not recognized',
			'#2 refused a line over the length limit: 421 4.4.2 Error: Command line too long',
		]);
	});

	it("names the idle timeout's 421 as such, not as a refused command", () => {
		const event = {type: 'refused', session: 1, time: 0, remote: '127.0.0.1:5000', stage: 'idle', code: 421, text: '4.4.2 Timeout - closing connection'} as const;
		expect(describeEvent(event)).toBe('closed the idle session: 421 4.4.2 Timeout - closing connection');
		expect(describeEvent({...event, stage: 'mail'})).toBe('refused MAIL: 421 4.4.2 Timeout - closing connection');
	});

	it('says at start which restrictive modes are on, and logs the refused connection in words', async () => {
		const served = await startServe({rejectAll: true, requireTls: true, requireAuth: true});
		const client = await RawClient.connect(served.port);
		expect((await client.reply()).code).toBe(554);
		await client.closedBy();
		await waitFor(() => served.out().includes('#1 disconnect'), 'the disconnect line');
		expect(await served.stop()).toBe(0);
		const lines = served.out().split('\n');
		expect(lines.slice(2, 6)).toEqual([
			'AUTH PLAIN LOGIN CRAM-MD5 with demo/demo',
			'refusing every session (--reject-all): 554 smtp-tui.localhost no SMTP service here (--reject-all)',
			'MAIL and AUTH only after STARTTLS (--require-tls)',
			'MAIL only after AUTH (--require-auth)',
		]);
		expect(served.out()).toMatch(/#1 refused the connection: 554 smtp-tui\.localhost no SMTP service here \(--reject-all\)\n/);

		// Only the modes that are on, and as objects with --json.
		const quiet = await startServe({});
		expect(await quiet.stop()).toBe(0);
		expect(quiet.out()).not.toMatch(/--reject-all|--require-tls|--require-auth/);
		const json = await startServe({json: true, rejectAll: true, requireAuth: true});
		const refused = await RawClient.connect(json.port);
		expect((await refused.reply()).code).toBe(554);
		await refused.closedBy();
		await waitFor(() => json.out().includes('"disconnect"'), 'the disconnect object');
		expect(await json.stop()).toBe(0);
		const objects = json.out().trimEnd().split('\n').map(line => JSON.parse(line) as {type: string});
		// A refused session starts with its connect, as every session does.
		const session = ['connect', 'refused', 'disconnect'];
		expect(objects.map(object => object.type)).toEqual(['listening', 'certificate', 'auth', 'reject-all', 'require-auth', 'mailbox', 'ready', ...session, 'stopping', 'stopped']);
		expect(objects[8]).toMatchObject({type: 'refused', stage: 'connect', code: 554, session: 1});
		expect(objects[3]).toEqual({type: 'reject-all', code: 554, text: 'smtp-tui.localhost no SMTP service here (--reject-all)'});
		expect(objects[6]).toEqual({type: 'ready', pid: process.pid});
		expect(objects.at(-1)).toEqual({type: 'stopped', sessions: 1, messages: 0, bytes: 0, refused: 1});
	});

	it('--any-login: says at start that any login is taken; without it a refused login names the user tried, the account and the flag', async () => {
		expect(() => parseServeFlags({anyLogin: true, user: 'alice'}, [])).toThrow('--any-login takes any user name and password: --user would be ignored');
		expect(() => parseServeFlags({anyLogin: true, password: 'pw'}, [])).toThrow('--password would be ignored');
		const plain = (user: string, password: string) => `AUTH PLAIN ${Buffer.from(`\0${user}\0${password}`).toString('base64')}`;
		const open = await startServe({anyLogin: true});
		await session(open.port, ['EHLO app.example', plain('app', 'secret')]);
		await waitFor(() => open.out().includes('#1 disconnect'), 'the disconnect line');
		expect(await open.stop()).toBe(0);
		expect(open.out()).toContain('\nAUTH PLAIN LOGIN CRAM-MD5 with any user name and password (--any-login)\n');
		expect(open.out()).toMatch(/#1 AUTH PLAIN as app\n/);
		expect(open.out()).not.toContain('secret');

		for (const [flags, account] of [[{}, 'demo/demo'], [{user: 'alice', password: 'pw'}, 'alice']] as const) {
			const strict = await startServe(flags);
			await session(strict.port, ['EHLO app.example', plain('app', 'secret')]);
			await waitFor(() => strict.out().includes('#1 disconnect'), 'the disconnect line');
			expect(await strict.stop()).toBe(0);
			// The user name the client sent, beside the account: a client sending the wrong one shows at once.
			expect(strict.out()).toContain(`#1 refused AUTH PLAIN as "app": 535 5.7.8 Authentication credentials invalid (the account is ${account}; --any-login takes any)\n`);
			expect(strict.out()).not.toContain('secret');
		}
		const refusedJson = await startServe({json: true});
		await session(refusedJson.port, ['EHLO app.example', plain('', 'secret'), plain('app', 'secret')]);
		await waitFor(() => refusedJson.out().includes('"disconnect"'), 'the disconnect object');
		expect(await refusedJson.stop()).toBe(0);
		const refusals = refusedJson.out().split('\n').filter(line => line.includes('"type":"refused"')).map(line => JSON.parse(line));
		expect(refusals.map(object => object.login)).toEqual([{user: '', method: 'PLAIN'}, {user: 'app', method: 'PLAIN'}]);
		expect(refusedJson.out()).not.toContain('secret');
		const json = await startServe({json: true, anyLogin: true});
		expect(await json.stop()).toBe(0);
		expect(json.out().split('\n').map(line => line && JSON.parse(line)).find(object => object?.type === 'auth')).toEqual({type: 'auth', anyLogin: true, methods: ['PLAIN', 'LOGIN', 'CRAM-MD5']});
	});

	it('--json prints one JSON object per line', async () => {
		const served = await startServe({json: true, password: 'secret', saveDir: undefined, chaos: 'mail:451:0'});
		await session(served.port, ['EHLO me.example', 'NOOP']);
		await waitFor(() => served.out().includes('"disconnect"'), 'the disconnect object');
		expect(await served.stop()).toBe(0);
		const objects = served.out().trimEnd().split('\n').map(line => JSON.parse(line) as {type: string});
		expect(objects.map(object => object.type)).toEqual(['listening', 'certificate', 'auth', 'mailbox', 'chaos', 'ready', 'connect', 'helo', 'disconnect', 'stopping', 'stopped']);
		expect(objects[0]).toEqual({type: 'listening', host: '127.0.0.1', port: served.port, kind: 'smtp', starttls: true});
		// Without --save-dir: a field a script can test before it counts on finding messages.
		expect(objects[3]).toEqual({type: 'mailbox', saveDir: null});
		expect(objects[6]).toMatchObject({type: 'connect', session: 1, listener: 'smtp', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/)});
		expect(served.out()).not.toContain('secret');
	});

	it('warns on stderr when listening beyond loopback, and lists the implicit-TLS listener', async () => {
		const served = await startServe({listen: '0.0.0.0', tlsPort: '0'});
		expect(await served.stop()).toBe(0);
		expect(served.out()).toMatch(/^listening on 0\.0\.0\.0:\d+ \(SMTP, STARTTLS\)\nlistening on 0\.0\.0\.0:\d+ \(SMTPS, implicit TLS\)\n/);
		expect(served.err()).toMatch(/^warning: listening on 0\.0\.0\.0, not a loopback address/);
	});

	it('returns 1 with a clear message when the port is taken', async () => {
		const first = await startServe({});
		const capture = captureIO();
		const options = parseServeFlags({port: String(first.port)}, []);
		options.settings.certificateDir = certificateDir;
		expect(await serve(options, capture.io, new Promise(() => undefined))).toBe(1);
		expect(capture.err()).toBe(`smtp-tui: cannot listen on 127.0.0.1:${first.port}: the port is already in use\nhint: another sandbox may be running there; --port 0 picks a free port\n`);
		expect(capture.out()).toBe('');
		// With --json the script reading stdout learns it too.
		const json = captureIO();
		const jsonOptions = parseServeFlags({port: String(first.port), json: true}, []);
		jsonOptions.settings.certificateDir = certificateDir;
		expect(await serve(jsonOptions, json.io, new Promise(() => undefined))).toBe(1);
		expect(JSON.parse(json.out())).toEqual({type: 'error', exitCode: 1, message: `cannot listen on 127.0.0.1:${first.port}: the port is already in use`, hint: 'another sandbox may be running there; --port 0 picks a free port'});
		// inbox's screen, there to show what the app sends to that port: --port 0 alone would show a second, empty catcher.
		expect(await startCatcher(options, process.env)).toEqual({
			message: `cannot listen on 127.0.0.1:${first.port}: the port is already in use`,
			hint: "another sandbox may be running there, showing the mail sent to that port in its own output (a serve's log, another inbox): stop it and start this inbox again to catch that mail here; --port 0 would start a second catcher, which gets only the mail sent to its own port (the top line names it)",
		});
		await first.stop();
	});

	it('with --save-dir, a taken port most likely being the serve saving there, says how to read that mail (serve and inbox)', async () => {
		const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'serve-taken-')), 'my mail');
		const first = await startServe({saveDir: dir});
		const options = parseServeFlags({port: String(first.port), saveDir: dir}, []);
		options.settings.certificateDir = certificateDir;
		const capture = captureIO();
		expect(await serve(options, capture.io, new Promise(() => undefined))).toBe(1);
		expect(capture.err()).toBe(`smtp-tui: cannot listen on 127.0.0.1:${first.port}: the port is already in use\nhint: another sandbox may be running there: if it saves to '${dir}', the mail is saved there already ("smtp-tui inbox --save-dir '${dir}' --wait 0" lists it); --port 0 starts a second sandbox on a free port, which gets only the mail sent to that port\n`);
		// inbox's screen: --port 0 would show a second, empty catcher, never the mail the app sends to the first.
		const caught = await startCatcher(options, process.env);
		expect(caught).toEqual({
			message: `cannot listen on 127.0.0.1:${first.port}: the port is already in use`,
			hint: `another sandbox may be running there: if it is a serve saving to '${dir}', stop it and start this inbox again, which lists the mail saved there and catches the next (or, leaving it running, "smtp-tui inbox --save-dir '${dir}' --wait 0" lists what it saved); --port 0 would start a second catcher, which never gets that one's mail`,
		});
		await first.stop();
	});
});

describe('start errors', () => {
	const listenError = (code: string, address: string, port?: number) => Object.assign(new Error(code), {code, syscall: 'listen', address, ...(port !== undefined && {port})});

	it('name the address, and the port when there is one (none for --port 0)', () => {
		expect(describeStartError(listenError('EADDRNOTAVAIL', '10.9.9.9')).message).toBe('cannot listen on 10.9.9.9: that address is not on this machine');
		expect(describeStartError(listenError('EADDRINUSE', '::1', 2525)).message).toBe('cannot listen on [::1]:2525: the port is already in use');
		// The TLS port taken: the hint names its own flag.
		expect(describeStartError(listenError('EADDRINUSE', '127.0.0.1', 4650), 4650).hint).toBe('another sandbox may be running there; --tls-port 0 picks a free port');
		expect(describeStartError(listenError('EADDRINUSE', '127.0.0.1', 2525), 4650).hint).toBe('another sandbox may be running there; --port 0 picks a free port');
	});

	it('name a --save-dir folder that cannot be written', () => {
		const error = Object.assign(new Error('EACCES: permission denied'), {code: 'EACCES', syscall: 'access', path: '/srv/mail'});
		expect(describeStartError(error)).toEqual({message: 'cannot write to /srv/mail: permission denied', hint: "that folder must be writable: the --save-dir folder, or smtp-tui's data folder (the certificate)"});
	});

	it.runIf(process.platform === 'linux')('refuse a --save-dir where no folder can be made, instead of hanging', async () => {
		const capture = captureIO();
		const options = parseServeFlags({port: '0', saveDir: '/proc/smtp-tui-test/inbox'}, []);
		options.settings.certificateDir = certificateDir;
		expect(await serve(options, capture.io, new Promise(() => undefined))).toBe(1);
		expect(capture.err()).toMatch(/^smtp-tui: cannot write to \/proc\/smtp-tui-test: no folder can be made there\n/);
	});
});

describe('serve and its kept certificate', () => {
	it('says the certificate was made again when the kept file was no certificate (written over), and why', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-serve-cert-'));
		writeFileSync(path.join(dir, 'certificate.pem'), 'not a certificate\n');
		writeFileSync(path.join(dir, 'private-key.pem'), 'not a key\n');
		const capture = captureIO();
		const options = parseServeFlags({port: '0'}, []);
		options.settings.certificateDir = dir;
		let stop!: () => void;
		const exit = serve(options, capture.io, new Promise<void>(resolve => (stop = resolve)));
		await waitFor(() => /ready/.test(capture.out()), 'the ready line');
		expect(capture.err()).toContain(
			`warning: the certificate was made again (it or its private key could not be read); it replaced a file that was no certificate: a sandbox still running with that one must be restarted for clients that trust ${path.join(dir, 'certificate.pem')}`,
		);
		stop();
		expect(await exit).toBe(0);
	});
});
