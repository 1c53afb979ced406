// The user's stop (Ctrl+X's quit(), an interrupt's destroy()) at every moment of a session: it ends the run at once,
// as a stop, never as a failure or a timeout of the server's. The limits are long on purpose: a stop that waited for
// one would outlast the test.
import {describe, expect, it, vi} from 'vitest';
import type {SmtpDriver} from '../../source/session/driver.js';
import {stoppedUnanswered} from '../../source/session/outcome.js';
import type {SessionState} from '../../source/smtp/session-types.js';
import {neverAnswerTheMessage, stallStartTls, stopReadingAfter354} from '../helpers/raw-server.js';
import {cleanupAfterEach, stalledListener} from '../transport/harness.js';
import {driverHarness, shortMessage} from './driver-harness.js';

const {raw, driverFor} = driverHarness();
const cleanup = cleanupAfterEach();

const STOPPED_UNANSWERED = stoppedUnanswered('user');
const LONG = 120_000;
const timeouts = {connect: LONG, greeting: LONG, command: LONG, dataBlock: LONG, finalDot: LONG, quit: LONG};

const texts = (driver: SmtpDriver) => driver.log.entries.map(entry => entry.text);
const errors = (driver: SmtpDriver) => driver.log.entries.filter(entry => entry.kind === 'error').map(entry => entry.text);
const rail = (driver: SmtpDriver) => Object.fromEntries(driver.getSnapshot().steps.map(state => [state.step, state.status]));
const reached = (driver: SmtpDriver, ready: (state: SessionState | undefined, connection: string) => boolean) =>
	vi.waitFor(() => expect(ready(driver.state, driver.getSnapshot().connection)).toBe(true), {timeout: 5000, interval: 5});

describe('a stop while connecting', () => {
	for (const how of ['quit', 'destroy'] as const) {
		it(`(${how}) aborts the TCP connect to a host that drops the SYN at once: stopped, not failed, not timed out`, async () => {
			const stalled = await stalledListener();
			cleanup(() => stalled.stop());
			const driver = driverFor(stalled.port, {timeouts});
			const run = driver.run(shortMessage);
			await reached(driver, (_state, connection) => connection === 'connecting');
			if (how === 'quit') await driver.quit();
			else driver.destroy();
			expect(await run).toMatchObject({ok: false, kind: 'stopped', message: 'stopped by the user while connecting: no connection was made'});
			const snapshot = driver.getSnapshot();
			// The count of the wait is gone with it; the connect step is cut short, not failed.
			expect(snapshot).toMatchObject({connection: 'closed', busy: false});
			expect(snapshot.waiting).toBeUndefined();
			expect(rail(driver)).toMatchObject({connect: 'skipped'});
			expect(texts(driver)).toContain('stopped by the user while connecting: no connection was made');
			expect(errors(driver)).toEqual([]);
		});
	}

	it('aborts an implicit-TLS handshake the server never answers', async () => {
		const silent = await raw(async peer => peer.closed());
		const driver = driverFor(silent.port, {tls: 'tls', timeouts});
		const run = driver.run(shortMessage);
		await vi.waitFor(() => expect(silent.peers).toHaveLength(1));
		await driver.quit();
		// The TCP connection was made: not "no connection", which would send the user looking for a firewall.
		const note = `stopped by the user during the TLS handshake: connected to 127.0.0.1:${silent.port}, but the handshake had not finished`;
		expect(await run).toMatchObject({ok: false, kind: 'stopped', message: note});
		expect(texts(driver)).toContain(note);
		expect(rail(driver)).toMatchObject({connect: 'skipped'});
		expect(errors(driver)).toEqual([]);
		await silent.peers[0]!.closed();
	});
});

