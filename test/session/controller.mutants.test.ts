// Cases found by mutation testing of controller.ts (the dashboard's manual mode without React): the notes a typed line
// earns (a body line too long, a leading dot, Enter alone), a message given up by Ctrl+X or cut off with no line typed,
// a login given up before QUIT, and the lines of a connection that ended before they went.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {EMPTY_LINE_NOTE, SessionController} from '../../source/session/controller.js';
import {MAX_LINE_OCTETS} from '../../source/smtp/data-encoder.js';
import {startRawServer} from '../helpers/raw-server.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function manual(port?: number): Promise<SessionController> {
	if (port === undefined) {
		const sandbox = await startTestSandbox();
		cleanups.push(() => sandbox.close());
		port = sandbox.port;
	}
	const controller = new SessionController({host: '127.0.0.1', port, tls: 'none', ehloName: 'client.test', sandbox: true, timeouts: {greeting: 5000, command: 5000, quit: 500}});
	cleanups.push(() => controller.close());
	return controller;
}

async function typingMessage(): Promise<SessionController> {
	const controller = await manual();
	for (const line of ['ehlo client.test', 'mail from:<you@example.test>', 'rcpt to:<friend@example.test>', 'data']) await controller.sendLine(line);
	expect(controller.getSnapshot().dataMode).toBe(true);
	return controller;
}

const logTexts = (controller: SessionController) => controller.getSnapshot().session.log.map(entry => entry.text);
const sent = (controller: SessionController) => controller.getSnapshot().session.log.filter(entry => entry.kind === 'sent').map(entry => entry.text);

describe('a body line typed by hand', () => {
	it('over 998 octets is refused with its length, the lines pasted behind it are not sent, and the message goes on', async () => {
		const controller = await typingMessage();
		const long = 'x'.repeat(MAX_LINE_OCTETS + 1);
		const [refused, behind] = await Promise.all([controller.sendLine(long), controller.sendLine('pasted behind it')]);
		expect(refused).toEqual({refused: `line not sent: ${MAX_LINE_OCTETS + 1} octets, over ${MAX_LINE_OCTETS}`});
		expect(behind).toBeUndefined();
		const texts = logTexts(controller);
		expect(texts).toContain(`body line 1 not sent: it is ${MAX_LINE_OCTETS + 1} octets, and SMTP allows at most ${MAX_LINE_OCTETS} per line (RFC 5321 §4.5.3.1.6); split it. The message goes on from the line before it.`);
		// A body line is shown as typed: it is no secret.
		expect(texts).toContain('not sent (a line before it was refused): pasted behind it');
		// Exactly the limit goes; the message is still open.
		expect(await controller.sendLine('y'.repeat(MAX_LINE_OCTETS))).toBeUndefined();
		expect(controller.getSnapshot()).toMatchObject({dataMode: true, bodyLines: 1});
	});

	it('with a leading dot: told once per message that the dot is doubled for you; a line ending in a dot is no such line', async () => {
		const controller = await typingMessage();
		const notes = () => logTexts(controller).filter(text => text.startsWith('dot-stuffing is done for you'));
		await controller.sendLine('the end.');
		expect(notes()).toEqual([]);
		await controller.sendLine('.hidden');
		await controller.sendLine('..twice');
		expect(notes()).toEqual(['dot-stuffing is done for you: this line goes as "..hidden" and arrives as typed, ".hidden" (type one dot fewer than a telnet session would)']);
		await controller.sendLine('.');
	});

	it('that reads as a command is said to be message text, in the log and under the command line', async () => {
		const controller = await typingMessage();
		await controller.sendLine('QUIT');
		const note = 'QUIT is message text here, not a command: after 354 only a lone "." ends the message';
		expect(logTexts(controller)).toContain(note);
		expect(controller.getSnapshot().warning).toBe(note);
	});
});

