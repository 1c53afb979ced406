// Manual mode after 354, against the sandbox: a line typed in the message's header section that is no header is
// warned of as it is typed (it would be read as a header, and the text meant as the body vanish), until an empty line.
// Against a raw server: a reply before the lone "." ends the message and the connection.
import {afterEach, describe, expect, it} from 'vitest';
import {messageCutWarning, SessionController} from '../../source/session/controller.js';
import {STRAY_HEADER_WARNING, strayHeaderLines} from '../../source/session/typed-body.js';
import {greetUpToData, startRawServer} from '../helpers/raw-server.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';
import {waitFor} from '../sandbox/helpers/wait.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function typingMessage(): Promise<SessionController> {
	const sandbox = await startTestSandbox();
	cleanups.push(() => sandbox.close());
	const controller = new SessionController({host: '127.0.0.1', port: sandbox.port, tls: 'none', ehloName: 'client.test', sandbox: true, timeouts: {greeting: 5000, command: 5000, quit: 200}});
	cleanups.push(() => controller.close());
	for (const line of ['ehlo client.test', 'mail from:<you@example.test>', 'rcpt to:<friend@example.test>', 'data']) await controller.sendLine(line);
	expect(controller.getSnapshot().dataMode).toBe(true);
	return controller;
}

const warnings = (controller: SessionController) => controller.getSnapshot().session.log.filter(entry => entry.text.startsWith('warning: message line')).map(entry => entry.text);

describe('a message typed without an empty line after its headers', () => {
	it("warns at the tutorial's first body line, under the command line for each such line and in the log once", async () => {
		const controller = await typingMessage();
		await controller.sendLine('To: friend@example.test');
		await controller.sendLine('From: you@example.test');
		await controller.sendLine('Subject: The subject of the message');
		expect(controller.getSnapshot().warning).toBeUndefined();
		await controller.sendLine('Your message should go here.');
		expect(controller.getSnapshot().warning).toBe(STRAY_HEADER_WARNING);
		await controller.sendLine('Type whatever you like.');
		expect(controller.getSnapshot().warning).toBe(STRAY_HEADER_WARNING);
		expect(warnings(controller)).toEqual([`warning: message line 4, "Your message should go here.": ${STRAY_HEADER_WARNING}`]);
		// Sent anyway: exploring errors is the point. The warning was about the last line typed, not the message.
		await controller.sendLine('.');
		expect(controller.getSnapshot().session.log.filter(entry => entry.reply?.code === 250).length).toBeGreaterThan(0);
		expect(controller.getSnapshot().warning).toBeUndefined();
	});

	it('drops the warning with the message when the message is abandoned: Ctrl+X, or the connection ending', async () => {
		const controller = await typingMessage();
		await controller.sendLine('Hello class');
		expect(controller.getSnapshot().warning).toBe(STRAY_HEADER_WARNING);
		await controller.disconnect();
		expect(controller.getSnapshot().dataMode).toBe(false);
		expect(controller.getSnapshot().warning).toBeUndefined();

		const ended = await typingMessage();
		await ended.sendLine('Hello class');
		// The server's end (a 421, a dropped socket) abandons the message as well.
		ended.driver.destroy();
		await waitFor(() => ended.getSnapshot().session.connection === 'closed', 'the connection closed');
		expect(ended.getSnapshot().dataMode).toBe(false);
		// In its place, what the message's end means for the next line typed.
		expect(ended.getSnapshot().warning).toBe(messageCutWarning());
	});

	it('says nothing once the empty line was typed, nor for a folded header', async () => {
		const controller = await typingMessage();
		for (const line of ['Subject: a subject', '  folded onto a second line', '', 'Your message should go here.', 'Name: not a header now']) await controller.sendLine(line);
		expect(controller.getSnapshot().warning).toBeUndefined();
		expect(warnings(controller)).toEqual([]);
		await controller.sendLine('.');
	});

	it('reads as stray only the lines of the header section that are neither a header nor a continuation', () => {
		const lines = ['  led by a blank', 'Subject : obsolete but read', 'X-Tag:no space', 'plain text', '\tcontinued', '', 'body: text'];
		const stray = strayHeaderLines(lines);
		expect(lines.map((_, index) => stray(index))).toEqual([true, false, false, true, false, false, false]);
	});
});

describe('a message typed by hand, answered by the server before its lone "."', () => {
	it('ends there: the lines typed after the reply do not go, nor the ".", nor QUIT; the connection is closed', async () => {
		let afterReply: Promise<string> | undefined;
		const server = await startRawServer(async peer => {
			await greetUpToData(peer);
			await peer.readLine();
			const at = peer.received.length;
			peer.write('552 5.3.4 message too big\r\n');
			afterReply = peer.closed().then(() => Buffer.concat(peer.received.slice(at)).toString('latin1'));
			await afterReply;
		});
		cleanups.push(() => server.close());
		const controller = new SessionController({host: '127.0.0.1', port: server.port, tls: 'none', ehloName: 'client.test', timeouts: {greeting: 5000, command: 5000, quit: 200}});
		cleanups.push(() => controller.close());
		for (const line of ['ehlo client.test', 'mail from:<you@example.test>', 'rcpt to:<friend@example.test>', 'data', 'Subject: hello']) await controller.sendLine(line);
		await waitFor(() => controller.getSnapshot().session.connection === 'closed', 'the connection closed');
		expect(controller.getSnapshot().dataMode).toBe(false);
		expect(controller.getSnapshot().warning).toBe(messageCutWarning());
		// Typed after the reply: held back (the next line must open a conversation on purpose), never sent.
		for (const line of ['RCPT TO:<smuggled@evil.test>', '.']) await controller.sendLine(line);
		expect(await afterReply!).toBe('');
		const log = controller.getSnapshot().session.log.map(entry => entry.text);
		expect(log).toContainEqual(expect.stringMatching(/^the server answered before the message was complete: \d+ bytes had been handed to the network; the rest and the final "\." were not sent, and the connection was closed without QUIT/));
		expect(log).not.toContain('QUIT');
	});
});
