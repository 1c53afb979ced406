// Step and manual mode as a beginner meets them: a refused typo, the mode changed while connected, DATA typed twice.
import {describe, expect, it} from 'vitest';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {KEYS} from './app-harness.js';
import {sandboxApp, sentLines, typeCommands} from './wired-app.js';

describe('step mode: an edited line the server refuses', () => {
	it.each(['MAIL FROM:<you@@example.test>', 'mail from: <you@@example.test>'])('%s: refused, the planned MAIL is offered again', async typed => {
		const app = await sandboxApp({init: {mode: 'step', presenter: true}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		await app.press('e', KEYS.ctrl('u'), typed);
		await app.frame(f => f.includes(`edit: ${typed}`));
		await app.press(KEYS.enter);
		const failed = await app.frame(f => /← 501/.test(f) && /about to send: MAIL FROM:<you@example\.test>/.test(f));
		expect(failed).toContain('✖ MAIL 501');
		expect(failed).not.toMatch(/not sent/);
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: RCPT TO/.test(f) && /✔ MAIL/.test(f));
		expect(sentLines(app.controller).slice(1, 3)).toEqual([typed, expect.stringMatching(/^MAIL FROM:<you@example\.test>/)]);
	});

	it('an edited RCPT refused: the planned recipient is offered again', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		await app.press(KEYS.enter);
		const offered = await app.frame(f => /about to send: RCPT TO:<\S+>/.test(f));
		const planned = /about to send: (RCPT TO:<\S+>)/.exec(offered)![1]!;
		await app.press('e', KEYS.ctrl('u'), 'RCPT TO:<friend@@example.test>');
		await app.frame(f => /edit: RCPT TO:<friend@@/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /← 501/.test(f) && f.includes(`about to send: ${planned}`));
	});

	it('an edited RCPT refused, then the planned one accepted: RCPT goes on (not FAILED), then reads 1/2 as in auto mode', async () => {
		const app = await sandboxApp({init: {mode: 'step', presenter: true}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}});
		await app.press(KEYS.ctrl('s'));
		for (const line of ['EHLO', 'MAIL FROM']) {
			await app.frame(f => new RegExp(`about to send: ${line}`).test(f));
			await app.press(KEYS.enter);
		}
		await app.frame(f => /about to send: RCPT TO:<friend@/.test(f));
		await app.press('e', KEYS.ctrl('u'), 'RCPT TO:<nobody@example.test>');
		await app.frame(f => /edit: RCPT TO:<nobody@/.test(f));
		await app.press(KEYS.enter);
		// The planned recipient is still to go: the caption does not say that no recipient was accepted.
		const refused = await app.frame(f => /← 550/.test(f) && /about to send: RCPT TO:<friend@/.test(f));
		expect(refused.split('\n')[1]).toMatch(/^NEXT STEP 7\/11 RCPT/);
		expect(refused).not.toContain('accepted no recipient');
		// The rail shows the refusal (README: "the rail shows the failure"), not RCPT as if under way.
		expect(refused.split('\n')[0]).toContain('✖ RCPT 550');
		expect(refused.split('\n')[0]).not.toContain('▸ RCPT');
		await app.press(KEYS.enter);
		const after = await app.frame(f => /about to send: DATA/.test(f));
		expect(after.split('\n')[0]).toContain('! RCPT 1/2');
		expect(after.split('\n')[0]).not.toContain('✔ RCPT');
	});
});

describe('step mode: QUIT typed over the planned line', () => {
	it('at DATA ends the session as a stop of yours, as Ctrl+X does: no error in the log or the footer', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		for (const line of ['EHLO', 'MAIL FROM', 'RCPT TO']) {
			await app.frame(f => new RegExp(`about to send: ${line}`).test(f));
			await app.press(KEYS.enter);
		}
		await app.frame(f => /about to send: DATA/.test(f));
		await app.press('e', KEYS.ctrl('u'), 'QUIT');
		await app.frame(f => /edit: QUIT/.test(f));
		await app.press(KEYS.enter);
		const closed = await app.frame(f => /connection is closed; Ctrl\+S starts again/.test(f));
		expect(closed).toContain('stopped before the message');
		expect(closed).not.toContain('not sent (closed)');
		const log = app.controller.getSnapshot().session.log;
		expect(log.filter(entry => entry.kind === 'error')).toEqual([]);
		expect(log.map(entry => entry.text)).toContain('stopped by the user: the session ended at your QUIT, before the message went');
		expect(app.controller.getSnapshot().session.result?.kind).toBe('stopped');
	});
});

