// Manual mode's body entry (after DATA's 354) when the connection ends under it: the typed message cannot go,
// and the next typed line is a command again, on a new connection.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {greetAndEhlo, startRawServer, type RawServer} from '../helpers/raw-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('SessionController: a connection that ends during body entry', () => {
	it('leaves body entry, says the typed lines were not sent, and takes the next line as a command', async () => {
		let connections = 0;
		const server: RawServer = await startRawServer(async peer => {
			connections++;
			await greetAndEhlo(peer);
			if (connections > 1) return void (await peer.closed());
			for (const reply of ['250 ok', '250 ok', '354 go ahead']) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			// Shut down while the user types the message (nothing of it is sent before the lone ".").
			await new Promise(resolve => setTimeout(resolve, 300));
			peer.end('421 4.3.2 shutting down\r\n');
		});
		cleanups.push(server.close);
		const controller = new SessionController({host: '127.0.0.1', port: server.port, tls: 'none', ehloName: 'client.test', timeouts: {greeting: 5000, command: 5000}});
		cleanups.push(() => controller.close());
		for (const line of ['EHLO client.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA', 'Subject: hi']) await controller.sendLine(line);
		expect(controller.getSnapshot()).toMatchObject({dataMode: true, bodyLines: 1});
		await vi.waitFor(() => expect(controller.getSnapshot().session.connection).toBe('closed'));
		const snapshot = controller.getSnapshot();
		expect(snapshot.dataMode).toBe(false);
		expect(snapshot.session.log.map(entry => entry.text)).toContain('the message typed after DATA was not sent (1 line): the connection ended; the next line you type is a command again');
		await controller.sendLine('EHLO again.test');
		await vi.waitFor(() => expect(controller.getSnapshot().session.log.filter(entry => entry.kind === 'sent').at(-1)?.text).toBe('EHLO again.test'));
		expect(connections).toBe(2);
	});
});
