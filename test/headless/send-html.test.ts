// `send --html`: the message a real server receives (text and HTML, in order), what the transcript says, and the
// usage errors, run as users run it (dist/cli.js).
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {simpleParser} from 'mailparser';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-send-html-'));
let server: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer({hideSTARTTLS: true});
});
afterAll(async () => {
	await server.close();
	rmSync(dir, {recursive: true, force: true});
});

const file = (name: string, content: string | Buffer) => {
	const where = path.join(dir, name);
	writeFileSync(where, content);
	return where;
};
const send = () => ['send', '--host', '127.0.0.1', '--port', String(server.port), '--from', 'me@example.test', '--to', 'you@example.test', '--helo', 'client.test'];
const PAGE = '<html><body><h1>Release</h1><p>Read <a href="https://example.com/notes">the notes</a>.</p></body></html>\n';
const FROM_HTML_NOTE = "=== note: the text/plain part is made from the HTML (links as [address]); --body gives your own, --body '' sends the HTML alone";

/** Runs send with `args`, expects exit 0, and returns the transcript and the message the server received, parsed. */
async function received(args: string[], input?: string) {
	const before = server.messages.length;
	const result = await runCli([...send(), ...args], {input});
	expect(result.code, result.stdout + result.stderr).toBe(0);
	expect(server.messages.length).toBe(before + 1);
	const raw = server.messages.at(-1)!.raw;
	return {stdout: result.stdout, raw: raw.toString('latin1'), parsed: await simpleParser(raw)};
}

describe('send --html', () => {
	it('sends --html @FILE with a text part made from it, text/plain before text/html, and says so', async () => {
		const {stdout, raw, parsed} = await received(['--html', `@${file('page.html', PAGE)}`]);
		expect(stdout.split('\n')).toContain(FROM_HTML_NOTE);
		expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
		expect(raw.indexOf('Content-Type: text/plain; charset=utf-8')).toBeLessThan(raw.indexOf('Content-Type: text/html; charset=utf-8'));
		expect(parsed.text).toContain('Read the notes [https://example.com/notes].');
		expect(parsed.html).toBe(PAGE);
	});

	it('takes --body as the text part (no note), and --body with --html from standard input', async () => {
		const given = await received(['--body', 'Read the notes: https://example.com/notes', '--html', PAGE]);
		expect(given.stdout).not.toContain('made from the HTML');
		expect(given.parsed.text).toBe('Read the notes: https://example.com/notes');
		expect(given.parsed.html).toBe(PAGE);
		const piped = await received(['--body', `@${file('notes.txt', 'plain notes\n')}`, '--html', '-'], PAGE);
		expect(piped.parsed.text).toBe('plain notes\n');
		expect(piped.parsed.html).toBe(PAGE);
	});

	it("sends the HTML alone with --body ''", async () => {
		const {stdout, raw, parsed} = await received(['--body', '', '--html', '<p>only HTML</p>']);
		expect(stdout).not.toContain('made from the HTML');
		expect(raw).toMatch(/^Content-Type: text\/html; charset=utf-8\r$/m);
		expect(raw).not.toContain('text/plain');
		expect(parsed.html).toBe('<p>only HTML</p>\n');
	});

	it('puts the alternatives before the attachments, in multipart/mixed', async () => {
		const {raw, parsed} = await received(['--html', PAGE, '--attach', file('data.csv', 'a,b\n')]);
		expect(raw).toMatch(/^Content-Type: multipart\/mixed;/m);
		expect(raw.indexOf('multipart/alternative')).toBeLessThan(raw.indexOf('filename=data.csv'));
		expect(parsed.text).toContain('[https://example.com/notes]');
		expect(parsed.attachments.map(attachment => attachment.filename)).toEqual(['data.csv']);
	});

	it('sends an HTML line of 3000 octets quoted-printable, every line on the wire within 998', async () => {
		const long = `<p>${'<b>x</b>'.repeat(375)}</p>\n`;
		const {raw, parsed} = await received(['--body', 'see the HTML', '--html', `@${file('long.html', long)}`]);
		expect(raw).toMatch(/^Content-Type: text\/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r$/m);
		expect(Math.max(...raw.split('\r\n').map(line => line.length))).toBeLessThanOrEqual(998);
		expect(parsed.html).toBe(long);
	});

	it.each([
		[['--html', '-', '--body', '-'], '--body and --html both read standard input, which holds one of them', 'give the other as a file: e.g. --body - --html @page.html'],
		[['--html', '<p>x</p>', '--data', '@m.eml'], '--data sends the file as it is: --html would be ignored', 'put those headers, the body and attachments into the message file, or leave --data out to build the message'],
		[['--html', ''], '--html is empty', "give the HTML, a file (--html @page.html), or leave --html out; --body '' with --html sends the HTML alone"],
		[['--html', '@'], '--html @ names no file', 'give a file name after @ (or @@ for HTML that starts with @)'],
	])('refuses %j, naming --html', async (args, error, hint) => {
		const result = await runCli([...send(), ...args]);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`smtp-tui: ${error}\nhint: ${hint}\n`);
	});

	it('refuses an HTML file that is empty, missing or not UTF-8, naming it, before connecting', async () => {
		const refused = async (args: string[]) => {
			const result = await runCli([...send(), ...args]);
			expect(result.code).toBe(1);
			expect(result.stdout).not.toContain('=== connecting');
			return result.stderr;
		};
		const empty = file('empty.html', '');
		expect(await refused(['--html', `@${empty}`])).toBe(`smtp-tui: HTML file ${empty} is empty\nhint: nothing was sent; leave --html out for a plain-text message\n`);
		expect(await refused(['--html', '-'])).toBe('smtp-tui: the HTML on standard input is empty\nhint: did the command before the pipe fail? nothing was sent; leave --html out for a plain-text message\n');
		const latin1 = file('latin1.html', Buffer.from('<p>caf\xe9</p>\n', 'latin1'));
		const latin1Refused = await refused(['--html', `@${latin1}`]);
		expect(latin1Refused).toContain(`smtp-tui: HTML file ${latin1} is not valid UTF-8; the HTML is sent as UTF-8: convert it to UTF-8 first`);
		// Converted into an HTML file, as it came.
		expect(latin1Refused).toContain(`iconv -f latin1 -t utf-8 ${latin1} > out.html)`);
		expect(await refused(['--html', `@${path.join(dir, 'nope.html')}`])).toMatch(/^smtp-tui: HTML file \S*nope\.html: no such file/);
	});

	it('warns that --html page.html sends the words, as --body does', async () => {
		file('word.html', PAGE);
		const result = await runCli([...send(), '--html', 'word.html', '--quit-after', 'rcpt'], {cwd: dir});
		expect(result.stdout).toContain('=== warning: --html word.html is sent as the text "word.html"; to send the file\'s contents: --html @word.html');
	});
});