describe('step mode: Ctrl+S while QUIT is on offer', () => {
	it('withdraws the offer and goes on with the next message on this connection, whether the end of a message or Ctrl+X offered it', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		for (const line of ['EHLO', 'MAIL FROM', 'RCPT TO', 'DATA', '\\(the message']) {
			await app.frame(f => new RegExp(`about to send: ${line}`).test(f));
			await app.press(KEYS.enter);
		}
		await app.frame(f => /✔ queued/.test(f) && /about to send: QUIT/.test(f));
		await app.press(KEYS.ctrl('s'));
		const next = await app.frame(f => /about to send: MAIL FROM/.test(f));
		// Not the Esc's "stays open" word: the next message is the news.
		expect(next).not.toContain('QUIT not sent: the connection stays open');
		expect(app.controller.driver.log.entries.map(entry => entry.text)).toContain('QUIT not sent: another message goes on this connection');
		await app.press(KEYS.escape);
		await app.frame(f => /stopped here/.test(f) && !/about to send/.test(f));
		await app.press(KEYS.ctrl('x'));
		await app.frame(f => /about to send: QUIT/.test(f));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		expect(sentLines(app.controller)).not.toContain('QUIT');
		expect(app.controller.getSnapshot().session.connection).toBe('connected');
	});
});

describe('auto mode: a message sent with a warning', () => {
	it('the footer says the warning with the result: in auto mode the log scrolls past it at once', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'friend@example'}}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		const frame = await app.frame(f => /✔ queued/.test(f));
		expect(frame.replace(/\s+/g, ' ')).toContain('warning: friend@example has a domain without a dot');
	});
});

describe('manual mode: Ctrl+X', () => {
	it('says the first line typed connects again, not Ctrl+S (which sends auto mode\'s commands there)', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await app.frame(f => / MANUAL /.test(f));
		await typeCommands(app, ['EHLO me.test']);
		await app.press(KEYS.ctrl('x'));
		const frame = await app.frame(f => /disconnected;/.test(f));
		expect(frame).toContain('disconnected; the first line typed connects again');
	});
});

describe('manual mode: a message typed after 354', () => {
	const flat = (frame: string) => frame.replace(/\s+/g, ' ');

	async function inMessage(size = {columns: 100, rows: 30}) {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size});
		await app.frame(f => / MANUAL /.test(f));
		await typeCommands(app, ['EHLO me.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		return app;
	}

	it('DATA typed twice (or MAIL FROM: as its first line) is message text, and the log and the command line say so', async () => {
		const app = await inMessage();
		await app.press('DATA', KEYS.enter);
		const frame = await app.frame(f => /DATA is message text here, not a command/.test(f));
		expect(flat(frame)).toMatch(/! DATA is message text here, not a command/);
		const texts = () => app.controller.getSnapshot().session.log.map(entry => entry.text);
		expect(texts()).toContain('DATA is message text here, not a command (the DATA before it was answered with 354: the message has begun): after 354 only a lone "." ends the message');
		await app.press(KEYS.ctrl('x'));
		await app.frame(() => !app.controller.getSnapshot().dataMode);
		await typeCommands(app, ['EHLO me.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press('mail from:<a@example.test>', KEYS.enter);
		await app.frame(() => texts().includes('MAIL is message text here, not a command: after 354 only a lone "." ends the message'));
		const notes = () => texts().filter(text => text.includes('is message text here')).length;
		const before = notes();
		// Text that only starts with a verb's word, past the first line, is text.
		await app.press('', KEYS.enter, 'Help is on the way', KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().bodyLines === 3);
		expect(notes()).toBe(before);
	});

	it('the footer, Esc, Ctrl+Z and the help name how the message ends and how to drop it', async () => {
		const app = await inMessage();
		const footer = (await app.frame(f => /send line/.test(f))).split('\n').at(-1)!;
		expect(footer).toMatch(/Ctrl\+X drop message {2}Enter send line \("\." ends\)/);
		const waysOut = 'a lone "." ends the message; Ctrl+X drops it (closes the connection)';
		await app.press(KEYS.escape);
		await app.frame(f => flat(f).includes(`Esc does nothing in a message: ${waysOut}`));
		await app.press(KEYS.ctrl('z'));
		await app.frame(f => flat(f).includes(`nothing to undo here; ${waysOut}`));
		await app.press(KEYS.ctrl('g'));
		// It opens at the command line's keys: Enter's line says it (on two rows at 100 columns).
		await app.frame(f => f.includes('(in a message, after 354: a line of it; a lone "."') && /║ +ends the message, Ctrl\+X drops it\)/.test(f));
		await app.press(KEYS.ctrl('g'));
		await app.press(KEYS.ctrl('x'));
		await app.frame(() => !app.controller.getSnapshot().dataMode && app.controller.getSnapshot().session.connection === 'closed');
	});
});

describe('step mode: the message step', () => {
	it('e there says the message is edited in the composer, and that Esc closes the connection', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		for (const line of [/EHLO client/, /MAIL FROM/, /RCPT TO/, /DATA/]) {
			await app.frame(f => new RegExp(`about to send: ${line.source}`).test(f));
			await app.press(KEYS.enter);
		}
		await app.frame(f => /about to send: \(the message/.test(f));
		await app.press('e');
		await app.frame(f =>
			f.replace(/\s+/g, ' ').includes('step mode: Enter sends the message, Esc closes the connection; the message is edited in the composer, not here'),
		);
	});
});

describe('manual mode: Ctrl+S', () => {
	it('is not offered, and asks before it sends commands nobody typed; the second press sends, and the log says how', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		const idle = await app.frame(f => / MANUAL /.test(f));
		expect(idle.split('\n').at(-1)).not.toContain('Ctrl+S');
		await app.press(KEYS.ctrl('s'));
		// Security none, no user: neither STARTTLS nor AUTH goes, so neither is named.
		await app.frame(f => f.replace(/\s+/g, ' ').includes("Ctrl+S again sends the composer's message as auto mode does (EHLO, MAIL, RCPT, DATA); manual mode sends only what you type"));
		expect(app.controller.getSnapshot().session.connection).not.toBe('connected');
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
		const texts = app.controller.getSnapshot().session.log.map(entry => entry.text);
		expect(texts).toContain("Ctrl+S in manual mode: the composer's message goes as auto mode sends it, with commands you did not type");
	});
});

