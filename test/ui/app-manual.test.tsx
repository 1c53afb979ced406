// The wired dashboard (App + useSmtpSession + SessionController + driver) against a real sandbox on loopback: manual
// mode, lines typed by hand.
import {describe, expect, it} from 'vitest';
import {greetAndEhlo, greetUpToData, startRawServer} from '../helpers/raw-server.js';
import {plain as plainFrame} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {afterTest, sandboxApp, sentLines, startApp, typeCommands} from './wired-app.js';
import {closedPort} from '../transport/harness.js';

/** Manual mode against a server that greets only when `greet()` is called, then answers every line with 250. */
async function lateGreeter() {
	let greet: () => void = () => undefined;
	const greeted = new Promise<void>(resolve => (greet = resolve));
	const server = await startRawServer(async peer => {
		await greeted;
		peer.write('220 late.test ESMTP\r\n');
		for (;;) {
			const line = await peer.readLine();
			peer.write(line === 'QUIT' ? '221 bye\r\n' : '250 ok\r\n');
			if (line === 'QUIT') return;
		}
	});
	afterTest(() => server.close());
	const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {mode: 'manual'}});
	return {server, greet, app};
}

describe('the dashboard against the sandbox, in manual mode', () => {
	it('manual mode: typed lines go out as typed, DATA takes body lines up to a lone dot', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		const send = async (line: string) => {
			const before = app.controller.getSnapshot().session.log.length;
			await app.press(line, KEYS.enter);
			return before;
		};
		// As typed, like telnet: the verb's case is the user's (servers take either).
		await send('noop');
		await app.frame(f => /← 250 2\.0\.0 OK/.test(f));
		expect(sentLines(app.controller)).toEqual(['noop']);
		for (const line of ['EHLO manual.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>']) {
			await send(line);
			await app.frame(() => app.controller.getSnapshot().session.log.at(-1)?.reply !== undefined && !app.controller.getSnapshot().session.busy);
		}
		await send('DATA');
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await send('Subject: typed');
		await send('');
		await send('.starts with a dot');
		await send('..');
		// A student's QUIT mid-message: kept as text, and the log says so.
		await send('quit');
		await send('.');
		await app.frame(f => /Inbox \(1\)/.test(f));
		const message = app.sandbox!.mailbox.get(app.sandbox!.mailbox.list()[0]!.id)!;
		expect(message.raw.toString()).toBe('Subject: typed\r\n\r\n.starts with a dot\r\n..\r\nquit\r\n');
		const texts = app.controller.getSnapshot().session.log.map(entry => entry.text);
		expect(texts).toContain('QUIT is message text here, not a command: after 354 only a lone "." ends the message');
		// The telnet habit of doubling a leading dot: said once, at the first such line.
		expect(texts.filter(text => text.startsWith('dot-stuffing is done for you'))).toEqual([
			'dot-stuffing is done for you: this line goes as "..starts with a dot" and arrives as typed, ".starts with a dot" (type one dot fewer than a telnet session would)',
		]);
		expect(sentLines(app.controller)).toContain('EHLO manual.test');
		// The history holds commands only: not the body lines, the lone dot, or a line with credentials.
		await send('AUTH PLAIN AGRlbW8AZGVtbw==');
		await app.frame(() => !app.controller.getSnapshot().session.busy && app.controller.getSnapshot().session.log.at(-1)?.reply !== undefined);
		await app.press(KEYS.up);
		await app.frame(f => /C: DATA/.test(f));
		await app.press(KEYS.up);
		await app.frame(f => /C: RCPT TO:<b@example\.test>/.test(f));
	});

	it('manual mode: lines typed while a reply is awaited are counted under the command line until they go', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, sandbox: {slowDelayMs: 1500}});
		await typeCommands(app, ['EHLO manual.test', 'MAIL FROM:<you@example.test>']);
		await app.press('RCPT TO:<slow@example.test>', KEYS.enter, 'NOOP', KEYS.enter, 'RSET', KEYS.enter);
		await app.frame(f => /Ctrl\+X drops the 2 lines waiting for a reply/.test(f));
		await app.frame(f => !/lines waiting for a reply/.test(f) && app.controller.getSnapshot().linesWaiting === 0, 10_000);
		expect(sentLines(app.controller).slice(-3)).toEqual(['RCPT TO:<slow@example.test>', 'NOOP', 'RSET']);
	});

	it('manual mode: credentials typed behind an AUTH the server refused are redacted too, and masked while typed', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO manual.test', 'AUTH PLAIN AGRlbW8AZGVtbw==']);
		await app.press('AUTH LOGIN', KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().session.log.some(entry => entry.reply?.code === 503) && app.controller.getSnapshot().linesWaiting === 0);
		// No 334 came, so no exchange is open; the line is still the typist's secret.
		await app.press('czNjcjN0');
		await app.frame(f => /C: \*{8}/.test(f));
		await app.press(KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().session.log.some(entry => entry.reply?.code === 500 || entry.reply?.code === 502) && app.controller.getSnapshot().linesWaiting === 0);
		const texts = app.controller.getSnapshot().session.log.map(entry => entry.text);
		expect(texts.join('\n')).not.toMatch(/czNjcjN0|CZNJCJN0/i);
		expect(sentLines(app.controller).at(-1)).toBe('[redacted]');
		// A command typed next is one again, shown as typed.
		await typeCommands(app, ['NOOP']);
		expect(sentLines(app.controller).at(-1)).toBe('NOOP');
	});

	it('manual mode masks the answers to 334 challenges while they are typed', async () => {
		const app = await sandboxApp({init: {mode: 'manual', presenter: true}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO manual.test', 'AUTH LOGIN']);
		await app.press('ZGVtbw==');
		const typing = await app.frame(f => /C: \*{8}/.test(f));
		expect(typing).not.toContain('ZGVtbw==');
		await app.press(KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().session.log.at(-1)?.reply?.code === 334 && app.controller.getSnapshot().session.log.filter(e => e.reply?.code === 334).length === 2);
		await app.press('ZGVtbw==');
		await app.frame(f => /C: \*{8}/.test(f));
		await app.press(KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().session.log.at(-1)?.reply?.code === 235);
		expect(app.instance.lastFrame()).not.toContain('ZGVtbw==');
		expect(app.controller.getSnapshot().authAnswer).toBe(false);
	});

	it('presenter, manual mode at 80x24: before connecting, the next-step line and the command line\'s row both say Enter connects, and again once the session is over', async () => {
		const app = await sandboxApp({init: {mode: 'manual', presenter: true}, settings: {security: 'none', user: ''}, size: {columns: 80, rows: 24}});
		const rows = async (check: (frame: string) => boolean) => plainFrame(await app.frame(f => check(plainFrame(f)))).split('\n');
		// One instruction read aloud, not two: the line under the caption said to type EHLO first, the row under the
		// command line to press Enter; lesson 1 and telnet connect first and read the 220.
		const before = await rows(f => f.includes(' C:'));
		expect(before[2]).toBe("next: Enter connects (the 220 greeting), then type EHLO and this machine's name");
		expect(before[before.findIndex(row => row.includes(' C:')) + 1]).toMatch(/^Enter connects \(shows the 220 greeting\)/);
		await typeCommands(app, ['', 'EHLO student.example.test', 'QUIT']);
		const after = await rows(f => f.includes('221 ') && f.includes('■ closed'));
		expect(after[2]).toBe("next: Enter connects (the 220 greeting), then type EHLO and this machine's name");
	});

	it('presenter, manual mode: a refused login is the caption only until a later step succeeds', async () => {
		// 100 columns: the width of ink-testing-library's stdout, so each row of the frame is one row of the screen.
		const app = await sandboxApp({init: {mode: 'manual', presenter: true}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}});
		const caption = () => plainFrame(app.instance.lastFrame()).split('\n')[1] ?? '';
		await typeCommands(app, ['EHLO student', 'AUTH LOGIN', 'ZGVtbw==']);
		await app.press('bm9wZQ==', KEYS.enter);
		await app.frame(f => f.includes('✖ AUTH 535') && !app.controller.getSnapshot().session.busy);
		expect(caption()).toBe('FAILED at STEP 5/11 AUTH: the login was refused (535)');
		await typeCommands(app, ['MAIL FROM:<you@example.test>']);
		await app.frame(f => f.includes('✔ MAIL'));
		expect(caption()).not.toContain('FAILED');
		await typeCommands(app, ['RCPT TO:<friend@example.test>', 'DATA']);
		await app.press('hello', KEYS.enter, '.', KEYS.enter);
		const frame = await app.frame(f => f.includes('✔ queued') && /Inbox \(1\)/.test(f));
		// The rail keeps the refusal as history; the caption tells where the session is now.
		expect(frame).toContain('✖ AUTH 535');
		expect(caption()).not.toContain('FAILED');
		expect(caption()).toMatch(/^NEXT STEP 11\/11 QUIT/);
	});

	it('presenter, manual mode: MAIL refused for want of a login, then the login: MAIL is next again, not the refusal', async () => {
		const app = await sandboxApp({init: {mode: 'manual', presenter: true}, settings: {security: 'none', user: ''}, sandbox: {requireAuth: true}, size: {columns: 100, rows: 30}});
		const caption = () => plainFrame(app.instance.lastFrame()).split('\n')[1] ?? '';
		await typeCommands(app, ['EHLO student', 'MAIL FROM:<you@example.test>']);
		await app.frame(f => /✖ MAIL 530/.test(f));
		expect(caption()).toMatch(/^FAILED at STEP 6\/11 MAIL: the server wants a login/);
		await typeCommands(app, [`AUTH PLAIN ${Buffer.from('\0demo\0demo').toString('base64')}`]);
		await app.frame(f => f.includes('✔ AUTH'));
		expect(caption()).toMatch(/^NEXT STEP 6\/11 MAIL: name the sender/);
	});

	it('manual mode: AUTH LOGIN pasted with its answers keeps the answers out of the log and of the history', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO manual.test']);
		await app.press('AUTH LOGIN\rZGVtbw==\rZGVtbw==\rNOOP\r');
		await app.frame(() => sentLines(app.controller).includes('NOOP') && app.controller.getSnapshot().session.log.at(-1)?.reply?.code === 250);
		expect(sentLines(app.controller)).toEqual(['EHLO manual.test', 'AUTH LOGIN', '[redacted]', '[redacted]', 'NOOP']);
		expect(app.controller.getSnapshot().session.authenticated).toBe(true);
		// Up goes NOOP, AUTH LOGIN, EHLO: never to an answer.
		await app.press(KEYS.up, KEYS.up);
		await app.frame(f => /C: AUTH LOGIN/.test(f));
		await app.press(KEYS.up);
		await app.frame(f => /C: EHLO manual\.test/.test(f));
		expect(app.instance.lastFrame()).not.toContain('ZGVtbw==');
	});

	it('manual mode: a pasted message (DATA, its lines, the lone dot) keeps its lines out of the history', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await app.press('EHLO manual.test\rMAIL FROM:<a@example.test>\rRCPT TO:<b@example.test>\rDATA\rSubject: pasted\r\rhi\r.\rNOOP\r');
		await app.frame(f => /Inbox \(1\)/.test(f) && sentLines(app.controller).includes('NOOP') && app.controller.getSnapshot().linesWaiting === 0);
		// Up goes NOOP, DATA, RCPT: never to a line of the message.
		await app.press(KEYS.up);
		await app.frame(f => /C: NOOP/.test(f));
		await app.press(KEYS.up);
		await app.frame(f => /C: DATA/.test(f));
		await app.press(KEYS.up);
		await app.frame(f => /C: RCPT TO:<b@example\.test>/.test(f));
		await app.press(KEYS.ctrl('u'));
		// Typed one at a time this time, each after its reply: the command after the message is history again.
		await typeCommands(app, ['MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press('typed body', KEYS.enter, '.', KEYS.enter);
		await app.frame(f => /Inbox \(2\)/.test(f));
		await typeCommands(app, ['RSET']);
		await app.press(KEYS.up);
		await app.frame(f => /C: RSET/.test(f));
	});

	it('manual mode: AUTH typed after a blank is still redacted in the log and kept out of the history', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO manual.test']);
		// The server refuses the blank (500), but the line, credentials and all, went out as typed.
		await app.press(' AUTH PLAIN AGRlbW8AZGVtbw==', KEYS.enter);
		await app.frame(f => /AUTH 500/.test(f));
		await typeCommands(app, ['NOOP']);
		expect(JSON.stringify(app.controller.getSnapshot().session.log)).not.toContain('AGRlbW8AZGVtbw==');
		await app.press(KEYS.up, KEYS.up);
		await app.frame(f => /C: EHLO manual\.test/.test(f));
		expect(app.instance.lastFrame()).not.toContain('AGRlbW8AZGVtbw==');
	});

	it('manual mode: the warning about a typed line goes once Ctrl+S sends the message', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['MAIL FROM:<a@example.test>']);
		// Under the command line (the log keeps its own "warning: …" line).
		await app.frame(f => /! MAIL before EHLO/.test(f));
		// In manual mode Ctrl+S asks first: it sends commands nobody typed.
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Ctrl\+S again sends the composer's message/.test(f));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
		expect(app.instance.lastFrame()).not.toMatch(/! MAIL before EHLO/);
	});

	it('manual mode: the row under the command line starts with the corrected line, which its cut at 100 columns keeps', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}});
		await typeCommands(app, ['ehlo me', 'mail from: me@example.test', 'rcpt to: you@example.test']);
		// Telnet style: no <>, a space after the colon. The sandbox answers 501; the fix must be read, not its reason.
		const frame = await app.frame(f => /! try RCPT TO:<you@example\.test>/.test(f));
		expect(frame).not.toMatch(/! the address goes in angle brackets/);
	});

	it("manual mode: DATA's 354 says what the message is (headers, a blank line, the body), whole in its two rows at 80 columns", async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size: {columns: 80, rows: 24}});
		await typeCommands(app, ['EHLO manual.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		const frame = await app.frame(f => /send the message: headers, a blank/.test(f));
		expect(frame).toMatch(/line, the body, then a lone "\." line/);
	});

	it('a message typed by hand after 354 must end before Ctrl+S or Ctrl+T: its lines stay its own, nothing is sent twice', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO manual.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press('Subject: by hand', KEYS.enter, KEYS.enter, 'typed body', KEYS.enter);
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => /"\." ends the message first; Ctrl\+X drops it/.test(f) && /MANUAL/.test(f));
		await app.press(KEYS.ctrl('s'));
		expect(sentLines(app.controller)).not.toContain('RSET');
		expect(app.sandbox!.mailbox.list()).toEqual([]);
		await app.press('.', KEYS.enter);
		await app.frame(f => /Inbox \(1\)/.test(f));
		expect(app.sandbox!.mailbox.get(app.sandbox!.mailbox.list()[0]!.id)!.raw.toString()).toBe('Subject: by hand\r\n\r\ntyped body\r\n');
		// Now Ctrl+T and Ctrl+S work: the composer's message goes as the second one.
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => /AUTO/.test(f));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(2\)/.test(f));
	});

	it('manual mode: a message line over 998 octets is not sent but comes back to be fixed; the lines before it stay', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO manual.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press('Subject: long', KEYS.enter, KEYS.enter, 'c'.repeat(999), KEYS.enter);
		await app.frame(f => /line not sent: 999 octets, over 998/.test(f) && /DATA> …?c{20}/.test(f));
		expect(app.controller.getSnapshot()).toMatchObject({dataMode: true, bodyLines: 2});
		expect(app.controller.getSnapshot().session.log.at(-1)).toMatchObject({kind: 'error', text: expect.stringMatching(/^body line 3 not sent: it is 999 octets/)});
		// Shortened (the end cut off), it goes; the message ends as usual.
		await app.press(KEYS.backspace, KEYS.enter, '.', KEYS.enter);
		await app.frame(f => /Inbox \(1\)/.test(f));
		expect(app.sandbox!.mailbox.get(app.sandbox!.mailbox.list()[0]!.id)!.raw.toString()).toBe(`Subject: long\r\n\r\n${'c'.repeat(998)}\r\n`);
	});

	it('manual mode: while a message is typed, its lines show in the log and Up recalls no command into it', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO manual.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press('Subject: echoed', KEYS.enter);
		await app.frame(f => /1 line sent · "\." alone ends/.test(f) && /│ → Subject: echoed/.test(f));
		await app.press(KEYS.up);
		await app.press('x');
		// Up did nothing: the line holds only what was typed, not "DATA" or "RCPT TO:<b@example.test>".
		await app.frame(f => /DATA> x\s*$/m.test(f));
		expect(app.instance.lastFrame()).not.toMatch(/DATA> (DATA|RCPT)/);
		await app.press(KEYS.backspace, '.', KEYS.enter);
		await app.frame(f => /Inbox \(1\)/.test(f));
	});

	it('manual mode: in a pasted message, the lines after a refused one are held back; the message waits to be fixed', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO manual.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press(`Subject: pasted\r\rline one\r${'y'.repeat(1100)}\rline three\r.\rQUIT\r`);
		await app.frame(() => app.controller.getSnapshot().linesWaiting === 0 && app.controller.getSnapshot().session.log.some(e => e.text === 'not sent (a line before it was refused): QUIT'));
		const texts = app.controller.getSnapshot().session.log.map(e => e.text);
		expect(texts).toContain('not sent (a line before it was refused): line three');
		expect(texts).toContain('not sent (a line before it was refused): .');
		// The message is still open, with the lines before the refused one, and not delivered: no "." went.
		expect(app.controller.getSnapshot()).toMatchObject({dataMode: true, bodyLines: 3});
		expect(app.sandbox!.mailbox.list()).toEqual([]);
		// Lines typed from now on go again.
		await app.press(KEYS.ctrl('u'), 'line three', KEYS.enter, '.', KEYS.enter);
		await app.frame(f => /Inbox \(1\)/.test(f));
		expect(app.sandbox!.mailbox.get(app.sandbox!.mailbox.list()[0]!.id)!.raw.toString()).toBe('Subject: pasted\r\n\r\nline one\r\nline three\r\n');
	});

	it('manual mode: Ctrl+S waits while typed lines are still going out, instead of mixing a message into them', async () => {
		const {server, greet, app} = await lateGreeter();
		await app.press('EHLO a\rNOOP\r');
		await app.frame(() => app.controller.getSnapshot().linesWaiting === 2);
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /typed lines still going; Ctrl\+X drops them/.test(f));
		greet();
		await app.frame(() => app.controller.getSnapshot().linesWaiting === 0 && sentLines(app.controller).includes('NOOP'));
		expect(Buffer.concat(server.peers[0]!.received).toString()).toBe('EHLO a\r\nNOOP\r\n');
		// Said only while it is true.
		await app.frame(f => !/typed lines still going/.test(f));
	});

	it('manual mode: a command refused before the wire comes back to the command line', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO manual.test']);
		const long = `NOOP ${'x'.repeat(600)}`;
		await app.press(long, KEYS.enter);
		await app.frame(f => /not sent: the typed line would be 607 octets/.test(f));
		expect(app.controller.getSnapshot().session.log.at(-1)?.text).toMatch(/SMTP allows at most 512 \(RFC 5321 §4\.5\.3\.1\.4\)/);
		await app.frame(f => /C: …x{20}/.test(f));
		expect(sentLines(app.controller)).toEqual(['EHLO manual.test']);
	});

	it('manual mode: in a pasted script, the line after "." waits for the reply to the message', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await app.press('EHLO a\rMAIL FROM:<a@example.test>\rRCPT TO:<b@example.test>\rDATA\rSubject: pasted\r\rbody\r.\rQUIT\r');
		await app.frame(() => app.controller.getSnapshot().session.log.some(entry => entry.reply?.code === 221));
		const texts = app.controller.getSnapshot().session.log.map(entry => entry.text);
		const queued = texts.findIndex(text => /^250 .*queued/i.test(text));
		expect(queued).toBeGreaterThan(-1);
		expect(texts.indexOf('QUIT')).toBeGreaterThan(queued);
		expect(app.sandbox!.mailbox.list()).toHaveLength(1);
	});

	it('auto mode resets a transaction opened by hand before STARTTLS, AUTH and MAIL', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}});
		await typeCommands(app, ['EHLO manual.test', 'MAIL FROM:<teacher@example.test>', 'RCPT TO:<other@example.test>']);
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => /AUTO/.test(f));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
		const sent = sentLines(app.controller);
		const after = sent.indexOf('RCPT TO:<other@example.test>') + 1;
		expect(sent.slice(after, after + 4)).toEqual(['RSET', 'STARTTLS', 'EHLO client.test', expect.stringMatching(/^AUTH /)]);
		expect(app.sandbox!.mailbox.get(app.sandbox!.mailbox.list()[0]!.id)!.envelope.rcptTo.map(r => r.address)).toEqual(['friend@example.test']);
	});

	it('Ctrl+C while typing a message body closes without QUIT, which would be part of the message', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO manual.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press('half a message', KEYS.enter, KEYS.ctrl('c'));
		// The message went in part, and the server discards it unless "." ends it: the first Ctrl+C asks, the second quits.
		await app.frame(f => /Ctrl\+C again within 3 s quits; the typed message is not finished/.test(f));
		expect(app.exits).toEqual([]);
		expect(app.controller.getSnapshot()).toMatchObject({dataMode: true, bodyLines: 1});
		// The question gone (Tab moves on), a press asks again rather than quitting unseen.
		await app.press(KEYS.tab);
		await app.frame(f => !/Ctrl\+C again within 3 s quits/.test(f));
		await app.press(KEYS.ctrl('c'));
		await app.frame(f => /Ctrl\+C again within 3 s quits; the typed message is not finished/.test(f));
		expect(app.exits).toEqual([]);
		await app.press(KEYS.ctrl('c'));
		await app.frame(() => app.exits.length > 0, 2000);
		expect(app.exits).toEqual([0]);
		expect(sentLines(app.controller)).not.toContain('QUIT');
		expect(app.controller.getSnapshot().session.log.map(e => e.text)).toContain(
			'closing without QUIT: after 354 it would be taken as part of the message; the server discards the unfinished message',
		);
		expect(app.sandbox!.mailbox.list()).toEqual([]);
	});

	it('Ctrl+X while a typed line awaits a slow reply says it is stopping: QUIT sent, waiting for its reply', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, sandbox: {slowDelayMs: 2000}, size: {columns: 80, rows: 24}});
		await typeCommands(app, ['EHLO manual.test', 'MAIL FROM:<a@example.test>']);
		await app.press('RCPT TO:<slow@example.test>', KEYS.enter);
		await app.frame(f => f.includes('RCPT TO:<slow@example.test>'));
		await app.press(KEYS.ctrl('x'));
		await app.frame(f => f.includes('stopping: QUIT sent, waiting for its reply'));
		await app.frame(() => app.controller.getSnapshot().session.connection === 'closed', 8000);
	});

	it('Ctrl+X mid-message is the user dropping the message, not a network failure, and lists the lines typed', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO manual.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press('Subject: hi', KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().bodyLines === 1);
		await app.press(KEYS.ctrl('x'));
		await app.frame(() => app.controller.getSnapshot().session.connection === 'closed');
		const log = app.controller.getSnapshot().session.log;
		expect(log.map(entry => entry.text)).toEqual(
			expect.arrayContaining(['you dropped the message (Ctrl+X): 1 line had gone, no "." was sent, so nothing is delivered; the lines typed are listed below', 'message line 1: Subject: hi']),
		);
		expect(log.filter(entry => entry.kind === 'error')).toEqual([]);
		expect(app.sandbox!.mailbox.list()).toEqual([]);
	});

	it('manual mode: lines typed or pasted before the greeting wait for it and go out in order', async () => {
		const {server, greet, app} = await lateGreeter();
		// A script pasted from the slides, then one more line typed, all before the server has said a word.
		await app.press('EHLO a\rMAIL FROM:<x@example.test>\rRCPT TO:<y@example.test>\r');
		await app.press('NOOP', KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().session.connection === 'connected');
		expect(sentLines(app.controller)).toEqual([]);
		greet();
		await app.frame(() => app.controller.getSnapshot().session.log.filter(e => e.kind === 'received').length === 5);
		expect(sentLines(app.controller)).toEqual(['EHLO a', 'MAIL FROM:<x@example.test>', 'RCPT TO:<y@example.test>', 'NOOP']);
		expect(Buffer.concat(server.peers[0]!.received).toString()).toBe('EHLO a\r\nMAIL FROM:<x@example.test>\r\nRCPT TO:<y@example.test>\r\nNOOP\r\n');
		// One at a time, each after its reply: the rail follows every one (MAIL sent right behind EHLO was left unmarked).
		const status = (step: string) => app.controller.getSnapshot().session.steps.find(state => state.step === step)?.status;
		expect([status('ehlo'), status('mail'), status('rcpt')]).toEqual(['done', 'done', 'done']);
	});

	it('manual mode: lines typed while the connection was being opened are not sent on another when it fails', async () => {
		const port = await closedPort();
		const app = startApp({host: '127.0.0.1', port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {mode: 'manual'}});
		await app.press('EHLO a\rNOOP\rhello\rAUTH LOGIN\rc2VjcmV0\r');
		await app.frame(f => /not sent \(the connection could not be opened\): NOOP/.test(f));
		const notSent = () => app.controller.getSnapshot().session.log.map(e => e.text).filter(text => text.startsWith('not sent'));
		await app.frame(() => notSent().length === 5);
		// Listed as typed, the one that was to open it first, but for what may answer an AUTH challenge: only lines
		// with credentials are redacted.
		expect(notSent()).toEqual(['EHLO a', 'NOOP', 'hello', 'AUTH LOGIN', '[redacted]'].map(line => `not sent (the connection could not be opened): ${line}`));
		expect(app.controller.getSnapshot().session.log.filter(e => e.text.startsWith('connecting to'))).toHaveLength(1);
	});

	it.each([
		{offered: [] as string[], warned: true},
		{offered: ['8BITMIME'], warned: false},
	])('manual mode: a non-ASCII Subject typed after DATA, 8BITMIME offered $offered: warned $warned, and sent as typed', async ({offered, warned}) => {
		let received = '';
		const server = await startRawServer(async peer => {
			await greetAndEhlo(peer, ['PIPELINING', ...offered]);
			for (const reply of ['250 ok', '250 ok', '354 go ahead']) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			for (let line = await peer.readLine(); line !== '.'; line = await peer.readLine()) received += `${line}\n`;
			peer.write('250 queued\r\n');
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {mode: 'manual'}});
		await typeCommands(app, ['EHLO client.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press('Subject: Grüße', KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().bodyLines === 1);
		const header = "8-bit bytes, but the server's EHLO reply offered no 8BITMIME (RFC 6152): it may refuse or change them; a client encodes such a header (RFC 2047: =?UTF-8?B?…?=)";
		const log = () => app.controller.getSnapshot().session.log.map(entry => entry.text);
		if (warned) {
			const frame = await app.frame(f => plainFrame(f).includes('! 8-bit bytes, no 8BITMIME offered: a client encodes a header (RFC 2047)'));
			expect(plainFrame(frame)).toContain('→ Subject: Grüße');
			expect(log()).toContain(`warning: message line 1: ${header}`);
		} else expect(app.controller.getSnapshot().warning).toBeUndefined();
		// In the body, the advice is the body's encoding.
		await app.press(KEYS.enter, 'Schöne Grüße', KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().bodyLines === 3);
		expect(app.controller.getSnapshot().warning).toBe(warned ? '8-bit bytes, no 8BITMIME offered: a client encodes a body (quoted-printable)' : undefined);
		// Said once per message in the log.
		expect(log().filter(text => text.includes('no 8BITMIME')).length).toBe(warned ? 1 : 0);
		await app.press('.', KEYS.enter);
		await app.frame(() => received !== '');
		expect(received).toBe('Subject: Grüße\n\nSchöne Grüße\n');
	});

	it('manual mode: an idle 421 under a message typed by hand is said in the footer and under the command line', async () => {
		const server = await startRawServer(async peer => {
			await greetUpToData(peer);
			await peer.readLine();
			peer.end('421 4.4.2 raw.test Error: timeout exceeded\r\n');
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {mode: 'manual'}});
		await typeCommands(app, ['EHLO a', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press('Subject: slow', KEYS.enter);
		// Not only "closed": the footer says who ended it, and the command line what to type now.
		const footer = (frame: string) => frame.split('\n').slice(-3).join(' ');
		const frame = await app.frame(f => /the server closed the session on its own, after its 354/.test(footer(f)));
		expect(frame).toContain('! connection ended mid-message: type EHLO');
		expect(frame).toContain('the server closed an idle session');
	});

	it('manual mode: a line half typed when the message is cut off, and the one typed after, are listed, not left on the command line', async () => {
		let cut: () => void = () => undefined;
		const idle = new Promise<void>(resolve => (cut = resolve));
		const server = await startRawServer(async peer => {
			if (server.peers.length > 1) {
				await greetAndEhlo(peer);
				return void (await peer.closed());
			}
			await greetUpToData(peer);
			await peer.readLine();
			await idle;
			peer.end('421 4.4.2 raw.test Error: timeout exceeded\r\n');
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {mode: 'manual'}});
		await typeCommands(app, ['EHLO a', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press('Subject: hi', KEYS.enter, 'Subject: half');
		await app.frame(f => /DATA> Subject: half/.test(f));
		cut();
		const logTexts = () => app.controller.getSnapshot().session.log.map(entry => entry.text);
		// The half-typed line joins the message's lines in the log; the command line is empty and says what to type.
		const frame = await app.frame(f => /! connection ended mid-message: type EHLO/.test(f));
		expect(frame).not.toMatch(/(C:|DATA>) Subject: half/);
		expect(logTexts()).toEqual(expect.arrayContaining(['message line 1: Subject: hi', 'not sent (half typed when the connection ended): Subject: half']));
		// The message's next line typed without looking up: listed, not put back (the EHLO typed next would join it).
		await app.press('body line', KEYS.enter);
		await app.frame(() => logTexts().some(text => text.startsWith('not sent: body line: the connection ended in the middle of the message')));
		await app.frame(f => /! connection ended mid-message: type EHLO/.test(f) && !/C: body line/.test(f));
		// With a line typed and no connection, the row under it says what Enter does to it, not that Enter alone connects.
		await app.press('EHLO laptop.example.com');
		await app.frame(f => /Enter connects(, then sends this line| and sends it)/.test(f) && !/connects \(/.test(f));
		await app.press(KEYS.enter);
		await app.frame(() => sentLines(app.controller).at(-1) === 'EHLO laptop.example.com');
		expect(server.peers).toHaveLength(2);
	});

	it('manual mode: lines queued behind a command the server answers with 421 are not sent on a new connection', async () => {
		const server = await startRawServer(async peer => {
			peer.write('220 closing.test ESMTP\r\n');
			await peer.readLine();
			peer.end('421 4.3.2 going down\r\n');
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {mode: 'manual'}});
		await app.press('EHLO a\rNOOP\r');
		await app.frame(f => /not sent \(the connection ended first\): NOOP/.test(f));
		expect(server.peers).toHaveLength(1);
		expect(app.controller.getSnapshot().session.log.filter(entry => entry.text.startsWith('connecting to'))).toHaveLength(1);
	});
});
