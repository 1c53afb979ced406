// After DATA's 354 the message may wait for the user (lines typed by hand, the step prompt): no clock of the client
// runs out on it. Only the server's own idle limit may end it.
import {afterEach, describe, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {greetAndEhlo, startRawServer, type RawServer} from '../helpers/raw-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server that takes one message: MAIL, RCPT, DATA, the body up to its lone dot, then QUIT. */
async function oneMessageServer(received: string[]): Promise<RawServer> {
	const server = await startRawServer(async peer => {
		await greetAndEhlo(peer);
		for (const reply of ['250 ok', '250 ok', '354 go ahead']) {
			await peer.readLine();
			peer.write(`${reply}\r\n`);
		}
		for (let line = await peer.readLine(); line !== '.'; line = await peer.readLine()) received.push(line);
		peer.write('250 2.0.0 queued\r\n');
		await peer.readLine();
		peer.end('221 bye\r\n');
	});
	cleanups.push(server.close);
	return server;
}

describe('SessionController: a message typed by hand after 354', () => {
	it('waits for the user longer than the command timeout, then goes whole', async () => {
		const received: string[] = [];
		const server = await oneMessageServer(received);
		const controller = new SessionController({host: '127.0.0.1', port: server.port, tls: 'none', ehloName: 'client.test', timeouts: {greeting: 5000, command: 300}});
		cleanups.push(() => controller.close());
		for (const line of ['EHLO client.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA', 'Subject: slow']) await controller.sendLine(line);
		expect(controller.getSnapshot()).toMatchObject({dataMode: true, bodyLines: 1});
		// Three command timeouts of thinking about the next line.
		await new Promise(resolve => setTimeout(resolve, 900));
		expect(controller.getSnapshot().session.connection).toBe('connected');
		expect(controller.getSnapshot().session.log.map(entry => entry.text).join('\n')).not.toMatch(/no answer within/);
		for (const line of ['', 'typed slowly', '.']) await controller.sendLine(line);
		await expect.poll(() => controller.getSnapshot().session.log.some(entry => entry.kind === 'received' && entry.text === '250 2.0.0 queued')).toBe(true);
		expect(received).toEqual(['Subject: slow', '', 'typed slowly']);
	});
});
