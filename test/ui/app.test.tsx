// The wired dashboard (App + useSmtpSession + SessionController + driver) against a real sandbox on loopback.
import {existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {App} from '../../source/ui/app.js';
import {targetFor} from '../../source/ui/panel-target.js';
import {replayStatus} from '../../source/ui/result-status.js';
import type {ConnectionSettings} from '../../source/ui/components/connection-form.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {STEP_ENTER_GRACE_MS, STEP_LINE_SETTLE_MS} from '../../source/ui/hooks/use-dashboard-keys.js';
import {startTestSandbox, type TestSandbox} from '../sandbox/helpers/sandbox.js';
import {startRawServer} from '../helpers/raw-server.js';
import {testCerts} from '../helpers/certs.js';
import {plain as plainFrame, waitForFrame} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {afterTest, defaults, fileWith, sandboxApp, sentLines, startApp, typeCommands} from './wired-app.js';
import {fakeResolver} from '../transport/fake-resolver.js';
import {closedPort} from '../transport/harness.js';
import {waitFor} from '../sandbox/helpers/wait.js';

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

/**
 * The dashboard as the CLI starts it: it starts its own sandbox (with this login) after its first frame. `panel`: the
 * connection panel's own settings where they differ (--no-starttls, --no-auth).
 */
function appStartingSandbox(login: {user?: string; password?: string} = {}, panel: Partial<ConnectionSettings> = {}) {
	const {user = 'demo', password = 'demo'} = login;
	let started: TestSandbox | undefined;
	const settings: ConnectionSettings = {host: '127.0.0.1', port: 0, security: 'starttls', user, password, ehlo: 'client.test', ...panel};
	const controller = new SessionController(targetFor(settings, defaults));
	afterTest(() => controller.close());
	const instance = render(
		<App
			controller={controller}
			init={{connection: settings, draft: SAMPLE_DRAFT, timestamps: false}}
			defaults={defaults}
			startSandbox={async () => {
				started = await startTestSandbox({user, password});
				afterTest(() => started!.close());
				return started;
			}}
			transcript={{format: 'text', dir: os.tmpdir()}}
			onExit={() => {}}
			size={{columns: 120, rows: 40}}
			stepLineSettleMs={0}
		/>,
	);
	afterTest(() => instance.unmount());
	return {controller, instance, started: () => started};
}

describe('the dashboard against the sandbox', () => {
	it('sends the sample message with Ctrl+S: STARTTLS, AUTH, queued, and the inbox shows it', async () => {
		const app = await sandboxApp();
		await app.press(KEYS.ctrl('s'));
		const screen = await app.frame(f => /Inbox \(1\)/.test(f) && /✔ queued/.test(f));
		expect(screen).toContain('Hello from smtp-tui');
		expect(sentLines(app.controller)).toEqual(['EHLO client.test', 'STARTTLS', 'EHLO client.test', 'AUTH PLAIN [redacted]', expect.stringMatching(/^MAIL FROM:<you@example\.test> SIZE=\d+$/), 'RCPT TO:<friend@example.test>', 'DATA']);
		const [message] = app.sandbox!.mailbox.list();
		expect(app.sandbox!.mailbox.get(message!.id)!.session).toMatchObject({tls: expect.objectContaining({protocol: expect.any(String)}), auth: {user: 'demo'}});
		// A second Ctrl+S reuses the connection: no new greeting, a new transaction (pressed twice: the first asks).
		await app.press(KEYS.ctrl('s'), KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(2\)/.test(f));
		expect(sentLines(app.controller).filter(line => line.startsWith('EHLO'))).toHaveLength(2);
		expect(sentLines(app.controller).filter(line => line.startsWith('MAIL'))).toHaveLength(2);
	});

	it('auto mode: Ctrl+S again just after a message was queued asks first (a duplicate email); after a pause it sends at once', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f) && /sent: queued/.test(f));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /sent just now; Ctrl\+S again sends another copy/.test(f));
		expect(app.sandbox.mailbox.list()).toHaveLength(1);
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(2\)/.test(f) && /sent: queued/.test(f));
		// Another message (the Subject edited) is no copy: it goes at once.
		await app.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.end, ' 2');
		await app.frame(f => /Subject Hello from smtp-tui 2/.test(f));
		await app.press(KEYS.ctrl('s'));
		// "sent: queued" (cleared as a send starts), not the inbox alone: the sandbox stores the message before its 250
		// reaches the app, and the window for a copy opens only with that reply.
		await app.frame(f => /Inbox \(3\)/.test(f) && /sent: queued/.test(f));
		// Long enough after the last one, the same message goes at once too.
		await new Promise(resolve => setTimeout(resolve, 3100));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(4\)/.test(f));
	});

	it('a message whose body is no longer in memory says so in every view, not as a blank one', async () => {
		const app = await sandboxApp({sandbox: {keepBytes: 0}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
		for (let presses = 0; presses < 4 && !/\[Inbox/.test(app.instance.lastFrame() ?? ''); presses++) await app.press(KEYS.tab);
		await app.press(KEYS.enter);
		const headers = await app.frame(f => /\[headers\]/.test(f) && /cannot show this message: the body of message 1 is no longer/.test(f));
		expect(headers).not.toMatch(/1-0\/0/);
		await app.press(KEYS.right, KEYS.right);
		await app.frame(f => /\[raw\]/.test(f) && /cannot show this message/.test(f));
	});

	it('aimed at another server in the panel, the sample body says it goes there, not "nothing leaves this machine"', async () => {
		const app = await sandboxApp();
		const elsewhere = await startTestSandbox();
		afterTest(() => elsewhere.close());
		// Port: another server; Security: none (its certificate is not trusted as the sandbox's is).
		await app.press(KEYS.shiftTab, KEYS.down, KEYS.ctrl('u'), String(elsewhere.port), KEYS.down, KEYS.left, KEYS.left);
		await app.frame(f => /\[none\]/.test(f));
		await app.press(KEYS.ctrl('s'));
		await app.frame(() => elsewhere.mailbox.list().length === 1);
		const raw = elsewhere.mailbox.get(elsewhere.mailbox.list()[0]!.id)!.raw.toString();
		expect(raw).toContain('This goes to 127.0.0.1, a real server: it leaves this machine.');
		expect(raw).not.toContain('nothing leaves this machine');
		expect(app.controller.getSnapshot().session.log.map(e => e.text)).toContain('the sample message now says where it goes (127.0.0.1)');
	});

	it('with a session open, the sample body follows where the message really goes: the open connection, not the panel', async () => {
		const app = await sandboxApp();
		await app.press(KEYS.ctrl('s'));
		await app.frame(() => app.sandbox!.mailbox.list().length === 1);
		const elsewhere = await startTestSandbox();
		afterTest(() => elsewhere.close());
		await app.press(KEYS.shiftTab, KEYS.down, KEYS.ctrl('u'), String(elsewhere.port), KEYS.down, KEYS.left, KEYS.left);
		await app.frame(f => /\[none\]/.test(f));
		// The same message again at once: the first press asks.
		await app.press(KEYS.ctrl('s'), KEYS.ctrl('s'));
		await app.frame(() => app.sandbox!.mailbox.list().length === 2);
		const second = app.sandbox!.mailbox.get(app.sandbox!.mailbox.list()[1]!.id)!.raw.toString();
		expect(second).toContain('This goes to the built-in sandbox:');
		expect(app.controller.getSnapshot().session.log.map(e => e.text)).not.toContainEqual(expect.stringMatching(/^the sample message now says/));
		expect(elsewhere.mailbox.list()).toHaveLength(0);
	});

	it('refuses security TLS for the sandbox, which speaks STARTTLS, on the field and before connecting', async () => {
		const app = await sandboxApp();
		// The panel: Host, Port, then Security (STARTTLS); one step right is TLS.
		await app.press(KEYS.shiftTab, KEYS.down, KEYS.down, KEYS.right);
		await app.frame(f => /\[TLS\]/.test(f));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /the sandbox speaks STARTTLS on this port, not TLS from the first byte/.test(f));
		expect(app.controller.getSnapshot().session.connection).toBe('idle');
	});

	it('shows a refused recipient and still delivers to the accepted one', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'nobody@example.test, friend@example.test'}}});
		await app.press(KEYS.ctrl('s'));
		const screen = await app.frame(f => /Inbox \(1\)/.test(f));
		expect(screen).toMatch(/550/);
		expect(app.sandbox!.mailbox.list()[0]!.to).toEqual(['friend@example.test']);
		expect(app.controller.getSnapshot().session.recipients.map(r => [r.address, r.accepted])).toEqual([
			['nobody@example.test', false],
			['friend@example.test', true],
		]);
	});

	it('a mode switch clears the last result from the footer, as moving to another panel does', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'nobody@example.test'}}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /not sent \(RCPT\)/.test(f));
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => /STEP/.test(f) && !/not sent \(RCPT\)/.test(f));
	});

	it('ends the session on a 421 and keeps the message as the draft', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'bye@example.test'}}});
		await app.press(KEYS.ctrl('s'));
		const screen = await app.frame(f => /not sent/.test(f));
		expect(screen).toMatch(/421/);
		expect(app.controller.getSnapshot().session.connection).toBe('closed');
		await app.drafts.flush();
		expect(JSON.parse(readFileSync(path.join(app.stateDir, 'draft.json'), 'utf8')).draft).toMatchObject({to: 'bye@example.test'});
	});

	it('does not keep the untouched sample as a draft, even when it was not sent; an edit is kept', async () => {
		const app = startApp({host: '127.0.0.1', port: await closedPort(), security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {sample: true});
		const draftFile = path.join(app.stateDir, 'draft.json');
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /connection refused/.test(f));
		await app.drafts.flush();
		expect(existsSync(draftFile)).toBe(false);
		// Subject: an edit is a draft; undone, it is the sample again, and no draft.
		await app.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.end, '!');
		await app.frame(f => /Hello from smtp-tui!/.test(f));
		// The save follows the frame (an effect), then waits its 20 ms.
		await waitFor(() => existsSync(draftFile), 'the draft file');
		await app.drafts.flush();
		expect(JSON.parse(readFileSync(draftFile, 'utf8')).draft).toMatchObject({subject: 'Hello from smtp-tui!'});
		await app.press(KEYS.backspace);
		await app.frame(f => !/Hello from smtp-tui!/.test(f));
		await app.drafts.flush();
		await waitFor(() => !existsSync(draftFile), 'the draft file to go');
	});

	it('Ctrl+F twice brings the sample message back and drops the draft; once only asks', async () => {
		const app = startApp({host: '127.0.0.1', port: await closedPort(), security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {draft: {...SAMPLE_DRAFT, to: 'nobody@example.test', subject: 'old test'}}, sample: true});
		const draftFile = path.join(app.stateDir, 'draft.json');
		await waitFor(() => existsSync(draftFile), 'the draft file');
		await app.press(KEYS.ctrl('f'));
		await app.frame(f => /Ctrl\+F again within 3 s: the sample replaces this message/.test(f));
		expect(app.instance.lastFrame()).toContain('old test');
		// Moving away and back takes the question away, and with it the first press: it asks again.
		await app.press(KEYS.tab, KEYS.shiftTab, KEYS.ctrl('f'));
		await app.frame(f => /Ctrl\+F again within 3 s: the sample replaces this message/.test(f));
		expect(app.instance.lastFrame()).toContain('old test');
		await app.press(KEYS.ctrl('f'));
		await app.frame(f => /the composer holds the sample message again/.test(f) && /Hello from smtp-tui/.test(f) && /friend@example\.test/.test(f));
		expect(app.instance.lastFrame()).not.toContain('old test');
		await app.drafts.flush();
		await waitFor(() => !existsSync(draftFile), 'the draft file to go');
		await app.press(KEYS.ctrl('f'));
		await app.frame(f => /the composer already holds the sample message/.test(f));
	});

	it('the question of a first Ctrl+F goes when its 3 s to answer are over', async () => {
		const app = startApp({host: '127.0.0.1', port: await closedPort(), security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {draft: {...SAMPLE_DRAFT, subject: 'old test'}}, sample: true});
		await app.press(KEYS.ctrl('f'));
		await app.frame(f => /Ctrl\+F again within 3 s/.test(f));
		await app.frame(f => !/Ctrl\+F again/.test(f));
		expect(app.instance.lastFrame()).toContain('old test');
	});

	it('Ctrl+C while a message is on its way keeps the draft: nothing was queued', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'slow@example.test'}}, sandbox: {slowDelayMs: 1500}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /RCPT TO:<slow@example\.test>/.test(f));
		await app.press(KEYS.ctrl('c'));
		// Whether the Ctrl+C lands before DATA or while DATA waits for its 354, no QUIT may become message text; the
		// session ends at the user's QUIT (or the drop after 354), which is a stop, not a failure.
		await app.frame(() => app.controller.getSnapshot().session.result?.ok === false);
		expect(app.controller.getSnapshot().session.log.filter(e => e.kind === 'error').map(e => e.text)).toEqual([]);
		expect(app.exits).toEqual([0]);
		expect(app.sandbox!.mailbox.list()).toEqual([]);
		await app.drafts.flush();
		expect(JSON.parse(readFileSync(path.join(app.stateDir, 'draft.json'), 'utf8')).draft).toMatchObject({to: 'slow@example.test'});
	});

	it('step mode: each Enter sends the proposed line; e edits it; Esc stops', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		expect(sentLines(app.controller)).toEqual([]);
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		expect(sentLines(app.controller)).toEqual(['EHLO client.test']);
		// Edit the proposed MAIL line into another sender.
		await app.press('e', KEYS.home, ...Array.from({length: 'MAIL FROM:<'.length}, () => KEYS.right));
		await app.press('edited.', KEYS.enter);
		await app.frame(f => /about to send: RCPT TO/.test(f));
		expect(sentLines(app.controller).at(-1)).toMatch(/^MAIL FROM:<edited\.you@example\.test>/);
		await app.press(KEYS.escape);
		// The footer says the way on, not "not sent": MAIL went, so the message starts again (RSET, then MAIL).
		await app.frame(f => /stopped here: Ctrl\+S starts the message again over this connection \(RSET, then MAIL\), Ctrl\+X disconnects/.test(f.replace(/\s*\n\s*/g, ' ')));
		expect(sentLines(app.controller)).not.toContain('RCPT TO:<friend@example.test>');
		// Said in the log too, where it stays (and reaches a transcript).
		expect(app.controller.getSnapshot().session.log.map(e => e.text)).toContain('stopped by the user before RCPT; the connection stays open');
	});

	it('step mode: the message waits at its prompt after 354 for longer than the command timeout', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}, defaults: {...defaults, timeouts: {...defaults.timeouts, command: 300}}});
		await app.press(KEYS.ctrl('s'));
		for (const line of ['EHLO', 'MAIL FROM', 'RCPT TO', 'DATA']) {
			await app.frame(f => new RegExp(`about to send: ${line}`).test(f));
			await app.press(KEYS.enter);
		}
		await app.frame(f => /about to send: \(the message/.test(f));
		// The presenter explains the message: three command timeouts pass.
		await new Promise(resolve => setTimeout(resolve, 900));
		expect(app.controller.getSnapshot().session.connection).toBe('connected');
		await app.press(KEYS.enter);
		await app.frame(f => /Inbox \(1\)/.test(f));
	});

	/** A step session against the sandbox (no TLS, no login), Enter at each line up to the message's prompt. */
	const atMessagePrompt = async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		for (const line of ['EHLO', 'MAIL FROM', 'RCPT TO', 'DATA']) {
			await app.frame(f => new RegExp(`about to send: ${line}`).test(f));
			await app.press(KEYS.enter);
		}
		await app.frame(f => /about to send: \(the message/.test(f));
		return app;
	};

	it('step mode: Esc at the message closes the connection, and the footer says so instead of stopped here', async () => {
		const app = await atMessagePrompt();
		// Said before it is pressed, in the prompt and in the footer's keys.
		const offered = app.instance.lastFrame()!;
		expect(offered).toContain('Esc stop (closes the connection)');
		expect(offered.split('\n').at(-1)).toContain('Esc stop (closes the connection)');
		await app.press(KEYS.escape);
		const frame = await app.frame(f => /stopped before the message: the connection is closed; Ctrl\+S starts again/.test(f));
		expect(frame).not.toMatch(/stopped here/);
		expect(app.controller.getSnapshot().session.connection).toBe('closed');
	});

	it('step mode: Ctrl+X offers QUIT at the step prompt (no e); Esc keeps the connection, Enter sends it', async () => {
		const app = await atMessagePrompt();
		await app.press(KEYS.enter);
		const footer = (frame: string) => frame.split('\n').at(-1)!;
		// Queued: the footer names the step still to come.
		await app.frame(f => /Inbox \(1\)/.test(f) && /Ctrl\+X QUIT/.test(footer(f)));
		await app.press(KEYS.ctrl('x'));
		const offered = await app.frame(f => /about to send: QUIT/.test(f));
		expect(offered).not.toMatch(/e edit/);
		// Esc there keeps the connection: "stop" would read as disconnecting.
		expect(offered).toContain('Esc keep the connection open');
		expect(offered.split('\n').at(-1)).toContain('Esc keep the connection open');
		expect(offered).not.toContain('Esc stop');
		expect(sentLines(app.controller)).not.toContain('QUIT');
		await app.press('e');
		expect(app.instance.lastFrame()).not.toMatch(/edit:/);
		await app.press(KEYS.escape);
		await app.frame(f => /QUIT not sent: the connection stays open/.test(f) && !/about to send/.test(f));
		expect(app.controller.getSnapshot().session.connection).toBe('connected');
		expect(sentLines(app.controller)).not.toContain('QUIT');
		await app.press(KEYS.ctrl('x'));
		await app.frame(f => /about to send: QUIT/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /disconnected/.test(footer(f)) && /closed/.test(footer(f)));
		expect(sentLines(app.controller).at(-1)).toBe('QUIT');
	});

	it('step mode at 100 columns over TLS: after Esc at the QUIT offer the footer keeps Ctrl+X QUIT, and the next offer clears QUIT not sent', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, size: {columns: 100, rows: 30}});
		const footer = (frame: string) => frame.split('\n').at(-1)!;
		await app.press(KEYS.ctrl('s'));
		for (const line of ['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'MAIL FROM', 'RCPT TO', 'DATA', '\\(the message']) {
			await app.frame(f => new RegExp(`about to send: ${line}`).test(f));
			await app.press(KEYS.enter);
		}
		await app.frame(f => /Inbox \(1\)/.test(f) && /connected TLS/.test(footer(f)) && /Ctrl\+X QUIT/.test(footer(f)));
		await app.press(KEYS.ctrl('x'));
		await app.frame(f => /about to send: QUIT/.test(f));
		await app.press(KEYS.escape);
		const kept = await app.frame(f => /QUIT not sent: the connection stays open/.test(f) && !/about to send/.test(f));
		// The message beside the keys would leave no room for the step still to come: it goes above them.
		expect(footer(kept)).toContain('Ctrl+X QUIT');
		await app.press(KEYS.ctrl('x'));
		const offered = await app.frame(f => /about to send: QUIT/.test(f));
		expect(offered).not.toContain('QUIT not sent');
	});

	it('presenter mode: Esc at the third message of a connection says the two before it were queued, not that none was', async () => {
		const app = await sandboxApp({init: {mode: 'step', presenter: true}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}});
		/** Ctrl+S, then Enter at each line up to the message's prompt. */
		const toMessage = async (lines: string[]) => {
			await app.press(KEYS.ctrl('s'));
			for (const line of lines) {
				await app.frame(f => new RegExp(`about to send: ${line}`).test(f));
				await app.press(KEYS.enter);
			}
			await app.frame(f => /about to send: \(the message/.test(f));
		};
		await toMessage(['EHLO', 'MAIL FROM', 'RCPT TO', 'DATA']);
		await app.press(KEYS.enter);
		await app.frame(f => /Inbox \(1\)/.test(f) && /sent: queued/.test(f));
		await toMessage(['MAIL FROM', 'RCPT TO', 'DATA']);
		await app.press(KEYS.enter);
		await app.frame(f => /Inbox \(2\)/.test(f) && /sent: queued/.test(f));
		await toMessage(['MAIL FROM', 'RCPT TO', 'DATA']);
		await app.press(KEYS.escape);
		// The connection closes a moment after the footer says so.
		const frame = await app.frame(f => /stopped before the message/.test(f) && f.split('\n')[1]!.startsWith('Closed'));
		expect(frame.split('\n')[1]).toBe('Closed: the session is over; 2 messages were queued on it, not this last one');
	});

	/** A step session against the sandbox, stopped with Esc at its first line: the prompt has just gone. */
	const stoppedBeforeEhlo = async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.escape);
		await app.frame(f => /stopped by the user/.test(f) && !/about to send/.test(f));
		return app;
	};

	it('step mode: an Enter pressed in rhythm just after the last step does not reach the panel behind the prompt', async () => {
		const app = await stoppedBeforeEhlo();
		// The From field has the cursor: the Enter would have moved it to To. Enters in a rhythm keep being held back.
		for (let count = 0; count < 3; count++) {
			await app.press(KEYS.enter);
			await new Promise(resolve => setTimeout(resolve, STEP_ENTER_GRACE_MS * 0.6));
		}
		const frame = await app.frame(f => /Enter held back: the step prompt is gone/.test(f));
		expect(frame).toMatch(/▸ From/);
		// Later, Enter is the composer's again.
		await new Promise(resolve => setTimeout(resolve, STEP_ENTER_GRACE_MS + 100));
		await app.press(KEYS.enter);
		await app.frame(f => /▸ To/.test(f));
	});

	it('step mode: an Enter right after a new line appears does not send it (a double press); a later one does', async () => {
		const app = await sandboxApp({init: {mode: 'step', presenter: true}, settings: {security: 'none', user: ''}, stepLineSettleMs: STEP_LINE_SETTLE_MS});
		const settle = () => new Promise(resolve => setTimeout(resolve, STEP_LINE_SETTLE_MS + 50));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		// Read, then sent: as before.
		await settle();
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		// The second press of a double Enter, landing on the line the sandbox's quick reply just brought.
		await app.press(KEYS.enter);
		await app.frame(f => /Enter held: Enter again sends it/.test(f));
		expect(sentLines(app.controller)).toEqual(['EHLO client.test']);
		await settle();
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: RCPT TO/.test(f) && !/Enter held/.test(f));
		expect(sentLines(app.controller)).toEqual(['EHLO client.test', expect.stringMatching(/^MAIL FROM:<you@example\.test>/)]);
	});

	it('step mode: an edited line refused shows the failure at once, while the planned line is offered again', async () => {
		const app = await sandboxApp({init: {mode: 'step', presenter: true}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		await app.press('e', KEYS.ctrl('u'), 'MAIL FORM:<you@example.test>');
		await app.frame(f => /edit: MAIL FORM/.test(f));
		await app.press(KEYS.enter);
		const failed = await app.frame(f => /← 501/.test(f) && /about to send: MAIL FROM/.test(f));
		expect(failed).toContain('✖ MAIL 501');
		expect(failed).toContain('FAILED at STEP 6/11 MAIL: the server refused the sender (501)');
		// The planned line goes: the failure is behind.
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: RCPT TO/.test(f) && /✔ MAIL/.test(f));
	});

	it('step mode: the caption follows the edited line, also to a command outside the steps', async () => {
		const app = await sandboxApp({init: {mode: 'step', presenter: true}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f) && /NEXT STEP 6\/11 MAIL/.test(f));
		await app.press('e', KEYS.ctrl('u'), 'help');
		const edited = await app.frame(f => /edit: help/.test(f) && /next: → help/.test(f));
		expect(edited.split('\n')[1]).toMatch(/^NEXT: HELP, a command outside the steps/);
		// Back to a step's own command, the caption names that step again.
		await app.press(KEYS.ctrl('u'), 'mail from:<you@example.test>');
		await app.frame(f => /edit: mail from/.test(f) && /NEXT STEP 6\/11 MAIL/.test(f));
	});

	it('step mode: "Enter held back" goes when the mode changes (manual mode has no step prompt)', async () => {
		const app = await stoppedBeforeEhlo();
		await app.press(KEYS.enter);
		await app.frame(f => /Enter held back: the step prompt is gone/.test(f));
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => / MANUAL /.test(f) && !/Enter held back/.test(f));
	});

	it('a running session follows Ctrl+T: to manual a waiting step stops, and auto sends again on the open connection', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => /stopped by the user/.test(f) && /MANUAL/.test(f));
		expect(app.controller.getSnapshot().session).toMatchObject({busy: false, connection: 'connected'});
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => /AUTO/.test(f));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
		expect(sentLines(app.controller).filter(line => line.startsWith('EHLO'))).toHaveLength(1);
	});

	/** Step mode against the sandbox, Enter at each line up to RCPT, whose reply slow@ holds back: the step waits. */
	const awaitingSlowRcpt = async () => {
		const app = await sandboxApp({init: {mode: 'step', draft: {...SAMPLE_DRAFT, to: 'slow@example.test'}}, settings: {security: 'none', user: ''}, sandbox: {slowDelayMs: 800}});
		await app.press(KEYS.ctrl('s'));
		for (const line of ['EHLO', 'MAIL FROM', 'RCPT TO']) {
			await app.frame(f => new RegExp(`about to send: ${line}`).test(f));
			await app.press(KEYS.enter);
		}
		await app.frame(f => /waiting for the server/.test(f));
		return app;
	};

	it('Ctrl+T to manual while a reply is pending stops the session before its next command: no DATA goes untyped', async () => {
		const app = await awaitingSlowRcpt();
		// To manual now.
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => /MANUAL/.test(f) && /stopped by the user before DATA/.test(f));
		expect(sentLines(app.controller)).not.toContain('DATA');
		expect(app.controller.getSnapshot().session).toMatchObject({busy: false, connection: 'connected'});
	});

	it('Ctrl+X while a step waits for its reply: QUIT goes, and the end is the user\'s stop, not a red failure', async () => {
		const app = await awaitingSlowRcpt();
		await app.press(KEYS.ctrl('x'));
		const note = 'stopped by the user: the session ended at your QUIT, before the message went';
		await app.frame(() => app.controller.getSnapshot().session.log.some(e => e.text === note));
		const log = app.controller.getSnapshot().session.log;
		expect(log.filter(e => e.kind === 'error').map(e => e.text)).toEqual([]);
		expect(sentLines(app.controller)).not.toContain('DATA');
		expect(app.controller.getSnapshot().session.result).toMatchObject({ok: false, message: 'stopped by the user'});
	});

	it('Ctrl+T to step while an auto session runs makes it wait before its next command', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'slow@example.test'}}, settings: {security: 'none', user: ''}, sandbox: {slowDelayMs: 800}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /RCPT TO:<slow@example\.test>/.test(f));
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => /about to send: DATA/.test(f));
		expect(sentLines(app.controller)).not.toContain('DATA');
		await app.press(KEYS.enter);
		// The message itself waits for its Enter too, and offers no edit (it is edited in the composer).
		const atBody = await app.frame(f => /about to send: \(the message, about [\d,]+ bytes/.test(f));
		expect(atBody).not.toMatch(/e edit/);
		await app.press('e');
		expect(app.instance.lastFrame()).not.toMatch(/edit:/);
		await app.press(KEYS.enter);
		await app.frame(f => /Inbox \(1\)/.test(f));
	});

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

	it('a message typed by hand after 354 must end before Ctrl+S or Ctrl+T: its lines are kept, nothing is sent twice', async () => {
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

	it('manual mode: a message line over 998 octets is not kept but comes back to be fixed; the lines before it stay', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO manual.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press('Subject: long', KEYS.enter, KEYS.enter, 'c'.repeat(999), KEYS.enter);
		await app.frame(f => /line not kept: 999 octets, over 998/.test(f) && /DATA> …?c{20}/.test(f));
		expect(app.controller.getSnapshot()).toMatchObject({dataMode: true, bodyLines: 2});
		expect(app.controller.getSnapshot().session.log.at(-1)).toMatchObject({kind: 'error', text: expect.stringMatching(/^body line 3 not kept: it is 999 octets/)});
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
		await app.frame(f => /1 line kept · "\." alone sends it/.test(f) && /│ · Subject: echoed/.test(f));
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
		await app.frame(() => app.controller.getSnapshot().linesWaiting === 0 && app.controller.getSnapshot().session.log.some(e => e.text === 'not kept (a line before it was refused): QUIT'));
		const texts = app.controller.getSnapshot().session.log.map(e => e.text);
		expect(texts).toContain('not kept (a line before it was refused): line three');
		expect(texts).toContain('not kept (a line before it was refused): .');
		// Nothing went: the message is still open, with the lines before the refused one.
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
		await app.frame(f => /not sent: The typed line would be 607 octets/.test(f));
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

	it('step mode: a preview opened while the message is on its way shows its Message-ID, the one that arrives', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		await app.press(KEYS.ctrl('p'));
		const preview = await app.frame(f => /Message-ID: </.test(f));
		for (const next of [/about to send: RCPT/, /about to send: DATA/, /about to send: \(the message/, /Inbox \(1\)/]) {
			await app.press(KEYS.enter);
			await app.frame(f => next.test(f));
		}
		const raw = app.sandbox!.mailbox.get(app.sandbox!.mailbox.list()[0]!.id)!.raw.toString();
		const sent = /^Message-ID: <([^>]+)>/m.exec(raw)![1]!;
		expect(preview).toContain(`Message-ID: <${sent.slice(0, 20)}`);
	});

	it('step mode: an edited line goes on the wire exactly as typed', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		await app.press('e', KEYS.ctrl('u'), 'mail from: <typed@example.test>', KEYS.enter);
		await app.frame(f => /about to send: RCPT TO/.test(f));
		expect(sentLines(app.controller).at(-1)).toBe('mail from: <typed@example.test>');
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: DATA/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: \(the message/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /Inbox \(1\)/.test(f));
		expect(app.sandbox!.mailbox.get(app.sandbox!.mailbox.list()[0]!.id)!.envelope.mailFrom).toMatchObject({address: 'typed@example.test'});
	});

	it('typing in the log says where typing goes: the message, or in manual mode the command line', async () => {
		const app = startApp({host: '127.0.0.1', port: await closedPort(), security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined);
		await app.press(KEYS.tab);
		await app.frame(f => /\[Protocol log\]/.test(f));
		await app.press('EHLO');
		await app.frame(f => /the log takes no typing: type in the message \(Tab moves between panels\)/.test(f));
		await app.press(KEYS.ctrl('t'), KEYS.ctrl('t'));
		await app.frame(f => / MANUAL /.test(f));
		await app.press(KEYS.shiftTab);
		await app.frame(f => /\[Protocol log\]/.test(f));
		await app.press('q');
		await app.frame(f => /the log takes no typing: type in the command line/.test(f));
	});

	it('typing while the preview is open says how to get back to the fields (it was dropped without a word)', async () => {
		const app = startApp({host: '127.0.0.1', port: await closedPort(), security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined);
		await app.press(KEYS.ctrl('p'));
		await app.frame(f => /DATA: \d+ lines/.test(f));
		await app.press('x');
		await app.frame(f => /the preview is open: Ctrl\+P closes it to edit the message/.test(f));
		// Closed, the hint no longer holds: it goes (and so does any message once the focus moves on).
		await app.press(KEYS.ctrl('p'));
		await app.frame(f => !/the preview is open/.test(f) && /▸ From/.test(f));
	});

	it('step mode: a line that carries credentials is sent as prepared, never as its redacted display; stray letters get a hint', async () => {
		const app = await sandboxApp({init: {mode: 'step'}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		// Typing at the prompt edits nothing, and the composer does not look ready for it (no cursor after From),
		// also after Tab and Shift+Tab; its panel still shows the focus, which Tab moves.
		expect(app.instance.lastFrame()).not.toMatch(/you@example\.test█/);
		await app.press(KEYS.tab, KEYS.shiftTab);
		await app.frame(f => /about to send: EHLO/.test(f) && f.includes('[Message]'));
		expect(app.instance.lastFrame()).not.toMatch(/you@example\.test█|▸ From/);
		// Nothing is in flight: the session waits for Enter, and Ctrl+S says so instead of "wait".
		expect(app.instance.lastFrame()).not.toMatch(/busy/);
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /a step waits for you: Enter sends its line, Esc stops/.test(f));
		await app.press('h');
		await app.frame(f => /step mode: Enter sends the line, e edits it, Esc stops/.test(f));
		for (const next of [/about to send: STARTTLS/, /about to send: EHLO/, /about to send: AUTH PLAIN \[redacted\]/]) {
			await app.press(KEYS.enter);
			await app.frame(f => next.test(f));
			// The reminder was about the line then on offer: it goes with it.
			expect(app.instance.lastFrame()).not.toContain('step mode: Enter sends');
		}
		await app.frame(f => /credentials: not editable here \(manual mode types your own\)/.test(f));
		expect(app.instance.lastFrame()).not.toMatch(/e edit ·/);
		// e does nothing here: Enter then sends the real credentials, and the server takes them.
		await app.press('e', 'x', KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		expect(app.controller.getSnapshot().session.authenticated).toBe(true);
		expect(app.instance.lastFrame()).not.toMatch(/edit:/);
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
		// The typed line lives nowhere else: the first Ctrl+C asks, the second quits.
		await app.frame(f => /Ctrl\+C again within 3 s quits; the typed line of the message is not sent/.test(f));
		expect(app.exits).toEqual([]);
		expect(app.controller.getSnapshot()).toMatchObject({dataMode: true, bodyLines: 1});
		// The question gone (Tab moves on), a press asks again rather than quitting unseen.
		await app.press(KEYS.tab);
		await app.frame(f => !/Ctrl\+C again within 3 s quits/.test(f));
		await app.press(KEYS.ctrl('c'));
		await app.frame(f => /Ctrl\+C again within 3 s quits; the typed line of the message is not sent/.test(f));
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

	it('sends what the preview showed, Message-ID included, with the Attach field\'s file attached', async () => {
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-attach-')), 'notes.txt');
		writeFileSync(file, 'attached notes');
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, attach: file}}});
		await app.press(KEYS.ctrl('p'));
		// The composer is narrow here: the ID is cut short on screen, its first 20-odd characters are enough.
		const preview = await app.frame(f => /Message-ID: <[0-9a-f-]{20}/.test(f) && /DATA: \d+ lines/.test(f));
		const messageId = /Message-ID: (<[0-9a-f-]{20,})/.exec(preview)![1]!;
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
		const raw = app.sandbox!.mailbox.get(app.sandbox!.mailbox.list()[0]!.id)!.raw.toString();
		expect(raw).toContain(`Message-ID: ${messageId}`);
		expect(raw).toContain('filename=notes.txt');
		expect(raw).toContain(Buffer.from('attached notes').toString('base64'));
	});

	it('refuses a line break in a header field with an error naming the field, and sends nothing', async () => {
		const app = await sandboxApp();
		await app.press(KEYS.ctrl('n'), 'X-Bad');
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Header "X-Bad"/.test(f));
		expect(sentLines(app.controller)).toEqual([]);
	});

	it("shows the message builder's refusal in full under the form", async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'friend@example.test, bob', attach: ''}}});
		await app.press(KEYS.ctrl('s'));
		const frame = await app.frame(f => /✖ To address "bob"/.test(f));
		expect(app.controller.getSnapshot().session.connection).not.toBe('connected');
		expect(frame.replace(/[│║\s]+/g, ' ')).toMatch(/To address "bob" is not an address/);
		expect(sentLines(app.controller)).toEqual([]);
	});

	it('saves a Markdown transcript with Ctrl+O, secrets absent', async () => {
		const app = await sandboxApp();
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
		await app.press(KEYS.ctrl('o'));
		await app.frame(f => /transcript saved/.test(f));
		const file = readdirSync(app.stateDir).find(name => name.endsWith('.md'))!;
		const text = readFileSync(path.join(app.stateDir, file), 'utf8');
		expect(text).toContain('AUTH PLAIN [redacted]');
		expect(text).not.toContain(Buffer.from('\0demo\0demo').toString('base64'));
		expect(text).toMatch(/^#/m);
		// The whole path is in the log, where the footer's cut does not reach.
		expect(app.controller.getSnapshot().session.log.map(entry => entry.text)).toContain(`transcript saved: ${path.join(app.stateDir, file)}`);
	});

	it('after a certificate failure, points to the CA file and Verify of the connection panel', async () => {
		const sandbox = await startTestSandbox();
		afterTest(() => sandbox.close());
		// The sandbox's certificate is not passed: to this client it is just a self-signed one.
		const app = startApp({host: '127.0.0.1', port: sandbox.port, security: 'starttls', user: '', password: '', ehlo: 'client.test'}, undefined);
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /not sent \(TLS\)/.test(f));
		const infos = app.controller.getSnapshot().session.log.filter(e => e.kind === 'info').map(e => e.text);
		expect(infos.at(-1)).toMatch(/^set CA file in the connection panel \(Tab to it\) to your CA's certificate \(PEM\), or Verify: off to test anyway/);
	});

	it('with a CA file set already, the certificate advice asks for another file, not for one', async () => {
		const sandbox = await startTestSandbox();
		afterTest(() => sandbox.close());
		// A CA that did not issue the sandbox's certificate.
		const {ca} = await testCerts();
		const app = startApp({host: '127.0.0.1', port: sandbox.port, security: 'starttls', user: '', password: '', ehlo: 'client.test', caFile: fileWith(ca)}, undefined);
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /not sent \(TLS\)/.test(f));
		const infos = app.controller.getSnapshot().session.log.filter(e => e.kind === 'info').map(e => e.text);
		expect(infos.at(-1)).toBe('set CA file in the connection panel (Tab to it) to the file the advice above names (this one did not vouch for it), or Verify: off to test anyway; then Ctrl+S');
	});

	it('names a failed step in the footer as the rail does (message, not final-dot)', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'big@example.test'}}});
		await app.press(KEYS.ctrl('s'));
		// Too long to sit beside the keys: on rows of its own above them, wrapped.
		const above = (f: string) => f.split('\n').slice(-4, -1).join(' ');
		const footer = await app.frame(f => /not sent \(message\): .*552/.test(above(f)));
		expect(above(footer)).toMatch(/not sent \(message\): .*552/);
	});

	it('clears a field error from the footer once the field is fixed', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, from: ''}}});
		await app.press(KEYS.ctrl('s'));
		const footer = (frame: string) => frame.split('\n').at(-1)!;
		await app.frame(f => footer(f).includes("From address is empty; give the sender's address"));
		await app.press('me@example.test');
		await app.frame(f => !f.includes('From address is empty'));
		expect(footer(app.instance.lastFrame()!)).not.toContain('From address');
	});

	it('asks for the password before connecting when a user is set without one, instead of failing AUTH', async () => {
		const app = await sandboxApp({settings: {user: 'demo', password: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Password: not set for demo; type it/.test(f));
		expect(app.controller.getSnapshot().session.log.filter(e => e.kind === 'sent')).toEqual([]);
		expect(app.controller.getSnapshot().session.connection).not.toBe('connected');
		// The focus is on the password: what the user types next goes there (masked), not into From.
		await app.press('demo');
		await app.frame(f => /Password +\*{4}/.test(f));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
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
		await app.frame(f => /not sent \(the connection ended first\): NOOP/.test(f));
		const notSent = () => app.controller.getSnapshot().session.log.map(e => e.text).filter(text => text.startsWith('not sent'));
		await app.frame(() => notSent().length === 4);
		// Listed as typed, but for what may answer an AUTH challenge: only lines with credentials are redacted.
		expect(notSent()).toEqual(['NOOP', 'hello', 'AUTH LOGIN', '[redacted]'].map(line => `not sent (the connection ended first): ${line}`));
		expect(app.controller.getSnapshot().session.log.filter(e => e.text.startsWith('connecting to'))).toHaveLength(1);
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

	it('no greeting in time (a TLS-only port, a tarpit): the log says what to try, also outside presenter mode', async () => {
		const server = await startRawServer(async peer => {
			await peer.closed();
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {defaults: {timeouts: {...defaults.timeouts, greeting: 200}}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /not sent \(greeting\)/.test(f));
		await waitFor(() => app.controller.getSnapshot().session.log.some(entry => entry.text.startsWith('hint: no greeting: a TLS-only port (465)? choose TLS in the connection panel')), 'the hint');
	});

	it('a session the server ends between commands (an idle timeout) is said in the footer, not left beside the last result', async () => {
		const server = await startRawServer(async peer => {
			peer.write('220 idle.test ESMTP\r\n');
			await peer.readLine();
			peer.write('250 idle.test\r\n');
			await new Promise(resolve => setTimeout(resolve, 300));
			peer.end('421 4.4.2 idle.test Error: timeout exceeded\r\n');
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {mode: 'manual'}});
		await app.press('EHLO a\r');
		// The footer (its rows at the bottom of the frame), not only the log, says it.
		await app.frame(f => f.split('\n').slice(-3).join(' ').replace(/\s+/g, ' ').includes('the server closed the session on its own, between commands: 421 4.4.2'));
	});

	it('a slow greeting (a tarpit) is counted in the footer while it is awaited, with the limit, and the count goes once it comes', async () => {
		const server = await startRawServer(async peer => {
			await new Promise(resolve => setTimeout(resolve, 2600));
			peer.write('220 slow.test ESMTP\r\n');
			await peer.closed();
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {mode: 'manual'}});
		await app.press('\r');
		// Under two seconds a wait is a server answering: not counted.
		await app.frame(f => / MANUAL {2}✔ connected {2}/.test(f));
		await app.frame(f => / connected, waiting 2\/5 s for the greeting /.test(f));
		await app.frame(f => /220 slow\.test ESMTP/.test(f) && !/waiting \d/.test(f));
	});

	it('after a message that may have arrived (no reply to it), Ctrl+S asks once more before sending a second copy', async () => {
		// Takes each message, then hangs up instead of answering it.
		const server = await startRawServer(async peer => {
			peer.write('220 flaky.test ESMTP\r\n');
			let inData = false;
			for (;;) {
				const line = await peer.readLine();
				if (inData) {
					if (line === '.') {
						peer.socket.destroy();
						return;
					}
					continue;
				}
				if (line === 'DATA') {
					inData = true;
					peer.write('354 go\r\n');
				} else peer.write('250 ok\r\n');
			}
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined);
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /unconfirmed: the whole message was sent, but no reply to it came/.test(f));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Ctrl\+S again sends a second copy: the last one may have arrived/.test(f));
		expect(server.peers).toHaveLength(1);
		// Tab clears the question from the footer: the next Ctrl+S asks again rather than answer a question gone.
		await app.press(KEYS.tab);
		await app.frame(f => !/sends a second copy/.test(f));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Ctrl\+S again sends a second copy: the last one may have arrived/.test(f));
		expect(server.peers).toHaveLength(1);
		await app.press(KEYS.ctrl('s'));
		await waitFor(() => server.peers.length === 2, 'a second connection');
	});

	it('quits with QUIT on Ctrl+C, and at once on a second Ctrl+C', async () => {
		const server = await startRawServer(async peer => {
			peer.write('220 slow.test ESMTP\r\n');
			for (;;) {
				const line = await peer.readLine();
				if (line.startsWith('EHLO')) peer.write('250 slow.test\r\n');
				if (line === 'QUIT') return; // never answers QUIT: only the second Ctrl+C gets us out quickly
			}
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {mode: 'manual'}});
		await app.press('EHLO x', KEYS.enter);
		await app.frame(f => /250 slow\.test/.test(f));
		await app.press(KEYS.ctrl('c'));
		await app.frame(() => sentLines(app.controller).includes('QUIT'));
		expect(app.exits).toEqual([]);
		await app.press(KEYS.ctrl('c'));
		await app.frame(() => app.exits.length > 0);
		expect(app.exits).toEqual([0]);
	});

	it('says in the log when panel changes wait for a disconnect, and sends over the open connection', async () => {
		const app = await sandboxApp();
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
		// Port 9 in the panel while connected: the next message still goes over the open connection.
		await app.press(KEYS.shiftTab, KEYS.down, KEYS.end, ...Array.from({length: 6}, () => KEYS.backspace), '9');
		// The same message again at once: the first press asks.
		await app.press(KEYS.ctrl('s'), KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(2\)/.test(f));
		const infos = app.controller.getSnapshot().session.log.filter(e => e.kind === 'info').map(e => e.text);
		expect(infos).toContain(`the connection panel changed: its settings apply after disconnect (Ctrl+X); this goes over the open connection to 127.0.0.1:${app.sandbox!.port}`);
	});

	it("Ctrl+K checks the panel's host on the usual ports and its own: a line per port in the log, the verdict in the footer", async () => {
		const app = await sandboxApp();
		await app.press(KEYS.shiftTab, KEYS.ctrl('k'), KEYS.ctrl('k'));
		// One check at a time: the second Ctrl+K says so instead of starting another.
		await app.frame(f => /a port check is already running/.test(f));
		const port = String(app.sandbox!.port);
		const checkLines = () => app.controller.getSnapshot().session.log.map(e => e.text).filter(text => text.startsWith('check: '));
		const screen = await app.frame(f => /Port 25 (is|answers)/.test(f) && checkLines().some(line => line.includes(`port ${port} answers.`)), 15_000);
		const lines = checkLines();
		expect(lines[0]).toBe(`check: probing 127.0.0.1 on ports 25, 465, 587, 2525, ${port} (up to 8 s)`);
		expect(lines.find(line => line.startsWith(`check: port ${port} `))).toMatch(/^check: port \d+ open in \d+ ms: 220 smtp-tui\.localhost ESMTP .*; STARTTLS offered$/);
		// Not the table, whose columns the log's width would wrap into noise.
		expect(lines.some(line => /HOST +PORT/.test(line))).toBe(false);
		// Port 25 answers however this machine has it (refused, or open with a local MTA running).
		expect(lines).toContainEqual(expect.stringMatching(/^check: port 25 (refused|open|filtered|silent)\b/));
		expect(screen).toMatch(/Port 25 (is refused|answers|is filtered)/);
	});

	it("Ctrl+L targets the first recipient's MX on port 25, and the next MX on the next press", async () => {
		const resolver = fakeResolver({
			mx: {'example.org': [{exchange: 'mx2.example.org', priority: 20}, {exchange: 'mx1.example.org', priority: 10}]},
			a: {'mx1.example.org': ['192.0.2.1'], 'mx2.example.org': ['192.0.2.2']},
		});
		const settings: ConnectionSettings = {host: '127.0.0.1', port: 2525, security: 'none', user: 'demo', password: 'demo', ehlo: 'client.test'};
		const app = startApp(settings, undefined, {init: {draft: {...SAMPLE_DRAFT, to: 'Friend <friend@example.org>'}}, resolver});
		// One press alone (a redraw out of habit) replaces nothing: it asks for a second.
		await app.press(KEYS.shiftTab, KEYS.ctrl('l'));
		await app.frame(f => /Ctrl\+L again: the MX replaces Host, Port, demo's login/.test(f));
		expect(resolver.asked).toEqual([]);
		expect(app.instance.lastFrame()).toMatch(/User\s+demo/);
		await app.press(KEYS.ctrl('l'));
		let screen = await app.frame(f => /target: mx1\.example\.org:25/.test(f));
		expect(screen).toMatch(/Host\s+mx1\.example\.org/);
		expect(screen).toMatch(/Port\s+25\b/);
		expect(screen).not.toMatch(/User\s+demo/);
		expect(app.controller.getSnapshot().session.log.map(e => e.text)).toContain('  ▸ preference 10  mx1.example.org  192.0.2.1');
		await app.press(KEYS.ctrl('l'));
		screen = await app.frame(f => /target: mx2\.example\.org:25/.test(f));
		expect(screen).toMatch(/Host\s+mx2\.example\.org/);
		expect(resolver.asked.filter(q => q.startsWith('MX'))).toEqual(['MX example.org']);
	});

	it('names the sandbox\'s login in its first log line: the demo password is public, one given is never shown', async () => {
		const sandboxLine = async (user: string, password: string) => {
			const {controller} = appStartingSandbox({user, password});
			await waitFor(() => controller.getSnapshot().session.log.some(e => e.text.startsWith('sandbox at')), 'the sandbox line');
			return controller.getSnapshot().session.log.find(e => e.text.startsWith('sandbox at'))!.text;
		};
		// --user alice without --password: the password stays demo, and the line says so (not "the password given").
		expect(await sandboxLine('alice', 'demo')).toMatch(/\(STARTTLS; AUTH as alice, password demo\)/);
		const own = await sandboxLine('alice', 's3cret');
		expect(own).toMatch(/AUTH as alice, with the password given/);
		expect(own).not.toContain('s3cret');
	});

	it('says in the sandbox\'s first log line what the panel leaves out: STARTTLS with security none, AUTH with no user', async () => {
		const {controller} = appStartingSandbox({}, {security: 'none', user: '', password: ''});
		await waitFor(() => controller.getSnapshot().session.log.some(e => e.text.startsWith('sandbox at')), 'the sandbox line');
		const line = controller.getSnapshot().session.log.find(e => e.text.startsWith('sandbox at'))!.text;
		expect(line).toMatch(/^sandbox at 127\.0\.0\.1:\d+ \(no STARTTLS: security none; no AUTH: no user \(demo\/demo logs in by hand\)\)$/);
		// No TLS, so no certificate: its fingerprint would only be rows of noise at the top of the log.
		expect(line).not.toContain('SHA-256');
	});

	it('manual mode with security none and no user: after EHLO the next step is MAIL, STARTTLS and AUTH shown skipped', async () => {
		const app = await sandboxApp({init: {mode: 'manual', presenter: true}, settings: {security: 'none', user: '', password: ''}});
		await typeCommands(app, ['ehlo me']);
		const screen = await app.frame(f => /✔ EHLO/.test(f));
		expect(screen.split('\n')[0]).toContain('✔ EHLO  - STARTTLS  - AUTH  · MAIL');
		expect(screen.split('\n')[1]).toMatch(/^NEXT STEP 6\/11 MAIL/);
		// Typed anyway, AUTH is a step like any other.
		await typeCommands(app, [`auth plain ${Buffer.from('\0demo\0demo').toString('base64')}`]);
		await app.frame(f => /✔ AUTH/.test(f));
	});

	it('says why when the MX lookup fails', async () => {
		const settings: ConnectionSettings = {host: '127.0.0.1', port: 2525, security: 'none', user: '', password: '', ehlo: 'client.test'};
		const app = startApp(settings, undefined, {init: {draft: {...SAMPLE_DRAFT, to: 'a@nowhere.test'}}, resolver: fakeResolver({})});
		await app.press(KEYS.shiftTab, KEYS.ctrl('l'), KEYS.ctrl('l'));
		await app.frame(f => /MX lookup (failed: .*nowhere\.test|for nowhere\.test failed)/.test(f));
		expect(app.controller.getSnapshot().session.log.at(-1)).toMatchObject({kind: 'info', text: expect.stringMatching(/^MX lookup (failed: .*nowhere\.test|for nowhere\.test failed)/)});
	});

	it('starts the sandbox after the first frame; a Ctrl+S pressed before it listens waits for it', async () => {
		const {controller, instance, started} = appStartingSandbox();
		// The first frame comes before the sandbox: an empty inbox, no port yet.
		expect(plainFrame(instance.lastFrame())).toMatch(/Inbox \(0\)/);
		instance.stdin.write(KEYS.ctrl('s'));
		const screen = await waitForFrame(instance.lastFrame, f => /Inbox \(1\)/.test(f) && /✔ queued/.test(f), {timeout: 8000});
		expect(screen).toMatch(new RegExp(`SANDBOX  (TLS|no TLS|STARTTLS) · 127[.]0[.]0[.]1:${started()!.port}`));
		expect(controller.getSnapshot().session.log.map(e => e.text)).toContainEqual(expect.stringMatching(/^sandbox at 127\.0\.0\.1:\d+ .*SHA-256/));
	});
});

describe('replayStatus', () => {
	it('says what played, how it ended, and what the next Ctrl+S plays', () => {
		expect(replayStatus({connection: 1, connections: 1, outcome: 'played', next: 1})).toBe('end of the recording: Ctrl+S plays it again');
		expect(replayStatus({connection: 1, connections: 2, outcome: 'played', next: 2})).toBe('connection 1 of 2 played: Ctrl+S plays the next connection');
		expect(replayStatus({connection: 2, connections: 2, outcome: 'played', next: 1})).toBe('end of the recording: Ctrl+S plays it again');
		expect(replayStatus({connection: 2, connections: 3, outcome: 'stopped', next: 2})).toBe('replay stopped: Ctrl+S plays connection 2 again from its start');
		expect(replayStatus({connection: 1, connections: 2, outcome: 'cut', next: 2})).toBe('connection 1 of 2 could not be played to its end (see the log): Ctrl+S plays the next connection');
		expect(replayStatus({connection: 1, connections: 1, outcome: 'played', next: 1, failure: {stage: 'tls', message: 'certificate verification failed: certificate has expired'}})).toBe('not sent (TLS): certificate verification failed: certificate has expired');
		// With several connections, what the next Ctrl+S plays comes first: a 100-column footer cuts the end.
		expect(replayStatus({connection: 1, connections: 2, outcome: 'played', next: 2, failure: {stage: 'rcpt', message: 'the server is closing the session'}})).toBe('connection 1 of 2 (Ctrl+S: the next): not sent (RCPT): the server is closing the session');
		expect(replayStatus({connection: 2, connections: 2, outcome: 'played', next: 1, failure: {stage: 'rcpt', message: 'x'}})).toBe('connection 2 of 2 (Ctrl+S: from the first): not sent (RCPT): x');
	});
});
