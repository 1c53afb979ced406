// Manual mode's first step, as in every telnet lesson: connect and read the 220 greeting, before typing anything.
import {describe, expect, it} from 'vitest';
import {EMPTY_LINE_NOTE} from '../../source/session/controller.js';
import {KEYS} from './app-harness.js';
import {sandboxApp, sentLines} from './wired-app.js';

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
