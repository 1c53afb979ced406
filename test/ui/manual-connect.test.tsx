// Manual mode's first step, as in every telnet lesson: connect and read the 220 greeting, before typing anything.
import {describe, expect, it} from 'vitest';
import {EMPTY_LINE_NOTE} from '../../source/session/controller.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {KEYS} from './app-harness.js';
import {afterTest, sandboxApp, sentLines, startApp, typeCommands} from './wired-app.js';

describe('manual mode before the first command', () => {
	it('says in the empty log and under the command line that Enter connects; Enter alone then connects and shows the greeting', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		const frame = await app.frame(f => f.includes('Enter connects (shows the 220 greeting), or type a command'));
		expect(frame).toContain('Nothing on the wire yet: the first');
		expect(frame).not.toContain('sends the message');
		await app.press(KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().session.log.some(entry => entry.reply?.code === 220) && app.controller.getSnapshot().linesWaiting === 0);
		expect(app.controller.getSnapshot().session.connection).toBe('connected');
		expect(sentLines(app.controller)).toEqual([]);
		// Under the command line, what to type next (the presenter's caption, for a student without one).
		await app.frame(f => f.includes('now: greeted: introduce yourself with EHLO (HELO for old servers)'));
		// Connected, an empty Enter still sends nothing, and the footer says why.
		const logged = app.controller.getSnapshot().session.logTotal;
		await app.press(KEYS.enter);
		await app.frame(f => f.replace(/\s+/g, ' ').includes(EMPTY_LINE_NOTE));
		await app.press('NOOP', KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().session.log.some(entry => entry.reply?.code === 250));
		expect(sentLines(app.controller)).toEqual(['NOOP']);
		expect(app.controller.getSnapshot().session.logTotal).toBe(logged + 2);
	});
});

describe('manual mode after a typed STARTTLS whose certificate was not trusted', () => {
	it('says under the command line what to change before connecting again, not "Enter connects", which meets the same refusal', async () => {
		// A server whose certificate no system CA issued, as Postfix's snakeoil one: STARTTLS in clear, then the handshake.
		const server = await startSmtpServer();
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'starttls', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {mode: 'manual'}, size: {columns: 80, rows: 24}});
		await typeCommands(app, ['EHLO client.test', 'STARTTLS']);
		const frame = await app.frame(f => f.includes('next: no trusted CA issued it;'));
		expect(frame).not.toContain('Enter connects');
		// Shown whole with the log's lines (Ctrl+Y), on a second row: what to set in the panel.
		await app.press(KEYS.ctrl('y'));
		expect((await app.frame(f => f.includes('or Verify: off'))).replace(/\s+/g, ' ')).toContain("set the panel's CA file to your CA");
		// Once a line is typed, the row says what Enter does with it.
		await app.press('E');
		await app.frame(f => f.includes('Enter connects, then sends this line'));
	});
});
