import {describe, expect, it} from 'vitest';
import {formatTextLine, formatTranscript, toJsonLines, toMarkdown, toText} from '../../source/headless/transcript.js';
import type {LogEntry} from '../../source/session/types.js';
import type {Reply} from '../../source/smtp/types.js';

let nextId = 1;
const entry = (fields: Omit<LogEntry, 'id' | 'time'>): LogEntry => ({id: nextId++, time: Date.UTC(2025, 0, 2, 3, 4, 5), ...fields});
const reply = (code: number, ...lines: string[]): Reply => ({code, lines, raw: lines.map((line, i) => `${code}${i === lines.length - 1 ? ' ' : '-'}${line}`)});

/** A short real-looking session: greeting, EHLO, STARTTLS, AUTH (redacted), one message, QUIT. */
function session(): LogEntry[] {
	const ehlo = reply(250, 'mail.example.com', 'STARTTLS', 'AUTH PLAIN LOGIN');
	return [
		entry({kind: 'info', text: 'connecting to mail.example.com:587 (starttls)'}),
		entry({kind: 'received', text: '220 mail.example.com ESMTP', reply: reply(220, 'mail.example.com ESMTP'), explanation: 'ready: the server is waiting for your EHLO'}),
		entry({kind: 'sent', text: 'EHLO laptop'}),
		...ehlo.raw.map((text, index) => entry({kind: 'received', text, ...(index === 2 && {reply: ehlo, explanation: 'OK'})})),
		entry({kind: 'sent', text: 'STARTTLS'}),
		entry({kind: 'received', text: '220 go ahead', reply: reply(220, 'go ahead'), explanation: '220 go ahead with TLS'}),
		entry({kind: 'info', text: 'TLS started: TLSv1.3, TLS_AES_256_GCM_SHA384', tls: true}),
		entry({kind: 'sent', text: 'AUTH LOGIN', tls: true}),
		entry({kind: 'received', text: '334 VXNlcm5hbWU6', tls: true, reply: reply(334, 'VXNlcm5hbWU6'), explanation: 'auth challenge'}),
		entry({kind: 'sent', text: '[redacted]', tls: true}),
		entry({kind: 'received', text: '334 UGFzc3dvcmQ6', tls: true, reply: reply(334, 'UGFzc3dvcmQ6'), explanation: 'auth challenge'}),
		entry({kind: 'sent', text: '[redacted]', tls: true}),
		entry({kind: 'received', text: '235 2.7.0 Authentication successful', tls: true, reply: reply(235, 'Authentication successful'), explanation: 'authenticated'}),
		entry({kind: 'sent', text: 'MAIL FROM:<me@example.com> SIZE=1234', tls: true}),
		entry({kind: 'received', text: '250 2.1.0 Ok', tls: true, reply: reply(250, 'Ok'), explanation: 'OK'}),
		entry({kind: 'sent', text: 'RCPT TO:<you@example.org>', tls: true}),
		entry({kind: 'received', text: '250 2.1.5 Ok', tls: true, reply: reply(250, 'Ok'), explanation: 'OK'}),
		entry({kind: 'sent', text: 'DATA', tls: true}),
		entry({kind: 'received', text: '354 End data with <CR><LF>.<CR><LF>', tls: true, reply: reply(354, 'End data'), explanation: 'send the message, end with a lone "."'}),
		entry({kind: 'data', text: 'message: 1,234 lines, 56,786 bytes, then "." (56,789 bytes sent)', tls: true, data: {lines: 1234, bytes: 56_789, stored: 56_786, preview: ['Subject: ``` fenced?', '```', 'From: me@example.com']}}),
		entry({kind: 'received', text: '250 2.0.0 Ok: queued as 4XyZ', tls: true, reply: reply(250, 'Ok: queued as 4XyZ'), explanation: 'OK: the server took responsibility for the message'}),
		entry({kind: 'sent', text: 'QUIT', tls: true}),
		entry({kind: 'received', text: '221 2.0.0 Bye', tls: true, reply: reply(221, 'Bye'), explanation: 'closing'}),
		entry({kind: 'error', text: 'connection closed before QUIT was answered'}),
	];
}

const meta = {host: 'mail.example.com', port: 587, date: new Date(Date.UTC(2025, 0, 2, 3, 4, 5))};

