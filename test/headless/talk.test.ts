// `smtp-tui talk` with piped stdin: the built CLI as a child process, against real servers on 127.0.0.1.
import {spawn, type ChildProcessByStdio} from 'node:child_process';
import {closeSync, mkdtempSync, openSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {defaultEhloName} from '../../source/smtp/ehlo-name.js';
import {testCerts} from '../helpers/certs.js';
import {greetUpToData, startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {cliNode, cliPath, ended, runCli} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-talk-'));
let server: TestSmtpServer;
let lmtp: TestSmtpServer;
let caFile: string;
const lmtpSocket = path.join(dir, 'lmtp');

beforeAll(async () => {
	server = await startSmtpServer({
		onRcptTo(address, _session, callback) {
			if (address.address.startsWith('nobody')) callback(Object.assign(new Error('5.1.1 user unknown'), {responseCode: 550}));
			else callback();
		},
	});
	lmtp = await startSmtpServer({lmtp: true, disabledCommands: ['STARTTLS']}, {socket: lmtpSocket});
	caFile = path.join(dir, 'ca.pem');
	writeFileSync(caFile, (await testCerts()).ca);
});
afterAll(async () => {
	await server.close();
	await lmtp.close();
});

const talk = (port: number, input: string, flags: string[] = []) => runCli(['talk', '--host', '127.0.0.1', '--port', String(port), ...flags], {input});
const lines = (text: string) => text.split('\n');

/** A raw server's last steps: QUIT answered with 221, then everything the client sent, as sent. */
async function quitAndWire(peer: RawPeer): Promise<string> {
	await peer.readLine();
	peer.end('221 bye\r\n');
	await peer.closed();
	return Buffer.concat(peer.received).toString('latin1');
}

describe('smtp-tui talk, stdin piped', () => {
	it('sends each line as typed, the message dot-stuffed, and prints each reply once with its explanation', async () => {
		let wire = '';
		const raw = await startRawServer(async peer => {
			await greetUpToData(peer);
			await peer.readData();
			peer.write('250 queued as 7\r\n');
			wire = await quitAndWire(peer);
		});
		const input = 'EHLO client.example.test\nmail FROM:<me@example.test>\nRCPT TO:<you@example.test>\nDATA\nSubject: hi\n\n.a leading dot\nthe end\n.\nQUIT\n';
		const result = await talk(raw.port, input);
		await raw.close();
		expect(result.code).toBe(0);
		// What reached the server, byte for byte: case kept, CRLF, the leading dot doubled, the final dot.
		expect(wire).toBe('EHLO client.example.test\r\nmail FROM:<me@example.test>\r\nRCPT TO:<you@example.test>\r\nDATA\r\nSubject: hi\r\n\r\n..a leading dot\r\nthe end\r\n.\r\nQUIT\r\n');
		const out = lines(result.stdout);
		// As it went: the leading dot doubled.
		for (const line of ['<-  220 raw.test ESMTP ready', ' -> EHLO client.example.test', ' -> mail FROM:<me@example.test>', '<-  354 go ahead', ' -> ..a leading dot', '<-  250 queued as 7', '<-  221 bye']) {
			expect(out).toContain(line);
		}
		// Each reply once, each followed by its explanation.
		expect(out.filter(line => line === '<-  221 bye')).toHaveLength(1);
		expect(out[out.indexOf('<-  221 bye') + 1]).toMatch(/^ {4}# 221: goodbye/);
		// The close is said last, as send says it: the session is over, not cut off.
		expect(out.filter(line => line !== '').at(-1)).toBe('=== connection closed');
		// The next step in plain words, and manual mode's notes.
		// Without --helo, the name the session would give: this machine's with a dot, else this end's address literal.
		expect(out).toContain(`now: EHLO ${defaultEhloName(os.hostname(), '127.0.0.1')} (the server greeted you: introduce yourself; HELO for old servers)`);
		expect(result.stdout).toContain('=== dot-stuffing is done for you');
		// A pipe gets no escape codes.
		expect(result.stdout).not.toContain('\u001B');
	});

	it('shows a refused RCPT as a refusal, goes on with the session, and exits 0 after QUIT\'s 221', async () => {
		const input = 'EHLO client.example.test\nMAIL FROM:<me@example.test>\nRCPT TO:<nobody@example.test>\nRCPT TO:<friend@example.test>\nDATA\nSubject: t\n\nx\n.\nQUIT\n';
		const result = await talk(server.port, input, ['--no-starttls']);
		expect(result.code).toBe(0);
		const out = lines(result.stdout);
		const refusal = out.findIndex(line => line.startsWith('<** 550'));
		expect(out[refusal]).toContain('user unknown');
		expect(out[refusal + 1]).toMatch(/^ {4}# 550: /);
		expect(server.messages.at(-1)!.to).toEqual(['friend@example.test']);
	});

	it('does STARTTLS when typed, verifying the certificate against --ca, and marks what went inside TLS', async () => {
		const input = 'EHLO client.example.test\nSTARTTLS\nEHLO client.example.test\nMAIL FROM:<me@example.test>\nRCPT TO:<tls@example.test>\nDATA\nSubject: tls\n\nsecret\n.\nQUIT\n';
		const result = await talk(server.port, input, ['--ca', caFile]);
		expect(result.code).toBe(0);
		const out = lines(result.stdout);
		expect(out).toContain(' -> STARTTLS');
		expect(out.some(line => line.startsWith('<-  220 '))).toBe(true);
		// EHLO is next again, and not because of a greeting: TLS started the session afresh.
		const again = out.indexOf('=== certificate verified') + 1;
		expect(out[again]).toMatch(/^now: EHLO \S+ again \(TLS started a fresh session: the server forgot your EHLO and what it offered before\)$/);
		expect(out).toContain('=== certificate verified');
		expect(out).toContain(' ~> EHLO client.example.test');
		expect(out).toContain(' ~> QUIT');
		expect(out.some(line => line.startsWith('<~  221'))).toBe(true);
		expect(server.messages.at(-1)).toMatchObject({to: ['tls@example.test'], secure: true});
	});

	it('refuses a certificate it cannot verify, exiting 29', async () => {
		const result = await talk(server.port, 'EHLO client.example.test\nSTARTTLS\nEHLO client.example.test\nQUIT\n');
		expect(result.code).toBe(29);
		expect(result.stdout).toMatch(/^\*\*\* .*certificate/m);
		expect(result.stdout).not.toContain(' ~> EHLO');
	});

	it('refuses a line with a bare CR, naming it, sends nothing after it but QUIT, and exits 1', async () => {
		let wire = '';
		const raw = await startRawServer(async peer => {
			peer.write('220 raw.test ESMTP ready\r\n');
			await peer.readLine();
			peer.write('250 raw.test\r\n');
			wire = await quitAndWire(peer);
		});
		const result = await talk(raw.port, 'EHLO client.example.test\r\nMAIL FROM:<a\rb@example.test>\nRCPT TO:<c@example.test>\n');
		await raw.close();
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('*** not sent: the line holds a carriage return (CR) at column 13');
		// A CRLF line ending is a line ending; the refused line and the rest of the script never went.
		expect(wire).toBe('EHLO client.example.test\r\nQUIT\r\n');
	});

	it('stops a script at a message line too long for SMTP: the message is not delivered without it', async () => {
		const before = server.messages.length;
		const input = `EHLO client.example.test\nMAIL FROM:<me@example.test>\nRCPT TO:<friend@example.test>\nDATA\nSubject: long\n\n${'x'.repeat(1200)}\nlast line\n.\nQUIT\n`;
		const result = await talk(server.port, input, ['--no-starttls']);
		expect(result.code).toBe(1);
		expect(result.stdout).toMatch(/^\*\*\* body line 3 not sent: it is 1200 octets, and SMTP allows at most 998/m);
		expect(result.stdout).toContain('*** the rest of the input is not sent');
		expect(server.messages.length).toBe(before);
	});

	it('says QUIT at the end of the input, and exits 1 when it ends inside a message (which is not delivered)', async () => {
		const before = server.messages.length;
		const result = await talk(server.port, 'EHLO client.example.test\nMAIL FROM:<me@example.test>\nRCPT TO:<friend@example.test>\nDATA\nSubject: cut\n', ['--no-starttls']);
		expect(result.code).toBe(1);
		// Why, then what it means, said once: nothing is delivered.
		// A script that ended dropped nothing on purpose: no "you dropped" (Ctrl+D at a terminal keeps it).
		expect(result.stdout).toContain('*** the script ended inside the message, before its lone "."\n=== the message is dropped: 1 line had gone, no "." was sent, so nothing is delivered;');
		expect(result.stdout).not.toContain('you dropped');
		expect(result.stdout.match(/deliver/g)).toHaveLength(1);
		expect(server.messages.length).toBe(before);
		const ended = await talk(server.port, 'EHLO client.example.test\n', ['--no-starttls']);
		expect(ended.code).toBe(0);
		expect(lines(ended.stdout)).toContain(' -> QUIT');
	});

	it('exits 6 when the server closes the connection (a 421), 2 when there is none, 21 for a greeting that refuses service', async () => {
		const raw = await startRawServer(async peer => {
			peer.write('220 raw.test ESMTP ready\r\n');
			await peer.readLine();
			peer.end('421 4.3.2 shutting down\r\n');
		});
		const closed = await talk(raw.port, 'EHLO client.example.test\nMAIL FROM:<a@example.test>\n');
		const port = raw.port;
		await raw.close();
		expect(closed.code).toBe(6);
		expect(closed.stdout).toContain('<** 421 4.3.2 shutting down');
		// The script's author hears what was left out, apart from the transcript.
		expect(closed.stderr).toBe('smtp-tui: warning: not sent: 1 line of the input: the connection ended before them\n');
		const none = await talk(port, 'EHLO client.example.test\n');
		expect(none.code).toBe(2);
		const refusing = await startRawServer(async peer => {
			peer.end('554 5.7.1 go away\r\n');
		});
		const refused = await talk(refusing.port, 'EHLO client.example.test\n');
		await refusing.close();
		expect(refused.code).toBe(21);
		expect(refused.stdout).toContain('<** 554 5.7.1 go away');
	});

	it('says on stderr how many lines came after an answered QUIT and were not sent, from a pipe or a file; exit 0 as before', async () => {
		const script = 'EHLO client.example.test\nQUIT\nNOOP\nRSET';
		const piped = await talk(server.port, script, ['--no-starttls']);
		expect(piped.code).toBe(0);
		expect(piped.stdout).not.toContain('NOOP');
		// The last line counts without its LF, as it would have gone.
		expect(piped.stderr).toBe("smtp-tui: warning: not sent: 2 lines after QUIT: QUIT's 221 ended the session\n");
		const file = path.join(dir, 'script.txt');
		writeFileSync(file, `${script}\n`);
		const input = openSync(file, 'r');
		const child = spawn(cliNode, [cliPath, 'talk', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls'], {stdio: [input, 'pipe', 'pipe']});
		closeSync(input);
		const fromFile = await ended(child as ChildProcessByStdio<null, Readable, Readable>);
		expect(fromFile.code).toBe(0);
		expect(fromFile.stderr).toBe(piped.stderr);
		// QUIT last: nothing to say, nor for blank lines after it (Enter alone sends nothing anyway); the others count.
		const whole = await talk(server.port, 'EHLO client.example.test\nQUIT\n', ['--no-starttls']);
		expect(whole.code).toBe(0);
		expect(whole.stderr).toBe('');
		expect((await talk(server.port, 'EHLO client.example.test\nQUIT\n\n \n', ['--no-starttls'])).stderr).toBe('');
		expect((await talk(server.port, 'EHLO client.example.test\nQUIT\n\nNOOP\n\n', ['--no-starttls'])).stderr).toBe("smtp-tui: warning: not sent: 1 line after QUIT: QUIT's 221 ended the session\n");
	});

	it('ends the input inside an AUTH exchange by giving the login up with "*", then QUIT: exit 0, no wait', async () => {
		const result = await runCli(['talk'], {input: 'EHLO client.example.test\nAUTH LOGIN\n'});
		expect(result.code).toBe(0);
		const out = lines(result.stdout);
		expect(out).toContain(' -> *');
		expect(out.indexOf(' -> QUIT')).toBeGreaterThan(out.indexOf(' -> *'));
		expect(result.stdout).not.toContain('QUIT during an AUTH exchange');
		expect(result.stdout).toMatch(/^<- {2}221 /m);
	});

	it('refuses BDAT at once, pointing to send --bdat, and ends a script there (exit 1)', async () => {
		const result = await talk(server.port, 'EHLO client.example.test\nBDAT 5 LAST\nQUIT\n', ['--no-starttls']);
		expect(result.code).toBe(1);
		expect(result.stdout).toMatch(/^\*\*\* not sent: BDAT cannot be typed here: .*smtp-tui send --bdat/m);
		expect(result.stdout).not.toContain(' -> BDAT');
	});

	it('refuses a command line too long for SMTP in the words of the other *** lines (lower case)', async () => {
		const result = await talk(server.port, `EHLO client.example.test\nMAIL FROM:<${'a'.repeat(600)}@example.test>\n`, ['--no-starttls']);
		expect(result.code).toBe(1);
		expect(result.stdout).toMatch(/^\*\*\* the typed line would be \d+ octets including CRLF/m);
	});

	it('says MAIL FROM plainly once STARTTLS and AUTH are done', async () => {
		const result = await runCli(['talk'], {input: 'EHLO client.example.test\nSTARTTLS\nEHLO client.example.test\nAUTH PLAIN AGRlbW8AZGVtbw==\nQUIT\n'});
		expect(result.code).toBe(0);
		const out = lines(result.stdout);
		expect(out[out.findIndex(line => line.startsWith('<~  235 ')) + 2]).toBe('now: logged in, inside TLS: MAIL FROM starts a message');
		// Inside TLS, not yet logged in: STARTTLS is behind, AUTH may still come.
		expect(out).toContain('now: inside TLS: MAIL FROM starts a message (AUTH comes before it, when used)');
		expect(out.filter(line => line.includes('STARTTLS and AUTH come before it')).length).toBeLessThanOrEqual(1);
	});

	it('after a login in clear (AUTH LOGIN answered), says MAIL FROM plainly, not that AUTH comes before it', async () => {
		const result = await runCli(['talk'], {input: 'EHLO client.example.test\nAUTH LOGIN\nZGVtbw==\nZGVtbw==\nQUIT\n'});
		expect(result.code).toBe(0);
		const out = lines(result.stdout);
		expect(out[out.findIndex(line => line.startsWith('<-  235 ')) + 2]).toBe('now: logged in: MAIL FROM starts a message');
	});

	it('speaks LMTP on a Unix socket with --socket --lmtp: the hints say LHLO', async () => {
		const result = await runCli(['talk', '--socket', lmtpSocket, '--lmtp'], {input: 'LHLO client.example.test\nMAIL FROM:<me@example.test>\nRCPT TO:<you@example.test>\nDATA\nSubject: lmtp\n\nx\n.\nQUIT\n'});
		expect(result.code).toBe(0);
		const out = lines(result.stdout);
		expect(out).toContain(`now: LHLO ${defaultEhloName(os.hostname())} (the server greeted you: introduce yourself; LMTP has no HELO)`);
		expect(out).toContain(' -> LHLO client.example.test');
		expect(lmtp.messages.at(-1)!.to).toEqual(['you@example.test']);
	});

	it('starts the built-in sandbox without --host, and says where; --helo is offered to type', async () => {
		const result = await runCli(['talk', '--helo', 'laptop.example.com'], {input: 'EHLO client.example.test\nQUIT\n'});
		expect(result.code).toBe(0);
		// --helo is the name the greeting step offers to type.
		expect(lines(result.stdout)).toContain('now: EHLO laptop.example.com (the server greeted you: introduce yourself; HELO for old servers)');
		expect(result.stdout).toMatch(/^=== no --host: talking to the built-in sandbox, started in this process at 127\.0\.0\.1:\d+ \(STARTTLS; AUTH demo\/demo\)/m);
		expect(result.stdout).toMatch(/^<- {2}221 /m);
	});

	it('says a header typed as a command belongs inside the message, after DATA\'s 354 (as manual mode says it)', async () => {
		const result = await runCli(['talk'], {input: 'EHLO client.example.test\nSubject: hi\nQUIT\n'});
		expect(result.stdout).toContain('"Subject: hi" is a header: it goes inside the message, after DATA\'s 354');
		expect(result.stdout).not.toContain('is not an SMTP command');
	});

	it('refuses login flags and what the sandbox cannot take, saying what to do', async () => {
		const login = await runCli(['talk', '--host', '127.0.0.1', '--user', 'demo']);
		expect(login.code).toBe(1);
		expect(login.stderr).toContain('smtp-tui: --user: talk logs in only as you type it');
		const port = await runCli(['talk', '--port', '2525']);
		expect(port.code).toBe(1);
		expect(port.stderr).toContain('smtp-tui: --port needs --host');
	});
});
