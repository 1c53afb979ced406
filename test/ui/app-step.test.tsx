// The wired dashboard (App + useSmtpSession + SessionController + driver) against a real sandbox on loopback: step mode,
// a session that changes mode while it runs, and where keys typed outside a field go.
import {describe, expect, it} from 'vitest';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {STEP_ENTER_GRACE_MS, STEP_LINE_SETTLE_MS} from '../../source/ui/hooks/use-dashboard-keys.js';
import {KEYS} from './app-harness.js';
import {defaults, sandboxApp, sentLines, startApp} from './wired-app.js';
import {closedPort} from '../transport/harness.js';

describe('the dashboard against the sandbox, in step mode', () => {
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

	it('step mode: once the message is queued, QUIT is offered at the step prompt (no e); Esc keeps the connection, Ctrl+X offers it again, Enter sends it', async () => {
		const app = await atMessagePrompt();
		await app.press(KEYS.enter);
		const footer = (frame: string) => frame.split('\n').at(-1)!;
		// Queued: the lesson's last step comes at once, with the result beside it.
		const offered = await app.frame(f => /Inbox \(1\)/.test(f) && /about to send: QUIT/.test(f));
		expect(footer(offered)).toMatch(/✔ queued as \S+ \(250\)/);
		expect(offered).not.toMatch(/e edit/);
		// Esc there keeps the connection: "stop" would read as disconnecting.
		expect(offered).toContain('Esc keep the connection open');
		expect(footer(offered)).toContain('Esc keep the connection open');
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
		await app.frame(f => /Inbox \(1\)/.test(f) && /connected TLS/.test(footer(f)) && /about to send: QUIT/.test(f));
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
		await app.frame(f => /Inbox \(1\)/.test(f) && /✔ queued/.test(f));
		await toMessage(['MAIL FROM', 'RCPT TO', 'DATA']);
		await app.press(KEYS.enter);
		await app.frame(f => /Inbox \(2\)/.test(f) && /✔ queued/.test(f));
		await toMessage(['MAIL FROM', 'RCPT TO', 'DATA']);
		await app.press(KEYS.escape);
		// The connection closes a moment after the footer says so.
		const frame = await app.frame(f => /stopped before the message/.test(f) && f.split('\n')[1]!.startsWith('CLOSED'));
		expect(frame.split('\n')[1]).toBe('CLOSED: the session is over; 2 messages were queued on it, not this last one');
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
		const edited = await app.frame(f => /edit: help/.test(f) && /^NEXT: HELP/m.test(f));
		expect(edited.split('\n')[1]).toMatch(/^NEXT: HELP, a command outside the steps/);
		// The prompt shows the line: no "next: → help" row says it again.
		expect(edited).not.toMatch(/next: →/);
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
		await app.frame(f => /the log takes no typing: type in the message \(Shift\+Tab there\)/.test(f));
		await app.press(KEYS.ctrl('t'), KEYS.ctrl('t'));
		await app.frame(f => / MANUAL /.test(f));
		await app.press(KEYS.shiftTab);
		await app.frame(f => /\[Protocol log\]/.test(f));
		await app.press('q');
		await app.frame(f => /the log takes no typing: type in the command line \(Tab there\)/.test(f));
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
});
