// Step mode's end of a lesson: once the message is queued, QUIT is offered at the step prompt by itself, so a
// presenter goes one Enter per line to the server's 221 (Ctrl+X was the only way there, and the Enters after the
// 250 only moved the composer's cursor).
import {describe, expect, it} from 'vitest';
import {greetUpToData, startRawServer} from '../helpers/raw-server.js';
import {KEYS} from './app-harness.js';
import {afterTest, sandboxApp, sentLines, startApp} from './wired-app.js';

/** Presenter mode at 80x24 against the sandbox (no TLS, no login): Enter at each line up to the message's 250. */
async function queued() {
	const app = await sandboxApp({init: {mode: 'step', presenter: true}, settings: {security: 'none', user: ''}, size: {columns: 80, rows: 24}});
	await app.press(KEYS.ctrl('s'));
	for (const line of ['EHLO', 'MAIL FROM', 'RCPT TO', 'DATA', '\\(the message']) {
		await app.frame(f => new RegExp(`about to send: ${line}`).test(f));
		await app.press(KEYS.enter);
	}
	return app;
}

describe('step mode: QUIT offered once the message is queued', () => {
	it('one Enter per line to the end: the Enter after the 250 says QUIT, and the server closes', async () => {
		const app = await queued();
		const offered = await app.frame(f => /Inbox \(1\)/.test(f) && /about to send: QUIT/.test(f));
		expect(offered).toMatch(/NEXT STEP 11\/11 QUIT/);
		expect(sentLines(app.controller)).not.toContain('QUIT');
		await app.press(KEYS.enter);
		await app.frame(f => /disconnected/.test(f) && !/about to send/.test(f));
		expect(sentLines(app.controller).at(-1)).toBe('QUIT');
		expect(app.controller.getSnapshot().session.connection).toBe('closed');
		expect(app.sandbox.mailbox.list()).toHaveLength(1);
	});

	it('a key that changes the message, at the offer, says what holds it: the QUIT, not "the message is on its way"', async () => {
		const app = await queued();
		await app.frame(f => /about to send: QUIT/.test(f));
		await app.press(KEYS.ctrl('n'));
		const frame = await app.frame(f => /Ctrl\+N waits/.test(f));
		expect(frame.replace(/\s+/g, ' ')).toContain('Ctrl+N waits: QUIT is on offer; Esc keeps the connection open, then change the message');
	});

	it('Ctrl+X at the offer sends it at once', async () => {
		const app = await queued();
		await app.frame(f => /about to send: QUIT/.test(f));
		await app.press(KEYS.ctrl('x'));
		await app.frame(f => /disconnected/.test(f) && !/about to send/.test(f));
		expect(sentLines(app.controller).at(-1)).toBe('QUIT');
	});

	it('manual mode chosen at the offer: no QUIT goes, the connection stays for typed commands', async () => {
		const app = await queued();
		await app.frame(f => /about to send: QUIT/.test(f));
		await app.press(KEYS.ctrl('t'));
		// Not busy once the offer is gone: a typed line goes at once.
		await app.frame(f => / MANUAL /.test(f) && !/about to send/.test(f) && !app.controller.getSnapshot().session.busy);
		expect(sentLines(app.controller)).not.toContain('QUIT');
		expect(app.controller.getSnapshot().session.connection).toBe('connected');
	});

	it('Ctrl+C at the offer says QUIT and leaves', async () => {
		const app = await queued();
		await app.frame(f => /about to send: QUIT/.test(f));
		await app.press(KEYS.ctrl('c'));
		await app.frame(() => app.exits.length > 0);
		expect(sentLines(app.controller).at(-1)).toBe('QUIT');
	});

	it('auto mode offers nothing: the connection stays open for the next Ctrl+S', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		const frame = await app.frame(f => /Inbox \(1\)/.test(f) && /✔ queued/.test(f));
		expect(frame).not.toMatch(/about to send/);
		expect(app.controller.getSnapshot().session.connection).toBe('connected');
	});

	it('the server ending the session while QUIT is on offer (an idle timeout\'s 421) is said as its end, not "disconnected"', async () => {
		let close!: () => void;
		const closeNow = new Promise<void>(resolve => (close = resolve));
		const server = await startRawServer(async peer => {
			await greetUpToData(peer);
			while ((await peer.readLine()) !== '.');
			peer.write('250 ok queued as ABC\r\n');
			await closeNow;
			peer.write('421 4.4.2 raw.test idle timeout\r\n');
			peer.destroy();
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {mode: 'step'}, size: {columns: 120, rows: 40}});
		await app.press(KEYS.ctrl('s'));
		for (const line of ['EHLO', 'MAIL FROM', 'RCPT TO', 'DATA', '\\(the message']) {
			await app.frame(f => new RegExp(`about to send: ${line}`).test(f));
			await app.press(KEYS.enter);
		}
		await app.frame(f => /about to send: QUIT/.test(f));
		close();
		const frame = await app.frame(f => /closed/.test(f) && !/about to send/.test(f) && /the server closed the session on its own/.test(f));
		expect(frame).not.toMatch(/disconnected; Ctrl\+S connects again/);
	});
});
