// `send --data -` with nothing piped in: standard input is the terminal, read as cat reads it. A person who forgot the
// pipe is told what is read and how to end it, instead of a silent wait; what is typed then goes.
import pty from '@lydell/node-pty';
import {afterEach, expect, it, vi} from 'vitest';
import {cliPath, runCli} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

let server: TestSmtpServer | undefined;
let terminal: pty.IPty | undefined;
afterEach(async () => {
	terminal?.kill();
	await server?.close();
});

it('at a terminal, says that the message is typed there and ended with Ctrl+D; the message typed goes', async () => {
	server = await startSmtpServer({hideSTARTTLS: true});
	const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1'};
	terminal = pty.spawn(process.execPath, [cliPath, 'send', '--host', '127.0.0.1', '--port', String(server.port), '--from', 'me@example.test', '--to', 'you@example.test', '--data', '-', '--quiet'], {cols: 200, rows: 10, env: env as Record<string, string>});
	let output = '';
	terminal.onData(data => (output += data));
	const exit = new Promise<number>(resolve => terminal!.onExit(({exitCode}) => resolve(exitCode)));
	await vi.waitFor(() => expect(output).toContain('smtp-tui: --data - reads the message (headers, a blank line, the body) from the terminal: type it, then Ctrl+D at the start of a line to send it (Ctrl+C stops, sending nothing)'), {timeout: 10_000});
	terminal.write('Subject: typed\r\rhello\r\x04');
	expect(await exit).toBe(0);
	expect(server.messages).toHaveLength(1);
	expect(server.messages[0]!.raw.toString()).toContain('Subject: typed');
});

it('says nothing of the kind when the message is piped in', async () => {
	server = await startSmtpServer({hideSTARTTLS: true});
	const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--from', 'me@example.test', '--to', 'you@example.test', '--data', '-', '--quiet'], {input: 'Subject: piped\r\n\r\nhello\r\n'});
	expect(result.code).toBe(0);
	expect(result.stderr).toBe('');
});
