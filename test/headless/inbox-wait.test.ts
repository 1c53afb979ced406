// `smtp-tui inbox --save-dir DIR --wait N`: a CI job's "has my app's mail come?", against a real sandbox saving to a
// real folder, read by the built CLI as a child process: each message printed as it comes, exit 0 once N are there,
// exit 2 at --timeout, serve's flags refused (this mode starts no server).
import {spawn} from 'node:child_process';
import {copyFile, readFile, writeFile} from 'node:fs/promises';
import {setTimeout as delay} from 'node:timers/promises';
import path from 'node:path';
import {createInterface} from 'node:readline';
import nodemailer from 'nodemailer';
import {describe, expect, it} from 'vitest';
import {cliPath, ended, runCli} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {sandboxPerTest} from '../sandbox/helpers/sandbox.js';
import {startServe} from '../sandbox/helpers/serve-in-process.js';
import {waitFor} from '../sandbox/helpers/wait.js';

const tempDir = useTempDirs('inbox-wait');
const startSandbox = sandboxPerTest();

/** One message through the sandbox, as an app would send it. */
async function deliver(sandbox: Awaited<ReturnType<typeof startSandbox>>, subject: string, to: string) {
	const client = await sandbox.client();
	client.write(`MAIL FROM:<app@example.test>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
	for (let n = 0; n < 3; n++) await client.reply();
	expect((await client.command(`Subject: ${subject}\r\n\r\nhello\r\n.`)).code).toBe(250);
	await client.command('QUIT');
}

describe('inbox --wait: the saved messages, for a script', () => {
	it('prints each message as it is saved, one JSON line each, and exits 0 once N are there', async () => {
		const dir = path.join(await tempDir(), 'mail');
		const sandbox = await startSandbox({saveDir: dir});
		// Started before any mail, as a CI step is: the folder is there, empty.
		const child = spawn(process.execPath, [cliPath, 'inbox', '--save-dir', dir, '--wait', '2', '--timeout', '60', '--json'], {stdio: ['ignore', 'pipe', 'pipe']});
		const lines: string[] = [];
		createInterface({input: child.stdout}).on('line', line => lines.push(line));
		const result = ended(child);
		await deliver(sandbox, 'Welcome', 'new@example.test');
		// Streamed: the first is out while the second has not come.
		await waitFor(() => lines.length === 1, 'the first message line', 15_000);
		expect(child.exitCode).toBeNull();
		await deliver(sandbox, 'Reset your password', 'old@example.test');
		const {code, stderr} = await result;
		expect({code, stderr}).toEqual({code: 0, stderr: ''});
		const messages = lines.map(line => JSON.parse(line) as Record<string, unknown>);
		expect(messages).toMatchObject([
			{type: 'message', id: 1, subject: 'Welcome', from: 'app@example.test', to: ['new@example.test'], path: path.join(dir, '1.eml'), envelope: {mailFrom: {address: 'app@example.test'}}},
			{type: 'message', id: 2, subject: 'Reset your password', to: ['old@example.test'], path: path.join(dir, '2.eml')},
		]);
		expect(messages[0]!.size).toBeGreaterThan(0);
	});

	it('lists those there now with --wait 0, in serve\'s words without --json', async () => {
		const dir = await tempDir();
		const sandbox = await startSandbox({saveDir: dir});
		await deliver(sandbox, 'Welcome "you"', 'new@example.test');
		const result = await runCli(['inbox', '--save-dir', dir, '--wait', '0']);
		expect(result).toMatchObject({code: 0, stderr: ''});
		expect(result.stdout).toMatch(new RegExp(`^message 1 \\(\\d+ bytes\\) "Welcome \\\\"you\\\\"" from <app@example.test> to <new@example.test>, saved as ${path.join(dir, '1.eml')}\\n$`));
	});

	it('gives up at --timeout with exit 2, saying how many came and what to check', async () => {
		const dir = await tempDir();
		const empty = await runCli(['inbox', '--save-dir', dir, '--wait', '1', '--timeout', '0.2']);
		expect(empty).toMatchObject({code: 2, stdout: ''});
		expect(empty.stderr).toBe(
			`smtp-tui: 0 messages in ${dir} after 0.2 s, waiting for 1\nhint: is your app sending to this serve, and does its log say "accepted message"? A refusal there says why; --timeout waits longer\n`,
		);
		// A folder serve has not made: serve is not running with it.
		const missing = path.join(dir, 'not-made');
		const json = await runCli(['inbox', '--save-dir', missing, '--wait', '1', '--timeout', '0', '--json']);
		expect(json).toMatchObject({code: 2, stderr: ''});
		expect(JSON.parse(json.stdout)).toEqual({
			type: 'error',
			exitCode: 2,
			message: `${missing} does not exist after 0 s, waiting for 1`,
			hint: `is "smtp-tui serve --save-dir ${missing}" running? It makes the folder as it starts`,
		});
	});

	it('says how many came when a CI job\'s timeout (SIGTERM) or Ctrl+C stops it, and exits as for that signal', async () => {
		const dir = await tempDir();
		const sandbox = await startSandbox({saveDir: dir});
		await deliver(sandbox, 'Welcome', 'new@example.test');
		for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
			const child = spawn(process.execPath, [cliPath, 'inbox', '--save-dir', dir, '--wait', '2', '--timeout', '600', '--json'], {stdio: ['ignore', 'pipe', 'pipe']});
			const lines: string[] = [];
			createInterface({input: child.stdout}).on('line', line => lines.push(line));
			const result = ended(child);
			// Its first line: it is waiting for the second message.
			await waitFor(() => lines.length === 1, 'the first message line', 15_000);
			child.kill(signal);
			expect(await result).toMatchObject({code, stderr: ''});
			expect(JSON.parse(lines[1]!)).toEqual({type: 'error', exitCode: code, message: `interrupted (${signal === 'SIGINT' ? 'Ctrl+C' : signal}): 1 message in ${dir}, waiting for 2`, interrupted: signal});
		}
	});

	it('--match counts and prints only the messages it names, as the inbox filter does, and says what else came', async () => {
		const dir = await tempDir();
		const sandbox = await startSandbox({saveDir: dir});
		await deliver(sandbox, 'Welcome', 'anna@example.test');
		await deliver(sandbox, 'Weekly report', 'bob@example.test');
		// The subject, in any case; the recipient by part of the address.
		const waited = spawn(process.execPath, [cliPath, 'inbox', '--save-dir', dir, '--wait', '2', '--match', ' ANNA ', '--timeout', '60', '--json'], {stdio: ['ignore', 'pipe', 'pipe']});
		const lines: string[] = [];
		createInterface({input: waited.stdout}).on('line', line => lines.push(line));
		const result = ended(waited);
		await waitFor(() => lines.length === 1, 'the first match', 15_000);
		await deliver(sandbox, 'Not hers', 'carl@example.test');
		await deliver(sandbox, 'Hi Anna', 'dora@example.test');
		expect(await result).toMatchObject({code: 0, stderr: ''});
		expect(lines.map(line => (JSON.parse(line) as {id: number; subject: string}).subject)).toEqual(['Welcome', 'Hi Anna']);
		// Not enough that it names: how many came besides, and what to check.
		const short = await runCli(['inbox', '--save-dir', dir, '--wait', '1', '--match', 'zed', '--timeout', '0']);
		expect(short).toMatchObject({code: 2, stdout: ''});
		expect(short.stderr).toBe(
			`smtp-tui: 0 messages matching "zed" (of 4) in ${dir} after 0 s, waiting for 1\nhint: 4 other messages came: does --match name what the app puts in the subject, the From header, the recipients or the text? --timeout waits longer\n`,
		);
		const sender = await runCli(['inbox', '--save-dir', dir, '--wait', '0', '--match', 'APP@example']);
		expect(sender.stdout.trimEnd().split('\n')).toHaveLength(4);
	});

	it('prints messages in their numbers\' order when a later one is saved first (sessions at once), and waits no longer than a moment for a number never saved', async () => {
		const saved = await tempDir();
		const sandbox = await startSandbox({saveDir: saved});
		for (const subject of ['one', 'two', 'three', 'four', 'five']) await deliver(sandbox, subject, 'you@example.test');
		// serve's files as it writes them, the .json last: message 3 saved before 2, whose session finished later.
		const dir = await tempDir();
		const save = async (id: number) => {
			await copyFile(path.join(saved, `${id}.eml`), path.join(dir, `${id}.eml`));
			await copyFile(path.join(saved, `${id}.json`), path.join(dir, `${id}.json`));
		};
		const child = spawn(process.execPath, [cliPath, 'inbox', '--save-dir', dir, '--wait', '4', '--timeout', '60', '--json'], {stdio: ['ignore', 'pipe', 'pipe']});
		const lines: string[] = [];
		createInterface({input: child.stdout}).on('line', line => lines.push(line));
		const result = ended(child);
		await save(1);
		await waitFor(() => lines.length === 1, 'the first message line', 15_000);
		await save(3);
		// A few of its readings (one each 100 ms) of the folder with 3 there and 2 not yet: that 3 is not printed meanwhile
		// is something not happening, which no condition can be waited for; were it printed, the count here would say so.
		await delay(400);
		expect(lines).toHaveLength(1);
		await save(2);
		await waitFor(() => lines.length === 3, 'three message lines', 15_000);
		// Number 4 is never saved (its write failed): 5 comes all the same.
		await save(5);
		expect(await result).toMatchObject({code: 0, stderr: ''});
		expect(lines.map(line => (JSON.parse(line) as {subject: string}).subject)).toEqual(['one', 'two', 'three', 'five']);
	});

	it('does not count a record it cannot read, and says so once', async () => {
		const dir = await tempDir();
		await writeFile(path.join(dir, '7.eml'), 'Subject: x\r\n\r\n');
		await writeFile(path.join(dir, '7.json'), '{"id":7}');
		const result = await runCli(['inbox', '--save-dir', dir, '--wait', '1', '--timeout', '0.3', '--json']);
		expect(result.code).toBe(2);
		const lines = result.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as {type: string; message: string});
		expect(lines.map(line => line.type)).toEqual(['warning', 'error']);
		expect(lines[0]!.message).toBe(`${path.join(dir, '7.json')} is not counted: its record is not one this smtp-tui reads (from is missing); its files are left as they are`);
	});
});

describe('inbox --wait: the mail\'s text and links, for a test that follows them', () => {
	const RESET = `https://app.example.test/account/password/reset/${'a1b2c3d4'.repeat(12)}?user=42&utm_campaign=reset`;

	it('finds mail by its body and Message-ID, and gives its text and links: a reset link quoted-printable broke over lines', async () => {
		const dir = await tempDir();
		// serve itself, as a CI job runs it (it keeps no bodies in memory), with an app's nodemailer sending to it.
		const served = await startServe({saveDir: dir, starttls: false});
		const app = nodemailer.createTransport({host: '127.0.0.1', port: served.port, secure: false, ignoreTLS: true});
		await app.sendMail({from: 'app@example.test', to: 'anna@example.test', subject: 'Welcome', text: 'Welcome aboard: https://app.example.test/start'});
		await app.sendMail({
			from: 'app@example.test',
			to: 'anna@example.test',
			subject: 'Your account',
			messageId: '<reset-42@app.example.test>',
			text: `Someone asked to reset your password. Your code is 482913, or follow ${RESET}\n`,
			html: `<p>Someone asked to reset your password.</p><p><a href="${RESET.replaceAll('&', '&amp;')}">Reset it</a></p>`,
			textEncoding: 'quoted-printable',
		});
		expect(await readFile(path.join(dir, '2.eml'), 'utf8')).not.toContain(RESET);
		const found = await runCli(['inbox', '--save-dir', dir, '--wait', '1', '--match', 'reset your password', '--timeout', '10', '--json']);
		expect(found).toMatchObject({code: 0, stderr: ''});
		const lines = found.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({type: 'message', id: 2, subject: 'Your account', messageId: '<reset-42@app.example.test>', text: `Someone asked to reset your password. Your code is 482913, or follow ${RESET}\n`, links: [RESET]});
		// A link's target (in no text) and the Message-ID are searched too; the welcome mail's link is its own.
		const byLink = await runCli(['inbox', '--save-dir', dir, '--wait', '0', '--match', 'utm_campaign=reset', '--json']);
		expect(byLink.stdout.trimEnd().split('\n').map(line => (JSON.parse(line) as {id: number}).id)).toEqual([2]);
		const byId = await runCli(['inbox', '--save-dir', dir, '--wait', '0', '--match', 'reset-42@app', '--json']);
		expect(byId.stdout.trimEnd().split('\n').map(line => (JSON.parse(line) as {id: number}).id)).toEqual([2]);
		const welcome = await runCli(['inbox', '--save-dir', dir, '--wait', '0', '--match', 'aboard', '--json']);
		expect(JSON.parse(welcome.stdout)).toMatchObject({id: 1, text: 'Welcome aboard: https://app.example.test/start\n', links: ['https://app.example.test/start']});
		await served.stop();
	});

	it('gives no link that the 64 KiB the text is read from cut short: a test would follow the part of it read', async () => {
		const dir = await tempDir();
		const served = await startServe({saveDir: dir, starttls: false});
		const app = nodemailer.createTransport({host: '127.0.0.1', port: served.port, secure: false, ignoreTLS: true});
		// A long newsletter whose reset link starts 100 bytes before the cut: serve reads the message's first 64 KiB.
		const head = 'From: app@example.test\r\nSubject: News\r\n\r\nhttps://app.example.test/news\r\n';
		const raw = `${head}${'x'.repeat(64 * 1024 - head.length - 100)} ${RESET}\r\n`;
		await app.sendMail({envelope: {from: 'app@example.test', to: 'anna@example.test'}, raw});
		const found = await runCli(['inbox', '--save-dir', dir, '--wait', '1', '--json']);
		expect(JSON.parse(found.stdout)).toMatchObject({id: 1, links: ['https://app.example.test/news']});
		await served.stop();
	});
});

