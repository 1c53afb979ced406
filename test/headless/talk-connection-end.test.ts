// `smtp-tui talk` from a pipe whose connection ends while the input is still open (a script still running behind
// the pipe, `(cat script; sleep 60) | smtp-tui talk`): the session ends with the connection, at once, with the exit
// code of how it ended. Each test waits for talk's exit within the test's timeout: a talk that waits for the end of
// its input instead fails it.
import {spawn} from 'node:child_process';
import {PassThrough, Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {runTalk} from '../../source/headless/talk.js';
import {testCerts} from '../helpers/certs.js';
import {greetAndEhlo, greetUpToData, startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {cliPath, ended, type CliResult} from '../helpers/run-cli.js';

const message = ['EHLO client.example.test', 'MAIL FROM:<me@example.test>', 'RCPT TO:<you@example.test>', 'DATA', 'Subject: cut', '', 'line 1', 'line 2', '.', 'QUIT'];

/** The transcript ends with the close, whatever ended the session. */
const lastLine = (stdout: string) => stdout.trimEnd().split('\n').at(-1);

const upToMail = 'EHLO client.example.test\r\nMAIL FROM:<me@example.test>\r\n';

/** talk given `lines` at once and an input left open; `more` writes further lines into it. */
function talkInputOpen(port: number, lines: readonly string[], flags: string[] = []): {exit: Promise<CliResult>; more: (lines: readonly string[]) => void} {
	const child = spawn(process.execPath, [cliPath, 'talk', '--host', '127.0.0.1', '--port', String(port), ...flags], {env: {...process.env, NO_COLOR: '1'}, stdio: ['pipe', 'pipe', 'pipe']});
	// Once talk is gone, what is still written into the pipe has nowhere to go.
	child.stdin.on('error', () => undefined);
	const more = (next: readonly string[]) => child.stdin.write(next.map(line => `${line}\n`).join(''));
	more(lines);
	return {exit: ended(child).finally(() => child.stdin.destroy()), more};
}

/** Runs `script` as the server, then talk against it with the input left open; what reached the server, as sent. */
async function againstServer(script: (peer: RawPeer) => Promise<void>, lines: readonly string[], flags: string[] = []): Promise<CliResult & {wire: string}> {
	const raw = await startRawServer(script);
	try {
		const result = await talkInputOpen(raw.port, lines, flags).exit;
		return {...result, wire: Buffer.concat(raw.peers[0]?.received ?? []).toString('latin1')};
	} finally {
		await raw.close();
	}
}

/** Greets, answers EHLO, then closes as `close` says when MAIL comes. */
const closeAtMail = (close: (peer: RawPeer) => void) => async (peer: RawPeer) => {
	await greetAndEhlo(peer);
	await peer.readLine();
	close(peer);
};

describe('smtp-tui talk from a pipe still open, when the connection ends', () => {
	it('exits 6 when the server drops the connection in the middle of the message, which it says is not delivered', async () => {
		let dropped: () => void = () => undefined;
		const gone = new Promise<void>(resolve => (dropped = resolve));
		const raw = await startRawServer(async peer => {
			await greetUpToData(peer);
			await peer.readLine();
			await peer.readLine();
			peer.destroy();
			dropped();
		});
		try {
			// The script writes the rest of its message once the server has dropped the connection.
			const talk = talkInputOpen(raw.port, message.slice(0, 6));
			await gone;
			talk.more(message.slice(6));
			const result = await talk.exit;
			expect(result.code).toBe(6);
			expect(result.stdout).toContain('=== the message typed after DATA was not delivered');
			expect(result.stdout).toContain('*** the connection closed while the message was being sent');
			// Nobody is there to type EHLO again: the script ends with the connection, and talk says so.
			// (How many of the lines written after the drop were typed before talk heard of it is the machine's timing.)
			expect(result.stdout).toMatch(/a message left unfinished; [^\n]*went as typed[^\n]*\. Talk stops here: the rest of the input is not sent\.\n/);
			expect(result.stdout).not.toContain('connect again');
			expect(lastLine(result.stdout)).toBe('=== connection closed');
			// Nothing went after the close: not the lines still to come, not a QUIT.
			expect(Buffer.concat(raw.peers[0]!.received).toString('latin1')).toBe('EHLO client.example.test\r\nMAIL FROM:<me@example.test>\r\nRCPT TO:<you@example.test>\r\nDATA\r\nSubject: cut\r\n\r\n');
		} finally {
			await raw.close();
		}
	});

	it('exits 6 when the server ends the session with a 421 between commands', async () => {
		const result = await againstServer(
			closeAtMail(peer => peer.end('421 4.3.2 shutting down\r\n')),
			message,
		);
		expect(result.code).toBe(6);
		expect(result.stdout).toContain('*** the server is closing the session: 421 4.3.2 shutting down');
		expect(lastLine(result.stdout)).toBe('=== connection closed');
		// Not the lines after it, nor a QUIT: the session is over.
		expect(result.wire).toBe(upToMail);
	});

	it('exits 6 when the server closes without a word instead of a reply', async () => {
		const result = await againstServer(
			closeAtMail(peer => peer.end()),
			message,
		);
		expect(result.code).toBe(6);
		expect(result.stdout).toContain('*** the connection closed while waiting for the reply to MAIL');
		expect(lastLine(result.stdout)).toBe('=== connection closed');
		expect(result.wire).toBe(upToMail);
	});

	it('exits 6 when the server times the idle session out (its 421 before any next line)', async () => {
		const result = await againstServer(async peer => {
			peer.write('220 raw.test ESMTP ready\r\n');
			await peer.readLine();
			peer.end('250 raw.test\r\n421 4.4.2 idle timeout\r\n');
		}, ['EHLO client.example.test']);
		expect(result.code).toBe(6);
		expect(result.stdout).toContain('*** the server closed the session on its own, between commands: 421 4.4.2 idle timeout');
		// The reply's explanation gives no advice a script cannot take: its session is over, nothing is typed again.
		expect(result.stdout).toContain('# 421: the server closed an idle session: it waited too long for the client\'s next line (its timeout), and the session is over;');
		expect(result.stdout).not.toContain('connect again');
		expect(lastLine(result.stdout)).toBe('=== connection closed');
	});

	it('exits 6 when a reply does not come within --timeout, the connection dropped', async () => {
		const result = await againstServer(
			closeAtMail(async () => undefined),
			message,
			['--timeout', '0.5'],
		);
		expect(result.code).toBe(6);
		expect(result.stdout).toContain('*** no answer within 0.5 s while waiting for the reply to MAIL');
		expect(lastLine(result.stdout)).toBe('=== connection closed');
	});

	it('exits 29 when TLS fails after a typed STARTTLS (a certificate not trusted)', async () => {
		const {selfSigned} = await testCerts();
		const result = await againstServer(
			async peer => {
				await greetAndEhlo(peer, ['STARTTLS']);
				await peer.readLine();
				peer.write('220 go ahead\r\n');
				await peer.startTls(selfSigned).catch(() => undefined);
			},
			['EHLO client.example.test', 'STARTTLS', 'EHLO client.example.test', 'QUIT'],
		);
		expect(result.code).toBe(29);
		expect(result.stdout).not.toContain(' ~> EHLO');
	});

	it('lets go of its input when the connection ends, so that nothing it read keeps the process running', async () => {
		const raw = await startRawServer(closeAtMail(peer => peer.end('421 4.3.2 shutting down\r\n')));
		const stdin = Object.assign(new PassThrough(), {isTTY: false});
		const discard = new Writable({write: (_chunk, _encoding, done) => done()});
		stdin.write(message.map(line => `${line}\n`).join(''));
		try {
			const code = await runTalk({host: '127.0.0.1', port: String(raw.port)}, [], {stdin, stdout: discard, stderr: discard, env: {}});
			expect(code).toBe(6);
			// A paused stream is still read (by the line iterator's "readable" listener): only its end lets a process go.
			expect(stdin.destroyed).toBe(true);
		} finally {
			await raw.close();
		}
	});
});