/** Walks CommonMark backtick fences: returns the lines inside fences and outside, failing on an unclosed fence. */
function splitFences(markdown: string): {inside: string[]; outside: string[]} {
	const inside: string[] = [];
	const outside: string[] = [];
	let open: number | undefined;
	for (const line of markdown.split('\n')) {
		const fenceLine = /^(`{3,})(.*)$/.exec(line);
		if (open === undefined && fenceLine) open = fenceLine[1]!.length;
		else if (open !== undefined && fenceLine && fenceLine[2] === '' && fenceLine[1]!.length >= open) open = undefined;
		else (open === undefined ? outside : inside).push(line);
	}
	expect(open, 'every fence is closed').toBeUndefined();
	return {inside, outside};
}

describe('formatTextLine', () => {
	it('uses swaks markers, TLS ones inside TLS', () => {
		expect(formatTextLine(entry({kind: 'info', text: 'connected'}))).toEqual(['=== connected']);
		expect(formatTextLine(entry({kind: 'error', text: 'refused'}))).toEqual(['*** refused']);
		expect(formatTextLine(entry({kind: 'sent', text: 'NOOP'}))).toEqual([' -> NOOP']);
		expect(formatTextLine(entry({kind: 'received', text: '250-first'}))).toEqual(['<-  250-first']);
		expect(formatTextLine(entry({kind: 'sent', text: 'NOOP', tls: true}))).toEqual([' ~> NOOP']);
		expect(formatTextLine(entry({kind: 'received', text: '250 ok', tls: true}))).toEqual(['<~  250 ok']);
		expect(formatTextLine(entry({kind: 'info', text: 'TLS started', tls: true}))).toEqual(['=== TLS started']);
	});

	it("marks each line of a 4xx or 5xx reply as swaks does, <** and inside TLS <~*, for runbooks that grep them", () => {
		expect(formatTextLine(entry({kind: 'received', text: '550-5.1.1 no such user'}))).toEqual(['<** 550-5.1.1 no such user']);
		expect(formatTextLine(entry({kind: 'received', text: '550 5.1.1 no', reply: reply(550, 'no'), explanation: 'refused'}))).toEqual(['<** 550 5.1.1 no', '    # 550: refused']);
		expect(formatTextLine(entry({kind: 'received', text: '421 4.3.2 bye', tls: true}))).toEqual(['<~* 421 4.3.2 bye']);
		// A success, a 3xx, and a line whose code is cut short keep the plain markers.
		expect(formatTextLine(entry({kind: 'received', text: '354 go'}))).toEqual(['<-  354 go']);
		expect(formatTextLine(entry({kind: 'received', text: '5000 odd', tls: true}))).toEqual(['<~  5000 odd']);
		const markdown = toMarkdown([entry({kind: 'received', text: '554 5.7.1 go away', step: 'greeting', reply: reply(554, 'go away')})], meta);
		expect(splitFences(markdown).inside).toContain('<** 554 5.7.1 go away');
		expect(markdown).toContain('(`<**`: a refusal, 4xx or 5xx)');
	});

	it("puts the explanation under a reply's last line, led by its code", () => {
		expect(formatTextLine(entry({kind: 'received', text: '250 2.1.5 Ok', reply: reply(250, 'Ok'), explanation: 'OK: recipient accepted'}))).toEqual([
			'<-  250 2.1.5 Ok',
			'    # 250: OK: recipient accepted',
		]);
		// One row, whatever it quotes: a line end in a 334 prompt (decoded, or sent raw) starts no row the server writes.
		expect(formatTextLine(entry({kind: 'received', text: '334 foo\rCR-only', reply: reply(334, 'foo\rCR-only'), explanation: 'challenge: "foo\rCR-only # 250: fake\nrow"'}))).toEqual([
			'<-  334 foo\\x0dCR-only',
			'    # 334: challenge: "foo\\x0dCR-only # 250: fake\\x0arow"',
		]);
	});

	it('shows the preview of a message and then its size', () => {
		const data = entry({kind: 'data', text: 'message: 1,234 lines, 56,786 bytes, then "." (56,789 bytes sent)', data: {lines: 1234, bytes: 56_789, stored: 56_786, preview: ['Subject: hi', '']}});
		// The log's own summary, as the dashboard shows it: the size the server stores, then what more went.
		expect(formatTextLine(data)).toEqual([' -> Subject: hi', ' -> ', ' -> ... 1,234 lines, 56,786 bytes, then "." (56,789 bytes sent)']);
	});

	it('shows control characters from the server as escapes, never raw', () => {
		const [line] = formatTextLine(entry({kind: 'received', text: '220 hi\u001b[2J\u0007\u202etxt.exe'}));
		expect(line).toBe('<-  220 hi\\x1b[2J\\x07\\u202etxt.exe');
	});
});

describe('transcripts', () => {
	it('text: every entry in order, one line each plus explanations', () => {
		const text = toText(session());
		expect(text.endsWith('Bye\n    # 221: closing\n*** connection closed before QUIT was answered\n')).toBe(true);
		expect(text).toContain('<-  250-mail.example.com\n<-  250-STARTTLS\n<-  250 AUTH PLAIN LOGIN\n    # 250: OK\n');
		expect(text).toContain(' ~> ... 1,234 lines, 56,786 bytes, then "." (56,789 bytes sent)\n');
	});

	it('keeps redacted AUTH lines redacted in every format', () => {
		for (const format of ['text', 'md', 'json'] as const) {
			const output = formatTranscript(session(), format, meta);
			expect(output.match(/\[redacted\]|\\\[redacted\\\]/g)).toHaveLength(2);
			expect(output).toContain('VXNlcm5hbWU6');
		}
	});

	it('md: a heading per step, every fence closed, conversation inside fences, explanations outside', () => {
		const markdown = toMarkdown(session(), meta);
		const headings = markdown.split('\n').filter(line => line.startsWith('#'));
		expect(headings).toEqual([
			'# SMTP session with mail.example.com:587',
			'## 1. Connect',
			'## 2. Greeting: the server speaks first',
			'## 3. EHLO: introduce ourselves',
			'## 4. STARTTLS: switch to encryption',
			'## 5. AUTH: log in',
			'## 6. MAIL FROM: the sender',
			'## 7. RCPT TO: the recipients',
			'## 8. DATA: ask to send the message',
			'## 9. The message, ended by a lone "."',
			'## 10. QUIT: say goodbye',
		]);
		const {inside, outside} = splitFences(markdown);
		expect(inside).toContain(' ~> MAIL FROM:<me@example.com> SIZE=1234');
		expect(inside).toContain(' ~> Subject: ``` fenced?');
		expect(inside).toContain(' ~> ```');
		expect(inside).toContain('*** connection closed before QUIT was answered');
		expect(outside).toContain('250: OK: the server took responsibility for the message');
		expect(outside).toContain('354: send the message, end with a lone "."');
	});

	it('md: follows recorded steps and shows markup in explanations and the title as code', () => {
		const markdown = toMarkdown(
			[
				entry({kind: 'sent', text: 'RSET', step: 'mail'}),
				entry({kind: 'received', text: '250 ok', step: 'mail', reply: reply(250, 'ok'), explanation: 'OK <b>*bold*</b> `tick`'}),
			],
			{...meta, title: 'Workshop # 1'},
		);
		expect(markdown).toContain('# Workshop `#` 1\n');
		expect(markdown).toContain('## 1. MAIL FROM: the sender');
		expect(splitFences(markdown).outside).toContain('250: OK `<b>*bold*</b>` `` `tick` ``');
	});

	it('md: notes stay under the step they are about, however the driver tagged them', () => {
		// An interrupt while the final reply was awaited: nothing was queued, so no "Queued" heading.
		const markdown = toMarkdown(
			[
				entry({kind: 'sent', text: 'DATA', step: 'data'}),
				entry({kind: 'received', text: '354 go', step: 'data', reply: reply(354, 'go')}),
				entry({kind: 'data', text: 'message: 1 line, 4 bytes, then "." (7 bytes sent)', step: 'message', data: {lines: 1, bytes: 7, stored: 4, preview: ['hi']}}),
				entry({kind: 'info', text: 'interrupted (Ctrl+C)', step: 'queued'}),
				entry({kind: 'info', text: 'connection closed', step: 'message'}),
				entry({kind: 'error', text: 'closed before the server answered', step: 'message'}),
			],
			meta,
		);
		expect(markdown.split('\n').filter(line => line.startsWith('## '))).toEqual(['## 1. DATA: ask to send the message', '## 2. The message, ended by a lone "."']);
		expect(markdown).toContain(' -> ... 1 line, 4 bytes, then "." (7 bytes sent)\n=== interrupted (Ctrl+C)\n=== connection closed\n*** closed before the server answered\n```');
	});

	it("md: the final reply's heading does not call it queued (it may be a refusal), and the session's start is given", () => {
		const markdown = toMarkdown(
			[
				entry({kind: 'data', text: 'message: 1 line, 4 bytes, then "." (7 bytes sent)', step: 'message', data: {lines: 1, bytes: 7, stored: 4, preview: ['hi']}}),
				entry({kind: 'received', text: '421 4.3.2 shutting down', step: 'queued', reply: reply(421, '4.3.2 shutting down')}),
			],
			meta,
		);
		expect(markdown).toContain("## 2. The server's answer to the message");
		expect(markdown).not.toContain('Queued');
		expect(markdown).toMatch(/session started \d{4}-\d\d-\d\dT[\d:.]+Z, saved /);
	});

	it('json: one parseable object per entry, with the same fields every time', () => {
		const entries = session();
		const lines = toJsonLines(entries).trimEnd().split('\n');
		expect(lines).toHaveLength(entries.length);
		const objects = lines.map(line => JSON.parse(line) as Record<string, unknown>);
		const fields = ['id', 'time', 'kind', 'tls', 'step', 'text', 'reply', 'explanation', 'latencyMs', 'data', 'group'];
		for (const object of objects) expect(Object.keys(object)).toEqual(fields);
		// Lines pipelined together (and their replies) carry the group's number; the rest null.
		expect(objects.map(object => object.group)).toEqual(objects.map(() => null));
		expect(JSON.parse(toJsonLines([{...entries[0]!, group: 2}]))).toMatchObject({group: 2});
		expect(objects[1]).toMatchObject({kind: 'received', time: '2025-01-02T03:04:05.000Z', reply: {code: 220, enhanced: null, invalidUtf8: false}, tls: false});
		expect(objects.find(object => object.kind === 'data')).toMatchObject({data: {lines: 1234, bytes: 56_789}, tls: true});
	});

	it('formatTranscript picks the format', () => {
		const entries = session();
		expect(formatTranscript(entries, 'text', meta)).toBe(toText(entries));
		expect(formatTranscript(entries, 'md', meta)).toBe(toMarkdown(entries, meta));
		expect(formatTranscript(entries, 'json', meta)).toBe(toJsonLines(entries));
	});
});