describe('inbox --wait: flags', () => {
	it('refuses serve\'s flags by name, as typed: this mode starts no server', async () => {
		const result = await runCli(['inbox', '--save-dir', 'mail', '--wait', '1', '--port', '0', '--no-starttls']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			'smtp-tui: --wait reads the messages a running serve saved, and starts no server: --port, --no-starttls would be ignored\nhint: drop --port, --no-starttls; start the server first with "smtp-tui serve --save-dir DIR" (in the background), then wait with "smtp-tui inbox --save-dir DIR --wait N"\n',
		);
	});

	it('needs --save-dir, a folder, and counts and seconds it can read', async () => {
		const file = path.join(await tempDir(), 'notes.txt');
		await writeFile(file, '');
		const cases: Array<[string[], string]> = [
			[['--wait', '1'], 'smtp-tui: --wait needs --save-dir DIR: the folder the running serve saves the messages in\n'],
			[['--wait', 'all', '--save-dir', 'mail'], 'smtp-tui: --wait must be a number of messages from 0 to 1,000,000, not "all"\nhint: e.g. --wait 1, or --wait 0 to list the messages there now\n'],
			[['--wait', '1', '--save-dir', 'mail', '--timeout', '2d'], 'smtp-tui: --timeout must be a number of seconds from 0 to 86400 (a day), not "2d"\nhint: e.g. --timeout 10, --timeout 2.5 or --timeout 1m\n'],
			[['--wait', '1', '--save-dir', file], `smtp-tui: --save-dir ${file} is a file, not a folder\nhint: give the folder the running serve saves to (its --save-dir)\n`],
		];
		for (const [args, stderr] of cases) {
			const result = await runCli(['inbox', ...args]);
			expect({code: result.code, stderr: result.stderr.split('hint: start')[0]}).toEqual({code: 1, stderr});
		}
	});

	it('refuses a --match that is blank, has a control character or is longer than anything listed', async () => {
		const cases: Array<[string, string]> = [
			['  ', 'smtp-tui: --match is empty: it would match every message\n'],
			['an\nna', 'smtp-tui: --match must not contain control characters (CR, LF, NUL, ...): subjects and addresses as listed have none\n'],
			// A C1 control (CSI): the top of the range refused.
			['an\u009bna', 'smtp-tui: --match must not contain control characters (CR, LF, NUL, ...): subjects and addresses as listed have none\n'],
			['x'.repeat(1001), 'smtp-tui: --match is 1,001 characters long: no subject or address is matched by more than 1,000\n'],
		];
		for (const [match, stderr] of cases) {
			const result = await runCli(['inbox', '--save-dir', 'mail', '--wait', '1', '--match', match]);
			expect({code: result.code, stderr: result.stderr.split('hint: ')[0]}).toEqual({code: 1, stderr});
			expect(result.stderr).toContain('hint: e.g. --match anna (any case)');
		}
		// The screen filters with /.
		const screen = await runCli(['inbox', '--match', 'anna']);
		expect(screen).toMatchObject({code: 1, stdout: ''});
		expect(screen.stderr).toBe(
			'smtp-tui: --match is for inbox --wait (reading the saved messages from a script), not for its screen\nhint: add --save-dir DIR --wait N (N messages, 0 for those there now); on the screen, / filters the list\n',
		);
	});

	it('--json and --timeout without --wait: the screen has neither; a JSON line for --json', async () => {
		const timeout = await runCli(['inbox', '--timeout', '5']);
		expect(timeout).toMatchObject({code: 1, stdout: ''});
		expect(timeout.stderr).toBe(
			'smtp-tui: --timeout is for inbox --wait (reading the saved messages from a script), not for its screen\nhint: add --save-dir DIR --wait N (N messages, 0 for those there now); for the server\'s log as lines, use "smtp-tui serve"\n',
		);
		const json = await runCli(['inbox', '--json']);
		expect(json).toMatchObject({code: 1, stderr: ''});
		expect(JSON.parse(json.stdout)).toEqual({
			type: 'error',
			exitCode: 1,
			message: '--json is for inbox --wait (reading the saved messages from a script), not for its screen',
			hint: 'add --save-dir DIR --wait N (N messages, 0 for those there now); for the server\'s log as JSON lines, use "smtp-tui serve --json"',
		});
	});
});
