// `send --mx` through an in-memory resolver (no real DNS), in-process, against real loopback servers: the MX hosts
// are tried in preference order, and the next one only when connecting to one fails.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {fakeResolver} from '../transport/fake-resolver.js';

const tempDir = useTempDirs('send-mx');

/** Takes mail, except from refused@: 550 at MAIL. */
let server: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer({
		hideSTARTTLS: true,
		onMailFrom(address, _session, callback) {
			if (address.address.startsWith('refused@')) callback(Object.assign(new Error('5.7.1 not from you'), {responseCode: 550}));
			else callback();
		},
	});
});
afterAll(async () => {
	await server.close();
});

/** A --mx send to friend@example.test, whose MX hosts are `exchanges` in preference order, all at the server's port. */
const sendMx = (exchanges: string[], flags: Record<string, unknown> = {}) => {
	const resolver = fakeResolver({mx: {'example.test': exchanges.map((exchange, index) => ({exchange, priority: 10 * (index + 1)}))}});
	return runInProcess((given, input, io) => runSend(given, input, io, resolver), {
		mx: true,
		port: String(server.port),
		from: 'me@example.test',
		to: ['friend@example.test'],
		helo: 'client.test',
		body: 'Hello',
		timeout: '5',
		...flags,
	});
};
/** Nothing listens there: the servers listen on 127.0.0.1 alone, and Linux routes all of 127/8 to loopback. */
const CLOSED = '127.0.0.2';

describe('send --mx', () => {
	it('goes on to the next MX host when connecting to one fails, and names both in the transcript', async () => {
		const transcript = path.join(await tempDir(), 'mx.log');
		const before = server.messages.length;
		const {code, out} = await sendMx([CLOSED, '127.0.0.1'], {transcript});
		expect(code).toBe(0);
		expect(out).toContain(`MX for example.test: 10 ${CLOSED}, 20 127.0.0.1`);
		const connects = out.split('\n').filter(line => line.startsWith('=== connecting to'));
		expect(connects).toEqual([`=== connecting to ${CLOSED}:${server.port} (STARTTLS if offered)`, `=== connecting to 127.0.0.1:${server.port} (STARTTLS if offered)`]);
		expect(server.messages.length).toBe(before + 1);
		const saved = readFileSync(transcript, 'utf8');
		expect(saved).toContain(`connecting to ${CLOSED}:${server.port}`);
		expect(saved).toContain(`connecting to 127.0.0.1:${server.port}`);
	});

	it('stops at a host that answers, even with a refusal: a 550 is final and the next host is not asked', async () => {
		const {code, out} = await sendMx(['127.0.0.1', CLOSED], {from: 'refused@example.test'});
		expect(code).toBe(23);
		expect(out).toContain(`connecting to 127.0.0.1:${server.port}`);
		expect(out).not.toContain(`${CLOSED}:`);
	});
});