describe('the outcome at the end of a transcript file', () => {
	const failed = {
		summary: 'failed (quit): QUIT refused: 500 5.5.1 what',
		exitCode: 27,
		result: {type: 'result', ok: false, exitCode: 27, stage: 'quit', message: 'failed (quit): QUIT refused: 500 5.5.1 what', queued: '250 Ok: queued as 4XyZ', recipients: []},
	};
	const queued = {summary: 'queued: 250 Ok: queued as 4XyZ', exitCode: 0, result: {type: 'result', ok: true, exitCode: 0, message: 'queued: 250 Ok: queued as 4XyZ', recipients: []}};

	it('text: the summary line the terminal gets (*** on failure, === on success), then the exit code', () => {
		expect(toText(session(), failed).endsWith('*** connection closed before QUIT was answered\n*** failed (quit): QUIT refused: 500 5.5.1 what\n=== exit code 27\n')).toBe(true);
		expect(toText(session(), queued).endsWith('=== queued: 250 Ok: queued as 4XyZ\n=== exit code 0\n')).toBe(true);
	});

	it('md: a last section with the same lines, inside a fence', () => {
		const markdown = toMarkdown(session(), meta, failed);
		expect(markdown.endsWith('## 11. Result\n\n```text\n*** failed (quit): QUIT refused: 500 5.5.1 what\n=== exit code 27\n```\n')).toBe(true);
		splitFences(markdown);
	});

	it('json: the --json result object as the last line', () => {
		const lines = toJsonLines(session(), failed).trimEnd().split('\n');
		expect(lines).toHaveLength(session().length + 1);
		expect(JSON.parse(lines.at(-1)!)).toEqual(failed.result);
	});

	it('is left out without an outcome (the dashboard\'s Ctrl+O)', () => {
		expect(formatTranscript(session(), 'text', meta)).not.toContain('exit code');
		expect(formatTranscript(session(), 'md', meta)).not.toContain('Result');
		expect(formatTranscript(session(), 'json', meta)).not.toContain('"type":"result"');
	});
});
