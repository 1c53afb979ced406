// The `md` transcript pasted into a GitHub issue, a forum or a chat: rendered by a real CommonMark renderer, it must
// show everything the server and the client sent exactly (as code), and nothing in it may become markup, HTML, a
// link, a mention or an emoji.
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {toMarkdown, toText} from '../../source/headless/transcript.js';
import type {LogEntry} from '../../source/session/types.js';
import {codeBlock, codeSpan, markdownText} from '../../source/text/markdown-safe.js';
import {codeBlockLines, outsideCode, paragraphTexts, renderMarkdown, tagNames} from '../helpers/markdown-render.js';
import {startRawServer} from '../helpers/raw-server.js';
import {runCli} from '../helpers/run-cli.js';

/** Server words that are Markdown, HTML, GFM links, GitHub mentions, issue links, emoji and math. */
const HOSTILE = [
	'<script>alert(1)</script> <user@example.com> <img src=x onerror=alert(1)>',
	'*bold* _it_ __strong__ ~~gone~~ `tick` ``` fence ```` four',
	'[click](https://evil.example/a_b) ![img](http://x.example/y.png) www.evil.example',
	'| a | b | @octocat #123 GH-7 :tada: $x^2$ &amp; &copy; \\* back\\slash',
];

/** The protocol lines of the text transcript (what the md puts in code), and its explanations. */
function splitText(text: string): {protocol: string[]; explanations: string[]} {
	const lines = text.trimEnd().split('\n');
	return {protocol: lines.filter(line => !line.startsWith('    # ')), explanations: lines.filter(line => line.startsWith('    # ')).map(line => line.slice(6))};
}

