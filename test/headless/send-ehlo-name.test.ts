// send without --helo against a real server on 127.0.0.1: the name that reaches it is the one defaultEhloName picks
// for this machine's host name, so where that has no dot (a CI container's "runner"), the address literal [127.0.0.1].
import os from 'node:os';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {defaultEhloName} from '../../source/smtp/ehlo-name.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

let server: TestSmtpServer;
const names: string[] = [];
beforeAll(async () => {
	server = await startSmtpServer({
		disabledCommands: ['STARTTLS'],
		onMailFrom(_address, session, callback) {
			names.push(session.hostNameAppearsAs);
			callback();
		},
	});
});
afterAll(() => server.close());

describe('send: the default EHLO name', () => {
	it("reaches the server as the host name with a dot, else this end's address literal", async () => {
		names.length = 0;
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--from', 'me@example.test', '--to', 'you@example.test', '--body', 'hi']);
		expect(result.code).toBe(0);
		const expected = defaultEhloName(os.hostname(), '127.0.0.1');
		expect(names).toEqual([expected]);
		expect(result.stdout).toContain(`EHLO ${expected}`);
		if (!os.hostname().includes('.')) expect(expected).toBe('[127.0.0.1]');
	});

	it('--helo still overrides it', async () => {
		names.length = 0;
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--helo', 'client.example.test', '--from', 'me@example.test', '--to', 'you@example.test', '--body', 'hi']);
		expect(result.code).toBe(0);
		expect(names).toEqual(['client.example.test']);
	});
});
