// The wired dashboard (App + useSmtpSession + SessionController + driver) against a real sandbox on loopback.
import {existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import dgram from 'node:dgram';
import dns from 'node:dns';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {systemResolverWithin, type Resolver} from '../../source/transport/mx.js';
import {errorCode} from '../../source/error-code.js';
import {App} from '../../source/ui/app.js';
import {targetFor} from '../../source/ui/panel-target.js';
import {replayStatus} from '../../source/ui/result-status.js';
import type {ConnectionSettings} from '../../source/ui/components/connection-form.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {startTestSandbox, type TestSandbox} from '../sandbox/helpers/sandbox.js';
import {startRawServer} from '../helpers/raw-server.js';
import {testCerts} from '../helpers/certs.js';
import {plain as plainFrame, waitForFrame} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {afterTest, defaults, fileWith, sandboxApp, sentLines, startApp, typeCommands} from './wired-app.js';
import {fakeResolver} from '../transport/fake-resolver.js';
import {closedPort} from '../transport/harness.js';
import {waitFor} from '../sandbox/helpers/wait.js';

/**
 * The dashboard as the CLI starts it: it starts its own sandbox (with this login) after its first frame. `panel`: the
 * connection panel's own settings where they differ (--no-starttls, --no-auth).
 */
function appStartingSandbox(login: {user?: string; password?: string} = {}, panel: Partial<ConnectionSettings> = {}, slow: {listening?: Promise<unknown>; resolver?: ReturnType<typeof fakeResolver>; to?: string} = {}) {
	const {user = 'demo', password = 'demo'} = login;
	let started: TestSandbox | undefined;
	const settings: ConnectionSettings = {host: '127.0.0.1', port: 0, security: 'starttls', user, password, ehlo: 'client.test', ...panel};
	const controller = new SessionController(targetFor(settings, defaults));
	afterTest(() => controller.close());
	const instance = render(
		<App
			controller={controller}
			init={{connection: settings, draft: slow.to ? {...SAMPLE_DRAFT, to: slow.to} : SAMPLE_DRAFT, timestamps: false}}
			defaults={defaults}
			{...(slow.resolver && {resolver: slow.resolver})}
			startSandbox={async () => {
				// A sandbox slow to listen (a loaded machine): the user may have aimed the panel elsewhere by then.
				await slow.listening;
				started = await startTestSandbox({user, password});
				afterTest(() => started!.close());
				return started;
			}}
			transcript={{format: 'text', dir: os.tmpdir()}}
			onExit={() => {}}
			size={{columns: 120, rows: 40}}
			stepLineSettleMs={0}
			sessionFrameMs={0}
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
		await app.frame(f => /Inbox \(1\)/.test(f) && /✔ queued/.test(f));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /sent just now; Ctrl\+S again sends another copy/.test(f));
		expect(app.sandbox.mailbox.list()).toHaveLength(1);
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(2\)/.test(f) && /✔ queued/.test(f));
		// Another message (the Subject edited) is no copy: it goes at once.
		await app.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.end, ' 2');
		await app.frame(f => /Subject Hello from smtp-tui 2/.test(f));
		await app.press(KEYS.ctrl('s'));
		// "✔ queued" (cleared as a send starts), not the inbox alone: the sandbox stores the message before its 250
		// reaches the app, and the window for a copy opens only with that reply.
		await app.frame(f => /Inbox \(3\)/.test(f) && /✔ queued/.test(f));
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
		expect(raw).toContain('This goes to 127.0.0.1:\r\na server on this machine.');
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
		expect(second).toContain('This goes to the sandbox only:');
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
		await app.frame(f => /not sent \(RCPT\)/i.test(f));
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => /STEP/.test(f) && !/not sent \(RCPT\)/i.test(f));
	});

	it('ends the session on a 421 and keeps the message as the draft', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'bye@example.test'}}});
		await app.press(KEYS.ctrl('s'));
		const screen = await app.frame(f => /not sent/i.test(f));
		expect(screen).toMatch(/421/);
		expect(app.controller.getSnapshot().session.connection).toBe('closed');
		await app.drafts.flush();
		expect(JSON.parse(readFileSync(path.join(app.stateDir, 'draft.json'), 'utf8')).draft).toMatchObject({to: 'bye@example.test'});
	});

	it('a connect that never opened reads "connect failed" in the panel and the footer, not "closed"; the panel says "auto" in words', async () => {
		const port = await closedPort();
		const app = startApp({host: '127.0.0.1', port, security: 'auto', user: '', password: '', ehlo: 'client.test'}, undefined, {size: {columns: 100, rows: 30}});
		expect(await app.frame(f => f.includes(`STARTTLS if offered · 127.0.0.1:${port}`))).toMatch(/Connection +○ not connected/);
		await app.press(KEYS.ctrl('s'));
		const frame = await app.frame(f => /not sent \(connect\): connection refused/i.test(f));
		expect(frame).toMatch(/Connection +✖ connect failed/);
		expect(frame.split('\n').at(-1)).toMatch(/^ AUTO {2}✖ connect failed {2}/);
		expect(frame).not.toContain('closed');
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

	it.each([
		['"a<b"@x.test', `To address '"a<b"@x.test' has a < in the address, which would go as a space`],
		['a@x.test(Ann)x', 'To address "a@x.test(Ann)x" has "x" outside its comment, beside the address; a display name goes before the address in <>, e.g. Ann <ann@example.com>'],
	])('shows the address refusal for %s in the words send uses, the address as typed', async (to, words) => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to, attach: ''}}});
		await app.press(KEYS.ctrl('s'));
		const frame = await app.frame(f => f.includes('✖ To address'));
		expect(frame.replace(/[│║\s]+/g, ' ')).toContain(words);
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

	it('after a certificate failure, points to the CA file and Verify of the connection panel: a room\'s sandbox, to its certificate.pem', async () => {
		const sandbox = await startTestSandbox();
		afterTest(() => sandbox.close());
		// The sandbox's certificate is not passed (a student who forgot --ca): a self-signed one, from a server that
		// greeted as the sandbox, which has no CA to look for.
		const app = startApp({host: '127.0.0.1', port: sandbox.port, security: 'starttls', user: '', password: '', ehlo: 'client.test'}, undefined);
		await app.press(KEYS.ctrl('s'));
		const frame = await app.frame(f => f.includes('✖ Certificate not trusted: '));
		const infos = app.controller.getSnapshot().session.log.filter(e => e.kind === 'info').map(e => e.text);
		expect(infos.at(-1)).toMatch(/^set CA file in the connection panel \(Shift\+Tab to it\) to this sandbox's certificate\.pem \(the file its serve names, or your copy\), or Verify: off to test anyway/);
		// One term (the panel's, the log's, the footer's), and the panel's fields, not send's flags, in the TUI.
		const errors = app.controller.getSnapshot().session.log.filter(e => e.kind === 'error').map(e => e.text);
		expect(errors).toEqual([expect.stringMatching(/^certificate not trusted for 127\.0\.0\.1: self-signed certificate; certificate: CN=/)]);
		expect(errors[0]).not.toMatch(/--ca|--insecure|verification failed/);
		// Short: what happened and the panel's fields; the fingerprint is the panel's and the log's.
		const footer = frame.slice(frame.indexOf('✖ Certificate not trusted')).replace(/\s+/g, ' ');
		expect(footer).toMatch(/^✖ Certificate not trusted: self-signed certificate\. Set CA file in the connection panel \(Shift\+Tab to it\) to this sandbox's certificate\.pem \(the file its serve names, or your copy\), or Verify: off to test anyway; then Ctrl\+S [A-Z]+ /);
		// The panel: the reason on the row that says so (at 80 columns "✖ not trusted: …").
		expect(frame).toMatch(/✖ (?:certificate )?not trusted: self-signed/);
		expect(frame).not.toMatch(/--ca|--insecure|certificate refused/);
		expect(footer).not.toContain('SHA-256');
	});

	it('with a CA file set already, the certificate advice (a room\'s sandbox: its certificate.pem) is said once, and names no advice "above"', async () => {
		const sandbox = await startTestSandbox();
		afterTest(() => sandbox.close());
		// A CA that did not issue the sandbox's certificate.
		const {ca} = await testCerts();
		const app = startApp({host: '127.0.0.1', port: sandbox.port, security: 'starttls', user: '', password: '', ehlo: 'client.test', caFile: fileWith(ca)}, undefined);
		await app.press(KEYS.ctrl('s'));
		const frame = await app.frame(f => f.includes('✖ Certificate not trusted: '));
		const infos = app.controller.getSnapshot().session.log.filter(e => e.kind === 'info').map(e => e.text);
		expect(infos.at(-1)).toBe("set CA file in the connection panel (Shift+Tab to it) to this sandbox's certificate.pem (the file its serve names, or your copy), or Verify: off to test anyway; then Ctrl+S");
		// The error line says what happened; the advice is the next line's alone, not said twice.
		const errors = app.controller.getSnapshot().session.log.filter(e => e.kind === 'error').map(e => e.text);
		expect(errors).toEqual([expect.stringMatching(/^certificate not trusted for 127\.0\.0\.1: self-signed certificate \(the CA file \([^)]*\) does not vouch for it\); certificate: /)]);
		const footer = plainFrame(frame).slice(plainFrame(frame).indexOf('✖ Certificate not trusted')).replace(/\s+/g, ' ');
		expect(footer).toMatch(/^✖ Certificate not trusted: self-signed certificate\. Set CA file in the connection panel \(Shift\+Tab to it\) to this sandbox's certificate\.pem \(the file its serve names, or your copy\), or Verify: off to test anyway; then Ctrl\+S /);
	});

	it('names a failed step in the footer as the rail does (message, not final-dot); big@ refusing the message says so once, with its fix', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'big@example.test'}}});
		await app.press(KEYS.ctrl('s'));
		// Too long to sit beside the keys: on rows of its own above them, wrapped.
		const above = (f: string) => f.split('\n').slice(-4, -1).join(' ');
		// Said once, with what to do (the log has the reply and its reading): the recipe refuses any size, so not "make
		// it smaller", which would meet the same 552 (a message too big for its size: next-step-failures.test.tsx).
		const footer = await app.frame(f => /not sent \(message 552\)/i.test(above(f)));
		expect(above(footer).trim()).toMatch(/(?:^| )✖ Not sent \(message 552\): fix To \(big@ refuses every message, whatever its size\), then Ctrl\+S$/);
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

	it('no greeting in time (a TLS-only port, a tarpit): the log says what to try, also outside presenter mode', async () => {
		const server = await startRawServer(async peer => {
			await peer.closed();
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {defaults: {timeouts: {...defaults.timeouts, greeting: 200}}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /not sent \(greeting\)/i.test(f));
		await waitFor(() => app.controller.getSnapshot().session.log.some(entry => entry.text.startsWith('hint: no greeting: a TLS-only port (465)? choose TLS in the connection panel')), 'the hint');
		// send's third guess too, which the next-step line has no room for: a port behind a load balancer.
		expect(app.controller.getSnapshot().session.log.find(entry => entry.text.startsWith('hint: no greeting'))?.text).toMatch(
			/start again with a longer --timeout; or it waits for a PROXY protocol header, as a server behind a load balancer does \(Postfix with smtpd_upstream_proxy_protocol\): start again with --proxy$/,
		);
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
		// The greeting comes once the count was seen, not after a fixed time: a busy machine could skip the second it shows.
		let counted!: () => void;
		const seen = new Promise<void>(resolve => (counted = resolve));
		const server = await startRawServer(async peer => {
			await seen;
			peer.write('220 slow.test ESMTP\r\n');
			await peer.closed();
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {mode: 'manual'}});
		await app.press('\r');
		// Under two seconds a wait is a server answering: not counted.
		await app.frame(f => / MANUAL {2}✔ connected {2}/.test(f));
		await app.frame(f => / connected, waiting 2\/5 s for the greeting /.test(f));
		counted();
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
		expect(lines[0]).toBe(`check: probing 127.0.0.1 on ports 25, 465, 587, 2525, ${port} (up to 8 s, 30 s for the banner)`);
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
		expect(screen.split('\n')[0]).toContain('✔ EHLO  - STARTTLS  - AUTH  ○ MAIL');
		expect(screen.split('\n')[1]).toMatch(/^NEXT STEP 6\/11 MAIL/);
		// Typed anyway, AUTH is a step like any other.
		await typeCommands(app, [`auth plain ${Buffer.from('\0demo\0demo').toString('base64')}`]);
		await app.frame(f => /✔ AUTH/.test(f));
	});

	it('Ctrl+L against a DNS server that never answers: says the lookup is under way, Esc stops waiting, and the wait ends with why', async () => {
		// A DNS server that reads every query and answers none, as the system's resolver (the dashboard's without --dns).
		const mute = dgram.createSocket('udp4');
		await new Promise<void>(resolve => mute.bind(0, '127.0.0.1', resolve));
		const system = dns.getServers();
		dns.setServers([`127.0.0.1:${mute.address().port}`]);
		try {
			const settings: ConnectionSettings = {host: '127.0.0.1', port: 2525, security: 'none', user: '', password: '', ehlo: 'client.test'};
			// How each lookup's MX query ended: one the user left is cancelled, not left to run on to its timeout.
			const ended: Array<string | undefined> = [];
			const system1500 = systemResolverWithin(1500);
			const resolver: Resolver = {
				...system1500,
				stoppedBy: stop => {
					const own = system1500.stoppedBy!(stop);
					const resolveMx = async (domain: string) => {
						try {
							return await own.resolveMx(domain);
						} catch (error) {
							ended.push(errorCode(error));
							throw error;
						}
					};
					return {...own, resolveMx};
				},
			};
			const app = startApp(settings, undefined, {init: {draft: {...SAMPLE_DRAFT, to: 'friend@example.org'}}, resolver});
			await app.press(KEYS.shiftTab, KEYS.ctrl('l'));
			await app.frame(f => /Ctrl\+L again/.test(f));
			await app.press(KEYS.ctrl('l'));
			// The way to stop it in the footer's keys, as the binding table has it.
			await app.frame(f => /looking up the MX of example\.org…/.test(f) && /Esc stop lookup/.test(f));
			await app.press(KEYS.escape);
			const stopped = await app.frame(f => /MX lookup for example\.org stopped: the panel's target is unchanged/.test(f));
			expect(stopped).toMatch(/Host\s+127\.0\.0\.1/);
			await waitFor(() => ended.includes(dns.CANCELLED), 'the query cancelled by Esc');
			// Its end, after the stop, changes nothing.
			await new Promise(resolve => setImmediate(resolve));
			expect(app.instance.lastFrame()).toMatch(/target is unchanged/);
			expect(app.controller.getSnapshot().session.log.map(entry => entry.text).join('\n')).not.toMatch(/MX lookup for example\.org failed/);
			// Waited for: the resolver's timeout ends it with why.
			await app.press(KEYS.ctrl('l'), KEYS.ctrl('l'));
			await app.frame(f => /looking up the MX of example\.org/.test(f));
			await app.frame(f => /MX lookup for example\.org failed: the DNS server did not answer/.test(f), 8000);
		} finally {
			dns.setServers(system);
			mute.close();
		}
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
		const texts = controller.getSnapshot().session.log.map(e => e.text);
		// The fingerprint is said where TLS starts, whole; the first line stays short enough to read uncut.
		expect(texts.find(text => text.startsWith('sandbox at'))).toMatch(/^sandbox at 127\.0\.0\.1:\d+ \(STARTTLS; AUTH demo\/demo\)$/);
		expect(texts).toContainEqual(expect.stringMatching(/^certificate SHA-256: ([0-9A-F]{2}:){31}[0-9A-F]{2}$/));
	});

	it('a panel aimed elsewhere before the sandbox listens (Ctrl+L to the MX) stays aimed there when it does', async () => {
		let listen!: () => void;
		const listening = new Promise<void>(resolve => (listen = resolve));
		const resolver = fakeResolver({mx: {'example.org': [{exchange: 'mx1.example.org', priority: 10}]}, a: {'mx1.example.org': ['192.0.2.1']}});
		const {controller, instance} = appStartingSandbox({}, {}, {listening, resolver, to: 'friend@example.org'});
		instance.stdin.write(KEYS.shiftTab);
		instance.stdin.write(KEYS.ctrl('l'));
		await waitForFrame(instance.lastFrame, f => /Ctrl\+L again/.test(f));
		instance.stdin.write(KEYS.ctrl('l'));
		await waitForFrame(instance.lastFrame, f => /target: mx1\.example\.org:25/.test(f));
		listen();
		await waitFor(() => controller.getSnapshot().session.log.some(e => e.text.startsWith('sandbox at')), 'the sandbox line');
		const screen = plainFrame(instance.lastFrame());
		expect(screen).toMatch(/Host\s+mx1\.example\.org/);
		expect(screen).toMatch(/Port\s+25\b/);
		// What Ctrl+S will aim at, under the panel's title: the MX, not the sandbox's port.
		expect(screen).toMatch(/· mx1\.example\.org:25\b/);
	});
});

describe('replayStatus', () => {
	it('says what played, how it ended, and what the next Ctrl+S plays', () => {
		expect(replayStatus({connection: 1, connections: 1, outcome: 'played', next: 1})).toBe('end of the recording: Ctrl+S plays it again');
		expect(replayStatus({connection: 1, connections: 2, outcome: 'played', next: 2})).toBe('connection 1 of 2 played: Ctrl+S plays the next connection');
		expect(replayStatus({connection: 2, connections: 2, outcome: 'played', next: 1})).toBe('end of the recording: Ctrl+S plays it again');
		expect(replayStatus({connection: 2, connections: 3, outcome: 'stopped', next: 2})).toBe('replay stopped: Ctrl+S plays connection 2 again from its start');
		expect(replayStatus({connection: 1, connections: 2, outcome: 'cut', next: 2})).toBe('connection 1 of 2 could not be played to its end (see the log): Ctrl+S plays the next connection');
		expect(replayStatus({connection: 1, connections: 1, outcome: 'played', next: 1, failure: {stage: 'tls', message: 'certificate verification failed: certificate has expired'}})).toBe('✖ Not sent (TLS): certificate verification failed: certificate has expired');
		// With several connections, what the next Ctrl+S plays comes first: a 100-column footer cuts the end.
		expect(replayStatus({connection: 1, connections: 2, outcome: 'played', next: 2, failure: {stage: 'rcpt', message: 'the server is closing the session'}})).toBe('✖ connection 1 of 2 (Ctrl+S: the next): not sent (RCPT): the server is closing the session');
		expect(replayStatus({connection: 2, connections: 2, outcome: 'played', next: 1, failure: {stage: 'rcpt', message: 'x'}})).toBe('✖ connection 2 of 2 (Ctrl+S: from the first): not sent (RCPT): x');
	});
});