/** What a reader of the rendered md sees, checked against the text transcript of the same session. */
function expectRendersAsSent(markdown: string, text: string): void {
	const html = renderMarkdown(markdown);
	// No tag but the handout's own: no HTML from the server, no link, no image.
	for (const tag of tagNames(html)) expect(['br', 'code', 'h1', 'h2', 'p', 'pre']).toContain(tag);
	// Nothing GFM links (URLs, www., e-mail addresses) or GitHub turns into a mention, an issue link, an emoji or
	// math is left outside code.
	expect(outsideCode(html)).not.toMatch(/:\/\/|www\.|@|#\d|gh-\d|:[a-z][\w+-]*:|\$/i);
	const {protocol, explanations} = splitText(text);
	expect(codeBlockLines(html)).toEqual(protocol);
	const paragraphs = paragraphTexts(html);
	for (const explanation of explanations) expect(paragraphs).toContain(explanation);
}

/** A server that sends the greeting, then one reply to each line it reads, and closes after the last. */
const replying = (replies: string[]) =>
	startRawServer(async peer => {
		for (const [index, reply] of replies.entries()) {
			if (index > 0) await peer.readLine();
			peer.write(reply);
		}
		peer.socket.end();
	});

let nextId = 1;
const entry = (fields: Omit<LogEntry, 'id' | 'time'>): LogEntry => ({id: nextId++, time: Date.UTC(2026, 11, 6), ...fields});
const meta = {host: 'mail.example.com', port: 25, date: new Date(Date.UTC(2026, 11, 6))};

describe('md transcript: renders as sent', () => {
	it('keeps server text that is Markdown, HTML or a link exactly, as code, and explanations quoting it as text', () => {
		const entries = HOSTILE.flatMap(words => [
			entry({kind: 'sent', text: `NOOP ${words}`, step: 'mail'}),
			entry({kind: 'received', text: `250 ${words}`, step: 'mail', reply: {code: 250, lines: [words], raw: [`250 ${words}`]}, explanation: `OK, the server says "${words}" for full@example.test`}),
		]);
		entries.push(entry({kind: 'received', text: '550 \x1b[31mred\x1b[0m héllo 🙂', step: 'rcpt', explanation: '- 1. > # not a list'}));
		expectRendersAsSent(toMarkdown(entries, {...meta, title: '<b>Workshop</b> #1 for @students'}), toText(entries));
		const html = renderMarkdown(toMarkdown(entries, {...meta, title: '<b>Workshop</b> #1 for @students'}));
		expect(html).toContain('<h1><code>&lt;b&gt;Workshop&lt;/b&gt;</code> <code>#1</code> for <code>@students</code></h1>');
		expect(html).toContain('<p>- 1. <code>&gt;</code> <code>#</code> not a list</p>');
	});

	it('code spans and code blocks outlast any run of backticks in their text', () => {
		expect(codeSpan('a`b')).toBe('``a`b``');
		expect(codeSpan('`x`')).toBe('`` `x` ``');
		expect(codeBlock(['<-  250 ```` ok'])).toBe('`````text\n<-  250 ```` ok\n`````');
		expect(codeBlock(['<-  250 ok'])).toBe('```text\n<-  250 ok\n```');
		expect(markdownText('see (www.example.com), then')).toBe('see (`www.example.com`), then');
		expect(markdownText('1) first')).toBe('1\\) first');
		// A line of dashes or equals signs under another line of the paragraph would make that line a heading.
		for (const line of ['---', '===', '-']) expect(renderMarkdown(`first  \n${markdownText(line)}`)).toBe(`<p>first<br>\n${line}</p>\n`);
		expect(markdownText('waits: "@octocat <b>User</b> :tada:".')).toBe('waits: "`@octocat <b>User</b> :tada:`".');
		expect(markdownText('prompt: " `x` "')).toBe('prompt: "``  `x`  ``"');
		for (const text of ['a`b', '`x`', '`` ` ``']) expect(renderMarkdown(codeSpan(text))).toBe(`<p><code>${text.replace(/</g, '&lt;')}</code></p>\n`);
	});

	it('send --transcript x.md against a hostile server: every line of the text transcript, exactly, and nothing live', async () => {
		// The 334's prompt is quoted, decoded, in its explanation: server words in running text.
		const prompt = Buffer.from('@octocat <b>User</b> https://evil.example/a_b #12 :tada:').toString('base64');
		const server = await replying([
			`220-mail.example.test ${HOSTILE[0]}\r\n220 ${HOSTILE[1]}\r\n`,
			`250-mail.example.test ${HOSTILE[2]}\r\n250-AUTH LOGIN\r\n250 8BITMIME\r\n`,
			`334 ${prompt}\r\n`,
			`535 5.7.8 ${HOSTILE[3]}\r\n`,
			'221 # bye ---\r\n',
		]);
		try {
			const dir = mkdtempSync(path.join(os.tmpdir(), 'md-transcript-'));
			const file = path.join(dir, 'session.md');
			const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--from', 'me@example.test', '--to', 'you@example.test', '--helo', 'client.test', '--user', 'demo', '--password', 'secret-pw', '--transcript', file]);
			expect(result.code).toBe(28);
			const markdown = readFileSync(file, 'utf8');
			expect(result.stdout).toContain('"@octocat <b>User</b> https://evil.example/a_b #12 :tada:"');
			// The md's last section holds the summary and exit code, which stdout also ends with.
			expectRendersAsSent(markdown, `${result.stdout}=== exit code 28\n`);
			expect(markdown).not.toContain(Buffer.from('demo').toString('base64'));
			expect(markdown).toContain(' -> [redacted]');
		} finally {
			await server.close();
		}
	});

	it('--transcript - --transcript-format md: the Markdown alone on standard output, for the clipboard; a failure on stderr', async () => {
		const server = await replying(['220 mail.example.test ready\r\n', '250 mail.example.test\r\n', '550 5.1.8 <me@example.test> *sender* refused\r\n', '221 bye\r\n']);
		try {
			const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--from', 'me@example.test', '--to', 'you@example.test', '--helo', 'client.test', '--transcript', '-', '--transcript-format', 'md']);
			expect(result.code).toBe(23);
			expect(result.stdout).toMatch(/^# SMTP session with 127\.0\.0\.1:\d+\n/);
			expect(result.stdout).toMatch(/## \d+\. Result\n\n```text\n\*\*\* failed \(mail\): .*\n=== exit code 23\n```\n$/);
			expect(codeBlockLines(renderMarkdown(result.stdout))).toContain('<** 550 5.1.8 <me@example.test> *sender* refused');
			expect(result.stderr).toBe('failed (mail): the sender was refused: 550 5.1.8 <me@example.test> *sender* refused\n');
		} finally {
			await server.close();
		}
	});

	it('--transcript - with md or json and --json is refused: both would print on standard output', async () => {
		const result = await runCli(['send', '--host', '127.0.0.1', '--to', 'you@example.test', '--json', '--transcript', '-', '--transcript-format', 'JSON']);
		expect(result.code).toBe(1);
		// --json says a bad option in its result line, the only line.
		expect(JSON.parse(result.stdout)).toMatchObject({type: 'result', exitCode: 1, stage: 'options', message: '--transcript - --transcript-format json with --json: both would print on standard output'});
	});
});
