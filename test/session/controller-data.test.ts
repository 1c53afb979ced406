// Manual mode's body entry (after DATA's 354): each typed line goes to the server as it is typed, as under telnet,
// so a slow typist's server sees no idle session; when the connection ends under it anyway, the message's lines are
// listed in the log, and the next typed line does not open a new connection as a command unless it is a greeting.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {messageCutWarning, SessionController} from '../../source/session/controller.js';
import {greetUpToData, startRawServer, type RawPeer, type RawServer} from '../helpers/raw-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ENVELOPE = ['EHLO client.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA'];

async function controllerFor(script: (peer: RawPeer, connection: number) => Promise<void>): Promise<{controller: SessionController; server: RawServer}> {
	let connections = 0;
	const server = await startRawServer(peer => script(peer, ++connections));
	cleanups.push(server.close);
	const controller = new SessionController({host: '127.0.0.1', port: server.port, tls: 'none', ehloName: 'client.test', timeouts: {greeting: 5000, command: 5000, quit: 200}});
	cleanups.push(() => controller.close());
	return {controller, server};
}

const logTexts = (controller: SessionController) => controller.getSnapshot().session.log.map(entry => entry.text);

describe('SessionController: a message typed after DATA', () => {
	it('sends each line as it is typed, dot-stuffed, and the lone "." ends the message', async () => {
		const received: string[] = [];
		const {controller} = await controllerFor(async peer => {
			await greetUpToData(peer);
			for (let line = await peer.readLine(); line !== '.'; line = await peer.readLine()) received.push(line);
			peer.write('250 2.0.0 queued as ABC\r\n');
			await peer.closed();
		});
		for (const line of ENVELOPE) await controller.sendLine(line);
		await controller.sendLine('Subject: typed slowly');
		// No "." yet: the server has the line already, so its idle timer started again.
		await vi.waitFor(() => expect(received).toEqual(['Subject: typed slowly']));
		await controller.sendLine('');
		await controller.sendLine('.hidden');
		await vi.waitFor(() => expect(received).toEqual(['Subject: typed slowly', '', '..hidden']));
		expect(controller.getSnapshot()).toMatchObject({dataMode: true, bodyLines: 3});
		await controller.sendLine('.');
		expect(controller.getSnapshot()).toMatchObject({dataMode: false, messagesQueued: 1});
		expect(logTexts(controller)).toContain('250 2.0.0 queued as ABC');
	});

	it('Ctrl+X mid-message closes without the final dot: the lines that went are never delivered', async () => {
		const received: string[] = [];
		const {controller, server} = await controllerFor(async peer => {
			await greetUpToData(peer);
			for (;;) received.push(await peer.readLine());
		});
		for (const line of [...ENVELOPE, 'Subject: dropped', 'half a message']) await controller.sendLine(line);
		await vi.waitFor(() => expect(received).toEqual(['Subject: dropped', 'half a message']));
		expect(await controller.disconnect()).toBe('closed');
		// All the server will ever get is in once it sees the close.
		await server.peers[0]!.closed();
		expect(controller.getSnapshot().session.connection).toBe('closed');
		expect(received).toEqual(['Subject: dropped', 'half a message']);
		expect(controller.getSnapshot()).toMatchObject({dataMode: false, messagesQueued: 0, messageCut: false});
	});

	it('lists the lines typed as the connection was being reset as not sent: only what was handed to the network went', async () => {
		let typeMore: () => void = () => undefined;
		const {controller} = await controllerFor(async peer => {
			await greetUpToData(peer);
			await peer.readLine();
			// Reset, and two more lines typed in the same turn: the client has not heard of the reset yet, and they
			// cannot leave.
			peer.socket.resetAndDestroy();
			typeMore();
		});
		typeMore = () => {
			void controller.sendLine('line 1');
			void controller.sendLine('.a leading dot');
		};
		for (const line of [...ENVELOPE, 'Subject: cut']) await controller.sendLine(line);
		await vi.waitFor(() => expect(logTexts(controller)).toContain('message line 3 (not sent): .a leading dot'));
		expect(logTexts(controller)).toEqual(
			expect.arrayContaining([
				'the message typed after DATA was not delivered: the connection ended before its lone ".", and a server discards a message left unfinished; of the 3 lines typed (listed below), 1 went as typed, and those marked "(not sent)" never left: the connection ended first. Type EHLO to connect again and start over.',
				'message line 1: Subject: cut',
				'message line 2 (not sent): line 1',
			]),
		);
	});

	it('in an LMTP session (--lmtp) the cut message\'s warning and notes name LHLO', async () => {
		const server = await startRawServer(async peer => {
			peer.write('220 raw.test LMTP ready\r\n');
			for (const reply of ['250 raw.test', '250 ok', '250 ok', '354 go ahead']) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			await peer.readLine();
			peer.end('421 4.4.2 raw.test Timeout - closing connection\r\n');
		});
		cleanups.push(server.close);
		const controller = new SessionController({host: '127.0.0.1', port: server.port, tls: 'none', ehloName: 'client.test', lmtp: true, timeouts: {greeting: 5000, command: 5000, quit: 200}});
		cleanups.push(() => controller.close());
		for (const line of ['LHLO client.test', ...ENVELOPE.slice(1), 'Subject: hi']) await controller.sendLine(line);
		await vi.waitFor(() => expect(controller.getSnapshot().session.connection).toBe('closed'));
		expect(controller.getSnapshot().warning).toBe('connection ended mid-message: type LHLO');
		expect(logTexts(controller)).toContainEqual(expect.stringMatching(/a message left unfinished; its 1 line went as typed, listed below\. Type LHLO to connect again and start over\.$/));
		expect(await controller.sendLine('we meet at ten.')).toEqual({note: `not sent: ${messageCutWarning(true)}`});
		expect(logTexts(controller).at(-1)).toMatch(/; type LHLO to connect again$/);
	});

	it('lists the lines when the server times out mid-message, and holds back the next line unless it is EHLO', async () => {
		const {controller, server} = await controllerFor(async (peer, connection) => {
			if (connection > 1) {
				peer.write('220 raw.test ESMTP ready\r\n');
				await peer.readLine();
				peer.write('250 raw.test hello\r\n');
				return void (await peer.closed());
			}
			await greetUpToData(peer);
			// Two lines, then the typist pauses longer than the server waits (Postfix's smtpd_timeout).
			await peer.readLine();
			await peer.readLine();
			peer.end('421 4.4.2 raw.test Timeout - closing connection\r\n');
		});
		for (const line of [...ENVELOPE, 'Subject: hi', 'Dear class,']) await controller.sendLine(line);
		await vi.waitFor(() => expect(controller.getSnapshot().session.connection).toBe('closed'));
		expect(controller.getSnapshot()).toMatchObject({dataMode: false, warning: messageCutWarning()});
		expect(logTexts(controller)).toEqual(
			expect.arrayContaining([
				'the message typed after DATA was not delivered: the connection ended before its lone ".", and a server discards a message left unfinished; its 2 lines went as typed, listed below. Type EHLO to connect again and start over.',
				'message line 1: Subject: hi',
				'message line 2: Dear class,',
			]),
		);
		// The typist, not looking up, goes on with the message: not a command on a new connection (a 500 there).
		// Not handed back to the command line (a refusal is): the EHLO typed next would be joined to it.
		expect(await controller.sendLine('we meet at ten.')).toEqual({note: `not sent: ${messageCutWarning()}`});
		expect(server.peers).toHaveLength(1);
		expect(logTexts(controller).at(-1)).toMatch(/^not sent: we meet at ten\.: the connection ended in the middle of the message/);
		await controller.sendLine('EHLO again.test');
		await vi.waitFor(() => expect(controller.getSnapshot().session.log.filter(entry => entry.kind === 'sent').at(-1)?.text).toBe('EHLO again.test'));
		expect(server.peers).toHaveLength(2);
		expect(controller.getSnapshot().warning).toBeUndefined();
	});
});

