// A new try after the engine ended the session (a 421) is made on a new connection, whatever the old one still does.
import type {AddressInfo} from 'node:net';
import tls from 'node:tls';
import {expect, it, vi} from 'vitest';
import {testCerts} from '../helpers/certs.js';
import {playFixture} from '../helpers/interop-fixture.js';
import {greetAndEhlo} from '../helpers/raw-server.js';
import {driverHarness, shortMessage} from './driver-harness.js';

const {raw, driverFor} = driverHarness();

it('a retry after a 421 opens a new connection at once, though the server keeps the old one open', async () => {
	let connections = 0;
	const server = await raw(async peer => {
		connections++;
		await greetAndEhlo(peer);
		await peer.readLine();
		if (connections === 1) {
			// A busy server, or a middlebox that never passes on the FIN: the socket stays open after the 421.
			peer.socket.allowHalfOpen = true;
			peer.write('421 4.3.2 shutting down\r\n');
			return;
		}
		peer.write('250 ok\r\n');
		await peer.readLine();
		peer.write('250 ok\r\n');
		await peer.readLine();
		peer.write('354 go ahead\r\n');
		await peer.readData();
		peer.write('250 queued as 2\r\n');
	});
	const driver = driverFor(server.port, {timeouts: {connect: 10_000}});
	const first = await driver.run(shortMessage, {keepOpen: true});
	expect(first).toMatchObject({ok: false, stage: 'mail'});
	// The session is over at the 421: the panel does not say "connected" while the old socket waits for the server.
	expect(driver.getSnapshot().connection).toBe('closed');
	const second = await driver.run(shortMessage, {keepOpen: true});
	expect(second).toMatchObject({ok: true, message: 'queued: 250 queued as 2'});
	expect(connections).toBe(2);
	// The old socket's own close, which comes during the new session, is no news to it.
	await new Promise(resolve => setTimeout(resolve, 50));
	expect(driver.getSnapshot().connection).toBe('connected');
	const texts = driver.log.entries.map(entry => entry.text);
	expect(texts.filter(text => text === 'connection closed')).toHaveLength(1);
	expect(texts.indexOf('connection closed')).toBeLessThan(texts.lastIndexOf(texts.find(text => text.startsWith('connecting to'))!));
	expect(texts.filter(text => text.startsWith('connecting to'))).toHaveLength(2);
}, 15_000);

it('a reconnect that fails shows no TLS details of the connection before it', async () => {
	const certs = await testCerts();
	const server = tls.createServer(certs.server, socket => {
		socket.on('error', () => {});
		socket.end('421 4.3.2 busy, try later\r\n');
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	const driver = driverFor(port, {host: 'localhost', tls: 'tls', ca: certs.ca});
	expect((await driver.run(shortMessage)).ok).toBe(false);
	expect(driver.getSnapshot().tls).toMatchObject({authorized: true});
	await new Promise<void>(resolve => server.close(() => resolve()));
	expect(await driver.connect()).toBe(false);
	expect(driver.getSnapshot().tls).toBeUndefined();
});

it('quit() after a 421 on a socket the server keeps open drops it at once, rather than wait for the server to close', async () => {
	let dropped = false;
	const server = await raw(async peer => {
		await greetAndEhlo(peer);
		await peer.readLine();
		await peer.holdOpenAfter('421 4.3.2 shutting down\r\n');
		dropped = true;
	});
	const driver = driverFor(server.port, {timeouts: {connect: 10_000}});
	expect(await driver.run(shortMessage, {keepOpen: true})).toMatchObject({ok: false, stage: 'mail'});
	// Ctrl+X or Ctrl+C: nothing more is to be said or heard on an ended session.
	const quitting = driver.quit();
	// Well within the 5 s a polite close would wait for the server.
	await vi.waitFor(() => expect(dropped).toBe(true), {timeout: 2500, interval: 20});
	await quitting;
	expect(driver.log.entries.filter(entry => entry.kind === 'sent' && entry.text === 'QUIT')).toEqual([]);
});

// Recorded live from Postfix 3.7.11's postscreen (test/fixtures/interop/postfix.txt): it refuses every RCPT of this
// session, so the dashboard's next Ctrl+S must make a new connection, which goes through.
it("postscreen's first-contact 450 at RCPT ends the session with QUIT even where a refused message keeps it open", async () => {
	const server = await playFixture('postfix.txt', "postscreen's first contact, recorded live");
	try {
		const driver = driverFor(server.port, {timeouts: {connect: 10_000}});
		expect(await driver.run(shortMessage, {keepOpen: true})).toMatchObject({ok: false, stage: 'rcpt'});
		await vi.waitFor(() => expect(driver.getSnapshot().connection).toBe('closed'));
		expect(server.played.commands.at(-1)).toBe('QUIT');
		expect(server.played.finished).toBe(true);
	} finally {
		await server.close();
	}
});
