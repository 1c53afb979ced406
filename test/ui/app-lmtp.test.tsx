// The wired dashboard with --lmtp against the sandbox speaking LMTP (as `smtp-tui --lmtp` starts it): the rail's LHLO,
// each recipient's reply after the message explained as LMTP's, the rail's queued step for a partial delivery, the
// panel's protocol line; in auto, step and manual modes.
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {afterTest, defaults, sandboxApp, sentLines, startApp, typeCommands, type TestApp} from './wired-app.js';

const lmtp = {defaults: {...defaults, lmtp: true}, sandbox: {lmtp: true}, settings: {security: 'none' as const, user: ''}};
const rail = (frame: string) => plain(frame).split('\n')[0]!;
const logTexts = (app: TestApp) => app.controller.getSnapshot().session.log.map(entry => [entry.text, entry.explanation ?? ''].join(' # '));

describe('the dashboard with --lmtp, against the sandbox speaking LMTP', () => {
	it('auto mode: LHLO on the rail, a reply per recipient in the log, and queued marked for a partial delivery', async () => {
		const app = await sandboxApp({...lmtp, init: {draft: {from: 'you@example.test', to: 'friend@example.test, full@example.test, big@example.test', subject: 'lmtp', body: 'hi'}}});
		// The panel's read-only line for the protocol, before connecting too.
		await app.frame(f => f.includes('LMTP (--lmtp)'));
		await app.press(KEYS.ctrl('s'));
		const done = await app.frame(f => /Inbox \(1\)/.test(f) && /queued 2\/3|queued 1\/3/.test(rail(f)));
		expect(rail(done)).toMatch(/✔ LHLO /);
		expect(rail(done)).not.toMatch(/EHLO/);
		// One of three delivered: the warning mark and the count, as RCPT's partial refusals show.
		expect(rail(done)).toMatch(/! queued 1\/3/);
		expect(rail(done)).toMatch(/✔ RCPT /);
		expect(sentLines(app.controller)[0]).toBe('LHLO client.test');
		const texts = logTexts(app);
		expect(texts).toContainEqual(expect.stringMatching(/^452 4\.2\.2 <full@example\.test>: mailbox full # LMTP, the reply for full@example\.test alone \(one per accepted recipient, in RCPT order\): not delivered to this recipient for now/));
		expect(texts).toContainEqual(expect.stringMatching(/^552 5\.3\.4 .* # LMTP, the reply for big@example\.test alone .*: not delivered to this recipient, for good/));
		expect(texts).toContainEqual(expect.stringMatching(/^250 2\.6\.0 Ok: queued as 1 # LMTP, the reply for friend@example\.test alone .*: delivered to this recipient/));
		// The footer names the recipients refused after the message, as send's summary does.
		await app.frame(f => /1 recipient refused \(big@example\.test: 552 after the message\), 1 deferred \(full@example\.test: 452 after the message\)/.test(plain(f).replace(/\s*\n\s*/g, ' ')));
		// What happened, not "queued": LMTP's replies were deliveries.
		const footer = plain(app.instance.lastFrame() ?? '').split('\n').slice(-3).join(' ');
		expect(footer).toMatch(/✔ delivered to 1 of 3 recipients \(LMTP\)/);
		expect(footer).not.toMatch(/queued as/);
		// The message kept is the delivered recipient's alone.
		expect(app.sandbox.mailbox.list()[0]!.to).toEqual(['friend@example.test']);
	});

	it('auto mode: every recipient delivered: queued done without a mark', async () => {
		const app = await sandboxApp({...lmtp, init: {draft: {from: 'you@example.test', to: 'a@example.test, b@example.test', subject: 'lmtp', body: 'hi'}}});
		await app.press(KEYS.ctrl('s'));
		const done = await app.frame(f => /Inbox \(1\)/.test(f) && /✔ queued/.test(rail(f)));
		expect(rail(done)).toMatch(/✔ LHLO .*✔ queued {2}/);
		await app.frame(f => /✔ delivered to both recipients \(LMTP\)/.test(plain(f).split('\n').slice(-3).join(' ')));
		expect(app.sandbox.mailbox.list()[0]!.to).toEqual(['a@example.test', 'b@example.test']);
	});

	it('step mode: LHLO is offered, and after the message each recipient\'s reply shows', async () => {
		const app = await sandboxApp({...lmtp, init: {mode: 'step', draft: {from: 'you@example.test', to: 'a@example.test, full@example.test', subject: 'lmtp', body: 'hi'}}});
		await app.press(KEYS.ctrl('s'));
		const offered = await app.frame(f => /about to send: LHLO client\.test/.test(f));
		expect(plain(offered)).toMatch(/LHLO: we say who we are/);
		for (const line of ['LHLO', 'MAIL FROM', 'RCPT TO', 'RCPT TO', 'DATA', '\\(the message']) {
			await app.frame(f => new RegExp(`about to send: ${line}`).test(f));
			await app.press(KEYS.enter);
		}
		const after = await app.frame(f => /about to send: QUIT/.test(f) && /Inbox \(1\)/.test(f));
		expect(rail(after)).toMatch(/! queued 1\/2/);
		expect(logTexts(app)).toContainEqual(expect.stringMatching(/^452 4\.2\.2 <full@example\.test>: mailbox full # LMTP, the reply for full@example\.test alone/));
	});

	it('manual mode: LHLO typed by hand is the rail\'s hello; after the dot the log shows each recipient\'s reply', async () => {
		const app = await sandboxApp({...lmtp, init: {mode: 'manual'}});
		await typeCommands(app, ['LHLO manual.test']);
		await app.frame(f => /✔ LHLO/.test(rail(f)));
		await typeCommands(app, ['MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'RCPT TO:<full@example.test>']);
		await app.press('DATA', KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press('Subject: typed', KEYS.enter, '', KEYS.enter, 'hello', KEYS.enter, '.', KEYS.enter);
		const done = await app.frame(f => /Inbox \(1\)/.test(f) && /queued 1\/2/.test(rail(f)));
		expect(rail(done)).toMatch(/! queued 1\/2/);
		expect(sentLines(app.controller)[0]).toBe('LHLO manual.test');
		const texts = logTexts(app);
		expect(texts).toContainEqual(expect.stringMatching(/^250 2\.6\.0 Ok: queued as 1 # LMTP, the reply for b@example\.test alone/));
		expect(texts).toContainEqual(expect.stringMatching(/^452 4\.2\.2 <full@example\.test>: mailbox full # LMTP, the reply for full@example\.test alone/));
	});

	it('manual mode at 80x24: every text names LHLO, a typed EHLO is told and explained as SMTP\'s, and the folded row says LMTP', async () => {
		const app = await sandboxApp({...lmtp, settings: {security: 'starttls', user: ''}, init: {mode: 'manual'}, size: {columns: 80, rows: 24}});
		// The folded connection row: the protocol stays on screen once the note at start scrolls away.
		await app.frame(f => /not connected +LMTP +SANDBOX/.test(plain(f)));
		await app.press(KEYS.enter);
		await app.frame(f => plain(f).includes('now: greeted: introduce yourself with LHLO'));
		await typeCommands(app, ['ehlo me']);
		expect(logTexts(app)).toContainEqual(expect.stringMatching(/^warning: type LHLO me: this session speaks LMTP \(--lmtp\)/));
		expect(logTexts(app)).toContainEqual('500 5.5.2 Error: EHLO not allowed in LMTP server # this server speaks LMTP, which has no EHLO: greet it with LHLO (type LHLO and a name)');
		await typeCommands(app, ['LHLO manual.test', 'STARTTLS']);
		await app.frame(() => app.controller.getSnapshot().session.secure);
		expect(logTexts(app)).toContainEqual(expect.stringMatching(/^220 .* # go ahead with TLS: the handshake starts now, then LHLO again;/));
		await app.frame(f => plain(f).includes('now: greeted: introduce yourself with LHLO'));
		await typeCommands(app, ['MAIL FROM:<a@example.test>']);
		const texts = logTexts(app).join('\n');
		expect(texts).toContain('warning: MAIL before LHLO again: TLS started a fresh session, in which the server forgot your LHLO; send LHLO again first');
		expect(texts).toMatch(/^503 .* # bad sequence of commands: LHLO must come first/m);
		expect(texts).not.toMatch(/\bEHLO\/HELO\b|EHLO again/);
	});

	it('against a real LMTP server (--lmtp --host): LHLO, and each recipient\'s own reply after the message', async () => {
		const server = await startSmtpServer({
			lmtp: true,
			hideSTARTTLS: true,
			onData(stream, session, callback) {
				stream.resume();
				const each = session.envelope.rcptTo.map(rcpt => (rcpt.address.startsWith('over') ? Object.assign(new Error('5.2.2 Quota exceeded'), {responseCode: 552}) : `2.0.0 <${rcpt.address}> Saved`));
				stream.on('end', () => callback(null, each as unknown as string));
			},
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'auto', user: '', password: '', ehlo: 'client.test'}, undefined, {
			defaults: {...defaults, lmtp: true},
			init: {draft: {from: 'you@example.test', to: 'a@example.test, over@example.test', subject: 'lmtp', body: 'hi'}},
		});
		await app.press(KEYS.ctrl('s'));
		const done = await app.frame(f => /! queued 1\/2/.test(rail(f)));
		expect(rail(done)).toMatch(/✔ LHLO .*✔ RCPT .*! queued 1\/2/);
		const texts = logTexts(app);
		expect(texts).toContainEqual(expect.stringMatching(/^250 2\.0\.0 <a@example\.test> Saved # LMTP, the reply for a@example\.test alone/));
		expect(texts).toContainEqual(expect.stringMatching(/^552 5\.2\.2 Quota exceeded # LMTP, the reply for over@example\.test alone .*for good/));
		await app.frame(f => /1 recipient refused \(over@example\.test: 552 after the message\)/.test(plain(f).replace(/\s*\n\s*/g, ' ')));
	});

	it('against an LMTP server on a Unix socket (--lmtp --socket): no STARTTLS whatever Security says, the path in the panel; Ctrl+K says a socket has no ports', async () => {
		const socket = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-lmtp-')), 'lmtp');
		// STARTTLS offered, as a TCP listener would: a socket must not use it.
		const server = await startSmtpServer({lmtp: true}, {socket});
		afterTest(() => server.close());
		const app = startApp({host: socket, port: 24, security: 'auto', user: '', password: '', ehlo: 'client.test'}, undefined, {defaults: {...defaults, lmtp: true}});
		// The path where host:port goes, "Unix socket, no TLS" shortened to "socket" where the path is long.
		await app.frame(f => /(Unix socket, no TLS ·|socket) \/tmp\//.test(plain(f)));
		await app.press(KEYS.ctrl('s'));
		const done = await app.frame(f => /✔ queued/.test(rail(f)) && /✔ connected/.test(f));
		expect(rail(done)).toMatch(/✔ LHLO +- STARTTLS .*✔ queued/);
		expect(sentLines(app.controller)).not.toContain('STARTTLS');
		expect(app.controller.getSnapshot().session.log.map(entry => entry.text)).toContain(`connecting to ${socket} (LMTP, Unix socket, no TLS)`);
		expect(server.messages).toHaveLength(1);
		await app.press(KEYS.shiftTab, KEYS.ctrl('k'));
		await app.frame(f => plain(f).replace(/\s*\n\s*/g, ' ').includes(`Ctrl+K probes a host's SMTP ports: ${socket} is a Unix socket`));
	});
});
