// What QA found against a real Postfix, replayed with real sockets on 127.0.0.1: a typed line that waits for its
// reply is named as typed, a greeting paused after its first line (postscreen) is quoted, and the rail shows one
// current step and the steps a MAIL passes over.
import {describe, expect, it} from 'vitest';
import type {SmtpDriver} from '../../source/session/driver.js';
import type {OutgoingMessage} from '../../source/session/types.js';
import {parseCommandLine} from '../../source/smtp/command-line.js';
import {greetAndEhlo} from '../helpers/raw-server.js';
import {driverHarness} from './driver-harness.js';

function message(): OutgoingMessage {
	return {
		from: 'me@example.test',
		recipients: ['friend@example.test'],
		eightBit: false,
		body: async function* () {
			yield Buffer.from('Subject: hi\r\n\r\nhello\r\n');
		},
	};
}

const {raw, driverFor} = driverHarness();

const errors = (driver: SmtpDriver) => driver.log.entries.filter(entry => entry.kind === 'error').map(entry => entry.text);
const active = (driver: SmtpDriver) => driver.getSnapshot().steps.filter(step => step.status === 'active').map(step => step.step);

/** Manual mode as the controller drives it: the line as typed, parsed for the engine. */
function type(driver: SmtpDriver, line: string): void {
	driver.sendCommand(parseCommandLine(line), line);
}

describe('manual mode: BDAT typed by hand', () => {
	it('is warned about, and the timeout waiting for its reply names the typed line, not RAW', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['PIPELINING', 'CHUNKING']);
			for (const reply of ['250 2.1.0 Ok', '250 2.1.5 Ok']) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			// Postfix reads the 5 octets of the chunk and answers nothing until they came.
			await peer.closed();
		});
		const driver = driverFor(server.port, {timeouts: {command: 200}});
		await driver.connect();
		await driver.until(state => state.awaiting !== 'greeting');
		for (const line of ['EHLO client.test', 'MAIL FROM:<me@example.test>', 'RCPT TO:<friend@example.test>']) {
			type(driver, line);
			await driver.until(state => state.awaiting !== 'reply');
		}
		type(driver, 'BDAT 5 LAST');
		expect(driver.log.entries.at(-1)?.text).toBe(
			'warning: BDAT needs its chunk of exactly 5 octets right after the command, and this command line sends whole lines: the server will wait for the chunk (use DATA)',
		);
		await driver.until(() => false);
		expect(errors(driver)).toEqual(['no answer within 0.2 s while waiting for the reply to "BDAT 5 LAST"']);
		expect(driver.log.entries.map(entry => entry.text).join('\n')).not.toContain('RAW');
	});
});

describe('a reply that begins and does not end in time', () => {
	it('a greeting paused after its first line (postscreen) is quoted and explained, and its line is in the log', async () => {
		const server = await raw(async peer => {
			peer.write('220-vm ESMTP Postfix (Debian/GNU)\r\n');
			await peer.closed();
		});
		const driver = driverFor(server.port, {timeouts: {greeting: 200}});
		const result = await driver.run(message());
		const expected =
			'the greeting started ("220-vm ESMTP Postfix (Debian/GNU)") but did not finish within 0.2 s: the server pauses its greeting (Postfix\'s postscreen does, to catch clients that talk too soon); try a longer --timeout';
		expect(result).toMatchObject({ok: false, stage: 'banner', message: expected});
		const shown = driver.log.entries.filter(entry => entry.kind === 'received' || entry.kind === 'error').map(entry => `${entry.kind} ${entry.text}`);
		expect(shown).toEqual(['received 220-vm ESMTP Postfix (Debian/GNU)', `error ${expected}`]);
	});

	it('any other reply cut off mid-way says so too, in general words', async () => {
		const server = await raw(async peer => {
			peer.write('220 raw.test ESMTP\r\n');
			await peer.readLine();
			peer.write('250-raw.test hello\r\n250-PIPELINING\r\n250-SIZE 1000\r\n');
			await peer.closed();
		});
		const driver = driverFor(server.port, {timeouts: {command: 200}});
		const result = await driver.run(message());
		expect(result).toMatchObject({
			ok: false,
			stage: 'ehlo',
			message: 'the reply to EHLO started ("250-raw.test hello", "250-PIPELINING" and 1 more line) but did not finish within 0.2 s: the server stopped in the middle of its reply; try a longer --timeout',
		});
	});

	// Its first line or a later one: the line cut off is said to have no end, and every line that came is in the log.
	it.each([
		['220 partial banner without end', ['220 partial banner without end'], '"220 partial banner without end"'],
		['220-first\r\n220-more', ['220-first', '220-more'], '"220-first", "220-more"'],
	])('a line whose end never comes (a tarpit, a server that drops its CRLF) is quoted, not called "no answer": %j', async (sent, lines, quoted) => {
		const server = await raw(async peer => {
			peer.write(sent);
			await peer.closed();
		});
		const driver = driverFor(server.port, {timeouts: {greeting: 200}});
		const expected = `the greeting started (${quoted}, with no line end yet) but did not finish within 0.2 s: the server stopped in the middle of a line, or sends it very slowly; try a longer --timeout`;
		expect(await driver.run(message())).toMatchObject({ok: false, stage: 'banner', message: expected});
		const shown = driver.log.entries.filter(entry => entry.kind === 'received' || entry.kind === 'error').map(entry => `${entry.kind} ${entry.text}`);
		expect(shown).toEqual([...lines.map(line => `received ${line}`), `error ${expected}`]);
	});

	it('a connection closed in the middle of a reply: the lines that came are in the log', async () => {
		const server = await raw(async peer => {
			peer.write('220 raw.test ESMTP\r\n');
			await peer.readLine();
			peer.write('250-hostile.test\r\n250-PIPE');
			peer.socket.end();
		});
		const driver = driverFor(server.port);
		expect(await driver.run(message())).toMatchObject({ok: false});
		const texts = driver.log.entries.map(entry => `${entry.kind} ${entry.text}`);
		const from = texts.indexOf('sent EHLO client.test');
		expect(texts.slice(from + 1, from + 3)).toEqual(['received 250-hostile.test', 'received 250-PIPE']);
		expect(texts.indexOf('received 250-PIPE')).toBeLessThan(texts.indexOf('info connection closed'));
	});

	it('a greeting that never starts is still "no answer"', async () => {
		const server = await raw(async peer => {
			await peer.closed();
		});
		const driver = driverFor(server.port, {timeouts: {greeting: 100}});
		expect(await driver.run(message())).toMatchObject({message: 'no answer within 0.1 s while waiting for the greeting'});
	});
});

