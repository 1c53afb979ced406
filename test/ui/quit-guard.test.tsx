// Ctrl+C with a line typed and not sent (manual mode's command line, a step line being edited): the first press
// says what would be lost, the second quits, as for the lines of a message typed after 354.
import {describe, expect, it} from 'vitest';
import {greetUpToData, startRawServer} from '../helpers/raw-server.js';
import {KEYS} from './app-harness.js';
import {afterTest, defaults, nowhere, sandboxApp, sentLines, startApp} from './wired-app.js';

describe('Ctrl+C with a typed line not sent', () => {
	it('on the manual command line: the first press asks and keeps the line, the second quits', async () => {
		const app = startApp(await nowhere(), undefined, {init: {mode: 'manual'}});
		await app.press('RCPT TO:<half typed', KEYS.ctrl('c'));
		await app.frame(f => f.includes('Ctrl+C again within 3 s quits; the line typed is not sent (Enter sends it)'));
		expect(app.exits).toEqual([]);
		expect(app.instance.lastFrame()).toContain('RCPT TO:<half typed');
		await app.press(KEYS.ctrl('c'));
		await app.frame(() => app.exits.length > 0);
		expect(app.exits).toEqual([0]);
	});

	it('an empty command line, or a line recalled from the history as it was, quits at once', async () => {
		const app = startApp(await nowhere(), undefined, {init: {mode: 'manual', history: ['NOOP']}});
		await app.press(KEYS.up);
		await app.frame(f => f.includes('NOOP'));
		await app.press(KEYS.ctrl('c'));
		await app.frame(() => app.exits.length > 0);
		expect(app.exits).toEqual([0]);
	});

	it('while a step line is edited: the first press asks and sends nothing, the second sends QUIT and quits', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press('e', 'x');
		await app.press(KEYS.ctrl('c'));
		await app.frame(f => f.includes('Ctrl+C again within 3 s quits; the edited step line is not sent (Enter sends it)'));
		expect(app.exits).toEqual([]);
		expect(sentLines(app.controller)).toEqual([]);
		expect(app.instance.lastFrame()).toContain('EHLO client.testx');
		await app.press(KEYS.ctrl('c'));
		await app.frame(() => app.exits.length > 0, 8000);
		expect(app.exits).toEqual([0]);
		expect(sentLines(app.controller)).toEqual(['QUIT']);
	});

	it('a step line on offer mid-session (a reflex Ctrl+C in front of a class): the first press asks and sends nothing, the second quits', async () => {
		const app = await sandboxApp({init: {mode: 'step', presenter: true}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		await app.press(KEYS.ctrl('c'));
		await app.frame(f => f.replace(/\s+/g, ' ').includes('Ctrl+C again within 3 s quits; the walkthrough ends here (Esc pauses it)'));
		expect(app.exits).toEqual([]);
		expect(sentLines(app.controller)).toEqual(['EHLO client.test']);
		// The walkthrough goes on where it was.
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: RCPT TO/.test(f), 8000);
		await app.press(KEYS.ctrl('c'), KEYS.ctrl('c'));
		await app.frame(() => app.exits.length > 0, 8000);
		expect(app.exits).toEqual([0]);
		expect(sentLines(app.controller).at(-1)).toBe('QUIT');
	});

	it('the message on offer (after 354, where Esc closes the connection too): the first press says the message is not sent, not that Esc pauses', async () => {
		const app = await sandboxApp({init: {mode: 'step', presenter: true}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		for (const next of [/about to send: MAIL FROM/, /about to send: RCPT TO/, /about to send: DATA/, /about to send: \(the message/]) {
			await app.frame(f => /about to send: /.test(f));
			await app.press(KEYS.enter);
			await app.frame(f => next.test(f), 8000);
		}
		await app.press(KEYS.ctrl('c'));
		const frame = await app.frame(f => f.replace(/\s+/g, ' ').includes('Ctrl+C again within 3 s quits; the walkthrough ends here'));
		expect(frame.replace(/\s+/g, ' ')).toContain('the walkthrough ends here, and the message is not sent');
		expect(app.exits).toEqual([]);
	});

	it('a step line sent and its reply awaited (the offer gone for a moment): the first press asks, as with a line on offer', async () => {
		// The server holds EHLO's reply until the test lets it go: the window between Enter and the reply, made wide.
		let answer = () => {};
		const held = new Promise<void>(resolve => (answer = resolve));
		const server = await startRawServer(async peer => {
			peer.write('220 raw.test ESMTP ready\r\n');
			await peer.readLine();
			await held;
			peer.write('250 raw.test hello\r\n');
			await peer.readLine();
			peer.write('250 ok\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		afterTest(() => server.close());
		const app = startApp({...(await nowhere()), port: server.port}, undefined, {init: {mode: 'step', presenter: true}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().session.waiting?.what === 'the reply to EHLO');
		await app.press(KEYS.ctrl('c'));
		// Esc does not stop while a reply is awaited (it says so when pressed): the words say when it pauses.
		await app.frame(f => f.replace(/\s+/g, ' ').includes('Ctrl+C again within 3 s quits; the walkthrough ends here (once the reply is in, Esc pauses it)'));
		expect(app.exits).toEqual([]);
		expect(sentLines(app.controller)).toEqual(['EHLO client.test']);
		await app.press(KEYS.escape);
		await app.frame(f => f.replace(/\s+/g, ' ').includes('Esc stops at a step prompt, not while a reply is awaited'));
		// The reply comes, and the walkthrough goes on where it was.
		answer();
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		expect(app.exits).toEqual([]);
	});

	it('QUIT sent at its offer, its reply awaited: the session is over, so Ctrl+C quits at once', async () => {
		const server = await startRawServer(async peer => {
			await greetUpToData(peer);
			await peer.readData();
			peer.write('250 queued\r\n');
			// QUIT's reply never comes: the first Ctrl+C lands while it is awaited.
			await peer.readLine();
			await peer.closed();
		});
		afterTest(() => server.close());
		const app = startApp({...(await nowhere()), port: server.port}, undefined, {init: {mode: 'step'}, defaults: {timeouts: {...defaults.timeouts, quit: 300}}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		for (const next of [/about to send: MAIL FROM/, /about to send: RCPT TO/, /about to send: DATA/, /about to send: \(the message/, /about to send: QUIT/]) {
			await app.press(KEYS.enter);
			await app.frame(f => next.test(f.replace(/\s+/g, ' ')));
		}
		await app.press(KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().session.waiting?.what === 'the reply to QUIT');
		await app.press(KEYS.ctrl('c'));
		await app.frame(() => app.exits.length > 0);
		expect(app.exits).toEqual([0]);
		expect(app.instance.frames.some(f => f.includes('Ctrl+C again within'))).toBe(false);
	});

	it('lines pasted in manual mode, waiting behind one whose reply has not come: the first press asks, the second quits', async () => {
		const server = await startRawServer(async peer => {
			peer.write('220 raw.test ESMTP ready\r\n');
			await peer.readLine();
			// EHLO's reply never comes: the MAIL pasted behind it waits.
			await peer.closed();
		});
		afterTest(() => server.close());
		const app = startApp({...(await nowhere()), port: server.port}, undefined, {init: {mode: 'manual'}, defaults: {timeouts: {...defaults.timeouts, quit: 300}}});
		await app.press('EHLO client.test\rMAIL FROM:<you@example.test>\r');
		await app.frame(() => sentLines(app.controller).length === 1 && app.controller.getSnapshot().linesWaiting === 2);
		await app.press(KEYS.ctrl('c'));
		await app.frame(f => f.replace(/\s+/g, ' ').includes('Ctrl+C again within 3 s quits; 1 typed line not sent yet (each waits for the reply before it)'));
		expect(app.exits).toEqual([]);
		await app.press(KEYS.ctrl('c'));
		await app.frame(() => app.exits.length > 0);
		expect(app.exits).toEqual([0]);
	});

	it('a lesson begun and not finished: the first press asks, naming the tasks done, the second quits', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, lesson: 0});
		await app.frame(f => f.includes('task 1 of 9'));
		await app.press(KEYS.enter);
		await app.frame(f => f.includes('task 2 of 9'));
		await app.press(KEYS.ctrl('c'));
		await app.frame(f => f.replace(/\s+/g, ' ').includes("Ctrl+C again within 3 s quits; the lesson's ticks are lost (1 of 9 tasks done)"));
		expect(app.exits).toEqual([]);
		await app.press(KEYS.ctrl('c'));
		await app.frame(() => app.exits.length > 0, 8000);
		expect(app.exits).toEqual([0]);
	});

	it('a lesson with no task done yet quits at the first press', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, lesson: 1});
		await app.frame(f => f.includes('task 1 of 6'));
		await app.press(KEYS.ctrl('c'));
		await app.frame(() => app.exits.length > 0, 8000);
		expect(app.exits).toEqual([0]);
	});

	it('with the terminal too small (resized while projecting), the question shows there: a first Ctrl+C is not lost unseen', async () => {
		const app = await sandboxApp({init: {mode: 'step', presenter: true}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		app.resize({columns: 60, rows: 15});
		await app.frame(f => f.includes('Terminal too small: 60'));
		await app.press(KEYS.ctrl('c'));
		const frame = await app.frame(f => f.replace(/\s+/g, ' ').includes('Ctrl+C again within 3 s quits'));
		expect(frame).toContain('Terminal too small');
		expect(app.exits).toEqual([]);
	});
});
