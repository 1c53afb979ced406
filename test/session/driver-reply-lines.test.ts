// The driver logs the lines of a multi-line reply as they come, before its last line: each line once, in order,
// whether the reply then ends, breaks the rules or is cut off; and only a whole reply restarts the clock.
import {describe, expect, it} from 'vitest';
import type {SmtpDriver} from '../../source/session/driver.js';
import {driverHarness, shortMessage} from './driver-harness.js';

const {raw, driverFor} = driverHarness();

const received = (driver: SmtpDriver) => driver.log.entries.filter(entry => entry.kind === 'received');
const until = async (check: () => boolean) => {
	while (!check()) await new Promise(resolve => setTimeout(resolve, 10));
};

describe('lines of a reply that has not ended', () => {
	it("EHLO's first lines are logged before its last, with what their extension means, and the reply once", async () => {
		let release!: () => void;
		const released = new Promise<void>(resolve => (release = resolve));
		const server = await raw(async peer => {
			peer.write('220 raw.test ESMTP\r\n');
			await peer.readLine();
			peer.write('250-raw.test hello\r\n250-SIZE 1000\r\n');
			await released;
			peer.write('250 8BITMIME\r\n');
			await peer.readLine();
			peer.end('421 4.3.2 closing\r\n');
		});
		const driver = driverFor(server.port);
		const run = driver.run(shortMessage);
		await until(() => received(driver).length === 3);
		expect(received(driver).map(entry => [entry.text, entry.note])).toEqual([
			['220 raw.test ESMTP', undefined],
			['250-raw.test hello', undefined],
			['250-SIZE 1000', expect.stringMatching(/^SIZE: /)],
		]);
		expect(driver.getSnapshot().waiting?.what).toBe('the rest of the reply to EHLO');
		release();
		await run;
		const lines = received(driver).map(entry => entry.text);
		expect(lines.slice(0, 4)).toEqual(['220 raw.test ESMTP', '250-raw.test hello', '250-SIZE 1000', '250 8BITMIME']);
		expect(received(driver)[3]).toMatchObject({note: expect.stringMatching(/^8BITMIME: /), reply: {code: 250, raw: ['250-raw.test hello', '250-SIZE 1000', '250 8BITMIME']}});
	});

	it("a pipelined command's reply begun in one read and ended in another: its lines are all of the group, as the rest of the group's lines", async () => {
		let release!: () => void;
		const released = new Promise<void>(resolve => (release = resolve));
		const server = await raw(async peer => {
			peer.write('220 raw.test ESMTP\r\n');
			await peer.readLine();
			peer.write('250-raw.test\r\n250 PIPELINING\r\n');
			for (let line = 0; line < 3; line++) await peer.readLine();
			peer.write('250 sender ok\r\n250-recipient ok\r\n');
			await released;
			peer.write('250 mailbox exists\r\n354 go ahead\r\n');
			await peer.readData();
			peer.write('250 queued\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		const driver = driverFor(server.port, {pipeline: true});
		const run = driver.run(shortMessage);
		await until(() => received(driver).some(entry => entry.text === '250-recipient ok'));
		release();
		expect(await run).toMatchObject({ok: true});
		const groupOf = (text: string) => driver.log.entries.find(entry => entry.text === text)?.group;
		expect(groupOf('250 sender ok')).toBeDefined();
		expect(['250-recipient ok', '250 mailbox exists', '354 go ahead'].map(groupOf)).toEqual([1, 1, 1].map(() => groupOf('250 sender ok')));
	});

	it('a reply that breaks the rules after lines already logged quotes the rest only', async () => {
		const server = await raw(async peer => {
			peer.write('220-raw.test first\r\n');
			await new Promise(resolve => setTimeout(resolve, 100));
			peer.write('250 raw.test mixed\r\n');
			await peer.closed();
		});
		const driver = driverFor(server.port);
		const result = await driver.run(shortMessage);
		expect(result.ok).toBe(false);
		expect(received(driver).map(entry => entry.text)).toEqual(['220-raw.test first', '250 raw.test mixed']);
	});

	it('a reply dripped line by line does not restart the clock: the wait ends when its time is up', async () => {
		const server = await raw(async peer => {
			peer.write('220 raw.test ESMTP\r\n');
			await peer.readLine();
			for (let line = 0; line < 40 && !peer.socket.destroyed; line++) {
				peer.write(`250-line ${line}\r\n`);
				await new Promise(resolve => setTimeout(resolve, 50));
			}
			await peer.closed();
		});
		const driver = driverFor(server.port, {timeouts: {command: 400}});
		const result = await driver.run(shortMessage);
		expect(result).toMatchObject({ok: false, stage: 'ehlo', message: expect.stringContaining('did not finish within 0.4 s')});
		const lines = received(driver).map(entry => entry.text);
		expect(new Set(lines).size).toBe(lines.length);
		// Restarted by each line, the clock would have waited for all 40 (and the close after them).
		expect(lines.length).toBeLessThan(30);
	});
});
