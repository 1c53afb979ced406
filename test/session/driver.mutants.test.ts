// Cases found by mutation testing of driver.ts (quit, destroy and the drop): a goodbye asked for when no QUIT can or
// need go writes none, and a drop's reason is said once.
import {describe, expect, it, vi} from 'vitest';
import {parseCommandLine} from '../../source/smtp/command-line.js';
import type {SmtpDriver} from '../../source/session/driver.js';
import type {RawPeer} from '../helpers/raw-server.js';
import {driverHarness} from './driver-harness.js';

const {raw, driverFor} = driverHarness();

const sentLines = (driver: SmtpDriver) => driver.log.entries.filter(entry => entry.kind === 'sent').map(entry => entry.text);
const texts = (driver: SmtpDriver) => driver.log.entries.map(entry => entry.text);

/** Greets, then answers each line with `answer` (undefined: not at all), keeping the connection open. */
function answering(answer: (line: string) => string | undefined) {
	return async (peer: RawPeer) => {
		peer.socket.write('220 raw.test ESMTP\r\n');
		for (;;) {
			const line = await peer.readLine();
			const reply = answer(line);
			if (reply !== undefined) peer.socket.write(reply);
		}
	};
}

async function connected(answer: (line: string) => string | undefined) {
	const server = await raw(answering(answer));
	const driver = driverFor(server.port, {timeouts: {greeting: 5000, command: 5000, quit: 300}});
	expect(await driver.connect({typed: true})).toBe(true);
	await driver.until(state => state.awaiting !== 'greeting');
	return driver;
}

describe('quit() where no QUIT need go', () => {
	it('right after the connection was dropped, before its close came: nothing is written', async () => {
		const driver = await connected(() => '250 ok\r\n');
		driver.destroy();
		await driver.quit();
		expect(sentLines(driver)).toEqual([]);
	});

	it('after the server ended the session (a 421 with its side still open): no QUIT follows it', async () => {
		const driver = await connected(() => '421 4.3.2 going down\r\n');
		driver.sendCommand(parseCommandLine('NOOP'), 'NOOP');
		await driver.until(state => state.ended);
		await driver.quit();
		expect(sentLines(driver)).toEqual(['NOOP']);
	});

	it('with a QUIT typed and unanswered: it is waited for, not sent a second time', async () => {
		const driver = await connected(() => undefined);
		driver.sendCommand(parseCommandLine('QUIT'), 'QUIT');
		await driver.quit();
		expect(sentLines(driver)).toEqual(['QUIT']);
	});
});

describe('a drop with a reason', () => {
	it('says the reason once: a second drop of the same connection, or one with no connection, says nothing', async () => {
		const driver = await connected(() => '250 ok\r\n');
		driver.destroy('user', 'stopped by the user');
		driver.destroy('user', 'stopped by the user');
		await vi.waitFor(() => expect(driver.connection).toBe('closed'));
		expect(texts(driver).filter(text => text === 'stopped by the user')).toHaveLength(1);
	});
});