describe('manual mode: Ctrl+S in a lesson', () => {
	it('says in its question that the lesson counts only what you type', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, lesson: 0});
		await app.frame(f => f.includes('task 1 of 9'));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => f.replace(/\s+/g, ' ').includes("Ctrl+S again sends the composer's message as auto mode does (EHLO, MAIL, RCPT, DATA); the lesson counts only what you type"));
		expect(app.controller.getSnapshot().session.connection).not.toBe('connected');
	});
});

describe('manual mode: Ctrl+S after a message typed by hand on a plain connection, logged in', () => {
	it('names what goes: STARTTLS, then EHLO and AUTH again (TLS starts the session over), and no RSET', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'auto'}});
		await typeCommands(app, ['EHLO me.test', 'AUTH PLAIN AGRlbW8AZGVtbw==', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(() => app.controller.getSnapshot().dataMode);
		await app.press('Subject: by hand', KEYS.enter, '.', KEYS.enter);
		await app.frame(f => /Inbox \(1\)/.test(f) && app.controller.getSnapshot().messagesQueued === 1 && app.controller.getSnapshot().linesWaiting === 0);
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => f.replace(/\s+/g, ' ').includes('over this connection as auto mode does (STARTTLS, EHLO, AUTH, MAIL, RCPT, DATA)'));
		// The second press sends just those.
		const before = app.controller.getSnapshot().session.logTotal;
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(2\)/.test(f));
		const sent = app.controller.getSnapshot().session.log.filter(entry => entry.id >= before && entry.kind === 'sent').map(entry => entry.text.split(' ')[0]);
		expect(sent).toEqual(['STARTTLS', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA']);
	});
});

describe('step mode switched to manual at a prompt (Ctrl+T)', () => {
	it('the footer says typed lines go on over the connection, and Ctrl+S asks for only the commands still to come', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		// Up to the MAIL prompt, EHLO done: then Ctrl+T, as a presenter switching to typing the rest.
		await app.frame(f => /about to send: EHLO/.test(f));
		await app.press(KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().session.proposed?.command.verb === 'MAIL');
		await app.press(KEYS.ctrl('t'));
		const stopped = await app.frame(f => / MANUAL /.test(f) && /stopped here/.test(f));
		expect(stopped.replace(/\s+/g, ' ')).toContain('stopped here: what you type goes over this connection, Ctrl+X disconnects');
		expect(stopped).not.toContain('Ctrl+S goes on');
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => f.replace(/\s+/g, ' ').includes("Ctrl+S again sends the composer's message over this connection as auto mode does (MAIL, RCPT, DATA)"));
		// Once a transaction was begun (MAIL typed), the question names the RSET that starts it again.
		await app.press(KEYS.escape);
		await typeCommands(app, ['mail from:<you@example.test>']);
		await app.frame(() => app.controller.getSnapshot().session.steps.some(step => step.step === 'mail' && step.status === 'done'));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => f.replace(/\s+/g, ' ').includes('as auto mode does (RSET, MAIL, RCPT, DATA)'));
	});
});