describe('a stop during a STARTTLS handshake', () => {
	it('drops the connection at once, with no QUIT: STARTTLS is cut short, not failed by the server', async () => {
		const stalled = await raw(stallStartTls);
		const driver = driverFor(stalled.port, {tls: 'auto', timeouts});
		const run = driver.run(shortMessage);
		await reached(driver, state => state?.awaiting === 'tls');
		await driver.quit();
		expect(await run).toMatchObject({ok: false, kind: 'stopped', message: 'stopped by the user during the TLS handshake (STARTTLS): the connection is closed, and nothing went after STARTTLS'});
		expect(texts(driver)).toContain('closing without QUIT: the TLS handshake is under way, and no command can go until it ends');
		expect(rail(driver)).toMatchObject({starttls: 'skipped', quit: 'pending'});
		expect(errors(driver)).toEqual([]);
		await stalled.peers[0]!.closed();
		expect(stalled.peers[0]!.received.map(String).join('')).not.toContain('QUIT');
	});
});

describe('a stop while the message goes out', () => {
	it('is the user\'s stop during the message, not a connection broken by the network', async () => {
		const deaf = await raw(stopReadingAfter354);
		const driver = driverFor(deaf.port, {timeouts});
		const chunk = Buffer.alloc(64 * 1024, 'a line of the message that is long enough\r\n');
		const endless = async function* () {
			for (;;) yield chunk;
		};
		const run = driver.run({...shortMessage, body: endless});
		await reached(driver, state => state?.awaiting === 'body');
		await driver.quit();
		expect(await run).toMatchObject({ok: false, kind: 'stopped', message: 'stopped by the user during the message: it was not sent (the server discards what of it arrived)'});
		expect(errors(driver)).toEqual([]);
		expect(rail(driver)).toMatchObject({data: 'done', message: 'skipped'});
	});

	it('by a hang-up (SIGHUP): the same stop, said to be the terminal\'s, not the user\'s', async () => {
		const deaf = await raw(stopReadingAfter354);
		const driver = driverFor(deaf.port, {timeouts});
		const chunk = Buffer.alloc(64 * 1024, 'a line of the message that is long enough\r\n');
		const run = driver.run({
			...shortMessage,
			body: async function* () {
				for (;;) yield chunk;
			},
		});
		await reached(driver, state => state?.awaiting === 'body');
		driver.destroy('hangup');
		const note = 'stopped as the terminal closed (SIGHUP) during the message: it was not sent (the server discards what of it arrived)';
		expect(await run).toMatchObject({ok: false, kind: 'stopped', message: note});
		expect(texts(driver)).toContain(note);
	});
});

describe('a stop while the reply to the message is awaited', () => {
	it('by a hang-up: the same stop, said to be the terminal\'s', async () => {
		const mute = await raw(neverAnswerTheMessage);
		const driver = driverFor(mute.port, {timeouts: {...timeouts, quit: 200}});
		const run = driver.run(shortMessage);
		await reached(driver, state => state?.awaiting === 'final-dot');
		await driver.quit('hangup');
		const note = 'stopped as the terminal closed (SIGHUP) before the server answered the message: the whole message was sent, but no reply to it came: it may have been accepted; check before sending it again';
		expect(await run).toMatchObject({ok: false, kind: 'stopped', message: note});
		expect(texts(driver)).toContain(note);
	});

	it('QUIT goes behind the dot; unanswered, it is no tick on the rail, and the message may have been accepted', async () => {
		const mute = await raw(neverAnswerTheMessage);
		const driver = driverFor(mute.port, {timeouts: {...timeouts, quit: 200}});
		const run = driver.run(shortMessage);
		await reached(driver, state => state?.awaiting === 'final-dot');
		await driver.quit();
		// The user's stop, said as one (no failure), and still a message that may have been accepted.
		expect(await run).toMatchObject({ok: false, kind: 'stopped', message: STOPPED_UNANSWERED});
		expect(errors(driver)).toEqual([]);
		expect(texts(driver)).toContain(STOPPED_UNANSWERED);
		// QUIT's own timeout names the message's reply too: not seen either, so the message may or may not have gone.
		expect(texts(driver)).toContain(
			'warning: no answer within 0.2 s while waiting for the reply to QUIT; closed the connection: the reply to the message did not come either, so it may or may not have been accepted; check before sending it again',
		);
		expect(rail(driver)).toMatchObject({message: 'done', queued: 'skipped', quit: 'skipped'});
	});
});