describe('a typed DATA that opened no message', () => {
	it('leaves the lines typed after it commands, kept in the history', async () => {
		const controller = await manual();
		await controller.sendLine('ehlo client.test');
		expect(controller.remembers('DATA')).toBe(true);
		await controller.sendLine('DATA');
		expect(controller.getSnapshot().dataMode).toBe(false);
		expect(controller.remembers('MAIL FROM:<you@example.test>')).toBe(true);
	});
});

describe('Enter alone', () => {
	it('on an open connection sends nothing and says why; with none it opens one and shows the greeting', async () => {
		const controller = await manual();
		expect(await controller.sendLine('  ')).toBeUndefined();
		expect(controller.getSnapshot().session.connection).toBe('connected');
		expect(controller.getSnapshot().session.log.some(entry => entry.reply?.code === 220)).toBe(true);
		expect(await controller.sendLine('')).toEqual({note: EMPTY_LINE_NOTE});
		expect(sent(controller)).toEqual([]);
	});
});

describe('a message typed by hand and given up', () => {
	it('by Ctrl+X: said as the user\'s drop, with the lines typed listed', async () => {
		const controller = await typingMessage();
		await controller.sendLine('Subject: hi');
		await controller.sendLine('hello');
		await controller.disconnect();
		const texts = logTexts(controller);
		expect(texts).toContain('you dropped the message (Ctrl+X): 2 lines had gone, no "." was sent, so nothing is delivered; the lines typed are listed below');
		expect(texts).toContain('message line 1: Subject: hi');
		expect(texts).toContain('message line 2: hello');
	});

	it('by a close the caller asked for, with no line typed: no key named, no list promised', async () => {
		const controller = await typingMessage();
		await controller.close('user');
		expect(logTexts(controller)).toContain('you dropped the message: 0 lines had gone, no "." was sent, so nothing is delivered');
	});

	it('by a hang-up: nobody is there to read that the user dropped it', async () => {
		const controller = await typingMessage();
		await controller.sendLine('hello');
		await controller.disconnect({cause: 'hangup'});
		expect(logTexts(controller).filter(text => text.startsWith('you dropped the message'))).toEqual([]);
	});

	it('by the connection\'s end, with no line typed: the note lists nothing', async () => {
		const controller = await typingMessage();
		controller.driver.destroy();
		await vi.waitFor(() => expect(controller.getSnapshot().dataMode).toBe(false));
		expect(logTexts(controller)).toContain('the message typed after DATA was not delivered: the connection ended before its lone ".", and a server discards a message left unfinished. Type EHLO to connect again and start over.');
	});
});

describe('a login open at Ctrl+X', () => {
	it('is given up with "*" first, then QUIT goes: a QUIT now would be read as the answer to the 334', async () => {
		const controller = await manual();
		await controller.sendLine('ehlo client.test');
		await controller.sendLine('AUTH LOGIN');
		expect(controller.getSnapshot().authAnswer).toBe(true);
		await controller.disconnect();
		expect(logTexts(controller)).toContain('the login is given up first with "*" (RFC 4954): a QUIT now would be taken as the answer to the 334');
		expect(sent(controller).slice(-2)).toEqual(['*', 'QUIT']);
		// The "*" was answered before QUIT went: QUIT's reply is QUIT's.
		const replies = controller.getSnapshot().session.log.filter(entry => entry.reply).map(entry => entry.reply!.code);
		expect(replies.slice(-2)).toEqual([501, 221]);
	});
});

describe('lines typed for a connection that ended before they went', () => {
	it('are not sent on a new one: each is named as not sent, since the connection ended first', async () => {
		const server = await startRawServer(async peer => {
			peer.socket.write('220 raw.test ESMTP\r\n');
			await peer.readLine();
			peer.socket.end('421 4.3.2 shutting down\r\n');
		});
		cleanups.push(() => server.close());
		const controller = await manual(server.port);
		await controller.sendLine('');
		await Promise.all([controller.sendLine('NOOP'), controller.sendLine('RSET')]);
		expect(logTexts(controller)).toContain('not sent (the connection ended first): RSET');
		expect(server.peers).toHaveLength(1);
	});
});