describe('a mode chosen on a connection left open', () => {
	it('says the session goes on from MAIL, and how to see it from the greeting', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /✔ queued/.test(f));
		await app.press(KEYS.ctrl('t'));
		const note = 'still connected: step mode goes on from MAIL; Ctrl+X closes it, then Ctrl+S steps from the greeting';
		await app.frame(f => / STEP /.test(f) && f.replace(/\s+/g, ' ').includes(note));
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => / MANUAL /.test(f) && f.replace(/\s+/g, ' ').includes('still connected: what you type goes over this connection (EHLO done)'));
		const texts = app.controller.getSnapshot().session.log.map(entry => entry.text);
		expect(texts).toContain(note);
		// Back to auto: its Ctrl+S goes on over this connection too, from MAIL (the planner's commands, as manual's Ctrl+S asks).
		const auto = "still connected: Ctrl+S sends the composer's message over this connection (MAIL, RCPT, DATA); Ctrl+X closes it, then Ctrl+S sends from the greeting";
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => / AUTO /.test(f) && f.replace(/\s+/g, ' ').includes(auto));
		expect(app.controller.getSnapshot().session.log.map(entry => entry.text)).toContain(auto);
		// Round the modes again: the footer says it again, the log does not (each note once until something else is logged).
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => / STEP /.test(f) && f.replace(/\s+/g, ' ').includes(note));
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => / MANUAL /.test(f));
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => / AUTO /.test(f) && f.replace(/\s+/g, ' ').includes(auto));
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => / STEP /.test(f) && f.replace(/\s+/g, ' ').includes(note));
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => / MANUAL /.test(f));
		expect(app.controller.getSnapshot().session.log.filter(entry => entry.text.startsWith('still connected'))).toHaveLength(3);
		await typeCommands(app, ['noop']);
		await app.frame(() => {
			const log = app.controller.getSnapshot().session.log;
			const noop = log.findIndex(entry => entry.text === 'noop');
			return noop >= 0 && log.slice(noop).some(entry => entry.text.startsWith('250'));
		});
		// Something else logged since: the next switch's note is logged again.
		await app.press(KEYS.ctrl('t'), KEYS.ctrl('t'));
		await app.frame(f => / STEP /.test(f) && f.replace(/\s+/g, ' ').includes(note));
		expect(app.controller.getSnapshot().session.log.filter(entry => entry.text.startsWith('still connected'))).toHaveLength(5);
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => / MANUAL /.test(f));
		// Closed, the next Ctrl+T says nothing: the next session starts from the greeting.
		await app.press(KEYS.ctrl('x'));
		await app.frame(() => app.controller.getSnapshot().session.connection === 'closed');
		await app.press(KEYS.ctrl('t'), KEYS.ctrl('t'));
		await app.frame(f => / STEP /.test(f));
		expect(app.controller.getSnapshot().session.log.filter(entry => entry.text.startsWith('still connected'))).toHaveLength(6);
	});

	it('auto mode chosen after a MAIL typed by hand names the RSET its Ctrl+S sends first', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['ehlo me', 'mail from:<you@example.test>']);
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => / AUTO /.test(f) && f.replace(/\s+/g, ' ').includes("Ctrl+S sends the composer's message over this connection (RSET, MAIL, RCPT, DATA)"));
		// As said: Ctrl+S goes on over this connection, RSET first, with no greeting or EHLO again.
		const before = sentLines(app.controller).length;
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /✔ queued/.test(f));
		expect(sentLines(app.controller).slice(before).map(line => line.split(' ')[0])).toEqual(['RSET', 'MAIL', 'RCPT', 'DATA']);
	});
});

describe('step mode stopped before STARTTLS, then back to step mode (Ctrl+T round the modes)', () => {
	it('names STARTTLS as where it goes on, as Ctrl+S then offers, not MAIL', async () => {
		const app = await sandboxApp({init: {mode: 'step', presenter: true}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: STARTTLS/.test(f));
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => / MANUAL /.test(f));
		await app.press(KEYS.ctrl('t'));
		await app.frame(f => / AUTO /.test(f));
		await app.press(KEYS.ctrl('t'));
		const note = 'still connected: step mode goes on from STARTTLS; Ctrl+X closes it, then Ctrl+S steps from the greeting';
		await app.frame(f => / STEP /.test(f) && f.replace(/\s+/g, ' ').includes(note));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: STARTTLS/.test(f));
	});
});

describe('presenter mode in manual mode: the caption and the now line', () => {
	it('after EHLO both name STARTTLS, which the server offers, and the now line says MAIL FROM would be taken too', async () => {
		const app = await sandboxApp({init: {mode: 'manual', presenter: true}, size: {columns: 80, rows: 24}});
		await app.frame(f => / MANUAL /.test(f));
		await typeCommands(app, ['ehlo me']);
		const frame = await app.frame(f => /now: STARTTLS next/.test(f));
		expect(frame.split('\n')[1]).toMatch(/^NEXT STEP 4\/11 STARTTLS/);
		expect(frame).not.toContain('ready for a transaction');
		expect(frame.replace(/\s+/g, ' ')).toContain('MAIL FROM would be taken too, in clear');
	});
});