describe('the step rail', () => {
	it('step mode: STARTTLS and AUTH are skipped as soon as MAIL is on offer, not only once it is answered', async () => {
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['PIPELINING']);
			await peer.readLine();
			peer.write('250 2.1.0 Ok\r\n');
			await peer.closed();
		});
		const driver = driverFor(server.port);
		const seen: Record<string, string> = {};
		await driver.run(message(), {
			confirm: async ({command}) => {
				if (command.verb !== 'MAIL') return {action: 'send'};
				for (const {step, status} of driver.getSnapshot().steps) seen[step] = status;
				return {action: 'stop'};
			},
		});
		expect(seen).toMatchObject({ehlo: 'done', starttls: 'skipped', auth: 'skipped', mail: 'pending'});
	});

	it('QUIT while RCPT waits for its reply (Ctrl+C): one current step, RCPT until its reply comes, then QUIT', async () => {
		let rcptRead: () => void = () => undefined;
		const reading = new Promise<void>(resolve => (rcptRead = resolve));
		let answer: () => void = () => undefined;
		const answering = new Promise<void>(resolve => (answer = resolve));
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['8BITMIME']);
			await peer.readLine();
			peer.write('250 2.1.0 Ok\r\n');
			await peer.readLine();
			rcptRead();
			expect(await peer.readLine()).toBe('QUIT');
			await answering;
			peer.write('250 2.1.5 Ok\r\n');
			await new Promise(resolve => setTimeout(resolve, 50));
			peer.write('221 2.0.0 Bye\r\n');
			peer.end();
		});
		const driver = driverFor(server.port, {timeouts: {quit: 2000}});
		const run = driver.run(message());
		await reading;
		const quitting = driver.quit();
		await driver.until(state => state.pending.some(command => command.command.verb === 'QUIT'));
		expect(active(driver)).toEqual(['rcpt']);
		expect(driver.getSnapshot().current).toBe('rcpt');
		answer();
		await driver.until(state => state.pending.length === 1);
		expect(active(driver)).toEqual(['quit']);
		await quitting;
		await run;
		expect(active(driver)).toEqual([]);
	});
});

describe('manual mode: Postfix remembers the SIZE= of a MAIL it refused, until RSET', () => {
	it('reads the 552 to the next MAIL, which declared no size, as that memory, not as this message too big', async () => {
		// Postfix 3.7.11 with message_size_limit = 200000, exactly as it answered.
		const server = await raw(async peer => {
			await greetAndEhlo(peer, ['PIPELINING', 'SIZE 200000', 'ENHANCEDSTATUSCODES', '8BITMIME']);
			for (const reply of ['552 5.3.4 Message size exceeds fixed limit', '552 5.3.4 Message size exceeds fixed limit', '250 2.0.0 Ok', '250 2.1.0 Ok']) {
				await peer.readLine();
				peer.write(`${reply}\r\n`);
			}
			await peer.closed();
		});
		const driver = driverFor(server.port, {});
		await driver.connect();
		await driver.until(state => state.awaiting !== 'greeting');
		const explanations: Array<string | undefined> = [];
		for (const line of ['EHLO client.test', 'MAIL FROM:<root@vm> SIZE=300000', 'MAIL FROM:<root@vm>', 'RSET', 'MAIL FROM:<root@vm>']) {
			type(driver, line);
			await driver.until(state => state.awaiting !== 'reply');
			explanations.push(driver.log.entries.filter(entry => entry.reply).at(-1)?.explanation);
		}
		// The first 552 is the size declared; the second, to a MAIL with none, is the first one's, remembered.
		expect(explanations[1]).toMatch(/^message too big/);
		expect(explanations[2]).toBe('this MAIL declared no size: Postfix still holds the SIZE= of a MAIL it refused before in this session, until RSET: type RSET, then MAIL FROM again');
		expect(explanations[4]).toMatch(/^sender accepted/);
	});
});
