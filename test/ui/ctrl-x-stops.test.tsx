// Ctrl+X while a session runs, at the moments a bad network makes long: connecting to a host that drops the SYN, a
// TLS handshake from the first byte or a STARTTLS handshake that never completes, a message the server stopped reading, a reply to the message that never
// comes. Each ends at once where no QUIT can go, and the footer says where it stopped, or that the message may have
// gone; the limits are long on purpose, so a stop that waited for one would outlast the test.
import {truncateSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import type {ConnectionSettings} from '../../source/ui/components/connection-form.js';
import {neverAnswerTheMessage, stallStartTls, startRawServer, stopReadingAfter354, type RawPeer} from '../helpers/raw-server.js';
import {flushInput, plain} from '../helpers/wait-for.js';
import {stalledListener} from '../transport/harness.js';
import {KEYS} from './app-harness.js';
import {afterTest, fileWith, sentLines, startApp, type AppOptions} from './wired-app.js';

const LONG = 120_000;
const patient: AppOptions['defaults'] = {timeouts: {connect: LONG, greeting: LONG, command: LONG, dataBlock: LONG, finalDot: LONG, quit: 300}};
const size = {columns: 100, rows: 30};
const settings = (port: number, security: ConnectionSettings['security'] = 'none'): ConnectionSettings => ({host: '127.0.0.1', port, security, user: '', password: '', ehlo: 'client.test'});
/** The frame as one line: a footer message too long for one row wraps onto rows of its own. */
const flat = (frame: string) => frame.replace(/\s+/g, ' ');

async function rawServer(script: (peer: RawPeer) => Promise<void>) {
	const server = await startRawServer(script);
	afterTest(() => server.close());
	return server;
}

describe('Ctrl+X while a session runs', () => {
	it('while connecting to a host that drops the SYN: stopped at once, the count gone, the session over', async () => {
		const stalled = await stalledListener();
		afterTest(() => stalled.stop());
		const app = startApp(settings(stalled.port), undefined, {size, defaults: patient});
		await app.press(KEYS.ctrl('s'));
		await app.frame(() => app.controller.getSnapshot().session.connection === 'connecting');
		await app.press(KEYS.ctrl('x'));
		const frame = await app.frame(f => flat(f).includes('stopped by the user while connecting: no connection was made; Ctrl+S connects again'));
		expect(frame).not.toMatch(/▸ connecting|waiting \d+/);
		expect(frame).toMatch(/^- connect /);
		expect(app.controller.getSnapshot().session).toMatchObject({busy: false, connection: 'closed'});
		expect(app.controller.getSnapshot().session.log.filter(entry => entry.kind === 'error')).toEqual([]);
	});

	it('during the handshake of TLS from the first byte: says the TCP connection was made, not "no connection"', async () => {
		const server = await rawServer(async peer => peer.closed());
		const app = startApp(settings(server.port, 'tls'), undefined, {size, defaults: patient});
		await app.press(KEYS.ctrl('s'));
		await app.frame(() => server.peers.length === 1);
		await app.press(KEYS.ctrl('x'));
		const frame = await app.frame(f => flat(f).includes(`stopped by the user during the TLS handshake: connected to 127.0.0.1:${server.port}, but the handshake had not finished; Ctrl+S connects again`));
		expect(flat(frame)).not.toContain('no connection was made');
		expect(app.controller.getSnapshot().session.log.filter(entry => entry.kind === 'error')).toEqual([]);
	});

	it('during a STARTTLS handshake that never completes: dropped at once with no QUIT, and STARTTLS is not failed', async () => {
		const server = await rawServer(stallStartTls);
		const app = startApp(settings(server.port, 'auto'), undefined, {size, defaults: patient});
		await app.press(KEYS.ctrl('s'));
		await app.frame(() => app.controller.driver.state?.awaiting === 'tls');
		await app.press(KEYS.ctrl('x'));
		const frame = await app.frame(f => flat(f).includes('stopped by the user during the TLS handshake (STARTTLS): the connection is closed, and nothing went after STARTTLS; Ctrl+S connects again'));
		expect(flat(frame)).not.toContain('QUIT sent');
		expect(frame).toMatch(/- STARTTLS/);
		expect(sentLines(app.controller)).not.toContain('QUIT');
		expect(app.controller.getSnapshot().session.log.filter(entry => entry.kind === 'error')).toEqual([]);
	});

	it('while the message goes out to a server that stopped reading: the user\'s stop during the message, not a network failure', async () => {
		const server = await rawServer(stopReadingAfter354);
		// An attachment far larger than the socket buffers: it is still going out when Ctrl+X comes.
		const attachment = fileWith('', 'large.bin');
		truncateSync(attachment, 64 * 1024 * 1024);
		const app = startApp(settings(server.port), undefined, {size, defaults: patient, init: {draft: {...SAMPLE_DRAFT, attach: attachment}}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(() => app.controller.driver.state?.awaiting === 'body', 15_000);
		await app.press(KEYS.ctrl('x'));
		const frame = await app.frame(f => flat(f).includes('stopped by the user during the message: it was not sent (the server discards what of it arrived); Ctrl+S connects again'));
		expect(flat(frame)).not.toMatch(/not sent \(closed\)|connection broke/);
		expect(app.controller.getSnapshot().session.log.filter(entry => entry.kind === 'error')).toEqual([]);
	});

	it('while the reply to the message is awaited: the footer says it may have been accepted, and QUIT, unanswered, has no tick', async () => {
		const server = await rawServer(neverAnswerTheMessage);
		const app = startApp(settings(server.port), undefined, {size, defaults: patient});
		await app.press(KEYS.ctrl('s'));
		await app.frame(() => app.controller.driver.state?.awaiting === 'final-dot');
		await app.press(KEYS.ctrl('x'));
		const unconfirmed = 'unconfirmed: the whole message was sent, but no reply to it came: it may have been accepted; check before sending it again';
		await app.frame(f => flat(f).includes(unconfirmed));
		// And it stays once the stop is over (the close seen, and what it leads to drawn): no "disconnected; Ctrl+S
		// connects again" over it, which the next Ctrl+S would follow with a second copy.
		await app.frame(() => app.controller.getSnapshot().session.log.at(-1)?.text === 'connection closed');
		await flushInput();
		const frame = plain(app.instance.lastFrame());
		expect(flat(frame)).toContain(unconfirmed);
		expect(flat(frame)).not.toContain('disconnected');
		expect(frame).toMatch(/- QUIT/);
		expect(frame).not.toMatch(/✔ QUIT/);
		// The log ends the run as the user's stop, which is no failure (no ✖), keeping what the footer says.
		const {log} = app.controller.getSnapshot().session;
		expect(log.filter(entry => entry.kind === 'error')).toEqual([]);
		expect(log.map(entry => entry.text)).toContain('stopped by the user before the server answered the message: the whole message was sent, but no reply to it came: it may have been accepted; check before sending it again');
	});

	it('Ctrl+C while the reply to the message is awaited: the quit prompt says the message may have been accepted', async () => {
		const server = await rawServer(neverAnswerTheMessage);
		const app = startApp(settings(server.port), undefined, {size, defaults: {...patient, timeouts: {...patient.timeouts!, quit: LONG}}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(() => app.controller.driver.state?.awaiting === 'final-dot');
		await app.press(KEYS.ctrl('c'));
		await app.frame(f => flat(f).includes('closing: the message went but no reply came: it may have been accepted; Ctrl+C again leaves at once'));
		expect(app.exits).toEqual([]);
		await app.press(KEYS.ctrl('c'));
		await app.frame(() => app.exits.length > 0);
		expect(app.exits).toEqual([0]);
	});
});
