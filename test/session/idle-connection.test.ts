// The dashboard keeps its connection between messages. Left over lunch behind a NAT or firewall that forgets idle
// connections, the next message's first command meets silence: the timeout says the idle connection was most likely
// dropped, and the next Ctrl+S opens a new connection and sends.
import {afterEach, describe, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {shortMessage} from './driver-harness.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const COMMAND_WAIT_MS = 1000;

/** Answers one message; then, on the first connection only, reads on and answers nothing: the path went dead. */
async function oneMessageThenSilence(peer: RawPeer, connection: number): Promise<void> {
	peer.write('220 raw.test ESMTP\r\n');
	let answered = false;
	for (;;) {
		const line = await peer.readLine();
		if (answered && connection === 1) continue;
		if (/^EHLO/i.test(line)) peer.write('250-raw.test\r\n250 8BITMIME\r\n');
		else if (/^(MAIL|RCPT|RSET)/i.test(line)) peer.write('250 2.0.0 ok\r\n');
		else if (/^DATA/i.test(line)) {
			peer.write('354 go ahead\r\n');
			await peer.readData();
			peer.write('250 2.0.0 queued\r\n');
			answered = true;
		} else if (/^QUIT/i.test(line)) return peer.end('221 bye\r\n');
	}
}

async function dashboardAgainstDeadPath() {
	let connections = 0;
	const server = await startRawServer(peer => oneMessageThenSilence(peer, ++connections));
	cleanups.push(server.close);
	const controller = new SessionController({host: '127.0.0.1', port: server.port, tls: 'none', ehloName: 'client.test', timeouts: {greeting: 5000, command: COMMAND_WAIT_MS, quit: 200}});
	cleanups.push(() => controller.close());
	expect(await controller.send(shortMessage, {step: false})).toMatchObject({ok: true});
	return {controller, connections: () => connections};
}

describe('a kept connection whose path went dead while idle', () => {
	it('times out saying the idle connection was most likely dropped, and the next send opens a new one and goes', async () => {
		const {controller, connections} = await dashboardAgainstDeadPath();
		// Idle for longer than the wait for a reply: lunch, shortened.
		await new Promise(resolve => setTimeout(resolve, COMMAND_WAIT_MS + 200));
		const second = await controller.send(shortMessage, {step: false});
		expect(second).toMatchObject({ok: false, stage: 'mail'});
		expect(second!.message).toMatch(/^no answer within 1 s while waiting for the reply to MAIL: the connection had sat idle for \d+ s before this, longer than a NAT or firewall may keep one open .*most likely dropped without a word reaching us; a new connection is needed$/);
		expect(controller.driver.getSnapshot().connection).toBe('closed');
		expect(await controller.send(shortMessage, {step: false})).toMatchObject({ok: true});
		expect(connections()).toBe(2);
	});

	it('says nothing of idleness when the connection was in use just before the silence', async () => {
		const {controller} = await dashboardAgainstDeadPath();
		const second = await controller.send(shortMessage, {step: false});
		expect(second).toMatchObject({ok: false, stage: 'mail', message: 'no answer within 1 s while waiting for the reply to MAIL'});
	});
});