describe('SessionController: typed lines whose connection could not be opened', () => {
	it('names each line that did not go, the one that was to open it too, as not sent for that reason', async () => {
		// A port nothing listens on: the connection is refused.
		const closed = await startRawServer(async () => undefined);
		const port = closed.port;
		await closed.close();
		const controller = new SessionController({host: '127.0.0.1', port, tls: 'none', ehloName: 'client.test', timeouts: {greeting: 5000, command: 5000, quit: 200}});
		cleanups.push(() => controller.close());
		// Pasted: the second line waits behind the first, which opens the connection.
		await Promise.all([controller.sendLine('ehlo me'), controller.sendLine('MAIL FROM:<a@example.test>')]);
		const texts = logTexts(controller);
		expect(texts).toContain('not sent (the connection could not be opened): ehlo me');
		expect(texts).toContain('not sent (the connection could not be opened): MAIL FROM:<a@example.test>');
		expect(texts.filter(text => text.includes('connection ended first'))).toEqual([]);
	});
});

describe('SessionController: an idle 421 on a connection typed by hand', () => {
	it('explains it as the server closing an idle session, and says to type EHLO', async () => {
		const {controller} = await controllerFor(async peer => {
			peer.write('220 raw.test ESMTP ready\r\n');
			await peer.readLine();
			peer.write('250 raw.test hello\r\n');
			// Nothing more comes from the client: the server's idle limit ends the session.
			peer.end('421 4.4.2 raw.test Error: timeout exceeded\r\n');
		});
		await controller.sendLine('EHLO client.test');
		await vi.waitFor(() => expect(controller.getSnapshot().session.connection).toBe('closed'));
		const reply = controller.getSnapshot().session.log.find(entry => entry.reply?.code === 421);
		expect(reply?.explanation).toMatch(/^the server closed an idle session: .*; type EHLO to connect again now$/);
	});
});
